"""Identifiers out of free text before anything is written.

`redact(text)` replaces names given as such ("my name is ...", "I am called ...", "我叫...",
"我的名字是..."), phone numbers (Chinese mobile 1[3-9]xxxxxxxxx, +country numbers, dashed
numbers), e-mail addresses, Chinese ID-card numbers (17 digits + digit/X), passport numbers
(Chinese E/G + 8 digits, or any number after the word passport/护照) and street addresses
(English "12 Main Street", Chinese "...路12号", "...小区", "3栋2单元") with a bracketed
placeholder, and says which kinds it removed. Screening then runs on the redacted text, so the
transcript, the replay and every export hold exactly what was matched. Over-redaction is the safe
side: a lab value never looks like these (no 11-digit or @ or street-word pattern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_STOP = r"(?:and|but|i|i'm|im|from|with|who|aged|age|years?|my|the|a|on|at|or)\b"
_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail removed]"),
    # 18-digit resident ID (last may be X), before phones so its digits are not split.
    ("id_card", re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), "[ID number removed]"),
    (
        "passport",
        re.compile(
            r"(?:(?:passport|护照)\s*(?:no\.?|number|#|号码?)?\s*[:：]?\s*[A-Za-z]{0,2}\d{6,9})"
            r"|(?<![\dA-Za-z])[EeGg][A-Za-z]?\d{7,8}(?![\dA-Za-z])",
            re.IGNORECASE,
        ),
        "[passport number removed]",
    ),
    (
        "phone",
        re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"),
        "[phone removed]",
    ),
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}(?!\d)"
            r"|\+\d{1,3}[\s.-]?\d{6,12}(?!\d)"
        ),
        "[phone removed]",
    ),
    (
        "address",
        re.compile(
            r"\b\d{1,5}\s+(?:[A-Za-z][\w'-]*\s+){1,4}"
            r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct)\b\.?",
            re.IGNORECASE,
        ),
        "[address removed]",
    ),
    (
        "address",
        re.compile(
            r"(?:[\u4e00-\u9fff]{1,6}?(?:省|市|区|县))*[\u4e00-\u9fff]{1,4}?"
            r"(?:路|街|大道|巷|胡同)\s*\d+\s*号(?:院|楼)?"
            r"|[\u4e00-\u9fff]{2,8}(?:小区|公寓|花园)(?:\s*\d+\s*(?:号楼|栋|幢|单元|室))*"
            r"|\d+\s*(?:号楼|栋|幢)\s*(?:\d+\s*单元)?\s*(?:\d+\s*室)?"
        ),
        "[address removed]",
    ),
    (
        "date_of_birth",
        re.compile(
            r"(\b(?:born|date\s+of\s+birth|dob|birthday)\b|出生日期|出生于|出生|生日)\s*"
            r"(?:on|in|was|is|:|：|于|是)?\s*"
            r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:\s*[日号])?"
            r"|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}"
            r"|(?:\d{1,2}\s+)?[A-Za-z]{3,9}\.?\s+(?:\d{1,2},?\s+)?\d{4})",
            re.IGNORECASE,
        ),
        r"\1 [date of birth removed]",
    ),
    (
        "name",
        re.compile(
            r"\b(my\s+name\s+is|my\s+name's|i\s+am\s+called|i'm\s+called|call\s+me|name\s*:)\s+"
            rf"((?:(?!{_NAME_STOP})[A-Za-z][\w'.-]*)(?:\s+(?!{_NAME_STOP})[A-Za-z][\w'.-]*){{0,2}})",
            re.IGNORECASE,
        ),
        r"\1 [name removed]",
    ),
    (
        "name",
        re.compile(
            r"(我叫|我名叫|我的名字是|我的名字叫|本人姓名|姓名\s*[:：])\s*"
            r"([A-Za-z]+(?:\s+[A-Za-z]+)?|[\u4e00-\u9fff·]{1,3})"
        ),
        r"\1[姓名已删除]",
    ),
]


@dataclass(frozen=True)
class Redacted:
    """The text with identifiers replaced, and which kinds were found (empty: unchanged)."""

    text: str
    kinds: tuple[str, ...]


def redact(text: str) -> Redacted:
    """`text` with every identifier replaced by a placeholder naming what was removed."""
    kinds: list[str] = []
    for kind, pattern, repl in _RULES:
        new = pattern.sub(repl, text)
        if new != text:
            text = new
            if kind not in kinds:
                kinds.append(kind)
    return Redacted(text, tuple(kinds))
