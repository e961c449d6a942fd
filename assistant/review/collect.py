"""Collecting sessions from transcript folders through the index: verify once, then reuse.

Every file under the folders is looked at. Transcripts (what
`assistant.audit.verify.iter_transcripts` yields) are verified with
`assistant.audit.verify.verify_file` and, when they verify, read into a
`SessionRow`; any other file is rejected as not a transcript. Skipped: hidden files and folders
(the index itself), and the dialog copies under `dialogs/` that sessions keep.

Work is done only for files the index does not already know in their current form (size,
mtime, ctime; else the SHA-256), and in parallel processes when there are many.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from assistant.audit import signing
from assistant.audit.keys import PUBLIC_NAME
from assistant.audit.station_log import HEAD_NAME, LOG_NAME
from assistant.audit.transcript import TranscriptError
from assistant.audit.verify import VerifyResult, verify_file
from assistant.review.screening_log import Filters, SessionRow, Tally, read_session
from assistant.review.store import Entry, Store, open_store, stat_key

# Files to examine before worker processes pay for their start-up.
PARALLEL_FROM = {"fork": 40, "spawn": 400}
_DIALOG_COPY = re.compile(r"^[0-9a-f]{64}\.yaml$")
# The station's own files beside the transcripts (its public key, the station log and its head):
# part of the folder, not sessions, so neither counted nor rejected.
STATION_FILES = frozenset({PUBLIC_NAME, LOG_NAME, HEAD_NAME})


@dataclass
class Collected:
    """What a collection found, over every folder."""

    files: int = 0
    verified: int = 0
    tally: Tally = field(default_factory=Tally)
    rows: list[SessionRow] = field(default_factory=list)  # only when asked for
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


def _walk(folder: Path, pubs: list[str] | None = None) -> list[tuple[str, os.stat_result]]:
    """(relative path, stat) of every regular file to consider, in no particular order.

    The paths of the `station.pub` files met on the way are added to `pubs`.

    `os.scandir` rather than `iter_transcripts` + `stat`: a re-report of 100,000 files is
    mostly this walk. Which of them are transcripts follows `iter_transcripts`' rule (a
    `*.jsonl` file); a test holds the two to the same set.
    """
    found = []
    stack = [("", os.fspath(folder))]
    while stack:
        rel_dir, path = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        in_dialogs = os.path.basename(path) == "dialogs"
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append((rel_dir + e.name + os.sep, e.path))
                    continue
                if e.name == "station.pub" and pubs is not None:
                    pubs.append(e.path)
                if (
                    (in_dialogs and _DIALOG_COPY.match(e.name))
                    or e.name in STATION_FILES
                    or not e.is_file()
                ):
                    continue
                found.append((rel_dir + e.name, e.stat()))
            except OSError:
                continue
    return found


def is_transcript(rel: str) -> bool:
    """A transcript file by name, as `assistant.audit.verify.iter_transcripts` picks them."""
    return rel.endswith(".jsonl")


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_KEYS: dict[str, object] = {}


def _examine(job: tuple[str, str, int, int, int, bool, str | None, str]) -> Entry:
    """Verify and read one file (runs in a worker process when there are many)."""
    folder, rel, size, mtime, ctime, transcript, key_path, key_fp = job
    full = os.path.join(folder, rel)
    try:
        sha = _sha256(full)
    except OSError as e:
        return Entry(rel, size, mtime, ctime, "", key_fp, False, f"unreadable: {e.strerror}", None)
    if not transcript:
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
    n = min(workers if workers is not None else (os.cpu_count() or 1), max(1, len(jobs)))
    # fork is cheap but unsafe in a program with threads (the dashboard reads in one): spawn
    # there, and only when there is enough work to pay for starting the interpreters.
    method = "fork" if threading.active_count() == 1 else "spawn"
    if n <= 1 or len(jobs) < PARALLEL_FROM[method]:
        return [_examine(j) for j in jobs]
    chunk = max(1, min(64, len(jobs) // (4 * n)))
    with ProcessPoolExecutor(n, mp_context=get_context(method)) as pool:
        return list(pool.map(_examine, jobs, chunksize=chunk))


def _key_tag(public_key: Path | None, pubs: list[str]) -> str:
    """What a verdict depended on: the given key, or the station keys beside the files.

    Without `--public-key` the verifier may check signatures with the `station.pub` beside
    each file, so a changed `station.pub` must make the index verify the folder again.
    """
    if public_key:
        return signing.fingerprint(signing.load_public_key(public_key))
    h = hashlib.sha256()
    for pub in sorted(pubs):
        try:
            h.update(pub.encode() + b"\0" + Path(pub).read_bytes())
        except OSError:
            continue
    return "" if h.digest() == hashlib.sha256().digest() else "beside:" + h.hexdigest()[:32]


def _update(
    folder: Path, store: Store, public_key: Path | None, workers: int | None, out: Collected
) -> None:
    """Bring the index of one folder up to date with its files."""
    pubs: list[str] = []
    found = _walk(folder, pubs)
    key_fp = _key_tag(public_key, pubs)
    key_path = str(public_key) if public_key else None
    known = store.stats()
    todo = []
    for rel, st in found:
        if known.get(rel) == stat_key(st.st_size, st.st_mtime_ns, st.st_ctime_ns, key_fp):
            continue
        todo.append(
            (
                str(folder),
                rel,
                st.st_size,
                st.st_mtime_ns,
                st.st_ctime_ns,
                is_transcript(rel),
                key_path,
                key_fp,
            )
        )
    fresh = []
    for e in _run(todo, workers):
        k = known.get(e.path)
        if (
            k is not None
            and k.endswith(":" + e.key)
            and e.sha256
            and store.sha256(e.path) == e.sha256
        ):
            # Same bytes (copied, touched): keep the earlier verdict, remember the new stat.
            store.touch(e.path, e.size, e.mtime_ns, e.ctime_ns)
        else:
            fresh.append(e)
    store.save(fresh, set(known) - {rel for rel, _ in found})
    out.examined += len(todo)
    out.reused += len(found) - len(todo)


def collect(
    folders: Sequence[Path] | Iterable[Path],
    *,
    public_key: Path | None = None,
    filters: Filters | None = None,
    rows: bool = False,
    rebuild: bool = False,
    use_index: bool = True,
    workers: int | None = None,
) -> Collected:
    """Counts and rejections over every folder inside `filters`; with `rows`, the sessions too.

    A file given instead of a folder is examined without keeping an index.
    """
    out = Collected()
    filters = filters or Filters()
    for target in map(Path, folders):
        single = target.is_file()
        folder = target.parent if single else target
        store = open_store(folder, use_file=use_index and not single)
        try:
            if single:
                st = target.stat()
                e = _examine(
                    (
                        str(folder),
                        target.name,
                        st.st_size,
                        st.st_mtime_ns,
                        st.st_ctime_ns,
                        is_transcript(target.name),
                        str(public_key) if public_key else None,
                        signing.fingerprint(signing.load_public_key(public_key))
                        if public_key
                        else "",
                    )
                )
                store.save([e], [])
                out.examined += 1
            else:
                if rebuild:
                    store.clear()
                if store.path is not None:
                    out.indexes.append(str(store.path))
                _update(folder, store, public_key, workers, out)
            t, files, verified = store.tally(filters)
            out.tally.merge(t)
            out.files += files
            out.verified += verified
            out.rejected += [
                {"file": os.path.join(folder, p), "why": why} for p, why in store.rejected()
            ]
            if rows:
                for r in store.rows(filters):
                    r.file = os.path.join(folder, r.file)
                    out.rows.append(r)
        finally:
            store.close()
    out.rows.sort(key=lambda r: (r.started, r.file))
    return out
