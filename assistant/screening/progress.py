"""An honest length for one person: how many questions are left, given the answers so far.

`Screening.pending_questions` lists every question that applies or may apply; a branch whose
condition is not known yet (the lupus-nephritis questions before the group is answered) is either
all in or all out there, so a plain count jumps by a branch at a time. The estimate here counts:

- a question that applies, or may apply and is asked while unknown (`when_unknown: ask`): 1;
- a question whose condition is still open and which is skipped while unknown: 1/2, since about
  half the branches an open answer leads to include it (one group of two, one sex of two);
- a question whose condition is settled (no question that could still be asked sets a fact it
  reads) and false, or unknown with `when_unknown: skip`: 0;
- every confirmation raised by a free-text mention and not answered yet: 1.

So the total moves by a few questions as answers branch, not by a whole branch at once.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from assistant.trial.rules import criteria_read, facts_read

if TYPE_CHECKING:
    from assistant.screening.engine import Screening

SECONDS_PER_QUESTION = 20  # measured in trials of the kiosk: short answers, a few look-ups


def _settled(engine: Screening, facts: set[str], criteria: set[str]) -> bool:
    """True when no question that could still be asked sets a fact the condition reads
    (criterion refs are never settled early: a criterion can change with any later answer)."""
    if criteria:
        return False
    for q in engine.dialog.questions:
        if q.id not in engine.answers and facts.intersection(q.sets):
            if engine.applies(q) is not False:
                return False
    return True


def estimate_remaining(engine: Screening) -> int:
    """About how many questions are still to ask this person (rounded up, never negative)."""
    if engine.finished():
        return 0
    total = float(sum(1 for c in engine.confirmations.values() if c.answer is None))
    for q in engine.dialog.questions:
        if q.id in engine.answers:
            continue
        applies = engine.applies(q)
        if applies is True:
            total += 1
        elif applies is None and q.when is not None:
            if q.when_unknown == "ask":
                total += 1
            elif not _settled(engine, facts_read(q.when), criteria_read(q.when)):
                total += 0.5
    return max(1, ceil(total))


def answered_count(engine: Screening) -> int:
    """Questions and confirmations this person has answered (that still apply)."""
    answered, _ = engine.progress()
    return answered + sum(1 for c in engine.confirmations.values() if c.answer is not None)


def progress(engine: Screening) -> tuple[int, int]:
    """(number of the question now shown, about how many in all) for "question n of about m"."""
    n = answered_count(engine) + 1
    return n, max(n, n - 1 + estimate_remaining(engine))


def minutes(questions: int) -> int:
    """A rounded-up time for `questions` questions, for the welcome's estimate."""
    return max(1, ceil(questions * SECONDS_PER_QUESTION / 60))
