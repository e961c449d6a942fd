"""Snapshots of the coordinator's views: interview, summary and replay (80x24 and 120x40).

Deterministic: fixed screening date, fixed station, no cursor blink, and for the replay fixed
transcript timestamps and session id. Update with `pytest --snapshot-update` after a deliberate
change and look at the SVGs before committing them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import types
from pathlib import Path

import pytest
from coordinator_support import (
    G1_ANSWERS,
    TODAY,
    StubMatcher,
    answer_all,
    dialog_path,
)
from textual.app import App
from textual.widgets import DataTable

import assistant.audit.transcript as transcript
from assistant.app.screens.interview import InterviewScreen
from assistant.app.screens.replay import ReplayScreen
from assistant.app.screens.summary import SummaryScreen
from assistant.screening.session import Session
from assistant.trial.dialog import load_dialog

SIZES = [(80, 24), (120, 40)]


class _FixedDatetime:
    @staticmethod
    def now(tz: dt.tzinfo | None = None) -> dt.datetime:
        return dt.datetime(2025, 1, 15, 9, 0, 0, tzinfo=tz)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Transcript timestamps and session ids that do not depend on the clock."""
    counter = itertools.count()
    monkeypatch.setattr(transcript, "_now",
                        lambda: f"2025-01-15T09:00:{next(counter) % 60:02d}.000000Z")
    monkeypatch.setattr(transcript, "dt", types.SimpleNamespace(
        datetime=_FixedDatetime, UTC=dt.UTC, date=dt.date))
    monkeypatch.setattr(transcript.secrets, "token_hex", lambda n=4: "0" * (2 * n))


def fixed_key(tmp: Path) -> Path:
    """A fixed station key (sessions are signed by default; Ed25519 signatures are
    deterministic, so the replay shows the same signature every run)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    path = tmp / "fixed.key"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)
    return path


def session(tmp: Path) -> Session:
    """A session with a fixed station and key, so nothing shown depends on the machine."""
    return Session(load_dialog(dialog_path(tmp)), transcripts=tmp / "transcripts",
                   mode="interview", lang="en", today=TODAY, station="station-1",
                   coordinator="CRC-7", matcher=StubMatcher(), signing_key=fixed_key(tmp))


class Host(App[None]):
    """A bare app hosting one screen."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make())


async def _wait(pilot, cls) -> None:
    while not isinstance(pilot.app.screen, cls):
        await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_interview(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    s = session(tmp_path)
    app = Host(lambda: InterviewScreen(s, "CRC-7", cursor_blink=False))

    async def run_before(pilot) -> None:
        await _wait(pilot, InterviewScreen)
        for text in ("75", "female"):
            pilot.app.screen.query_one("#answer").value = text
            await pilot.press("enter")
            await pilot.pause()
        table = pilot.app.screen.query_one("#checklist", DataTable)
        table.move_cursor(row=0)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    s = session(tmp_path)
    answer_all(s, dict(G1_ANSWERS, egfr="don't know"))
    s.correct("age", "35", "misread the ID card", "CRC-7")
    s.override("E14", "fail", "investigator judgement", "CRC-7")
    app = Host(lambda: SummaryScreen(s))

    async def run_before(pilot) -> None:
        await _wait(pilot, SummaryScreen)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_replay(snap_compare, fixed_clock: None, tmp_path: Path,
                size: tuple[int, int]) -> None:
    s = session(tmp_path)
    answer_all(s)
    s.finish()
    app = Host(lambda: ReplayScreen(s.path, dialog_path(tmp_path)))

    async def run_before(pilot) -> None:
        await _wait(pilot, ReplayScreen)
        await pilot.press("n", "n", "n")  # the first decision (I2)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_replay_tampered(snap_compare, fixed_clock: None, tmp_path: Path) -> None:
    s = session(tmp_path)
    answer_all(s)
    s.finish()
    lines = s.path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b'"raw":"34"', b'"raw":"24"')
    s.path.write_bytes(b"\n".join(lines))
    app = Host(lambda: ReplayScreen(s.path, dialog_path(tmp_path)))

    async def run_before(pilot) -> None:
        await _wait(pilot, ReplayScreen)
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
