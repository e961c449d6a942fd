"""Text normalisation and number reading for typed answers (English and Chinese).

Pure functions, no I/O. Numbers are kept as `Decimal` so that unit conversions are exact at
the boundaries the rules test (34.2 umol/L of bilirubin must be exactly 2.0 mg/dL).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation

from assistant.limits import split_long_digit_runs

# Superscripts must become "^n" *before* NFKC, which would turn "10⁹" into the number "109".
_SUPERSCRIPTS = str.maketrans(
    {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
     "⁸": "8", "⁹": "9", "⁻": "-"}
)
_SUPER_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")

# Punctuation that NFKC leaves alone but people type in Chinese input methods.
_CJK_PUNCT = str.maketrans({"。": ".", "、": ",", "～": "~", "—": "-", "–": "-", "－": "-",
                            "“": '"', "”": '"', "‘": "'", "’": "'", "·": "."})


def normalise(text: str) -> str:
    """Return `text` in a canonical form: NFKC (full-width digits and punctuation, Roman
    numeral signs), superscripts as `^n`, control characters removed, spaces collapsed."""
    text = _SUPER_RUN.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_CJK_PUNCT)
    # Control and format characters (zero-width spaces, BOM, NUL) carry no meaning here.
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn")
    )
    return " ".join(text.split())


# ---------------------------------------------------------------- Chinese and English numerals

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万点]+")
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万")
_WAN_DIGIT = re.compile(r"(?<![\d.])(\d+)万([1-9])(?![\d.])")
_KILO = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?[kK](?![a-zA-Z/])")


def _cn_integer(s: str) -> int | None:
    """Read a Chinese integer such as 四十五, 十二, 一百零八, 一万二千; None if not one."""
    if not s:
        return None
    if "万" in s:
        hi, _, lo = s.partition("万")
        hi_v = _cn_integer(hi) if hi else 1
        lo_v = _cn_integer(lo) if lo else 0
        if len(lo) == 1 and lo in _CN_DIGITS and lo_v:  # 四万二 is 42,000 in speech
            lo_v *= 1000
        if hi_v is None or lo_v is None:
            return None
        return hi_v * 10000 + lo_v
    if all(c in _CN_DIGITS for c in s) and len(s) > 1:
        # Digit-by-digit form, as in years: 一九七九.
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _cn_number(run: str) -> str | None:
    """Arabic string for a run of Chinese numerals (with 点 as decimal point), else None."""
    whole, sep, frac = run.partition("点")
    iv = _cn_integer(whole)
    if iv is None:
        return None
    if not sep:
        return str(iv)
    if not frac or not all(c in _CN_DIGITS for c in frac):
        return None
    return f"{iv}." + "".join(str(_CN_DIGITS[c]) for c in frac)


_EN_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
             "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_WORDS = re.compile(
    r"\b(?:(" + "|".join(_EN_TENS) + r")(?:[\s-]+(" + "|".join(list(_EN_SMALL)[1:10]) + r"))?"
    r"|(" + "|".join(_EN_SMALL) + r"))\b",
    re.IGNORECASE,
)


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
        return str(_EN_TENS[m.group(1).lower()] + (_EN_SMALL[m.group(2).lower()] if m.group(2)
                                                     else 0))

    if re.search(r"\b(?:hundred|thousand|million|billion)s?\b", text, re.I):
        return text  # "two thousand three hundred" is not 2 and 3: leave it unread
    return _EN_WORDS.sub(en, text)


# ---------------------------------------------------------------- numbers

# A number: thousands with commas (1,200), decimals (1.5, .5). A leading minus counts only when
# it does not follow a digit, so that ranges such as 40-45 are not read as 40 and -45.
NUMBER = re.compile(r"(?<![\d.])(?:(?<![\w)])-\s?)?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
                    r"|\.\d+)(?![\d])")


def to_decimal(token: str) -> Decimal | None:
    """Decimal of a number token as NUMBER matches it ("1,200" -> 1200); None if unreadable."""
    try:
        d = Decimal(token.replace(",", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


_CTX = Context(prec=10)


def exact(value: Decimal) -> float:
    """Float of `value` rounded to 10 significant digits (stable at rule boundaries)."""
    return float(_CTX.plus(value))


def divide(value: Decimal, per: float) -> float:
    """`value / per` to 10 significant digits, `per` read from its shortest decimal form."""
    return float(_CTX.divide(value, Decimal(repr(per))))


def _fmt(d: Decimal) -> str:
    """Plain string of a Decimal without exponent ("42000", "4.5")."""
    s = format(d.normalize(), "f")
    return s


def fmt_number(x: float | Decimal) -> str:
    """A number for messages: 97 rather than 97.0, 1.6 rather than 1.6000000001."""
    d = x if isinstance(x, Decimal) else Decimal(repr(float(x)))
    return _fmt(_CTX.plus(d))
