"""Reading answers as people type them, in English and Simplified Chinese.

`parse_answer(kind, text, ...)` is the one entry point the engine calls. It never raises: an
answer that cannot be read comes back `invalid` with a reason in both languages saying what to
type. Quantities, durations, ages, QTc and steroid doses are read by the modules
`assistant.answers.quantities`, `assistant.answers.measures` and `assistant.answers.steroids`.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz

from assistant.answers.base import (
    EMPTY,
    KINDS,
    UNKNOWN,
    Parsed,
    invalid,
    is_dont_know,
    ok,
    simplify,
)
from assistant.answers.measures import parse_age, parse_duration, parse_qtc
from assistant.answers.quantities import parse_quantity, parse_quantity_list
from assistant.answers.steroids import parse_steroid
from assistant.text.normalize import normalize as normalise
from assistant.text.numerals import numerals_to_digits
from assistant.text.words import (
    CN_NO_LEAD,
    CN_YES_LEAD,
    NO,
    NO_LEAD,
    TEXT_DONT_KNOW,
    TEXT_NO,
    TEXT_YES,
    YES,
    YES_LEAD,
)
from assistant.trial.specs import ChoiceSpec, GlucocorticoidTable, QuantitySpec

__all__ = ["KINDS", "Parsed", "parse_answer"]


# Long answers are only plausible as free text; other kinds are short, and capping them keeps
# every reader fast on pasted garbage.
_MAX_SHORT = 300


def parse_answer(kind: str, text: str, *, today: date, quantity: QuantitySpec | None = None,
                 choices: list[ChoiceSpec] | None = None,
                 drugs: GlucocorticoidTable | None = None, min_count: int = 1) -> Parsed:
    """Read `text` typed in answer to a question of `kind`.

    `quantity` is required for quantity, quantity_list and duration (base unit months);
    `choices` for choice; `drugs` for steroid; `min_count` is how many values a quantity_list
    needs. `today` is the screening date that ages and "how long ago" are measured from.
    Returns Parsed with status ok, unknown (the person does not know) or invalid (ask again).
    """
    try:
        return _parse(kind, text, today, quantity, choices, drugs, min_count)
    except Exception:  # never let one odd answer stop the interview
        return invalid("Sorry, I could not read that answer. Please type it again more simply.",
                       "抱歉，无法识别该回答。请简单地重新输入。")


def _parse(kind: str, text: str, today: date, quantity: QuantitySpec | None,
           choices: list[ChoiceSpec] | None, drugs: GlucocorticoidTable | None,
           min_count: int) -> Parsed:
    if not isinstance(text, str):
        return EMPTY
    clean = normalise(text)
    if not clean.strip("?？ "):
        return UNKNOWN if clean else EMPTY
    if not any(c.isalnum() or c in "+-%" for c in clean):
        return EMPTY
    simple = simplify(clean)
    if kind == "text":
        return _text(clean, simple)
    if len(clean) > _MAX_SHORT:
        return invalid("That answer is too long. Please type a short answer.",
                       "回答太长了，请简短回答。")
    if is_dont_know(simple) and (kind in ("yesno", "choice", "text")
                                 or not re.search(r"\d", numerals_to_digits(simple))):
        return UNKNOWN
    if kind == "yesno":
        return _yesno(simple)
    if kind == "choice":
        return _choice(simple, choices or [])
    if kind == "biopsy_class":
        return _biopsy(numerals_to_digits(clean))
    digits = numerals_to_digits(clean)
    if kind in ("quantity", "quantity_list", "duration"):
        if quantity is None:
            raise ValueError(f"kind {kind} needs a QuantitySpec")
        if kind == "quantity":
            return parse_quantity(digits, quantity)
        if kind == "quantity_list":
            return parse_quantity_list(digits, quantity, min_count)
        return parse_duration(digits, today, quantity)
    if kind == "age":
        return parse_age(digits, today)
    if kind == "qtc":
        return parse_qtc(digits)
    if kind == "steroid":
        if drugs is None:
            raise ValueError("kind steroid needs a GlucocorticoidTable")
        return parse_steroid(digits, drugs)
    raise ValueError(f"unknown answer kind {kind!r}")


# ---------------------------------------------------------------- yes / no

_ASK_YESNO = invalid("Please answer yes or no (or \"don't know\").",
                     "请回答“是”或“否”（或“不知道”）。")


def _yesno(t: str) -> Parsed:
    t = t.strip(" .!。")
    if t in YES:
        return ok(True)
    if t in NO:
        return ok(False)
    # Test results written with the test name: "HBsAg negative", "乙肝表面抗原阴性".
    neg = re.search(r"\bnon-?\s?reactive\b|\bnegative\b|\bneg\b|\bnot detected\b|阴性|\(-\)"
                    r"|\s-$", t)
    pos = re.search(r"(?<!non-)(?<!non)(?<!non )\breactive\b|\bpositive\b|\bpos\b|\bdetected\b"
                    r"|阳性|\(\+\)|\s\+$", t)
    if neg and not pos:
        return ok(False)
    if pos and not neg and not re.search(r"\bnot (?:detected|positive)\b", t):
        return ok(True)
    words = re.split(r"[\s,]+", t)
    first = words[0] if words else ""
    two = " ".join(words[:2])
    three = " ".join(words[:3])
    if first in NO_LEAD or two in NO_LEAD or three in NO_LEAD:
        return ok(False)
    if first in YES_LEAD or two in YES_LEAD:
        if not re.search(r"\bnot\b|\bno\b|n't\b", " ".join(words[1:])):
            return ok(True)
        return _ASK_YESNO
    if t.startswith(CN_NO_LEAD):
        return ok(False)
    if t.startswith(CN_YES_LEAD) and not re.search(r"不|没|否", t[1:]):
        return ok(True)
    return _ASK_YESNO


# ---------------------------------------------------------------- choice

def _terms(c: ChoiceSpec) -> list[str]:
    raw = [c.value, c.value.replace("_", " "), c.label.en, c.label.zh, *c.synonyms]
    return list(dict.fromkeys(simplify(normalise(s)) for s in raw if s and s.strip()))


def _choice(t: str, choices: list[ChoiceSpec]) -> Parsed:
    t = t.strip(" .!。")
    listing_en = ", ".join(c.label.en for c in choices)
    listing_zh = "、".join(c.label.zh for c in choices)
    ask = invalid(f"Please choose one of: {listing_en}.", f"请从以下选项中选择一个：{listing_zh}。")
    if not choices:
        return ask
    table = {c.value: _terms(c) for c in choices}
    exact = [v for v, terms in table.items() if t in terms]
    if len(exact) == 1:
        return ok(exact[0])
    if len(exact) > 1:
        return ask
    # A choice named inside a longer answer ("I have lupus nephritis", "是狼疮肾炎").
    contained: dict[str, int] = {}
    for v, terms in table.items():
        for term in terms:
            if len(term) >= 2 and _contains(t, term):
                contained[v] = max(contained.get(v, 0), len(term))
    if len(contained) == 1:
        return ok(next(iter(contained)))
    if len(contained) > 1:
        both = _both_of(t, table, contained)
        return ok(both, inferences=(f"\"{t}\" names two choices: read as {both}",)) if both \
            else ask
    # Typos ("nephritsi", "thrombocytopaenia").
    scored = sorted(((max(fuzz.ratio(t, term) for term in terms), v)
                     for v, terms in table.items()), reverse=True)
    best, value = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0
    if best >= 80 and best - runner >= 8:
        return Parsed("ok", value, inferences=(f"\"{t}\" read as {value} (closest spelling)",))
    return ask


# "both X and Y" / "X and Y" / "X和Y(都有)": two choices named together read as the "both" choice.
_BOTH_WORDS = ("both", "两者都有", "两个都有", "都有")
_JOIN = re.compile(r"\band\b|\bplus\b|&|\+|和|与|跟|及|以及|、|,|，")
_NEGATION = re.compile(r"\b(?:not?|neither|nor|none|without|but)\b|不|没|无|非")


def _both_of(t: str, table: dict[str, list[str]], contained: dict[str, int]) -> str | None:
    """The dialog's "both" choice when `t` names two other choices joined by "and", else None.

    Only without any negation or contrast ("kidney, not platelets" stays a question back).
    """
    both = next((v for v, terms in table.items() if any(w in terms for w in _BOTH_WORDS)), None)
    if both is None or _NEGATION.search(t):
        return None
    others = [v for v in contained if v != both]
    if len(others) != 2 or not (_JOIN.search(t) or both in contained):
        return None
    return both


def _contains(text: str, term: str) -> bool:
    if term.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", text) is not None
    return term in text


# ---------------------------------------------------------------- free text

def _text(clean: str, simple: str) -> Parsed:
    t = simple.strip(" .!。")
    if t in TEXT_DONT_KNOW:
        return UNKNOWN
    if t in TEXT_NO:
        return ok({"answer": "no", "text": clean})
    if t in TEXT_YES:
        return ok({"answer": "yes", "text": clean})
    return ok({"answer": "text", "text": clean})


# ---------------------------------------------------------------- biopsy class

_ROMAN = {"I": "I", "II": "II", "III": "III", "IV": "IV", "V": "V", "VI": "VI",
          "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI"}
_ORDER = ["I", "II", "III", "IV", "V", "VI"]
# Words that may surround the class: ISN/RPS subclasses (A, C, G, S), "class", "type".
_BIOPSY_NOISE = {"CLASS", "CLASSES", "TYPE", "ISN", "RPS", "ISN/RPS", "LN", "LUPUS", "NEPHRITIS",
                 "AND", "PLUS", "WITH", "A", "C", "G", "S", "AC", "A/C", "BIOPSY", "IS", "WAS",
                 "IT", "STAGE", "GRADE", "WHO", "PATHOLOGY", "MIXED", "OR"}


def _biopsy(text: str) -> Parsed:
    t = text.upper()
    ask = invalid("Please type the ISN/RPS class from the biopsy report, for example IV, "
                  "class III, or III+V.",
                  "请输入肾穿刺病理报告上的 ISN/RPS 分型，例如 IV型、III型 或 III+V型。")
    classes: list[str] = []
    for tok in re.findall(r"[A-Z]+|\d+(?:\.\d+)?", t):
        if tok in _ROMAN:
            classes.append(_ROMAN[tok])
        elif tok not in _BIOPSY_NOISE:
            return ask
    if not classes:
        return ask
    return ok({"classes": sorted(set(classes), key=_ORDER.index)})
