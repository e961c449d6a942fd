"""Replaying a transcript: re-run its recorded answers through the recorded dialog version.

Every recorded decision and the outcome are compared with what the engine decides now from the
same answers; when the current dialog file differs from the recorded one (content hash), the same
answers are also run through it and the decisions that would differ are listed (decision drift).
UI-free: `prescreen replay --check` and the reviewer's replay screen both use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.audit.transcript import Event, TranscriptError, read_events
from assistant.audit.verify import VerifyResult, verify_file
from assistant.screening.rerun import rerun
from assistant.trial.bundled import bundled_by_hash
from assistant.trial.dialog import DialogError, load_dialog


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
