"""Reading numbers in typed answers: number tokens, exact decimals, display form.

Pure functions, no I/O. Numbers are kept as `Decimal` so that unit conversions are exact at
the boundaries the rules test (34.2 umol/L of bilirubin must be exactly 2.0 mg/dL).
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

# The normalizer and the numeral reader live in assistant.text (one of each); these names
# stay importable from here for the modules that still use them.
from assistant.text.normalize import normalize as normalise
from assistant.text.numerals import numerals_to_digits

__all__ = ["NUMBER", "divide", "exact", "fmt_number", "normalise", "numerals_to_digits",
           "to_decimal"]

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
