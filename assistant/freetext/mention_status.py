"""The status of one mention from its context, its time and its item's rules.

Order of precedence (why): a denial outranks everything except a hedge on the same clause
("no HIV, I think" is still uncertain); a hedge or a hypothetical ("might need dialysis")
never affirms; a time outside the look-back window is `outside_window`; a criterion that only
counts active disease (E4, E2, E3, active CNS disease) treats explicit history as outside its
window; a vague term ("hepatitis", "a vaccine") is at most `uncertain`.
"""

from __future__ import annotations

import datetime as dt

from assistant.freetext.context import Context
from assistant.freetext.times import TimeExpr, judge
from assistant.trial.lexicon import Criterion, Item, Settings, Window


def _cap(status: str, vague: bool) -> str:
    return "uncertain" if vague and status == "affirmed" else status


def decide(
    crit: Criterion,
    item: Item,
    vague: bool,
    ctx: Context,
    when: TimeExpr | None,
    today: dt.date,
    settings: Settings,
) -> tuple[str, str]:
    """(status, reason) for one mention of `item`."""
    if ctx.negated:
        if ctx.hedged:
            return "uncertain", f"negated by '{ctx.negated}' but hedged by '{ctx.hedged}'"
        return "negated", f"negated by '{ctx.negated}'"
    if ctx.hedged:
        return "uncertain", f"hedged by '{ctx.hedged}'"
    intent = bool(item.intent_group and item.intent_group in ctx.groups)
    if ctx.hypothetical and "positive" in ctx.groups and any(
        w in ctx.hypothetical.lower() for w in ("test", "screen", "check")
    ):
        ctx.hypothetical = None  # "my blood test for hepatitis B is positive": a result
    if ctx.hypothetical and not intent:
        return "uncertain", f"hypothetical or future: '{ctx.hypothetical}'"
    if ctx.current and ctx.history and ctx.history.lower() in (
        "treated", "was treated", "got treated", "being treated"
    ) and any(w in ctx.current.lower() for w in ("still", "current", "ongoing", "on ")):
        ctx.history = None  # "was treated for sepsis ... is still on IV antibiotics": not over
    if ctx.current and ctx.history:
        # "had TB, cured, but recently ..." vs "TB, treated, still coughing": the nearer cue wins
        if ctx.later:  # Chinese, two phrases: the last word on it ("肺炎住院，现在已痊愈出院了")
            if ctx.later == "history":
                ctx.current = None
            else:
                ctx.history = None
        elif ctx.current_gap <= ctx.history_gap:
            ctx.history = None
        else:
            ctx.current = None
    active_only = crit.active_only if item.active_only is None else item.active_only
    window: Window | None = item.window or crit.window
    if window is None and active_only:
        window = item.active_window or crit.active_window or settings.default_active_window
    if active_only and ctx.current and not (when is not None and when.lo > today):
        return _cap("affirmed", vague), f"current: '{ctx.current}'"
    if when is not None and active_only and item.chronic and item.window is None:
        if when.lo > today:
            return "uncertain", f"in the future: '{when.text}'"
        if ctx.history and ctx.history in when.text:
            ctx.history = None  # "diagnosed 2 years ago": the onset date, not a sign it ended
        when = None  # the date says when it began; only cues say whether it has ended
    if intent and ctx.hypothetical and when is not None:
        # an intention to join another trial counts whatever date it names ("in March")
        return _cap("affirmed", vague), f"intends to: '{ctx.hypothetical}' ({when.text})"
    if when is not None:
        if window is None:
            if when.lo > today and not intent:
                return "uncertain", f"in the future: '{when.text}'"
            return _cap("affirmed", vague), f"time '{when.text}' (no window applies)"
        verdict = judge(when.lo, when.hi, window, today)
        if when.ongoing and not ctx.history and verdict in ("straddles", "outside"):
            verdict = "inside"  # "prostate cancer since 2016, still on hormone shots": now
        if verdict == "future":
            if intent:
                return _cap("affirmed", vague), f"intends to: '{when.text}'"
            return "uncertain", f"in the future: '{when.text}'"
        if verdict == "outside":
            if (
                item.ongoing
                and not (ctx.history or ctx.past)
                and judge(when.lo, when.hi, item.ongoing, today) != "outside"
            ):
                return "uncertain", (
                    f"began before the {window} window ('{when.text}'), not said to be over"
                )
            return "outside_window", f"outside {window} window: '{when.text}'"
        if verdict == "straddles":
            return "uncertain", f"may be inside {window} window: '{when.text}'"
        if active_only and ctx.history:
            # recent, but said to be over ("pneumonia last week, recovered"): ask, don't affirm
            return "uncertain", f"recent ('{when.text}') but history: '{ctx.history}'"
        return _cap("affirmed", vague), f"inside {window} window: '{when.text}'"
    if intent and ctx.hypothetical:
        return _cap("affirmed", vague), f"intends to: '{ctx.hypothetical}'"
    if ctx.current:
        return _cap("affirmed", vague), f"current: '{ctx.current}'"
    if ctx.history:
        st = item.on_history or ("outside_window" if active_only else "affirmed")
        return _cap(st, vague), f"history: '{ctx.history}'" + (
            " (only active disease counts)" if st == "outside_window" else ""
        )
    if ctx.past:
        st = item.on_past or ("outside_window" if active_only else "affirmed")
        return _cap(st, vague), f"past: '{ctx.past}'" + (
            " (only active disease counts)" if st == "outside_window" else ""
        )
    return _cap("affirmed", vague), "mentioned" + (" (vague term)" if vague else "")
