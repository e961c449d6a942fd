"""Checking a transcripts folder against its station log.

`check_folder` walks the log's chain, checks its signed head (and a head the reviewer pinned),
then holds every session file against what the log recorded: each opened session must still be
there under its own name, start with the first event recorded, and, once closed, end with the
recorded last hash and line count; every file must have been opened in this log. What it finds
is a list of `Finding`s, each naming the file and, where there is one, the line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.audit import signing
from assistant.audit.station_log import (
    ENTRY_TYPES,
    HEAD_NAME,
    LOG_NAME,
    StationLogError,
    head_signature_ok,
    read_head,
)
from assistant.audit.transcript import EVENT_KEYS, GENESIS, canonical, event_hash
from assistant.audit.verify import Scan, scan_file


@dataclass
class Finding:
    """One problem: `label` (MISSING, TAMPERED, LOG), the file, the line if any, and why."""

    label: str
    path: Path
    line: int | None
    reason: str

    def describe(self) -> str:
        """One line, as `prescreen verify` prints it."""
        where = f" line {self.line}" if self.line is not None else ""
        return f"{self.label} {self.path}{where}: {self.reason}"


@dataclass
class _Session:
    opened_line: int
    file: str
    start_hash: str
    closed: tuple[int, dict] | None = None
    resumes: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class LogState:
    """What the log of one folder says, and what is wrong with the log itself."""

    folder: Path
    present: bool = False
    entries: int = 0
    root: str = GENESIS
    head: dict | None = None
    problems: list[Finding] = field(default_factory=list)
    sessions: dict[str, _Session] = field(default_factory=dict)
    hashes: list[str] = field(default_factory=list)


def _walk_log(state: LogState, data: bytes) -> None:
    path = state.folder / LOG_NAME
    raws = data.split(b"\n")
    if raws.pop() != b"":
        state.problems.append(
            Finding(
                "LOG", path, len(raws) + 1, "last line incomplete (station log cut off mid-line)"
            )
        )
    prev = GENESIS
    for n, raw in enumerate(raws, 1):
        try:
            e = json.loads(raw)
        except ValueError:
            e = None
        bad = None
        if not isinstance(e, dict) or e.keys() != EVENT_KEYS or not isinstance(e["payload"], dict):
            bad = "not a station log entry (line edited)"
        elif e["type"] not in ENTRY_TYPES:
            bad = f"unknown entry type {e['type']!r}"
        elif event_hash(e["seq"], e["ts"], e["type"], e["payload"], e["prev"]) != e["hash"]:
            bad = "hash mismatch (entry edited)"
        elif canonical(e).encode("utf-8") != raw:
            bad = "entry edited (not in canonical form)"
        elif e["seq"] != n or e["prev"] != prev:
            bad = "chain broken (an entry removed, inserted or reordered)"
        if bad:
            state.problems.append(Finding("LOG", path, n, bad))
            return
        prev = e["hash"]
        state.hashes.append(prev)
        state.entries, state.root = n, prev
        _record(state, n, e["type"], e["payload"])


def _record(state: LogState, n: int, typ: str, p: dict) -> None:
    sid = str(p.get("session_id"))
    if typ == "opened":
        state.sessions[sid] = _Session(n, str(p.get("file")), str(p.get("start_hash")))
    elif typ in ("resumed", "closed") and sid in state.sessions:
        s = state.sessions[sid]
        if typ == "resumed":
            if s.closed is not None:
                state.problems.append(
                    Finding(
                        "LOG",
                        state.folder / LOG_NAME,
                        n,
                        f"{sid} resumed after its close at line {s.closed[0]}",
                    )
                )
            s.resumes.append((n, p))
        elif s.closed is None:
            s.closed = (n, p)


def _check_head(
    state: LogState, head: dict, key: signing.Ed25519PublicKey | None, what: str, where: Path
) -> None:
    size, root = head.get("size"), head.get("root")
    if key is None:
        state.problems.append(
            Finding("LOG", where, None, f"{what} not checked: no station.pub or --public-key")
        )
        return
    if not head_signature_ok(head, key):
        state.problems.append(
            Finding("LOG", where, None, f"{what}: signature does not verify with the station key")
        )
        return
    if not isinstance(size, int) or size < 1:
        state.problems.append(Finding("LOG", where, None, f"{what}: size is not a count"))
    elif size > state.entries:
        state.problems.append(
            Finding(
                "LOG",
                state.folder / LOG_NAME,
                state.entries + 1,
                f"station log cut back: the {what} (signed {head.get('ts')}) covers {size}"
                f" entries, the log has {state.entries} intact",
            )
        )
    elif state.hashes[size - 1] != root:
        state.problems.append(
            Finding(
                "LOG",
                state.folder / LOG_NAME,
                size,
                f"station log rewritten: entry {size} differs from the {what} (signed"
                f" {head.get('ts')})",
            )
        )


def check_log(
    folder: Path, key: signing.Ed25519PublicKey | None, pinned: dict | None = None
) -> LogState:
    """Walk `<folder>/station.log`, check its head and (if given) the reviewer's pinned head."""
    state = LogState(Path(folder))
    path = state.folder / LOG_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return state
    except OSError as e:
        state.problems.append(Finding("LOG", path, None, f"cannot read: {e.strerror}"))
        return state
    state.present = True
    _walk_log(state, data)
    head_path = state.folder / HEAD_NAME
    try:
        state.head = read_head(head_path)
    except StationLogError as e:
        state.problems.append(Finding("LOG", head_path, None, str(e)))
    if state.head is None and not state.problems:
        state.problems.append(Finding("LOG", head_path, None, "signed head missing"))
    elif state.head is not None:
        _check_head(state, state.head, key, "signed head", head_path)
        if not state.problems and state.head.get("size") != state.entries:
            state.problems.append(
                Finding(
                    "LOG",
                    path,
                    int(state.head.get("size", 0)) + 1,
                    f"{state.entries - int(state.head.get('size', 0))} entries after the"
                    " signed head (added without the station key)",
                )
            )
    if pinned is not None:
        _check_head(state, pinned, key, "pinned head", path)
    return state


def check_session(state: LogState, path: Path, sc: Scan | None = None) -> list[Finding]:
    """Hold one session file against the log of its folder."""
    sc = sc or scan_file(path)
    sid = path.name.removesuffix(".jsonl")
    rec = state.sessions.get(sid)
    if rec is None:
        return [
            Finding(
                "TAMPERED",
                path,
                1,
                "not in the station log (a file added or copied in from elsewhere)",
            )
        ]
    log = state.folder / LOG_NAME
    if sc.first_hash is not None and sc.first_hash != rec.start_hash:
        return [
            Finding(
                "TAMPERED",
                path,
                1,
                f"replaced: its first event is not the one the"
                f" station log recorded at line {rec.opened_line}",
            )
        ]
    for n, p in rec.resumes:
        if p.get("resume_hash") not in sc.resumes:
            return [
                Finding(
                    "TAMPERED",
                    path,
                    sc.events + 1,
                    f"rolled back: the resume recorded at {log.name} line {n} is gone",
                )
            ]
    if rec.closed is not None:
        n, p = rec.closed
        want_events, want_hash = p.get("events"), p.get("last_hash")
        if sc.events == want_events and sc.head == want_hash and not sc.partial_tail:
            return []
        cut = sc.status != "complete" and (sc.partial_tail or sc.events < int(want_events or 0))
        if cut:
            return [
                Finding(
                    "TAMPERED",
                    path,
                    sc.events + 1,
                    f"cut back: {log.name} line {n} records its close after"
                    f" {want_events} lines, the file has {sc.events} intact",
                )
            ]
        return [
            Finding(
                "TAMPERED",
                path,
                min(sc.events, int(want_events or 1)),
                f"differs from the close recorded at {log.name} line {n}"
                " (rewritten or rolled back and re-finished)",
            )
        ]
    if sc.status == "complete":
        return [
            Finding(
                "TAMPERED",
                path,
                sc.events,
                "finished in the file but its close is not in the station log",
            )
        ]
    return []


def missing_sessions(state: LogState, present: set[str]) -> list[Finding]:
    """Sessions the log opened whose file is gone (deleted or renamed), naming any look-alike."""
    out = []
    for sid, rec in state.sessions.items():
        if sid in present:
            continue
        path = state.folder / rec.file
        look = sorted(p.name for p in state.folder.glob(f"{sid}*") if p.name != rec.file)
        hint = f"; found as {', '.join(look)}" if look else ""
        out.append(
            Finding(
                "MISSING",
                path,
                None,
                f"deleted or renamed: opened at {LOG_NAME} line {rec.opened_line}{hint}",
            )
        )
    return out
