"""Replaying a transcript: re-run its recorded answers through the recorded dialog version.

Every recorded decision and the outcome are compared with what the engine decides now from the
same answers; when the current dialog file differs from the recorded one (content hash), the same
answers are also run through it and the decisions that would differ are listed (decision drift).
UI-free: `prescreen replay --check` and the reviewer's replay screen both use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.dialog import DialogError, LoadedDialog, load_dialog
from assistant.engine import Screening
from assistant.transcript import Event, TranscriptError, read_events
from assistant.trials import bundled_by_hash
from assistant.verify import VerifyResult, verify_file


@dataclass(frozen=True)
class Drift:
    """A criterion whose status would differ under the current dialog file."""

    criterion: str
    recorded: str
    current: str


@dataclass
class ReplayReport:
    """What a replay found: integrity, reproduction and drift."""

    path: Path
    integrity: VerifyResult
    events: list[Event] = field(default_factory=list)
    start: dict[str, Any] = field(default_factory=dict)
    dialog_path: Path | None = None
    checked: int = 0
    mismatches: list[str] = field(default_factory=list)
    current_hash: str | None = None
    drift: list[Drift] = field(default_factory=list)
    error: str | None = None

    @property
    def reproduced(self) -> bool:
        """True when the dialog was found and every recorded decision was reproduced."""
        return self.error is None and not self.mismatches and self.checked > 0

    @property
    def dialog_changed(self) -> bool:
        """True when the current dialog's content differs from the recorded version."""
        return self.current_hash is not None and self.current_hash != self.start.get("dialog_hash")


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def rerun(
    loaded: LoadedDialog, events: list[Event], report: ReplayReport | None = None
) -> Screening:
    """Feed a transcript's answers, corrections and overrides to a new engine, in order.

    With a `report`, each recorded decision and the outcome are compared as they come.
    """
    start = events[0].payload
    engine = Screening(
        loaded.dialog,
        today=date.fromisoformat(str(start["screening_date"])),
        lang=str(start.get("lang", "en")),
        mode=start.get("engine_mode", "collect"),
    )
    for ev in events[1:]:
        p = ev.payload
        try:
            if ev.type in ("answer", "correction"):
                qid = p["question_id"]
                known = qid in engine.confirmations or qid in loaded.dialog.question_by_id
                if not known:
                    if report is not None:
                        report.mismatches.append(
                            f"line {ev.seq}: {qid} was not asked on replay (mention not raised?)"
                        )
                    continue
                step = engine.answer(qid, p["raw"])
                if report is not None and step.accepted != p.get("accepted", True):
                    report.mismatches.append(
                        f"line {ev.seq}: answer to {qid} accepted="
                        f"{step.accepted}, recorded {p.get('accepted')}"
                    )
                elif (
                    report is not None
                    and step.accepted
                    and not _same(step.parsed.value, p.get("value"))
                ):
                    report.mismatches.append(
                        f"line {ev.seq}: {qid} read as "
                        f"{step.parsed.value!r}, recorded {p.get('value')!r}"
                    )
            elif ev.type == "override":
                engine.override(p["criterion"], p["to"], p["reason"], p["by"])
            elif ev.type == "decision" and report is not None:
                report.checked += 1
                got = engine.decisions()[p["criterion"]].status
                if got != p["status"]:
                    report.mismatches.append(
                        f"line {ev.seq}: {p['criterion']} is {got} on "
                        f"replay, recorded {p['status']}"
                    )
            elif ev.type == "outcome" and report is not None:
                report.checked += 1
                summary = engine.summary()
                for key in ("outcome", "failed", "unknown", "criteria"):
                    if not _same(summary[key], p.get(key)):
                        report.mismatches.append(
                            f"line {ev.seq}: {key} {summary[key]} on replay, recorded {p.get(key)}"
                        )
        except (KeyError, ValueError) as e:
            if report is not None:
                report.mismatches.append(f"line {ev.seq}: cannot replay {ev.type}: {e}")
    return engine


def replay(
    path: Path,
    *,
    transcripts_dir: Path | None = None,
    current_dialog: Path | None = None,
    public_key: Path | None = None,
) -> ReplayReport:
    """Verify, then re-run a transcript; compare with `current_dialog` for drift when given."""
    path = Path(path)
    report = ReplayReport(path, verify_file(path, public_key))
    try:
        report.events = read_events(path)
    except TranscriptError as e:
        report.error = str(e)
        return report
    if not report.events or report.events[0].type != "session_start":
        report.error = "the transcript does not begin with session_start"
        return report
    report.start = dict(report.events[0].payload)
    digest = str(report.start.get("dialog_hash"))
    folder = Path(transcripts_dir) if transcripts_dir else path.parent
    candidates = [folder / "dialogs" / f"{digest}.yaml", path.parent / "dialogs" / f"{digest}.yaml"]
    found = next((c for c in candidates if c.exists()), None)
    report.dialog_path = found or bundled_by_hash(digest)
    if report.dialog_path is None:
        report.error = f"the recorded dialog version {digest[:12]} is not in {folder / 'dialogs'}"
        return report
    try:
        recorded = load_dialog(report.dialog_path)
    except DialogError as e:
        report.error = f"the recorded dialog cannot be loaded: {e.problems[0]}"
        return report
    if recorded.sha256 != digest:
        report.error = f"{report.dialog_path} does not match its recorded hash"
        return report
    base = rerun(recorded, report.events, report)
    if current_dialog is not None:
        try:
            current = load_dialog(current_dialog)
        except DialogError as e:
            report.error = f"the current dialog cannot be loaded: {e.problems[0]}"
            return report
        report.current_hash = current.sha256
        if report.dialog_changed:
            now = rerun(current, report.events).decisions()
            for cid, d in base.decisions().items():
                cur = now[cid].status if cid in now else "absent"
                if cur != d.status:
                    report.drift.append(Drift(cid, d.status, cur))
    return report
