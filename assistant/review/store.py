"""The report's index: what each transcript file held when it was last verified and read.

The index is a cache, never the record: the signed transcript files stay the source of truth and
the index can be deleted or rebuilt from them at any time (`prescreen report --rebuild-index`).
One small interface, `Store`; the embedded default is `SQLiteStore` (standard library, one file
`<DIR>/.index.sqlite` beside the transcripts, owner-only, or `:memory:` for a folder that cannot
be written). A PostgreSQL store for many sites is one more class with the same methods: the
queries are plain SQL.

An entry is keyed by the file's path relative to its folder and remembers the file's size,
mtime and ctime (nanoseconds) and SHA-256, the public key it was verified with, the verdict and
the session row (in a table of its own). The counts are one `GROUP BY` in the database
(`tally`), so a re-report of 100,000 sessions does not build 100,000 Python objects.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.review.screening_log import Filters, SessionRow, Tally

SCHEMA_VERSION = 5
INDEX_NAME = ".index.sqlite"


def stat_key(size: int, mtime_ns: int, ctime_ns: int, key: str) -> str:
    """One string for what a verdict depends on (compared, never parsed)."""
    return f"{size}:{mtime_ns}:{ctime_ns}:{key}"


@dataclass
class Entry:
    """What the index knows about one file."""

    path: str  # relative to the folder the index belongs to
    size: int
    mtime_ns: int
    ctime_ns: int
    sha256: str
    key: str  # fingerprint of the public key it was verified with, "" for none
    ok: bool
    why: str  # the rejection reason when not ok
    row: dict[str, Any] | None  # SessionRow.to_json() when ok


class Store(Protocol):
    """Where entries are kept between reports."""

    def stats(self) -> dict[str, str]:
        """What each known file looked like when it was examined (`stat_key`), by path."""
        ...

    def sha256(self, path: str) -> str | None:
        """The SHA-256 the file had when it was examined (None if unknown)."""
        ...

    def save(self, upserts: Iterable[Entry], deletes: Iterable[str]) -> None:
        """Insert or replace entries and drop the paths that are gone, in one transaction."""
        ...

    def touch(self, path: str, size: int, mtime_ns: int, ctime_ns: int) -> None:
        """Remember a new stat for a file whose bytes did not change."""
        ...

    def tally(self, filters: Filters) -> tuple[Tally, int, int]:
        """The counts of the sessions inside the filters, files known, files verified."""
        ...

    def rejected(self) -> list[tuple[str, str]]:
        """(path, why) of every file not counted, by path."""
        ...

    def rows(self, filters: Filters) -> list[SessionRow]:
        """The sessions inside the filters, in start order (paths relative to the folder)."""
        ...

    def clear(self) -> None:
        """Forget everything (a rebuild from the files follows)."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, sha256 TEXT,
    key TEXT, ok INTEGER, why TEXT, station TEXT, screening_date TEXT, outcome TEXT,
    first_failure TEXT, lang TEXT, started TEXT,
    failed TEXT, unknown TEXT);  -- top-level ids, space-separated, in the record's order
CREATE TABLE IF NOT EXISTS rows (  -- apart, so that scans of files stay small
    path TEXT PRIMARY KEY, row TEXT);
CREATE INDEX IF NOT EXISTS files_rejected ON files (ok) WHERE ok = 0;
"""


def _where(f: Filters) -> tuple[str, list[Any]]:
    """The WHERE clause for the counted sessions inside the filters."""
    clauses, args = ["ok = 1"], []
    if f.since is not None:
        clauses.append("screening_date >= ?")
        args.append(f.since.isoformat())
    if f.until is not None:
        clauses.append("screening_date <= ?")
        args.append(f.until.isoformat())
    if f.station is not None:
        clauses.append("station = ?")
        args.append(f.station)
    return " AND ".join(clauses), args


class SQLiteStore:
    """The embedded default: one SQLite file, created owner-only (0600), or `:memory:`."""

    def __init__(self, path: Path | str) -> None:
        self.path = None if str(path) == ":memory:" else Path(path)
        if self.path is None:
            self._db = sqlite3.connect(":memory:")
        else:
            self._db = self._open_file(self.path)
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:  # another layout: it is only a cache, start again
            self._db.executescript(
                "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS criteria;"
                "DROP TABLE IF EXISTS rows;"
            )
        self._db.executescript(_SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};")

    @staticmethod
    def _open_file(path: Path) -> sqlite3.Connection:
        for attempt in (1, 2):
            if not path.exists():
                # Owner-only before SQLite opens it: it lists sessions and outcomes.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(path, 0o600)
            db = sqlite3.connect(path, timeout=30)
            try:
                db.execute("PRAGMA user_version").fetchone()
                return db
            except sqlite3.DatabaseError:  # damaged: it is only a cache, replace it
                db.close()
                if attempt == 2:
                    raise
                path.unlink()
        raise AssertionError("unreachable")

    def stats(self) -> dict[str, str]:
        """What each known file looked like when it was examined (`stat_key`), by path."""
        # Built by SQLite and `dict` in C: a re-report of 100,000 files reads this whole table.
        return dict(
            self._db.execute(
                "SELECT path, size || ':' || mtime_ns || ':' || ctime_ns || ':' || key FROM files"
            )
        )

    def sha256(self, path: str) -> str | None:
        """The SHA-256 the file had when it was examined (None if unknown)."""
        got = self._db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return got[0] if got else None

    def save(self, upserts: Iterable[Entry], deletes: Iterable[str]) -> None:
        """Insert or replace entries and drop the paths that are gone, in one transaction."""
        with self._db:
            for p in deletes:
                self._db.execute("DELETE FROM files WHERE path = ?", (p,))
                self._db.execute("DELETE FROM rows WHERE path = ?", (p,))
            for e in upserts:
                r = e.row or {}
                self._db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        e.path,
                        e.size,
                        e.mtime_ns,
                        e.ctime_ns,
                        e.sha256,
                        e.key,
                        int(e.ok),
                        e.why,
                        r.get("station"),
                        r.get("screening_date"),
                        r.get("outcome"),
                        r.get("first_failure"),
                        r.get("lang"),
                        r.get("started"),
                        " ".join(r.get("failed", [])),
                        " ".join(r.get("unknown", [])),
                    ),
                )
                self._db.execute("DELETE FROM rows WHERE path = ?", (e.path,))
                if e.row is not None:
                    self._db.execute(
                        "INSERT INTO rows VALUES (?, ?)",
                        (e.path, json.dumps(r, ensure_ascii=False)),
                    )

    def touch(self, path: str, size: int, mtime_ns: int, ctime_ns: int) -> None:
        """Remember a new stat for a file whose bytes did not change."""
        with self._db:
            self._db.execute(
                "UPDATE files SET size=?, mtime_ns=?, ctime_ns=? WHERE path=?",
                (size, mtime_ns, ctime_ns, path),
            )

    def tally(self, filters: Filters) -> tuple[Tally, int, int]:
        """The counts of the sessions inside the filters, files known, files verified."""
        where, args = _where(filters)
        t = Tally()
        q = self._db.execute
        # One scan; the groups are few (days x stations x outcomes x criteria combinations).
        for station, day, outcome, lang, first, failed, unknown, n in q(
            "SELECT station, screening_date, outcome, lang, first_failure, failed, unknown, "
            f"count(*) FROM files WHERE {where} GROUP BY station, screening_date, outcome, "
            "lang, first_failure, failed, unknown",
            args,
        ):
            t.outcomes[outcome] += n
            t.by_station.setdefault(station, Counter())[outcome] += n
            t.by_day.setdefault(day, Counter())[outcome] += n
            t.languages[lang] += n
            if first:
                t.first[first] += n
            for c in failed.split():
                t.failed[c] += n
            for c in unknown.split():
                t.unknown[c] += n
        files, verified = q("SELECT count(*), coalesce(sum(ok), 0) FROM files").fetchone()
        return t, files, verified

    def rejected(self) -> list[tuple[str, str]]:
        """(path, why) of every file not counted, by path."""
        return list(self._db.execute("SELECT path, why FROM files WHERE ok = 0 ORDER BY path"))

    def rows(self, filters: Filters) -> list[SessionRow]:
        """The sessions inside the filters, in start order (paths relative to the folder)."""
        where, args = _where(filters)
        cur = self._db.execute(
            f"SELECT r.row FROM files JOIN rows r USING (path) WHERE {where} "
            "ORDER BY started, path",
            args,
        )
        return [SessionRow.from_json(json.loads(r)) for (r,) in cur]

    def clear(self) -> None:
        """Forget everything."""
        with self._db:
            self._db.execute("DELETE FROM files")
            self._db.execute("DELETE FROM rows")

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def open_store(folder: Path, *, use_file: bool = True) -> SQLiteStore:
    """The index for one transcripts folder: its SQLite file, or memory if it cannot be written."""
    if use_file:
        try:
            return SQLiteStore(Path(folder) / INDEX_NAME)
        except (OSError, sqlite3.Error):
            pass  # a read-only folder (a USB stick, an archive): report without keeping an index
    return SQLiteStore(":memory:")
