"""Checking transcripts: the hash chain, completeness and (given a public key) the signature.

The hot path is plain `json` + `hashlib` (no pydantic per line) so a folder of thousands of
transcripts verifies in seconds. Line numbers are 1-based, as a text editor shows them.

Statuses: `signed_ok` (complete, intact, signature valid with the given key or the station's
`station.pub` beside the file; the only ok status by default), `unchecked` (signed, but no key
to check it with: never ok), `unsigned` (complete, intact, no signature: ok only when the caller
allows unsigned files), `tampered`, `interrupted` (no closing event or a cut-off last line),
`bad_signature`, `unreadable`. Cross-session checks (deleted, renamed, replaced, cut-back
files) are the station log's: `assistant.audit.log_check`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from assistant.audit import signing
from assistant.audit.chain import (
    EVENT_KEYS,
    FIRST_SEQ,
    GENESIS,
    MAX_LINE_BYTES,
    MAX_READ_BYTES,
    canonical,
    event_hash,
)
from assistant.audit.events import PAYLOADS

MAX_FILE_BYTES = MAX_READ_BYTES

OK_STATUSES = frozenset({"signed_ok", "unsigned"})  # unsigned: only when allowed

# Required payload keys per type, from the writer's models (so the two cannot drift apart).
_REQUIRED = {
    t: frozenset(f.alias or name for name, f in m.model_fields.items() if f.is_required())
    for t, m in PAYLOADS.items()
}


@dataclass
class Scan:
    """What a chain walk found; `status` is complete|interrupted|tampered|bad_signature."""

    status: str = "complete"
    line: int | None = None
    reason: str = ""
    events: int = 0
    last_seq: int = FIRST_SEQ - 1
    head: str = GENESIS
    answers: set[int] = field(default_factory=set)  # seqs a correction may point at
    session_id: str | None = None
    signing_key: str | None = None  # fingerprint declared in session_start
    signature: dict | None = None
    signature_line: int | None = None
    partial_tail: bool = False
    first_hash: str | None = None  # hash of line 1 (the station log records it at opening)
    resumes: list[str] = field(default_factory=list)  # hashes of the resume events


@dataclass
class VerifyResult:
    """The verdict on one file."""

    path: Path
    ok: bool
    status: str
    line: int | None = None  # first bad line (1-based), None when ok
    reason: str = ""
    events: int = 0
    fingerprint: str | None = None  # of the key in the signature event, if any
    session_id: str | None = None


class _Bad(Exception):
    def __init__(self, line: int, reason: str, status: str = "tampered") -> None:
        super().__init__(reason)
        self.line, self.reason, self.status = line, reason, status


def _diagnose(i: int, objs: list, raws: list[bytes], expect: int, head: str) -> _Bad:
    """Name the likely cause when line i+1 does not continue the chain."""
    n, obj = i + 1, objs[i]
    seq = obj["seq"]
    if seq == expect:
        return _Bad(n, "prev hash mismatch (a line before it was removed, inserted or replaced)")
    if seq > expect:
        later = [o["seq"] for o in objs[i + 1:] if isinstance(o, dict) and "seq" in o]
        if expect in later:
            return _Bad(n, f"lines reordered (seq {seq} where {expect} was expected)")
        return _Bad(n, f"line(s) removed (seq jumps from {expect - 1} to {seq})")
    if i > 0 and raws[i] == raws[i - 1]:
        return _Bad(n, f"line inserted (duplicate of line {n - 1})")
    before = objs[i - 1] if i > 0 else None
    if isinstance(before, dict) and before.get("seq") == seq and before.get("prev") == obj["prev"]:
        return _Bad(n - 1, f"line inserted (line {n} continues the chain from line {n - 2})")
    return _Bad(n, f"seq {seq} repeats or goes back (line inserted or reordered)")


def _walk(data: bytes, sc: Scan) -> None:
    raws = data.split(b"\n")
    tail = raws.pop()  # b"" when the file ends with a newline, as every complete file does
    sc.partial_tail = tail != b""
    if not raws and not sc.partial_tail:
        raise _Bad(1, "empty file (no session_start)", "interrupted")
    objs: list = []
    for raw in raws:
        try:
            objs.append(json.loads(raw))
        except ValueError:  # includes bad UTF-8
            objs.append(None)
    head, expect, ended = GENESIS, FIRST_SEQ, False
    for i, obj in enumerate(objs):
        n = i + 1
        if obj is None:
            raise _Bad(n, "not valid JSON (line edited)")
        if not isinstance(obj, dict) or obj.keys() != EVENT_KEYS:
            raise _Bad(n, "not a transcript event (wrong fields; line edited)")
        seq, typ, payload = obj["seq"], obj["type"], obj["payload"]
        prev, h = obj["prev"], obj["hash"]
        if (type(seq) is not int or not isinstance(payload, dict)
                or not all(isinstance(x, str) for x in (obj["ts"], typ, prev, h))):
            raise _Bad(n, "malformed event (wrong field types; line edited)")
        if typ not in PAYLOADS:
            raise _Bad(n, f"unknown event type {typ!r}")
        if event_hash(seq, obj["ts"], typ, payload, prev) != h:
            raise _Bad(n, "hash mismatch (line edited)")
        if canonical(obj).encode("utf-8") != raws[i]:
            raise _Bad(n, "line edited (not in canonical form)")
        if seq != expect or prev != head:
            raise _diagnose(i, objs, raws, expect, head)
        missing = _REQUIRED[typ] - payload.keys()
        if missing:
            raise _Bad(n, f"{typ} payload lacks {', '.join(sorted(missing))}")
        if (i == 0) != (typ == "session_start"):
            raise _Bad(n, "session_start must be the first event, and only the first")
        if sc.signature is not None:
            raise _Bad(n, "event after the signature")
        if ended and typ != "signature":
            raise _Bad(n, f"{typ} event after session_end")
        if typ == "session_start":
            sc.session_id, sc.signing_key = payload.get("session_id"), payload.get("signing_key")
            sc.first_hash = h
        elif typ == "resume":
            sc.resumes.append(h)
        elif typ == "correction" and payload["corrects"] not in sc.answers:
            raise _Bad(n, f"correction points at seq {payload['corrects']}, not an answer")
        elif typ == "session_end":
            ended = True
        elif typ == "signature":
            if not ended:
                raise _Bad(n, "signature before session_end")
            if payload["signed_hash"] != head:
                raise _Bad(n, "signature is over another chain head")
            if sc.signing_key and payload["public_key_fingerprint"] != sc.signing_key:
                raise _Bad(n, "signature key differs from the one session_start declares",
                           "bad_signature")
            sc.signature, sc.signature_line = payload, n
        if typ in ("answer", "correction"):
            sc.answers.add(seq)
        head, expect = h, seq + 1
        sc.head, sc.last_seq, sc.events = h, seq, n
    end = len(objs) + 1
    if sc.partial_tail:
        raise _Bad(end, "last line incomplete (file cut off)", "interrupted")
    if not ended:
        raise _Bad(end, f"no session_end after line {len(objs)} (session interrupted)",
                   "interrupted")
    if sc.signing_key and sc.signature is None:
        raise _Bad(end, "signature missing although session_start declares a signing key"
                   " (removed, or the session stopped before signing)", "bad_signature")


def scan_bytes(data: bytes) -> Scan:
    """Walk a transcript's chain; stops at the first problem."""
    sc = Scan()
    try:
        _walk(data, sc)
    except _Bad as b:
        sc.status, sc.line, sc.reason = b.status, b.line, b.reason
    except RecursionError:  # absurdly nested JSON in an edited line
        sc.status, sc.line, sc.reason = "tampered", sc.events + 1, "malformed line"
    return sc


def _oversized(path: Path) -> Scan | None:
    """A tampered Scan if a line or the file exceeds its cap, found in one streaming pass
    (1 MiB at a time): a 1 GB line is refused without ever being held in memory."""
    line, length, total = 1, 0, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                return Scan(status="tampered", line=line,
                            reason=f"file larger than {MAX_FILE_BYTES} bytes")
            start = 0
            while (nl := chunk.find(b"\n", start)) >= 0:
                if length + nl - start > MAX_LINE_BYTES:
                    break
                line, length, start = line + 1, 0, nl + 1
            else:
                length += len(chunk) - start
                if length <= MAX_LINE_BYTES:
                    continue
            return Scan(status="tampered", line=line,
                        reason=f"line longer than {MAX_LINE_BYTES} bytes (no event is)")
    return None


def scan_file(path: Path) -> Scan:
    """`scan_bytes` on a file; status `unreadable` if it cannot be read."""
    try:
        big = _oversized(Path(path))
        if big is not None:
            return big
        data = Path(path).read_bytes()
    except OSError as e:
        return Scan(status="unreadable", reason=f"cannot read: {e.strerror or e}")
    return scan_bytes(data)


def _key(public_key: Path | Ed25519PublicKey | None) -> Ed25519PublicKey | None:
    if public_key is None or isinstance(public_key, Ed25519PublicKey):
        return public_key
    return signing.load_public_key(public_key)  # raises SigningError, naming the file


def _beside(path: Path) -> Ed25519PublicKey | None:
    from assistant.audit.keys import public_key_beside  # late: audit imports transcript

    found = public_key_beside(path)
    try:
        return signing.load_public_key(found) if found else None
    except signing.SigningError:
        return None  # an unreadable station.pub is as good as none: nothing is checked OK


def verify_file(path: Path, public_key: Path | Ed25519PublicKey | None = None, *,
                allow_unsigned: bool = False) -> VerifyResult:
    """Verify one transcript: ok only if complete, intact and validly signed.

    Without `public_key` the station key beside the file (`station.pub`) is used. A signature
    that cannot be checked (no key anywhere) is never ok; an unsigned file is ok only with
    `allow_unsigned`. The file name must be `<session_id>.jsonl`.
    """
    path = Path(path)
    key = _key(public_key) if public_key is not None else _beside(path)
    sc = scan_file(path)
    sig = sc.signature
    r = VerifyResult(path, False, sc.status, sc.line, sc.reason, sc.events,
                     sig["public_key_fingerprint"] if sig else None, sc.session_id)
    if (sc.status in ("complete", "interrupted") and sc.session_id is not None
            and sc.session_id != path.name.removesuffix(".jsonl")):
        r.status, r.line = "tampered", 1
        r.reason = (f"session_id {sc.session_id} differs from the file name (renamed, or another"
                    " session's file copied over it)")
        return r
    if sc.status != "complete":
        return r
    r.line = None
    if sig is None:
        r.status = "unsigned"
        r.ok = allow_unsigned and public_key is None
        r.reason = ("chain intact, complete, unsigned" if r.ok
                    else "unsigned, but a public key was given: a signature is required"
                    if public_key is not None
                    else "unsigned: a signature is required (--allow-unsigned to accept)")
        return r
    if key is None:
        r.status, r.line = "unchecked", sc.signature_line
        r.reason = ("signature not checked: no public key given and no station.pub beside the"
                    " transcript")
        return r
    want = signing.fingerprint(key)
    r.line, r.status = sc.signature_line, "bad_signature"
    if sig["public_key_fingerprint"] != want:
        r.reason = (f"signature from another key ({signing.key_id(sig['public_key_fingerprint'])},"
                    f" expected {signing.key_id(want)})")
    elif not signing.verify_signature(sig["signed_hash"], sig["signature"], key):
        r.reason = "bad signature (does not verify with the public key)"
    else:
        r.line, r.status, r.ok = None, "signed_ok", True
        r.reason = "chain intact, signature valid"
    return r


def iter_transcripts(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; directories recursively, their `*.jsonl` files in sorted order."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*.jsonl") if q.is_file())
        else:
            yield p


def verify_paths(paths: Iterable[Path], public_key: Path | Ed25519PublicKey | None = None, *,
                 allow_unsigned: bool = False) -> list[VerifyResult]:
    """Verify files and directories (recursing into `*.jsonl`); the key is loaded once."""
    key = _key(public_key)
    return [verify_file(p, key, allow_unsigned=allow_unsigned) for p in iter_transcripts(paths)]
