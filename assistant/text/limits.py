"""Input bounds shared by every entry point: one text length cap, one digit-run cap.

`MAX_TEXT_CHARS` caps one text at every entry point (`prescreen match`, `prescreen screen`,
the session API, the kiosk and interview answer box): longer input is cut, with a message,
never refused with a crash. `MAX_DIGIT_RUN` bounds the digit runs the number and time readers
look into: nobody writes a 13-digit age, dose or year, and a regex scanning a 20,000-digit run
from every position is quadratic.
"""

from __future__ import annotations

import re

MAX_TEXT_CHARS = 2000
MAX_DIGIT_RUN = 12

_LONG_RUN = re.compile(rf"\d{{{MAX_DIGIT_RUN + 1},}}")


def cap_text(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, bool]:
    """(`text` cut to `limit` characters, whether it was cut)."""
    return (text[:limit], True) if len(text) > limit else (text, False)


def mask_long_digit_runs(text: str) -> str:
    """`text` with every run of more than MAX_DIGIT_RUN digits replaced by as many '#'.

    Same length, so positions found in the result are positions in `text`; a masked run is
    no number and no time, which is what such a run is.
    """
    return _LONG_RUN.sub(lambda m: "#" * len(m.group(0)), text)


def split_long_digit_runs(text: str) -> list[str]:
    """`text` in pieces: the long digit runs alone, the text between them as it is."""
    out, last = [], 0
    for m in _LONG_RUN.finditer(text):
        out += [text[last : m.start()], m.group(0)]
        last = m.end()
    out.append(text[last:])
    return out
