"""The hash chain's primitives: the canonical form, the event hash, the chain's constants.

Shared by the transcript writer, the verifier and the station log, none of which needs the
others to hash or check a line.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64
FIRST_SEQ = 1  # seq is 1-based, so an event's seq is also its line number in a sound file
EVENT_KEYS = frozenset({"seq", "ts", "type", "payload", "prev", "hash"})
MAX_LINE_BYTES = 4 * 1024 * 1024  # one event; the largest real one is a few kB
MAX_READ_BYTES = 256 * 1024 * 1024  # one session file (verify refuses larger ones too)


def canonical(obj: Any) -> str:
    """The one serialization that is hashed and written (NaN/Infinity are not JSON: refused)."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def event_hash(seq: int, ts: str, type: str, payload: dict, prev: str) -> str:
    """SHA-256 hex of the canonical form of an event without its `hash` field."""
    body = {"seq": seq, "ts": ts, "type": type, "payload": payload, "prev": prev}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()
