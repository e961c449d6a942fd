"""What every recorded session needs from its station: the key, the station log, a name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.audit import signing
from assistant.audit.keys import station_key
from assistant.audit.station_log import StationLog


class StationError(Exception):
    """The station key or log cannot be used; the message names the file."""


@dataclass(frozen=True)
class Station:
    """The signing key, its path, and the station log of one transcripts folder."""

    key_path: Path
    key: signing.Ed25519PrivateKey
    log: StationLog
    published: bool = False  # station.pub was written into the folder just now

    @property
    def key_id(self) -> str:
        """Short id of the station key (what reviewers compare)."""
        return signing.key_id(signing.fingerprint(self.key.public_key()))

    @property
    def default_name(self) -> str:
        """A station name that says nothing about the machine: from the key, not the host."""
        return f"station-{self.key_id[:8]}"


def open_station(transcripts: Path, configured: Path | None = None) -> Station:
    """The station for a transcripts folder: key made on first use, `station.pub` written."""
    from assistant.audit.keys import PUBLIC_NAME

    had = (Path(transcripts) / PUBLIC_NAME).exists()
    try:
        path = station_key(Path(transcripts), configured)
        key = signing.load_private_key(path)
    except (signing.SigningError, OSError) as e:
        raise StationError(str(e)) from e
    return Station(path, key, StationLog(Path(transcripts), key), published=not had)


def announce(station: Station, transcripts: Path) -> str:
    """The line telling the reviewer where the public key is (after `published`)."""
    return (
        f"station key {station.key_id} (private: {station.key_path}); public key for the"
        f" reviewer: {Path(transcripts) / 'station.pub'} (fingerprint"
        f" {signing.fingerprint(station.key.public_key())})"
    )
