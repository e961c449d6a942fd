"""The report's index: what each transcript file held when it was last verified and read.

The index is a cache, never the record: the signed transcript files stay the source of truth and
the index can be deleted or rebuilt from them at any time (`prescreen report --rebuild-index`).
One small interface, `Store`, with two implementations here: `SQLiteStore` (the embedded
default, from the standard library, one file `<DIR>/.index.sqlite` beside the transcripts,
owner-only) and `MemoryStore` (no file, for a read-only folder). A PostgreSQL store for many
sites is one more class with the same four methods.

An entry is keyed by the file's path relative to its folder and remembers the file's size,
mtime and ctime (nanoseconds) and SHA-256, the public key it was verified with, the verdict and
the session row. A file whose size, mtime and ctime are unchanged is trusted from the index;
otherwise it is hashed and, if the hash differs, verified and read again.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

SCHEMA_VERSION = 1
INDEX_NAME = ".index.sqlite"


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

    def load(self) -> dict[str, Entry]:
        """Every entry, by path."""
        ...

    def save(self, upserts: Iterable[Entry], deletes: Iterable[str]) -> None:
        """Insert or replace entries and drop the paths that are gone, in one transaction."""
        ...

    def clear(self) -> None:
        """Forget everything (a rebuild from the files follows)."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


class MemoryStore:
    """A store that lives only as long as the report (nothing is written to disk)."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def load(self) -> dict[str, Entry]:
        """Every entry, by path."""
        return dict(self._entries)

    def save(self, upserts: Iterable[Entry], deletes: Iterable[str]) -> None:
        """Insert or replace entries and drop the paths that are gone."""
        for e in upserts:
            self._entries[e.path] = e
        for p in deletes:
            self._entries.pop(p, None)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()

    def close(self) -> None:
        """Nothing to release."""


class SQLiteStore:
    """The embedded default: one SQLite file, created owner-only (0600)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            # Create it owner-only before SQLite opens it: it lists sessions and outcomes.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        self._db = sqlite3.connect(self.path, timeout=30)
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:  # not a database (damaged): it is only a cache, replace it
            self._db.close()
            self.path.unlink()
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(self.path, timeout=30)
            version = 0
        if version != SCHEMA_VERSION:  # an older layout: it is only a cache, start again
            self._db.executescript("DROP TABLE IF EXISTS files;")
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, "
            "mtime_ns INTEGER, ctime_ns INTEGER, sha256 TEXT, key TEXT, ok INTEGER, "
            "why TEXT, row TEXT);"
            f"PRAGMA user_version = {SCHEMA_VERSION};"
        )

    def load(self) -> dict[str, Entry]:
        """Every entry, by path."""
        out = {}
        for path, size, mt, ct, sha, key, ok, why, row in self._db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, sha256, key, ok, why, row FROM files"
        ):
            out[path] = Entry(
                path, size, mt, ct, sha, key, bool(ok), why, json.loads(row) if row else None
            )
        return out

    def save(self, upserts: Iterable[Entry], deletes: Iterable[str]) -> None:
        """Insert or replace entries and drop the paths that are gone, in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        e.path,
                        e.size,
                        e.mtime_ns,
                        e.ctime_ns,
                        e.sha256,
                        e.key,
                        int(e.ok),
                        e.why,
                        json.dumps(e.row, ensure_ascii=False) if e.row is not None else None,
                    )
                    for e in upserts
                ),
            )
            self._db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in deletes))

    def clear(self) -> None:
        """Forget everything."""
        with self._db:
            self._db.execute("DELETE FROM files")

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def open_store(folder: Path, *, use_file: bool = True) -> Store:
    """The index for one transcripts folder: its SQLite file, or memory if it cannot be written."""
    if use_file:
        try:
            return SQLiteStore(Path(folder) / INDEX_NAME)
        except (OSError, sqlite3.Error):
            pass  # a read-only folder (a USB stick, an archive): report without keeping an index
    return MemoryStore()
