"""The result of reading one typed answer, and the phrases shared by every kind of answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from assistant.text.words import DONT_KNOW, DONT_KNOW_PHRASE
from assistant.trial.specs import KINDS, NUMERIC_KINDS, AnswerKind, LocalText  # noqa: F401


# Every kind of answer a question may ask for, listed once: the dialog model validates `kind`
# against it, the reader dispatches on it, the checks use NUMERIC_KINDS.
# The answer kinds are part of the dialog format (assistant.trial.specs); re-exported here.
@dataclass(frozen=True)
class Parsed:
    """One typed answer, read.

    `ok`: `value` was read; `unknown`: the person does not know (a valid answer; the fact stays
    unknown); `invalid`: the answer cannot be read and the question is asked again with `reason`.
    `inferences` records, in English, every assumption made while reading (unit assumed, date
    converted, ...), so that the record shows how a value was obtained.
    """

    status: Literal["ok", "unknown", "invalid"]
    value: Any = None
    unit: str | None = None
    inferences: tuple[str, ...] = ()
    reason: LocalText | None = None


def ok(value: Any, unit: str | None = None, inferences: tuple[str, ...] | list[str] = ()) -> Parsed:
    """A read answer."""
    return Parsed("ok", value, unit, tuple(inferences))


def invalid(en: str, zh: str) -> Parsed:
    """An unreadable answer, with what to type instead in both languages."""
    return Parsed("invalid", reason=LocalText(en=en, zh=zh))


UNKNOWN = Parsed("unknown")
EMPTY = invalid("Please type an answer.", "请输入您的回答。")


def simplify(text: str) -> str:
    """Lower-case `text` (already normalised) and drop punctuation around words, keeping the
    marks that carry meaning in answers (+ - ? % / .)."""
    t = text.lower().replace("’", "'")
    t = re.sub(r"[,;:!\"()\[\]{}<>，；：！（）【】《》「」]+", " ", t)
    t = t.strip(" .。")
    return " ".join(t.split())


def is_dont_know(text: str) -> bool:
    """True when `text` (simplified) says the person does not know."""
    t = text.strip(" .?!。？") or text
    if text in DONT_KNOW or t in DONT_KNOW:
        return True
    return bool(DONT_KNOW_PHRASE.search(text))
