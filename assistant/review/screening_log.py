"""The screening log: one verified transcript read into a session row, and rows aggregated.

A row holds only what the site's subject screening log (ICH E6 8.3.20) and the CONSORT flow
need: when, where, which language, the outcome and the criteria behind it, the reference code.
Everything is read from the transcript's own events (after `assistant.audit.verify` has checked the
file); nothing is re-decided here. Criterion ids
are counted at the top level (`I3.G1` counts as `I3`), once per session.

Outcome of a row: the `outcome` event's (pass / review / fail) when the session finished;
otherwise what its `session_end` recorded (abandoned / interrupted).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.audit.refcode import reference_code
from assistant.audit.transcript import TranscriptError

OUTCOMES = ("pass", "review", "fail", "abandoned", "interrupted")
REFERRED = ("pass", "review")  # passed on to the site's staff for a full screening visit


def top_level(criterion: str) -> str:
    """`I3.G1` -> `I3`: the criterion a sub-criterion belongs to."""
    return criterion.split(".", 1)[0]


def criterion_order(criterion: str) -> tuple[int, int, str]:
    """Sort key: inclusion before exclusion, then by the record's number (I2, I3, ..., E14)."""
    m = re.match(r"^([IE])(\d+)", criterion)
    if not m:
        return (2, 0, criterion)
    return (0 if m.group(1) == "I" else 1, int(m.group(2)), criterion)


def _tops(ids: Iterable[Any]) -> list[str]:
    return sorted({top_level(str(c)) for c in ids}, key=criterion_order)


@dataclass
class SessionRow:
    """One screening session as the log shows it."""

    file: str
    session_id: str
    code: str
    station: str
    screening_date: str  # YYYY-MM-DD, as the session recorded it
    started: str  # UTC timestamp of session_start
    ended: str | None  # UTC timestamp of session_end
    lang: str
    mode: str
    screening_number: str | None
    outcome: str  # one of OUTCOMES
    failed: list[str] = field(default_factory=list)  # top-level ids
    first_failure: str | None = None  # the failed criterion decided first, top level
    unknown: list[str] = field(default_factory=list)  # top-level ids
    signed: bool = False
    verify_status: str = ""  # signed_ok | verified | unsigned (from assistant.audit.verify)
    dialog_version: str = ""

    def to_json(self) -> dict[str, Any]:
        """The row as plain JSON (what the index stores)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionRow:
        """A row back from `to_json`."""
        return cls(**data)


# The event types a row needs. In the canonical form a line's own type is written as
# `"type":"x"` with bare quotes, which no string inside a payload can contain (its quotes are
# escaped), so lines of other types (questions, answers: most of a file) are not even parsed.
_NEEDED = ("session_start", "decision", "outcome", "session_end", "signature")
_MARKS = tuple(f'"type":"{t}"'.encode() for t in _NEEDED)
_DECISION, _FAIL = b'"type":"decision"', b'"status":"fail"'


def needed_events(path: Path) -> list[dict[str, Any]]:
    """The events a row is made of, as JSON objects, in file order (the file has verified)."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise TranscriptError(f"{path}: cannot read transcript: {e.strerror}") from e
    out = []
    for raw in data.split(b"\n"):
        if not any(m in raw for m in _MARKS):
            continue
        if _DECISION in raw and _FAIL not in raw:
            continue  # only failing decisions matter (which criterion failed first)
        ev = json.loads(raw)
        if ev.get("type") in _NEEDED:
            out.append(ev)
    return out


def read_session(path: Path, verify_status: str, name: str | None = None) -> SessionRow:
    """The row of one transcript that has already verified (raises TranscriptError if unreadable).

    `name` is how the file is shown (default: the path as given).
    """
    events = needed_events(path)
    if not events or events[0]["type"] != "session_start":
        raise TranscriptError(f"{path}: no session_start")
    start = events[0]["payload"]
    outcome: dict[str, Any] | None = None
    end_reason, ended, signed = None, None, False
    first_fail: dict[str, int] = {}  # top-level criterion -> seq of its first fail decision
    for ev in events:
        typ, payload = ev["type"], ev["payload"]
        if typ == "decision" and payload.get("status") == "fail":
            first_fail.setdefault(top_level(str(payload.get("criterion"))), ev["seq"])
        elif typ == "outcome":
            outcome = payload
        elif typ == "session_end":
            end_reason, ended = payload.get("reason"), ev["ts"]
        elif typ == "signature":
            signed = True
    failed: list[str] = []
    unknown: list[str] = []
    if outcome is not None:
        result = str(outcome["outcome"])
        failed, unknown = _tops(outcome.get("failed", [])), _tops(outcome.get("unknown", []))
    else:
        result = "abandoned" if end_reason == "abandoned" else "interrupted"
    # The first failure among the final ones: a fail later corrected or overridden is not one.
    firsts = sorted((first_fail[c], c) for c in failed if c in first_fail)
    first = firsts[0][1] if firsts else (failed[0] if failed else None)
    sid = str(start.get("session_id") or Path(path).stem)
    return SessionRow(
        file=name or str(path),
        session_id=sid,
        code=reference_code(sid),
        station=str(start.get("station") or ""),
        screening_date=str(start.get("screening_date")),
        started=events[0]["ts"],
        ended=ended,
        lang=str(start.get("lang") or ""),
        mode=str(start.get("mode") or ""),
        screening_number=start.get("screening_number"),
        outcome=result,
        failed=failed,
        first_failure=first,
        unknown=unknown,
        signed=signed,
        verify_status=verify_status,
        dialog_version=str(start.get("dialog_version") or ""),
    )


@dataclass(frozen=True)
class Filters:
    """Which sessions a report counts: screening date within [since, until], one station."""

    since: date | None = None
    until: date | None = None
    station: str | None = None

    def keep(self, row: SessionRow) -> bool:
        """True if the row is inside the filters."""
        if self.station is not None and row.station != self.station:
            return False
        try:
            day = date.fromisoformat(row.screening_date)
        except ValueError:
            return self.since is None and self.until is None
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def to_json(self) -> dict[str, Any]:
        """The filters as given (null when not set)."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "station": self.station,
        }


def iso_week(day: str) -> str:
    """`2025-01-15` -> `2025-W03` (ISO week), or the text itself when it is not a date."""
    try:
        y, w, _ = date.fromisoformat(day).isocalendar()
    except ValueError:
        return day
    return f"{y}-W{w:02d}"


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return {k: counter[k] for k in sorted(counter, key=criterion_order)}


@dataclass
class Tally:
    """The counts behind a report; tallies of several folders add up (`merge`)."""

    outcomes: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    first: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    by_station: dict[str, Counter[str]] = field(default_factory=dict)
    by_day: dict[str, Counter[str]] = field(default_factory=dict)  # screening date -> outcomes
    languages: Counter[str] = field(default_factory=Counter)

    def add(self, r: SessionRow) -> None:
        """Count one session."""
        self.outcomes[r.outcome] += 1
        self.failed.update(r.failed)
        self.unknown.update(r.unknown)
        if r.first_failure:
            self.first[r.first_failure] += 1
        self.by_station.setdefault(r.station, Counter())[r.outcome] += 1
        self.by_day.setdefault(r.screening_date, Counter())[r.outcome] += 1
        self.languages[r.lang] += 1

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        for mine, theirs in (
            (self.outcomes, other.outcomes),
            (self.failed, other.failed),
            (self.first, other.first),
            (self.unknown, other.unknown),
            (self.languages, other.languages),
        ):
            mine.update(theirs)
        for d_mine, d_theirs in ((self.by_station, other.by_station), (self.by_day, other.by_day)):
            for k, c in d_theirs.items():
                d_mine.setdefault(k, Counter()).update(c)


def tally(rows: Iterable[SessionRow]) -> Tally:
    """The tally of some rows."""
    t = Tally()
    for r in rows:
        t.add(r)
    return t


def _outcomes(c: Counter[str]) -> dict[str, int]:
    return {o: c[o] for o in OUTCOMES}


def report_json(
    t: Tally, *, files: int, verified: int, rejected: list[dict[str, str]]
) -> dict[str, Any]:
    """The report's JSON: the contract's fields first, then our extensions."""
    by_week: dict[str, Counter[str]] = {}
    for day, c in t.by_day.items():
        by_week.setdefault(iso_week(day), Counter()).update(c)
    days = sorted(d for d, c in t.by_day.items() if sum(c.values()))
    return {
        "transcripts": files,
        "verified": verified,
        "rejected": rejected,
        "outcomes": _outcomes(t.outcomes),
        "failed_by_criterion": _ordered(t.failed),
        "first_failure_by_criterion": _ordered(t.first),
        "unknown_by_criterion": _ordered(t.unknown),
        "stations": {s: sum(c.values()) for s, c in sorted(t.by_station.items())},
        "period": [days[0], days[-1]] if days else [None, None],
        "counted": sum(t.outcomes.values()),
        "referred": sum(t.outcomes[o] for o in REFERRED),
        "by_week": {w: _outcomes(c) for w, c in sorted(by_week.items())},
        "by_station": {s: _outcomes(c) for s, c in sorted(t.by_station.items())},
        "languages": dict(sorted(t.languages.items())),
    }


def aggregate(
    rows: Iterable[SessionRow], *, files: int, verified: int, rejected: list[dict[str, str]]
) -> dict[str, Any]:
    """The report's JSON over some rows."""
    return report_json(tally(rows), files=files, verified=verified, rejected=rejected)
