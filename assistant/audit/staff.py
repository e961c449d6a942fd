"""Staff sign-in: a personal PIN per coordinator, kept hashed in an owner-only staff file.

`prescreen staff add ID` writes `<key home>/staff.json` (see `assistant.audit.keys.key_home`):
`{"staff": {"CRC-7": {"pin_hash": "pbkdf2_sha256$600000$...", "added": "...Z"}}}`. Only ids and
hashes are kept, never names. `sign_in` checks a PIN against it under the growing, persistent
lockout, and records every failure (and each sign-in) in the station log, so corrections,
overrides and resumes carry an id that was proven, not typed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from assistant.audit.keys import key_home
from assistant.audit.lockout import Lockout
from assistant.station.config import check_pin, hash_pin, pin_hash_is_weak, validate_new_pin

STAFF_NAME = "staff.json"
STAFF_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


class StaffError(Exception):
    """Staff cannot be added or cannot sign in; the message says why."""


def staff_file() -> Path:
    """Where the staff file lives."""
    return key_home() / STAFF_NAME


def load_staff(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The staff entries by id (empty when there is no file); refuses a file others can read."""
    path = path or staff_file()
    try:
        mode = path.stat().st_mode
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise StaffError(f"{path}: cannot read the staff file: {e}") from e
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise StaffError(f"{path}: the staff file is readable by others; chmod 600 it")
    staff = data.get("staff") if isinstance(data, dict) else None
    if not isinstance(staff, dict):
        raise StaffError(f"{path}: not a staff file (needs a 'staff' mapping)")
    return staff


def add_staff(
    staff_id: str,
    pin: str,
    *,
    path: Path | None = None,
    replace: bool = False,
    iterations: int | None = None,
) -> Path:
    """Set up (or with `replace`, reset) `staff_id`'s PIN; returns the staff file."""
    path = path or staff_file()
    if not STAFF_ID.match(staff_id):
        raise StaffError(f"{staff_id!r}: a staff id is 1-32 letters, digits, '.', '_' or '-'")
    problem = validate_new_pin(pin)
    if problem:
        raise StaffError(problem)
    staff = load_staff(path)
    if staff_id in staff and not replace:
        raise StaffError(f"{staff_id} already has a PIN (use --replace to reset it)")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    hashed = hash_pin(pin) if iterations is None else hash_pin(pin, iterations=iterations)
    staff[staff_id] = {"pin_hash": hashed, "added": now}
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    try:
        os.write(fd, json.dumps({"staff": staff}, indent=2, sort_keys=True).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return path


def sign_in(
    staff_id: str,
    pin: str,
    *,
    log: Any = None,
    lockout: Lockout | None = None,
    path: Path | None = None,
) -> str:
    """Check `staff_id`'s PIN; returns a warning ("" if none) or raises StaffError.

    Wrong PINs count towards the lockout and are written to `log` (a StationLog) if given.
    """
    staff = load_staff(path)
    if not staff:
        raise StaffError("no staff are set up: run `prescreen staff add ID` first")
    lockout = lockout or Lockout(key_home() / "pin-lockout.json")
    who = f"staff:{staff_id}"
    left = lockout.locked_for(who)
    if left > 0:
        raise StaffError(f"too many wrong PINs for {staff_id}: locked for {int(left) + 1} s")
    entry = staff.get(staff_id)
    if entry is None or not check_pin(pin, entry.get("pin_hash")):
        failures, locked = lockout.failure(who)
        if log is not None:
            log.pin_failed(who, failures, locked)
        more = f"; locked for {int(locked)} s" if locked else ""
        raise StaffError(f"wrong staff id or PIN{more}")
    lockout.success(who)
    if log is not None:
        log.append("signed_in", {"who": staff_id, "by": "pin"})
    if pin_hash_is_weak(entry.get("pin_hash")):
        return f"{staff_id}: the PIN hash uses fewer iterations than now required; reset it"
    return ""
