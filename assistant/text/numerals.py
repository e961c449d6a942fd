"""The one reader of numerals: Chinese (四十五, 三点五, 4.2万, 十几) and English number words.

Two policies over one table of digits. `numerals_to_digits` rewrites every numeral in a typed
answer as Arabic digits, reading only exact numbers (十几 stays as written, so a vague answer is
asked again). `chinese_amount` reads the vague amounts of free text, where an estimate is enough
to date a mention: 几 is 3, 十几 is 15, 两三 is 3 (the larger), 半 is 0.5.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.text.limits import split_long_digit_runs

__all__ = ["CN_DIGITS", "chinese_amount", "chinese_integer", "numerals_to_digits"]

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# The exact reader does not take 俩 ("the two of them"): only the free-text reader does.
_EXACT_DIGITS = {k: v for k, v in CN_DIGITS.items() if k != "俩"}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万点]+")
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万")
_WAN_DIGIT = re.compile(r"(?<![\d.])(\d+)万([1-9])(?![\d.])")
_KILO = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?[kK](?![a-zA-Z/])")


def chinese_integer(s: str) -> int | None:
    """Read an exact Chinese integer such as 四十五, 十二, 一百零八, 一万二千; None if not one."""
    if not s:
        return None
    if "万" in s:
        hi, _, lo = s.partition("万")
        hi_v = chinese_integer(hi) if hi else 1
        lo_v = chinese_integer(lo) if lo else 0
        if len(lo) == 1 and lo in _EXACT_DIGITS and lo_v:  # 四万二 is 42,000 in speech
            lo_v *= 1000
        if hi_v is None or lo_v is None:
            return None
        return hi_v * 10000 + lo_v
    if all(c in _EXACT_DIGITS for c in s) and len(s) > 1:
        # Digit-by-digit form, as in years: 一九七九.
        return int("".join(str(_EXACT_DIGITS[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in _EXACT_DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = _EXACT_DIGITS[c]
        elif c in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _cn_number(run: str) -> str | None:
    """Arabic string for a run of Chinese numerals (with 点 as decimal point), else None."""
    whole, sep, frac = run.partition("点")
    iv = chinese_integer(whole)
    if iv is None:
        return None
    if not sep:
        return str(iv)
    if not frac or not all(c in _EXACT_DIGITS for c in frac):
        return None
    return f"{iv}." + "".join(str(_EXACT_DIGITS[c]) for c in frac)


def chinese_amount(s: str) -> float | None:
    """A number as free text writes it, digits or Chinese, exact or vague; None if not one.

    "3" 3, "半" 0.5, "几"/"好几" 3, "十几" 15, "二十几" 25, "三十五" 35, "一百二十" 120,
    "两三" 3 (of "two or three", the larger), "俩" 2.
    """
    if not s:
        return None
    if s[0].isdigit():
        try:
            return float(s)
        except ValueError:
            return None
    if s == "半":
        return 0.5
    if s in ("几", "好几"):
        return 3.0
    v = 0.0
    if "百" in s:
        h, _, rest = s.partition("百")
        v += CN_DIGITS.get(h, 1) * 100
        s = rest.lstrip("零")
        if not s:
            return v
        if "十" not in s:
            # 一百五 is 150 in speech; 一百零五 is 105.
            return v + CN_DIGITS.get(s, 0) * (10 if len(s) == 1 and rest == s else 1)
    if "十" in s:
        a, _, b = s.partition("十")
        tens = CN_DIGITS.get(a, 1) if a else 1
        ones = 5 if b == "几" else CN_DIGITS.get(b, 0) if b else 0
        return v + float(tens * 10 + ones)
    if len(s) == 1 and s in CN_DIGITS:
        return v + float(CN_DIGITS[s])
    if len(s) == 2 and all(c in CN_DIGITS for c in s):  # "两三周前": two or three weeks
        return v + float(max(CN_DIGITS[c] for c in s))
    return None


_EN_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_WORDS = re.compile(
    r"\b(?:(" + "|".join(_EN_TENS) + r")(?:[\s-]+(" + "|".join(list(_EN_SMALL)[1:10]) + r"))?"
    r"|(" + "|".join(_EN_SMALL) + r"))\b",
    re.IGNORECASE,
)


def _fmt(d: Decimal) -> str:
    """Plain string of a Decimal without exponent ("42000", "4.5")."""
    return format(d.normalize(), "f")


def numerals_to_digits(text: str) -> str:
    """Replace Chinese numerals (四十五, 三点五, 4.2万) and English number words (forty-five)
    with Arabic digits, so that one number reader serves both languages.

    Runs of more than MAX_DIGIT_RUN digits are left as they are, and the text between them is
    read piece by piece: linear time however long the run.
    """
    pieces = split_long_digit_runs(text)
    if len(pieces) > 1:
        return "".join(p if i % 2 else _numerals_to_digits(p) for i, p in enumerate(pieces))
    return _numerals_to_digits(text)


def _numerals_to_digits(text: str) -> str:
    # Colloquial "4万2" is 42,000 (the digit after 万 counts thousands); "42k" is 42,000.
    text = _WAN_DIGIT.sub(lambda m: str(int(m.group(1)) * 10000 + int(m.group(2)) * 1000), text)
    text = _KILO.sub(lambda m: _fmt(Decimal(m.group(1)) * 1000), text)
    text = _WAN.sub(lambda m: _fmt(Decimal(m.group(1)) * 10000), text)

    def cn(m: re.Match[str]) -> str:
        run = m.group(0)
        if run in ("点", "万", "千", "百"):
            return run
        out = _cn_number(run)
        return run if out is None else out

    text = _CN_RUN.sub(cn, text)
    text = _WAN.sub(lambda m: _fmt(Decimal(m.group(1)) * 10000), text)

    def en(m: re.Match[str]) -> str:
        if m.group(3):
            return str(_EN_SMALL[m.group(3).lower()])
        return str(
            _EN_TENS[m.group(1).lower()] + (_EN_SMALL[m.group(2).lower()] if m.group(2) else 0)
        )

    if re.search(r"\b(?:hundred|thousand|million|billion)s?\b", text, re.I):
        return text  # "two thousand three hundred" is not 2 and 3: leave it unread
    return _EN_WORDS.sub(en, text)
