"""The answer-reading policy around `parse_answer`: what the dialog file says about one question.

The engine calls `read_answer` for every typed answer and `read_details` for a free-text answer
the matcher has seen. Everything here is driven by the question's data: refusals (a different
measurement typed, a bare number as plausible as a percentage), a reference range typed for one
limit, "normal" for a lab value, answers read by their content before a leading yes/no, and
questions worded the opposite way to their fact (`inverted`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.answers.base import Parsed
from assistant.answers.numbers import normalise, numerals_to_digits
from assistant.answers.parse import parse_answer
from assistant.text.limits import MAX_TEXT_CHARS
from assistant.text.words import FIRST_PERSON_YES, HEDGE, LEADING_YES
from assistant.trial.dialog import Dialog, Phrases, Question
from assistant.trial.specs import LocalText

# Longer answers are refused here (the entry points cut them first, with a message).
MAX_ANSWER_CHARS = MAX_TEXT_CHARS

# "I have a cold", "I had pneumonia": the words after the verb name a condition, which only the
# matcher may read; unlike "I had it" or "I have one", this is no yes to the question.
_NAMES_A_THING = re.compile(
    r"^\s*(?:i (?:have|had)|i've)\s+(?!(?:one|it|them|had|been|done|received|got|taken|"
    r"gone|participated|joined|to)\b)[a-z]",
    re.IGNORECASE,
)
# "0-40", "3.4 – 20.5 umol/L", "正常值0~40": a reference range typed where one value is asked.
_RANGE = re.compile(
    r"^\s*(?:[^\d\s]{0,8}\s*)?(?P<lo>\d+(?:\.\d+)?)\s*(?:-|–|—|~|～|to|至|到)\s*"
    r"(?P<hi>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s][^\d]*)?\s*$"
)
# A bare number, perhaps with a percent sign: "25", "25%", "25 ％".
_BARE = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<pct>%|％|percent|per cent)?\s*$", re.I)
# "normal", "within normal limits", "正常": a lab value given as its verdict, not a number.
_NORMAL = re.compile(
    r"^\s*(?:it (?:was|is|'s) )?(?:all )?(?:normal|within (?:the )?normal (?:range|limits)|"
    r"in (?:the )?normal range|wnl|正常|正常范围|在正常范围内?|正常范围内|都正常)\s*[.!。]?\s*$",
    re.I,
)


def _phrase_in(text: str, phrase: str) -> bool:
    if phrase.isascii():
        return (
            re.search(rf"(?<![a-z0-9']){re.escape(phrase.lower())}(?![a-z0-9])", text) is not None
        )
    return phrase in text


def _strip(text: str, phrases: list[str]) -> tuple[str, bool]:
    """`text` with every phrase (longest first) blanked out, and whether any was found."""
    found = False
    for p in sorted(phrases, key=len, reverse=True):
        if _phrase_in(text, p):
            found = True
            if p.isascii():
                text = re.sub(rf"(?<![a-z0-9']){re.escape(p.lower())}(?![a-z0-9])", " | ", text)
            else:
                text = text.replace(p, " | ")
    return text, found


def _all(p: Phrases) -> list[str]:
    return [*p.en, *p.zh]


def read_content(q: Question, text: str) -> Parsed | None:
    """The answer read by what it says (the question's `content` phrases), or None when it
    says nothing the phrases know. Negative phrases are taken out first, so "not in remission"
    is never read as "in remission"; both kinds left means the answer contradicts itself."""
    if q.content is None:
        return None
    low = normalise(text).lower().replace("’", "'")
    rest, no = _strip(low, _all(q.content.no))
    rest, unsure = _strip(rest, _all(q.content.unsure))
    _, yes = _strip(rest, _all(q.content.yes))
    if yes and no:
        return Parsed(
            "invalid",
            reason=LocalText(
                en="That answer says both yes and no. Please answer once more, in a few words.",
                zh="这个回答里既有“是”也有“否”。请再简单地回答一次。",
            ),
        )
    if unsure and not (yes or no):
        return Parsed("unknown", None, None, ("the answer's words leave it not known",))
    if yes or no:
        what = "yes" if yes else "no"
        return Parsed("ok", bool(yes), None, (f"read by its words as {what} to the question",))
    return None


def invert(q: Question, parsed: Parsed) -> Parsed:
    """The fact's value from an answer to a question worded the opposite way."""
    if not q.inverted or parsed.status != "ok" or not isinstance(parsed.value, bool):
        return parsed
    note = f"the question asks the opposite of {q.sets[0]}: the answer {parsed.value} is inverted"
    return Parsed("ok", not parsed.value, parsed.unit, (*parsed.inferences, note))


def read_answer(dialog: Dialog, q: Question, text: str, today: date) -> Parsed:
    """Read `text` as an answer to `q` (the fact's value: inverted questions already turned)."""
    if len(text) > MAX_ANSWER_CHARS:
        return Parsed(
            "invalid",
            reason=LocalText(
                en=f"That answer is too long ({len(text)} characters). Please keep it under "
                f"{MAX_ANSWER_CHARS}.",
                zh=f"回答太长（{len(text)} 个字符）。请控制在 {MAX_ANSWER_CHARS} 个字符以内。",
            ),
        )
    low = text.lower()
    bare = _BARE.match(numerals_to_digits(normalise(text)))
    for refusal in q.refuse:
        if any(term.lower() in low for term in refusal.terms):
            return Parsed("invalid", reason=refusal.reason)
        if refusal.bare_range is not None and bare is not None:
            lo, hi = refusal.bare_range
            if bare["pct"] or lo <= float(bare["n"]) <= hi:
                return Parsed("invalid", reason=refusal.reason)
    if q.kind in ("quantity", "quantity_list") and _NORMAL.match(normalise(text)):
        if q.normal_value is None:
            return Parsed("unknown", None, None, ("'normal' does not decide this value",))
        parsed = parse_one(dialog, q, q.normal_value, today)
        note = f"'normal' read as {q.normal_value}, the edge of every usual reference range"
        return Parsed(parsed.status, parsed.value, parsed.unit, (*parsed.inferences, note))
    if q.range_means and (m := _RANGE.match(text)):
        end = m["hi"] if q.range_means == "upper" else m["lo"]
        parsed = parse_one(dialog, q, f"{end} {m['unit']}".strip(), today)
        note = f"the range {m['lo']}-{m['hi']} was given; its {q.range_means} end {end} used"
        if parsed.status == "ok":
            return Parsed("ok", parsed.value, parsed.unit, (*parsed.inferences, note))
    content = read_content(q, text)
    if content is not None:
        return invert(q, content)
    parsed = parse_one(dialog, q, text, today)
    if parsed.status == "invalid" and q.dose_periods_max_mg is not None and q.quantity:
        periods = dose_periods(dialog, q, text, q.dose_periods_max_mg)
        if periods is not None:
            return periods
    return invert(q, parsed)


_CLAUSE = re.compile(
    r"[,;，；。、]|\b(?:then|after|before|and|but)\b|之后|以后|之前|然后|后来", re.I
)
_MG = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mg|毫克)", re.I)
_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+|[个月周星期天日年礼拜]+)", re.I)


def dose_periods(dialog: Dialog, q: Question, text: str, max_mg: float) -> Parsed | None:
    """A taper told as periods ("5 mg for 2 weeks, before that 10 mg for 3 months"): the time
    at or below `max_mg` is the sum of those periods. None when the text is not such a list;
    unknown when a period above the limit would have to be stepped over to add them up."""
    spec = dialog.quantities[q.quantity or ""]
    units = {a.lower(): u for u, us in spec.units.items() for a in (u, *us.aliases)}
    digits = numerals_to_digits(normalise(text))
    periods: list[tuple[float, float]] = []
    for clause in _CLAUSE.split(digits):
        mg = _MG.findall(clause)
        rest = _MG.sub(" ", clause)
        spans = [(float(n), units[u.lower()]) for n, u in _SPAN.findall(rest) if u.lower() in units]
        if not mg and not spans:
            continue
        if len(mg) != 1 or len(spans) != 1:
            return None
        n, unit = spans[0]
        periods.append((float(mg[0]), n / spec.units[unit].per_base))
    if not periods or (len(periods) == 1 and periods[0][0] > max_mg):
        return None
    low = [m for dose, m in periods if dose <= max_mg]
    if len(low) > 1 and len(low) < len(periods):
        return Parsed("unknown", None, None, ("periods above and below the limit: not known",))
    months = round(sum(low), 4)
    note = f"periods at or below {max_mg:g} mg added up: {months:g} months"
    return Parsed(
        "ok", {"value": months, "unit": spec.base, "base_value": months}, spec.base, (note,)
    )


def parse_one(dialog: Dialog, q: Question, text: str, today: date) -> Parsed:
    """`parse_answer` with the question's quantity, choices and drug table."""
    return parse_answer(
        q.kind,
        text,
        today=today,
        quantity=dialog.quantities.get(q.quantity) if q.quantity else None,
        choices=q.choices or None,
        drugs=dialog.glucocorticoids,
        min_count=q.min_count,
    )


def text_for_fact(dialog: Dialog, q: Question, text: str, today: date, lang: str) -> str:
    """What to type for `q` given an answers file's `text` for its fact (`prescreen screen`).

    The file speaks to the fact as the data dictionary defines it, so for an inverted question
    a plain yes or no is turned round; an answer read by its words is typed as it is (the words
    say the same thing whichever way the question is put).
    """
    if not q.inverted or read_content(q, text) is not None:
        return text
    parsed = parse_one(dialog, q, text, today)
    if parsed.status != "ok" or not isinstance(parsed.value, bool):
        return text
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    return no if parsed.value else yes


def read_details(
    dialog: Dialog,
    q: Question,
    text: str,
    parsed: Parsed,
    hits: list[Any],
    ignored: list[dict[str, str]],
    dated_before_window: Any,
    today: date,
) -> Parsed:
    """What a free-text answer says about its question's own criterion.

    The matcher decides when it recognised something for that criterion (a mention, the
    record's exception, someone else's condition). An answer about something else (another
    criterion, or a common condition that is no exclusion) was read and raises nothing.
    Otherwise a leading yes with details nothing recognised ("yes, 2023", "I have a cold") is
    not known: free text alone never excludes, and an unread answer never passes. An answer
    nothing recognises and no yes leads is asked again.
    """
    if q.criterion is None:
        return parsed
    own = q.criterion + "."
    if any(h.criterion == q.criterion for h in hits) or any(
        str(i.get("item", "")).startswith(own) for i in ignored
    ):
        return parsed
    if hits or ignored or names_other_condition(dialog, text):
        return parsed
    if dated_before_window is not None and dated_before_window(text, q.criterion, today):
        return parsed
    if LEADING_YES.match(text) or FIRST_PERSON_YES.match(text):
        if HEDGE.search(text):
            return Parsed("unknown", None, None, ("a hedged yes: not known",))
        if q.yes_needs_details is not None:
            return Parsed("invalid", reason=q.yes_needs_details)
        if _NAMES_A_THING.match(text):
            note = (
                "names a condition the matcher did not recognise: not known, for the study "
                "team (free text alone never excludes)"
            )
            return Parsed("unknown", None, None, (*parsed.inferences, note))
        note = "a yes followed by details the matcher did not recognise: the yes stands"
        return Parsed("ok", {"answer": "yes", "text": text}, None, (*parsed.inferences, note))
    reason = dialog.messages.get("unread_details")
    return Parsed(
        "invalid",
        reason=LocalText(
            en=reason.en.format(help=q.help.en) if reason else q.help.en,
            zh=reason.zh.format(help=q.help.zh) if reason else q.help.zh,
        ),
    )


def names_other_condition(dialog: Dialog, text: str) -> bool:
    """True when `text` names a common condition that is no exclusion item."""
    words = dialog.lexicon.not_exclusions
    low = text.lower()
    if any(t in low for t in words.zh):
        return True
    tokens = " " + re.sub(r"[^a-z0-9'\- ]+", " ", low) + " "
    return any(f" {t} " in tokens for t in words.en)
