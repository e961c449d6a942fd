"""Session transcripts: a hash-chained, append-only JSON Lines file per screening session.

Each line is one event `{"seq", "ts", "type", "payload", "prev", "hash"}` written in canonical
form (sorted keys, no spaces, UTF-8). `hash` is SHA-256 over the canonical form of the other five
fields; `prev` is the previous event's hash (GENESIS for the first). Every line is fsynced before
`append` returns, so whatever the caller showed next is already on disk. Nothing is ever
rewritten: corrections and overrides are new events that point back at what they change.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import secrets
import threading
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.audit import signing
from assistant.audit.chain import (  # noqa: F401 (re-exported: the chain's primitives)
    EVENT_KEYS,
    FIRST_SEQ,
    GENESIS,
    MAX_LINE_BYTES,
    MAX_READ_BYTES,
    canonical,
    event_hash,
)
from assistant.audit.events import FORMAT, PAYLOADS, Status, _Payload  # noqa: F401 (re-exported)


class TranscriptError(Exception):
    """The transcript could not be written or read; the message names the file and the cause."""


# --- canonical form and hashing ------------------------------------------------------------


def dialog_hash(path: Path) -> str:
    """SHA-256 hex of a dialog file's bytes (what `session_start.dialog_hash` records)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- payload models: assistant.audit.events ------------------------------------------------------

# Written only by the writer itself (create/finish/resume), never through append().
_INTERNAL = frozenset({"session_start", "session_end", "resume", "signature"})


class Event(BaseModel):
    """One transcript line."""

    model_config = ConfigDict(frozen=True)
    seq: int
    ts: str
    type: str
    payload: dict[str, Any]
    prev: str
    hash: str

    def parsed(self) -> _Payload:
        """The payload validated against its type's model."""
        return PAYLOADS[self.type].model_validate(self.payload)


def _now() -> str:
    # To the second: finer times add nothing to screening and help link a person to a visit.
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _validate(path: Path, type: str, payload: dict) -> dict:
    model = PAYLOADS.get(type)
    if model is None:
        raise TranscriptError(f"{path}: unknown event type {type!r}")
    try:
        # NaN/Infinity first: pydantic would quietly turn them into null.
        json.dumps(payload, allow_nan=False, default=lambda o: None)
        data = model.model_validate(payload).model_dump(mode="json", by_alias=True)
        canonical(data).encode("utf-8")  # a lone surrogate is not text: refused, not written
    except ValidationError as e:
        errs = "; ".join(f"{'.'.join(map(str, x['loc'])) or '-'}: {x['msg']}" for x in e.errors())
        raise TranscriptError(f"{path}: invalid {type} payload: {errs}") from e
    except (TypeError, ValueError) as e:
        raise TranscriptError(f"{path}: {type} payload is not plain JSON: {e}") from e
    return data


def _oserror(path: Path, what: str, e: OSError) -> TranscriptError:
    cause = "disk full" if e.errno == errno.ENOSPC else (e.strerror or str(e))
    return TranscriptError(f"{path}: cannot {what}: {cause}")


# --- writer --------------------------------------------------------------------------------


class TranscriptWriter:
    """Appends hash-chained events to one session file. Use `create` or `resume`."""

    def __init__(self, path: Path, fd: int, session_id: str, seq: int, head: str,
                 answers: set[int], key: Any = None, log: Any = None) -> None:
        self._path, self._fd, self._session_id = path, fd, session_id
        self._seq, self._head, self._answers, self._key = seq, head, answers, key
        self._log = log  # assistant.audit.station_log.StationLog of the folder, if kept
        self._ended = False
        self._broken: str | None = None
        # The kiosk records an answer on a worker thread while the UI thread may record the next
        # question: one append at a time, or two events would claim the same seq and fork the chain.
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The transcript file."""
        return self._path

    @property
    def session_id(self) -> str:
        """The session id (also the file's stem)."""
        return self._session_id

    @property
    def head(self) -> str:
        """Hash of the last event written."""
        return self._head

    @staticmethod
    def _load_key(signing_key: Path | None) -> Any:
        if signing_key is None:
            return None
        try:
            return signing.load_private_key(signing_key)
        except signing.SigningError as e:
            raise TranscriptError(str(e)) from e

    @classmethod
    def create(cls, directory: Path, start: dict, *, signing_key: Path | None = None,
               log: Any = None) -> TranscriptWriter:
        """Start a session file `<directory>/<session_id>.jsonl` and write `session_start`.

        With `log` (the folder's StationLog) the opening is recorded there too.
        """
        directory = Path(directory)
        key = cls._load_key(signing_key)
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as e:
            raise _oserror(directory, "create transcript folder", e) from e
        start = dict(start)
        if start.get("session_id") is not None:
            raise TranscriptError(f"{directory}: session_id is chosen by the writer")
        if key is not None:
            start["signing_key"] = signing.fingerprint(key.public_key())
        for _ in range(20):
            now = dt.datetime.now(dt.UTC)
            sid = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
            path = directory / f"{sid}.jsonl"
            start["session_id"] = sid
            payload = _validate(path, "session_start", start)
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_WRONLY, 0o600)
                break
            except FileExistsError:
                continue
            except OSError as e:
                raise _oserror(path, "create transcript", e) from e
        else:  # pragma: no cover - 20 collisions of 32 random bits in one second
            raise TranscriptError(f"{directory}: could not pick a unique session id")
        _lock(path, fd)
        _fsync_dir(directory)  # the new name must survive a power cut, not just the data
        w = cls(path, fd, sid, FIRST_SEQ - 1, GENESIS, set(), key, log)
        w._first("session_start", payload)
        w._logged(lambda lg: lg.opened(sid, path.name, str(payload["mode"]), w.head))
        return w

    def _logged(self, call: Any) -> None:
        """Record in the station log; a session the log does not know must not go on."""
        if self._log is None:
            return
        from assistant.audit.station_log import StationLogError

        try:
            call(self._log)
        except StationLogError as e:
            self.close()
            raise TranscriptError(f"{self._path}: cannot record in the station log: {e}") from e

    def _first(self, type: str, payload: dict) -> TranscriptWriter:
        try:
            self._write(type, payload)
        except TranscriptError:
            self.close()
            raise
        return self

    @classmethod
    def resume(cls, path: Path, by: str, reason: str, signing_key: Path | None = None,
               log: Any = None, extra: dict | None = None) -> TranscriptWriter:
        """Reopen an interrupted session (no session_end); check its chain; append `resume`.

        With `log`, a session whose close the station log records is refused (a file cut back
        to before its end cannot be re-finished), and the resume is recorded there too.
        """
        from assistant.audit.verify import scan_file  # late: verify imports this module

        path = Path(path)
        key = cls._load_key(signing_key)
        payload = _validate(path, "resume", {"by": by, "reason": reason, "meaning": "resumed",
                                             **(extra or {})})
        try:
            fd = os.open(path, os.O_APPEND | os.O_WRONLY)
        except OSError as e:
            raise _oserror(path, "reopen transcript", e) from e
        _lock(path, fd)  # before reading: nobody may append between our check and our write
        sc = scan_file(path)
        fp = signing.fingerprint(key.public_key()) if key is not None else None
        why = None
        if sc.partial_tail:
            why = "its last line is incomplete"
        elif sc.status == "complete":
            why = "the session has already ended"
        elif sc.status != "interrupted":
            why = f"{sc.status}: line {sc.line}: {sc.reason}"
        elif fp != sc.signing_key:
            why = f"started with signing key {sc.signing_key or 'none'}, given {fp or 'none'}"
        elif log is not None and (done := log.closed_entry(sc.session_id or path.stem)):
            why = (f"the station log records its close at line {done[0]} (the file was cut"
                   " back after it ended)")
        if why:
            os.close(fd)
            raise TranscriptError(f"{path}: cannot resume: {why}")
        sid = sc.session_id or path.stem
        w = cls(path, fd, sid, sc.last_seq, sc.head, sc.answers, key, log)
        w._first("resume", payload)
        w._logged(lambda lg: lg.resumed(sid, by, reason, sc.head, w.head))
        return w

    def append(self, type: str, payload: dict) -> Event:
        """Validate and write one event; it is on disk (fsynced) when this returns."""
        if type in _INTERNAL:
            raise TranscriptError(f"{self._path}: {type} is written by the writer itself")
        data = _validate(self._path, type, payload)
        if type == "correction" and data["corrects"] not in self._answers:
            raise TranscriptError(
                f"{self._path}: correction.corrects={data['corrects']} is not an earlier answer"
                " or correction event")
        return self._write(type, data)

    def finish(self, outcome_payload: dict | None, reason: str = "finished") -> None:
        """Write `outcome` (if given), `session_end`, then `signature` if a key is set; close."""
        if outcome_payload is not None:
            self.append("outcome", outcome_payload)
        self._write("session_end", _validate(self._path, "session_end", {"reason": reason}))
        self._ended = True
        if self._key is not None:
            self._write("signature", signing.signature_payload(self._head, self._key))
        outcome = outcome_payload.get("outcome") if outcome_payload else None
        self._logged(lambda lg: lg.closed(self._session_id, reason, outcome, self._head,
                                          self._seq))
        self.close()

    def close(self) -> None:
        """Close the file without ending the session (it then verifies as interrupted)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> TranscriptWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, type: str, payload: dict) -> Event:
        with self._lock:
            return self._write_locked(type, payload)

    def _write_locked(self, type: str, payload: dict) -> Event:
        if self._broken:
            raise TranscriptError(f"{self._path}: writer stopped after an error: {self._broken}")
        if self._fd < 0 or (self._ended and type != "signature"):
            raise TranscriptError(f"{self._path}: session already closed")
        seq, ts = self._seq + 1, _now()
        h = event_hash(seq, ts, type, payload, self._head)
        ev = {"seq": seq, "ts": ts, "type": type, "payload": payload, "prev": self._head, "hash": h}
        data = (canonical(ev) + "\n").encode("utf-8")
        if len(data) > MAX_LINE_BYTES:  # verify refuses such a line: never write one
            raise TranscriptError(f"{self._path}: {type} event larger than {MAX_LINE_BYTES} bytes")
        start = -1
        try:
            start = os.fstat(self._fd).st_size  # O_APPEND: every write lands at the end
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as e:
            err = _oserror(self._path, f"write {type} event", e)
            self._broken = str(err)
            _roll_back(self._fd, start)
            raise err from e
        self._seq, self._head = seq, h
        if type in ("answer", "correction"):  # what a later correction may point at
            self._answers.add(seq)
        return Event(**ev)


def _roll_back(fd: int, size: int) -> None:
    """Cut a failed append back to the last whole line (ENOSPC, EFBIG, EIO), so the file stays
    a sound, resumable (interrupted) session instead of ending in half an event."""
    if size < 0:
        return
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError:
        pass  # nothing more can be done here; verify reports the partial line, resume refuses


def _lock(path: Path, fd: int) -> None:
    # One writer per file: two interleaved chains would make both unverifiable.
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        raise TranscriptError(f"{path}: session is open in another process") from e


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the data itself is synced
    finally:
        os.close(fd)


# --- reading and dialog copies -------------------------------------------------------------


def read_events(path: Path) -> list[Event]:
    """All complete events of a transcript, in file order (an incomplete last line is skipped).

    This reads, it does not verify: use `assistant.audit.verify.verify_file` for that.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_READ_BYTES:
            raise TranscriptError(f"{path}: larger than {MAX_READ_BYTES} bytes: not a transcript")
        data = path.read_bytes()
    except OSError as e:
        raise _oserror(path, "read transcript", e) from e
    lines = data.split(b"\n")
    events = []
    for n, raw in enumerate(lines[:-1], 1):  # the last piece is "" or an incomplete line
        try:
            events.append(Event.model_validate_json(raw))
        except ValidationError as e:
            msg = e.errors()[0]["msg"]
            raise TranscriptError(f"{path}:{n}: not a transcript event: {msg}") from e
    return events


def store_dialog_copy(dialog_path: Path, transcripts_dir: Path) -> Path:
    """Keep a read-only copy of the dialog at `<transcripts_dir>/dialogs/<sha256>.yaml`.

    Created once per content hash, so a transcript's `dialog_hash` always names a findable file.
    """
    try:
        data = Path(dialog_path).read_bytes()
    except OSError as e:
        raise _oserror(Path(dialog_path), "read dialog", e) from e
    digest = hashlib.sha256(data).hexdigest()
    folder = Path(transcripts_dir) / "dialogs"
    dest = folder / f"{digest}.yaml"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not dest.exists():
            tmp = folder / f".{digest}.{secrets.token_hex(4)}.tmp"
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o400)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, dest)  # atomic and exclusive: never replaces an existing copy
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        if hashlib.sha256(dest.read_bytes()).hexdigest() != digest:
            raise TranscriptError(f"{dest}: stored dialog copy does not match its hash")
    except OSError as e:
        raise _oserror(dest, "store dialog copy", e) from e
    return dest
