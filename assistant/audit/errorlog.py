"""The owner-only local error log: what went wrong, never what a person typed.

One JSON line per unexpected exception, in `<transcripts>/errors.log` (mode 0600): the time,
the mode, the session id, the exception's type and a hash of its stack (file, function and
line of each frame). No exception message, no locals, no answer text: a message can quote
the input that caused it. The same stack gives the same hash, so repeats can be counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import traceback
from pathlib import Path

ERROR_LOG = "errors.log"


def stack_hash(error: BaseException) -> str:
    """16 hex digits over the exception type and every frame's file name, function and line."""
    frames = traceback.extract_tb(error.__traceback__)
    parts = [type(error).__qualname__] + [
        f"{Path(f.filename).name}:{f.name}:{f.lineno}" for f in frames
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def where(error: BaseException) -> str:
    """`module.py:function:line` of the innermost frame (code location only)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    f = frames[-1]
    return f"{Path(f.filename).name}:{f.name}:{f.lineno}"


def record_error(
    folder: Path, error: BaseException, *, mode: str, session_id: str | None = None
) -> str:
    """Append one entry to the error log in `folder`; returns the stack hash. Never raises."""
    digest = stack_hash(error)
    entry = {
        "ts": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "mode": mode,
        "session_id": session_id,
        "error": type(error).__name__,
        "stack_hash": digest,
        "where": where(error),
    }
    try:
        Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(Path(folder) / ERROR_LOG, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, (json.dumps(entry, sort_keys=True) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # the log is a help for staff; failing to write it must not stop the recovery
    return digest
