"""The one text normalizer, in its two modes.

`normalize` canonicalizes a typed answer (NFKC, superscripts as `^n`, Chinese punctuation,
control characters dropped, spaces collapsed): the text may change length. `normalize_aligned`
is for free text that is quoted back: it keeps the length, so offsets into its result are
offsets into the original (lower case, NFKC per character, curly quotes straightened, hyphens
inside words made spaces).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "normalize_aligned"]

# Superscripts must become "^n" *before* NFKC, which would turn "10⁹" into the number "109".
_SUPERSCRIPTS = str.maketrans(
    {
        "⁰": "0",
        "¹": "1",
        "²": "2",
        "³": "3",
        "⁴": "4",
        "⁵": "5",
        "⁶": "6",
        "⁷": "7",
        "⁸": "8",
        "⁹": "9",
        "⁻": "-",
    }
)
_SUPER_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")

# Punctuation that NFKC leaves alone but people type in Chinese input methods.
_CJK_PUNCT = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "～": "~",
        "—": "-",
        "–": "-",
        "－": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "·": ".",
    }
)

# A hyphen (or dash) inside a word ("anti-HCV", "non-Hodgkin", "covid-19") reads as a space.
_HYPHEN = re.compile(r"(?<=[a-z])[-‐‑–](?=[a-z0-9])|(?<=[0-9])[-‐‑–](?=[a-z])")


def normalize(text: str) -> str:
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


def normalize_aligned(text: str) -> str:
    """NFKC, lower case, curly quotes straightened, hyphens inside words made spaces.

    Each character is normalized on its own when that keeps the length, so offsets into the
    result are offsets into the original text (used to quote the evidence as written).
    """
    if text.isascii():
        out = text.lower()
    else:
        chars = []
        for ch in text:
            n = unicodedata.normalize("NFKC", ch).lower()
            chars.append(n if len(n) == 1 else ch.lower()[:1] or " ")
        out = "".join(chars).replace("’", "'").replace("‘", "'")
    return _HYPHEN.sub(" ", out)
