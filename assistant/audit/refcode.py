"""Short reference codes a person can read aloud, derived from a session id (`K7F-3QX`).

The kiosk shows the code at the end; staff find the transcript with
`prescreen replay --code K7F-3QX`. The code is six characters of Crockford's base 32 (no I, L, O,
U: nothing to confuse with 1, 0 or V) taken from the SHA-256 of the session id, so it holds no
personal data and the same session always gets the same code. Six characters give 2^30 codes:
a collision within one site's folder is possible in principle, so lookups return every match.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
_SHAPE = re.compile(r"^[0-9A-Z]{3}-?[0-9A-Z]{3}$")


def reference_code(session_id: str) -> str:
    """The code for a session id: `XXX-XXX` from the first 30 bits of its SHA-256."""
    n = int.from_bytes(hashlib.sha256(session_id.encode("utf-8")).digest()[:4], "big") >> 2
    chars = [ALPHABET[(n >> (5 * i)) & 31] for i in reversed(range(6))]
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def normalize_code(text: str) -> str | None:
    """A typed code in canonical form (`k7f3qx`, `K7F 3QX`, `K7F-3OX` -> `K7F-30X`), or None."""
    raw = re.sub(r"[\s\-]", "", text.strip().upper()).translate(_READ_AS)
    if not _SHAPE.match(raw) or any(c not in ALPHABET for c in raw):
        return None
    return raw[:3] + "-" + raw[3:]


def find_by_code(files: Iterable[Path], code: str) -> list[Path]:
    """Transcript files (`<session_id>.jsonl`) whose session id gives this code."""
    want = normalize_code(code)
    if want is None:
        return []
    return [f for f in files if reference_code(Path(f).stem) == want]
