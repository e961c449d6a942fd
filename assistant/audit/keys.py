"""The station key: made on first use, owner-only, outside the transcripts folder.

Where the private key lives (first that applies):

1. the key configured explicitly (`signing_key` in the kiosk config, `--signing-key`);
2. `$PRESCREEN_HOME/station.key` when `PRESCREEN_HOME` is set;
3. `$XDG_CONFIG_HOME/prescreen/station.key` (default `~/.config/prescreen/station.key`);
4. if that folder cannot be written: `<transcripts>/../.prescreen/station.key`.

The private key never goes into the transcripts folder (a folder handed to a reviewer must not
carry the means to forge it). Its public half is written as `<transcripts>/station.pub`, where
`prescreen verify` finds it; the fingerprint is printed so a reviewer can pin it.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.audit import signing

PUBLIC_NAME = "station.pub"
KEY_NAME = "station"  # -> station.key / station.pub


def key_home() -> Path:
    """The folder that holds the station's private key and the staff file."""
    home = os.environ.get("PRESCREEN_HOME")
    if home:
        return Path(home)
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(xdg) / "prescreen"


def _ensure_pair(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    priv = folder / f"{KEY_NAME}.key"
    if not priv.exists():
        try:
            signing.generate_keypair(folder / KEY_NAME)
        except signing.SigningError:
            if not priv.exists():  # another process may have made it at the same moment
                raise
    return priv


def station_key(transcripts: Path, configured: Path | None = None) -> Path:
    """The private key to sign with (made on first use) and its `station.pub` beside transcripts.

    Raises SigningError naming the file when no key can be made or read, or when the folder's
    `station.pub` belongs to another key (two stations must not share one folder silently).
    """
    if configured is not None:
        priv = Path(configured)
    else:
        try:
            priv = _ensure_pair(key_home())
        except (OSError, RuntimeError, signing.SigningError):  # no or read-only home
            priv = _ensure_pair(Path(transcripts).resolve().parent / ".prescreen")
    key = signing.load_private_key(priv)
    publish(Path(transcripts), key)
    return priv


def publish(transcripts: Path, key: signing.Ed25519PrivateKey) -> Path:
    """Write `<transcripts>/station.pub` for `key` (once); refuse a folder signed by another."""
    from cryptography.hazmat.primitives import serialization

    pub = transcripts / PUBLIC_NAME
    want = signing.fingerprint(key.public_key())
    if pub.exists():
        have = signing.fingerprint(signing.load_public_key(pub))
        if have != want:
            raise signing.SigningError(
                f"{pub}: this folder belongs to station key {signing.key_id(have)}, but this "
                f"station signs with {signing.key_id(want)}; use another --transcripts folder"
            )
        return pub
    transcripts.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    tmp = transcripts / f".{PUBLIC_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(pem)
        tmp.chmod(0o644)
        os.replace(tmp, pub)
    except OSError as e:
        raise signing.SigningError(f"{pub}: cannot write public key: {e.strerror}") from e
    return pub


def public_key_beside(path: Path) -> Path | None:
    """The `station.pub` of a transcripts folder, or of the folder holding a transcript file."""
    path = Path(path)
    found = (path if path.is_dir() else path.parent) / PUBLIC_NAME
    return found if found.is_file() else None
