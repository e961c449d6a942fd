"""The result of reading one typed answer, and the phrases shared by every kind of answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from assistant.specs import LocalText


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


# "Don't know" in all its forms. Matched as the whole answer, or as a phrase inside it
# ("I'm not sure", "我不太清楚"): a person who says they are unsure has not said no.
_DK_EXACT = {
    "?", "??", "???", "idk", "dk", "unknown", "unsure", "dunno", "not known", "n/k", "nk",
    "no idea", "no clue", "uncertain", "maybe", "perhaps", "don't know", "dont know",
    "do not know", "not sure", "i don't know", "i dont know", "i do not know", "not certain",
    "?不知道", "不知道", "不清楚", "不确定", "不记得", "忘了", "忘记了", "不晓得", "不懂",
    "说不清", "不太清楚", "不太确定", "不太记得", "记不清", "记不清了", "不知", "未知", "不详",
    "可能", "也许", "不了解",
}
_DK_PHRASE = re.compile(
    r"(?:\b(?:don'?t|do not|dont|didn'?t) (?:really )?know\b|\bnot (?:really |quite |100% )?sure\b"
    r"|\bno idea\b|\bno clue\b|\bunsure\b|\bcould be\b|\bmight be\b|\bmaybe\b"
    r"|\bcan'?t remember\b|\bcannot remember\b"
    r"|\bdon'?t remember\b|\bnot certain\b|\bforgot\b|\bforget\b|\bidk\b|\bdunno\b"
    # Never tested is not a negative result: the fact stays unknown, never passes.
    r"|\b(?:never|not|haven'?t|have not|wasn'?t|was not|not yet) (?:been |ever been )?"
    r"(?:tested|checked|screened)\b|\bno tests?\b|\bpossibly\b"
    r"|没查过|没检查过|没测过|没化验过|没做过检查|未检查|未查|未检测|没检测过|没查|没测"
    r"|不知道|不清楚|不确定|不记得|忘了|忘记|记不清|不晓得|说不清|不太清楚|不太确定)"
)


def is_dont_know(text: str) -> bool:
    """True when `text` (simplified) says the person does not know."""
    t = text.strip(" .?!。？") or text
    if text in _DK_EXACT or t in _DK_EXACT:
        return True
    return bool(_DK_PHRASE.search(text))
