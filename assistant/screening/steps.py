"""What the engine hands out and keeps: prompts, answers, confirmations and steps.

Plain data, shared by the engine (`assistant.screening.engine`), the recorded session and the
screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from assistant.answers.parse import Parsed
from assistant.trial.dialog import Question
from assistant.trial.rules import Truth


class MatcherLike(Protocol):
    """What the engine needs of `assistant.freetext.matcher.Matcher`."""

    def match(
        self,
        text: str,
        lang: str = "auto",
        today: date | None = None,
        groups: frozenset[str] = frozenset(),
    ) -> Any: ...

    def confirmation(self, item_id: str, lang: str) -> str: ...


@dataclass
class Answer:
    """One accepted answer to one question (a later correction replaces it)."""

    question_id: str
    raw: str
    parsed: Parsed
    hits: list[Any] = field(default_factory=list)


@dataclass
class Confirmation:
    """A yes/no question raised by a free-text mention; only its answer can exclude anyone."""

    id: str
    source: str
    item: str
    criterion: str
    hit_status: str
    evidence: str
    score: int
    answer: Answer | None = None

    @property
    def truth(self) -> Truth:
        """Confirmed (True), denied (False) or not yet known (None)."""
        if self.answer is None or self.answer.parsed.status != "ok":
            return None
        return bool(self.answer.parsed.value)


@dataclass(frozen=True)
class Prompt:
    """What to ask next: a dialog question or a confirmation of a mention."""

    id: str
    kind: str
    question: Question | None
    confirmation: Confirmation | None
    text: str
    help: str
    why: str | None
    section: str
    choices: list[tuple[str, str]]
    units: list[str]
    reask: str | None = None


@dataclass(frozen=True)
class Step:
    """The result of one answer: accepted or not, how it was read, what it raised."""

    prompt_id: str
    raw: str
    parsed: Parsed
    accepted: bool
    hits: list[Any] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    default_used: str | None = None
