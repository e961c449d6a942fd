"""Collecting sessions from transcript folders through the index: verify once, then reuse.

Every file under the folders is looked at. Transcripts (what `assistant.verify.iter_transcripts`
yields) are verified with `assistant.verify.verify_file` and, when they verify, read into a
`SessionRow`; any other file is rejected as not a transcript. Skipped: hidden files and folders
(the index itself), and the dialog copies under `dialogs/` that sessions keep.

Work is done only for files the index does not already know in their current form (size,
mtime, ctime; else the SHA-256), and in parallel processes when there are many.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from assistant import signing
from assistant.review.screening_log import SessionRow, read_session
from assistant.review.store import Entry, Store, open_store
from assistant.transcript import TranscriptError
from assistant.verify import VerifyResult, iter_transcripts, verify_file

PARALLEL_FROM = 400  # files to examine before worker processes pay for their start-up
_DIALOG_COPY = re.compile(r"^[0-9a-f]{64}\.yaml$")


@dataclass
class Collected:
    """What a collection found, over every folder."""

    files: int = 0
    rows: list[SessionRow] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    examined: int = 0  # files verified and read this time (not taken from the index)
    reused: int = 0  # files taken from the index unchanged
    indexes: list[str] = field(default_factory=list)


def why_rejected(r: VerifyResult) -> str:
    """A short reason a person can act on: `tampered at line 12: hash mismatch (line edited)`."""
    if (
        r.line == 1
        and r.status in ("tampered", "interrupted")
        and (
            "not valid JSON" in r.reason
            or "not a transcript" in r.reason
            or "empty file" in r.reason
            or "session_start" in r.reason
        )
    ):
        return f"not a transcript (line 1: {r.reason})"
    where = f" at line {r.line}" if r.line is not None else ""
    return f"{r.status.replace('_', ' ')}{where}: {r.reason}"


def _walk(folder: Path) -> tuple[list[tuple[str, os.stat_result]], set[str]]:
    """(relative path, stat) of every regular file to consider, and the transcripts among them."""
    transcripts = {os.path.relpath(p, folder) for p in iter_transcripts([folder])}
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        in_dialogs = os.path.basename(root) == "dialogs"
        for name in sorted(files):
            if name.startswith(".") or (in_dialogs and _DIALOG_COPY.match(name)):
                continue
            full = os.path.join(root, name)
            try:
                st = os.stat(full, follow_symlinks=False)
            except OSError:
                continue
            if os.path.isfile(full):
                found.append((os.path.relpath(full, folder), st))
    return found, transcripts


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_KEYS: dict[str, object] = {}


def _examine(job: tuple[str, str, int, int, int, bool, str | None, str, str | None]) -> Entry:
    """Verify and read one file (runs in a worker process when there are many)."""
    folder, rel, size, mtime, ctime, is_transcript, key_path, key_fp, known_sha = job
    full = os.path.join(folder, rel)
    try:
        sha = _sha256(full)
    except OSError as e:
        return Entry(rel, size, mtime, ctime, "", key_fp, False, f"unreadable: {e.strerror}", None)
    if not is_transcript:
        return Entry(
            rel,
            size,
            mtime,
            ctime,
            sha,
            key_fp,
            False,
            "not a transcript (not a .jsonl file)",
            None,
        )
    if key_path is not None and key_path not in _KEYS:
        _KEYS[key_path] = signing.load_public_key(Path(key_path))
    r = verify_file(Path(full), _KEYS.get(key_path) if key_path else None)  # type: ignore[arg-type]
    if not r.ok:
        return Entry(rel, size, mtime, ctime, sha, key_fp, False, why_rejected(r), None)
    if r.session_id and r.session_id != Path(rel).stem:
        return Entry(
            rel,
            size,
            mtime,
            ctime,
            sha,
            key_fp,
            False,
            f"file name does not match its session_id {r.session_id} (renamed?)",
            None,
        )
    try:
        row = read_session(Path(full), r.status, name=rel)
    except (TranscriptError, KeyError, IndexError) as e:
        return Entry(rel, size, mtime, ctime, sha, key_fp, False, f"unreadable: {e}", None)
    return Entry(rel, size, mtime, ctime, sha, key_fp, True, "", row.to_json())


def _run(jobs: list, workers: int | None) -> list[Entry]:
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1 or len(jobs) < PARALLEL_FROM:
        return [_examine(j) for j in jobs]
    # spawn, not fork: the dashboard calls this from a program that may hold threads.
    with ProcessPoolExecutor(n, mp_context=get_context("spawn")) as pool:
        return list(pool.map(_examine, jobs, chunksize=64))


def collect_folder(
    folder: Path,
    store: Store,
    *,
    public_key: Path | None = None,
    workers: int | None = None,
    out: Collected | None = None,
) -> Collected:
    """Bring the index of one folder up to date and add its sessions and rejections to `out`."""
    out = out if out is not None else Collected()
    key_fp = signing.fingerprint(signing.load_public_key(public_key)) if public_key else ""
    key_path = str(public_key) if public_key else None
    found, transcripts = _walk(folder)
    known = store.load()
    todo, keep, touched = [], [], []
    for rel, st in found:
        e = known.get(rel)
        same_stat = e is not None and (e.size, e.mtime_ns, e.ctime_ns) == (
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
        )
        if e is not None and e.key == key_fp and same_stat:
            keep.append(e)
            continue
        todo.append(
            (
                str(folder),
                rel,
                st.st_size,
                st.st_mtime_ns,
                st.st_ctime_ns,
                rel in transcripts,
                key_path,
                key_fp,
                e.sha256 if e else None,
            )
        )
    fresh = []
    for e in _run(todo, workers):
        old = known.get(e.path)
        if old is not None and old.key == e.key and old.sha256 == e.sha256 and e.sha256:
            # Same bytes (copied, touched): keep the earlier verdict, remember the new stat.
            old.size, old.mtime_ns, old.ctime_ns = e.size, e.mtime_ns, e.ctime_ns
            e = old
        fresh.append(e)
        touched.append(e)
    gone = set(known) - {rel for rel, _ in found}
    store.save(touched, gone)
    out.files += len(found)
    out.examined += len(todo)
    out.reused += len(keep)
    for e in sorted(keep + fresh, key=lambda x: x.path):
        shown = str(Path(folder) / e.path)
        if e.ok and e.row is not None:
            row = SessionRow.from_json(e.row)
            row.file = shown
            out.rows.append(row)
        else:
            out.rejected.append({"file": shown, "why": e.why})
    return out


def collect(
    folders: Sequence[Path] | Iterable[Path],
    *,
    public_key: Path | None = None,
    rebuild: bool = False,
    use_index: bool = True,
    workers: int | None = None,
) -> Collected:
    """Sessions and rejections over every folder (a file given instead of a folder: no index)."""
    out = Collected()
    for folder in map(Path, folders):
        if folder.is_file():
            store: Store = open_store(folder.parent, use_file=False)
            _collect_one_file(folder, store, public_key, out)
            continue
        store = open_store(folder, use_file=use_index)
        try:
            if rebuild:
                store.clear()
            path = getattr(store, "path", None)
            if path is not None:
                out.indexes.append(str(path))
            collect_folder(folder, store, public_key=public_key, workers=workers, out=out)
        finally:
            store.close()
    out.rows.sort(key=lambda r: (r.started, r.file))
    return out


def _collect_one_file(path: Path, store: Store, public_key: Path | None, out: Collected) -> None:
    key_fp = signing.fingerprint(signing.load_public_key(public_key)) if public_key else ""
    st = path.stat()
    e = _examine(
        (
            str(path.parent),
            path.name,
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
            path.suffix == ".jsonl",
            str(public_key) if public_key else None,
            key_fp,
            None,
        )
    )
    out.files += 1
    out.examined += 1
    if e.ok and e.row is not None:
        row = SessionRow.from_json(e.row)
        row.file = str(path)
        out.rows.append(row)
    else:
        out.rejected.append({"file": str(path), "why": e.why})
