"""Pre-flight checks before anyone sits down at the kiosk or the interview.

`prescreen kiosk` and `prescreen interview` call `preflight` once their configuration is
loaded and refuse to start, naming the field, when a check fails: better a station that does
not open than one that stops halfway through a person's answers.
"""

from __future__ import annotations

import math
import os
import shutil
import stat
from pathlib import Path

from assistant.station.config import PIN_SCHEME, KioskConfig

MIN_FREE_BYTES = 50 * 1024 * 1024  # a day of transcripts is well under 1 MB; 50 MB is a margin
MAX_SECONDS = 86_400.0  # idle/warning/reset times: more than a day is a typing mistake
MIN_SECONDS = 1.0


def check_times(config: KioskConfig) -> list[str]:
    """Idle, warning and reset times: finite numbers of seconds in [1, 86400]."""
    problems = []
    for name in ("idle_seconds", "idle_warning_seconds", "reset_seconds"):
        value = float(getattr(config, name))
        if not math.isfinite(value) or not MIN_SECONDS <= value <= MAX_SECONDS:
            problems.append(f"{name}: {value} is not a number of seconds between "
                            f"{MIN_SECONDS:g} and {MAX_SECONDS:g}")
    return problems


def check_pin_hash(stored: str | None) -> list[str]:
    """`exit_pin_hash`: absent, or `pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`."""
    if stored is None:
        return []
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != PIN_SCHEME:
        return [f"exit_pin_hash: not of the form {PIN_SCHEME}$<iterations>$<salt>$<hash> "
                "(make one with prescreen pin-hash)"]
    _, iters, salt, digest = parts
    try:
        bytes.fromhex(salt)
        raw = bytes.fromhex(digest)
    except ValueError:
        return ["exit_pin_hash: salt and hash must be hexadecimal"]
    if not iters.isdigit() or not 1_000 <= int(iters) <= 10_000_000:
        return ["exit_pin_hash: iterations must be a whole number from 1000 to 10000000"]
    if len(salt) < 16 or len(raw) != 32:
        return ["exit_pin_hash: salt too short or hash not 32 bytes"]
    return []


def check_signing_key(path: Path | None) -> list[str]:
    """`signing_key`: absent, or a readable owner-only Ed25519 private key."""
    if path is None:
        return []
    from assistant.audit.signing import SigningError, load_private_key

    try:
        load_private_key(Path(path))
    except SigningError as e:
        return [f"signing_key: {e}"]
    return []


def check_transcripts(folder: Path, min_free: int = MIN_FREE_BYTES) -> list[str]:
    """The transcripts folder: created if missing, tightened to 0700, writable, space left."""
    folder = Path(folder)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not folder.is_dir():
            return [f"transcripts: {folder} is not a folder"]
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode != 0o700:
            os.chmod(folder, 0o700)  # transcripts are health data: owner only
        probe = folder / f".preflight-{os.getpid()}"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, b"x")
            os.fsync(fd)
        finally:
            os.close(fd)
            probe.unlink()
        free = shutil.disk_usage(folder).free
    except OSError as e:
        return [f"transcripts: {folder}: not writable: {e.strerror or e}"]
    if free < min_free:
        return [f"transcripts: {folder}: only {free // (1024 * 1024)} MB free "
                f"(at least {min_free // (1024 * 1024)} MB needed)"]
    return []


def preflight(config: KioskConfig, transcripts: Path, min_free: int = MIN_FREE_BYTES) -> list[str]:
    """Every problem that would stop a session halfway; empty when the station may open."""
    return [
        *check_times(config),
        *check_pin_hash(config.exit_pin_hash),
        *check_signing_key(config.signing_key),
        *check_transcripts(transcripts, min_free),
    ]
