"""The station log: one append-only, hash-chained, signed record per transcripts folder.

`<transcripts>/station.log` holds one JSON line per event that matters across sessions, in the
same chained form as a transcript (`seq`, `ts`, `type`, `payload`, `prev`, `hash`):

- `opened`: `session_id`, `file`, `mode`, `start_hash` (hash of the session's first event);
- `resumed`: `session_id`, `by`, `meaning` ("resumed"), `reason`, `from_hash` (the session's
  head before the resume), `resume_hash` (the hash of its `resume` event);
- `closed`: `session_id`, `reason`, `outcome` (or null), `last_hash`, `events` (line count);
- `pin_failed`: `who`, `failures`, `locked_seconds` (a wrong staff or exit PIN);
- `signed_in`: `who`, `by` ("pin"): a coordinator proved their staff id.

After every entry the signed head `<transcripts>/station-head.json` is replaced atomically:
`{"size", "root", "ts", "public_key_fingerprint", "signature"}`, the signature (Ed25519, the
station key) over the canonical form of `{"log", "size", "root", "ts"}`. `root` is the hash of
entry `size`; since each entry's hash covers the one before, a head vouches for the whole prefix
(RFC 6962's tree head, kept to a chain). Appends and the head are written under one lock, so the
head never lags behind a concurrent writer. A reviewer keeps a head (printed at close, exported
with reports) and later checks that the log still extends it: `prescreen verify DIR --head FILE`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from pathlib import Path
from typing import Any

from assistant.audit import signing
from assistant.audit.chain import GENESIS, canonical, event_hash

LOG_NAME = "station.log"
HEAD_NAME = "station-head.json"
LOG_FORMAT = "prescreen-station-log/1"
ENTRY_TYPES = frozenset({"opened", "resumed", "closed", "pin_failed", "signed_in"})


class StationLogError(Exception):
    """The station log could not be written or is inconsistent; names the file and the cause."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def head_body(size: int, root: str, ts: str) -> bytes:
    """The bytes a head's signature covers."""
    return canonical({"log": LOG_FORMAT, "size": size, "root": root, "ts": ts}).encode("utf-8")


def sign_head(size: int, root: str, key: signing.Ed25519PrivateKey, ts: str | None = None) -> dict:
    """A signed head for a log of `size` entries whose last hash is `root`."""
    ts = ts or _now()
    return {
        "format": LOG_FORMAT,
        "size": size,
        "root": root,
        "ts": ts,
        "public_key_fingerprint": signing.fingerprint(key.public_key()),
        "signature": key.sign(head_body(size, root, ts)).hex(),
    }


def head_signature_ok(head: dict, public_key: signing.Ed25519PublicKey) -> bool:
    """Whether a head's signature verifies with `public_key`."""
    try:
        body = head_body(int(head["size"]), str(head["root"]), str(head["ts"]))
        public_key.verify(bytes.fromhex(str(head["signature"])), body)
    except Exception:  # noqa: BLE001 - any malformed head is simply not valid
        return False
    return True


def _last_line(fd: int) -> bytes | None:
    size = os.fstat(fd).st_size
    if size == 0:
        return None
    chunk = min(size, 65536)
    data = os.pread(fd, chunk, size - chunk)
    if not data.endswith(b"\n"):
        raise StationLogError("last line incomplete (log cut off)")
    lines = data[:-1].split(b"\n")
    if len(lines) == 1 and chunk < size:
        raise StationLogError("last line too long")
    return lines[-1]


class StationLog:
    """Appends entries to `<folder>/station.log` and re-signs the head after each one."""

    def __init__(self, folder: Path, key: signing.Ed25519PrivateKey) -> None:
        self.folder, self._key = Path(folder), key
        self.path = self.folder / LOG_NAME
        self.head_path = self.folder / HEAD_NAME

    def append(self, type: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Write one entry (fsynced) and the new signed head; returns the entry."""
        if type not in ENTRY_TYPES:
            raise StationLogError(f"{self.path}: unknown entry type {type!r}")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_CREAT | os.O_APPEND | os.O_RDWR, 0o600)
        except OSError as e:
            raise StationLogError(f"{self.path}: cannot open: {e.strerror}") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits: several sessions may close at once
            try:
                last = _last_line(fd)
            except StationLogError as e:
                raise StationLogError(f"{self.path}: {e}") from e
            seq, prev = 1, GENESIS
            if last is not None:
                obj = json.loads(last)
                seq, prev = int(obj["seq"]) + 1, str(obj["hash"])
            ts = _now()
            h = event_hash(seq, ts, type, payload, prev)
            entry = {
                "seq": seq,
                "ts": ts,
                "type": type,
                "payload": payload,
                "prev": prev,
                "hash": h,
            }
            os.write(fd, (canonical(entry) + "\n").encode("utf-8"))
            os.fsync(fd)
            self._write_head(sign_head(seq, h, self._key, ts))
        except OSError as e:
            raise StationLogError(f"{self.path}: cannot write: {e.strerror}") from e
        finally:
            os.close(fd)  # also releases the lock
        return entry

    def _write_head(self, head: dict) -> None:
        tmp = self.folder / f".{HEAD_NAME}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            os.write(fd, (canonical(head) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.head_path)

    def head(self) -> dict | None:
        """The latest signed head, as written (None before the first entry)."""
        return read_head(self.head_path)

    # -- session events -------------------------------------------------------------------
    def opened(self, session_id: str, file: str, mode: str, start_hash: str) -> None:
        """A session file was created."""
        self.append(
            "opened",
            {"session_id": session_id, "file": file, "mode": mode, "start_hash": start_hash},
        )

    def resumed(
        self, session_id: str, by: str, reason: str, from_hash: str, resume_hash: str
    ) -> None:
        """A session was resumed (who and why)."""
        self.append(
            "resumed",
            {
                "session_id": session_id,
                "by": by,
                "meaning": "resumed",
                "reason": reason,
                "from_hash": from_hash,
                "resume_hash": resume_hash,
            },
        )

    def closed(
        self, session_id: str, reason: str, outcome: str | None, last_hash: str, events: int
    ) -> None:
        """A session was closed; its last hash and line count fix its end."""
        self.append(
            "closed",
            {
                "session_id": session_id,
                "reason": reason,
                "outcome": outcome,
                "last_hash": last_hash,
                "events": events,
            },
        )

    def pin_failed(self, who: str, failures: int, locked_seconds: float) -> None:
        """A wrong PIN was typed (staff sign-in or kiosk exit)."""
        self.append(
            "pin_failed", {"who": who, "failures": failures, "locked_seconds": locked_seconds}
        )

    def closed_entry(self, session_id: str) -> tuple[int, dict] | None:
        """(line, payload) of the recorded close of `session_id`, if the log has one."""
        for n, e in read_entries(self.path):
            if e.get("type") == "closed" and e.get("payload", {}).get("session_id") == session_id:
                return n, e["payload"]
        return None


def read_head(path: Path) -> dict | None:
    """A head file's JSON (None if absent); StationLogError if unreadable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StationLogError(f"{path}: cannot read: {e.strerror}") from e
    try:
        head = json.loads(text)
    except ValueError as e:
        raise StationLogError(f"{path}: not a station head (invalid JSON)") from e
    if not isinstance(head, dict) or not {"size", "root", "ts", "signature"} <= head.keys():
        raise StationLogError(f"{path}: not a station head (needs size, root, ts, signature)")
    return head


def read_entries(path: Path) -> list[tuple[int, dict]]:
    """(line number, entry) for every parseable line; verification is `log_check`'s job."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    out = []
    for n, raw in enumerate(data.split(b"\n")[:-1], 1):
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        if isinstance(obj, dict):
            out.append((n, obj))
    return out
