"""The subject screening log as CSV: one row per session, ready for a spreadsheet.

UTF-8 with a byte-order mark (so Excel reads Chinese correctly), comma-separated, CRLF line ends
(RFC 4180). A cell that a spreadsheet would read as a formula (starting with = + - @, or a tab
or carriage return) is prefixed with an apostrophe: station names and screening numbers are
typed by people, and a log must never run anything when opened.

Times: the session's start in UTC and in the site's local time. The site's zone comes from
`--tz` (an IANA name such as `Asia/Shanghai`, or an offset such as `+08:00`); without it, the
zone of the machine that writes the report.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.review.screening_log import SessionRow

COLUMNS = [
    "date_utc",
    "time_utc",
    "date_local",
    "time_local",
    "utc_offset",
    "screening_date",
    "station",
    "screening_number",
    "language",
    "mode",
    "outcome",
    "failed_criteria",
    "first_failure",
    "unknown_criteria",
    "signed",
    "verified",
    "reference_code",
    "transcript_file",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_OFFSET = re.compile(r"^(?:UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$")


class TimeZoneError(ValueError):
    """A `--tz` value that is neither a zone name nor an offset."""


def parse_tz(text: str | None) -> tzinfo:
    """`Asia/Shanghai`, `+08:00`, `UTC+8`, `UTC`; None: this machine's local zone."""
    if text is None or not text.strip():
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else UTC
    t = text.strip()
    if t.upper() in ("UTC", "Z", "GMT"):
        return UTC
    m = _OFFSET.match(t.upper())
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            raise TimeZoneError(f"--tz {text!r}: offset out of range")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(delta if m.group(1) == "+" else -delta)
    try:
        return ZoneInfo(t)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise TimeZoneError(
            f"--tz {text!r}: not a time zone (use a name like Asia/Shanghai or +08:00)"
        ) from e


def safe_cell(value: object) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would take it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _utc(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(UTC)


def _offset(moment: datetime) -> str:
    off = moment.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def csv_row(row: SessionRow, tz: tzinfo) -> list[str]:
    """One session as the CSV's cells (already guarded against formulas)."""
    utc = _utc(row.started)
    local = utc.astimezone(tz)
    cells: list[object] = [
        f"{utc:%Y-%m-%d}",
        f"{utc:%H:%M:%S}",
        f"{local:%Y-%m-%d}",
        f"{local:%H:%M:%S}",
        _offset(local),
        row.screening_date,
        row.station,
        row.screening_number or "",
        row.lang,
        row.mode,
        row.outcome,
        "; ".join(row.failed),
        row.first_failure or "",
        "; ".join(row.unknown),
        "yes" if row.signed else "no",
        row.verify_status,
        row.code,
        row.file,
    ]
    return [safe_cell(c) for c in cells]


def write_csv(path: Path, rows: Iterable[SessionRow], tz: tzinfo) -> int:
    """Write the screening log to `path` (owner-only); returns the number of sessions."""
    n = 0
    path = Path(path)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        path.chmod(0o600)
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for row in rows:
            w.writerow(csv_row(row, tz))
            n += 1
    return n
