"""Pilot tests of the reviewer's replay: integrity badge, stepping through events, tampering."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from coordinator_support import (
    G1_ANSWERS,
    answer_all,
    dialog_path,
    finished_transcript,
    new_session,
    run_async,
)
from textual.app import App
from textual.widgets import OptionList

from assistant.app.screens.replay import ReplayScreen, read_lines


class Host(App[None]):
    """A bare app hosting the replay screen."""

    def __init__(self, transcript: Path, dialog: Path) -> None:
        super().__init__()
        self.transcript, self.dialog = transcript, dialog

    def on_mount(self) -> None:
        self.push_screen(ReplayScreen(self.transcript, self.dialog))


def text_of(screen: ReplayScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_replay(pilot) -> ReplayScreen:
    while not isinstance(pilot.app.screen, ReplayScreen) or pilot.app.screen.report is None:
        await pilot.pause()
    await pilot.pause()
    return pilot.app.screen


@run_async
async def test_untouched_transcript_verified_and_reproduced(tmp_path: Path) -> None:
    path = finished_transcript(tmp_path)
    app = Host(path, dialog_path(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_replay(pilot)
        assert "✔ SIGNED" in text_of(screen, "#badge")
        assert "signature valid" in text_of(screen, "#badge")  # signed by default
        assert "✔ reproduced" in text_of(screen, "#repro")
        assert "no drift" in text_of(screen, "#repro")
        assert "session_start" in text_of(screen, "#detail")
        await pilot.press("n")
        await pilot.pause()
        assert "question" in text_of(screen, "#detail").splitlines()[0]
        await pilot.press("n", "n")
        await pilot.pause()
        detail = text_of(screen, "#detail")
        assert "decision" in detail and "I2" in detail and "Record text:" in detail
        assert "✔ reproduced on replay" in detail
        await pilot.press("p")
        await pilot.pause()
        assert screen.query_one("#events", OptionList).highlighted == 2
        # Read-only: nothing here accepts typing.
        assert not screen.query("Input")
    assert path.read_bytes() == path.read_bytes()


@run_async
async def test_tampered_transcript_shows_the_line(tmp_path: Path) -> None:
    path = finished_transcript(tmp_path)
    lines = path.read_bytes().split(b"\n")
    n = next(i for i, ln in enumerate(lines) if b'"raw":"34"' in ln)  # the age answer
    lines[n] = lines[n].replace(b'"raw":"34"', b'"raw":"24"')  # one byte
    bad = path.parent / "tampered.jsonl"
    bad.write_bytes(b"\n".join(lines))
    app = Host(bad, dialog_path(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_replay(pilot)
        badge = text_of(screen, "#badge")
        assert f"TAMPERED at line {n + 1}" in badge
        assert "✘" in badge
        await pilot.press("b")
        await pilot.pause()
        detail = text_of(screen, "#detail")
        assert "THIS LINE FAILED VERIFICATION" in detail
        assert "Typed: 24" in detail


@run_async
async def test_interrupted_and_unreadable_line(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    session.submit(session.current().id, "34")
    path = session.path
    with path.open("ab") as fh:
        fh.write(b"{not json\n")
    app = Host(path, dialog_path(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_replay(pilot)
        assert "✘" in text_of(screen, "#badge") or "⚠" in text_of(screen, "#badge")
        assert read_lines(path)[-1].event is None
        await pilot.press("end")
        await pilot.pause()
        assert "not readable as JSON" in text_of(screen, "#detail")


@run_async
async def test_replay_of_prescreen_screen_transcript(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(G1_ANSWERS), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "screen", "--answers", str(answers), "--today",
         "2025-01-15", "--transcripts", str(tmp_path / "t"),
         "--dialog", str(dialog_path(tmp_path))],
        capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    path = Path(json.loads(out.stdout)["transcript"])
    app = Host(path, dialog_path(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_replay(pilot)
        assert "✔ SIGNED" in text_of(screen, "#badge")
        assert "✔ reproduced" in text_of(screen, "#repro")


@run_async
async def test_drift_when_the_dialog_changed(tmp_path: Path) -> None:
    s = new_session(tmp_path)
    answer_all(s, dict(G1_ANSWERS, age="75"))
    s.finish()
    changed = tmp_path / "changed.yaml"
    text = dialog_path(tmp_path).read_text(encoding="utf-8")
    changed.write_text(text.replace("{fact: age, op: le, value: 70}",
                                    "{fact: age, op: le, value: 80}", 1), encoding="utf-8")
    app = Host(s.path, changed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_replay(pilot)
        repro = text_of(screen, "#repro")
        assert "✔ reproduced" in repro  # against the recorded version
        assert "current dialog differs" in repro and "DRIFT I2: recorded fail, now pass" in repro
        finals = [i for i, ln in enumerate(screen.lines) if ln.event["type"] == "decision"
                  and ln.event["payload"]["final"] and ln.event["payload"]["criterion"] == "I2"]
        screen.query_one("#events", OptionList).highlighted = finals[0]
        await pilot.pause()
        assert "DRIFT: the current dialog decides pass" in text_of(screen, "#detail")


def test_read_lines_numbers_match_file(tmp_path: Path) -> None:
    path = finished_transcript(tmp_path)
    lines = read_lines(path)
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))
    assert lines[0].event["type"] == "session_start"
    assert json.loads(lines[-1].raw)["type"] == "signature"  # signed by default


@run_async
async def test_shell_factory_opens_the_replay(tmp_path: Path) -> None:
    from assistant.app import create_app
    from assistant.station.config import KioskConfig

    path = finished_transcript(tmp_path)
    app = create_app("replay", dialog=dialog_path(tmp_path), transcripts=path.parent,
                     lang=None, today=date(2025, 1, 15), config=KioskConfig(),
                     replay_file=path, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_replay(pilot)
        assert "✔ SIGNED" in text_of(screen, "#badge")
        assert "no drift" in text_of(screen, "#repro")  # the shell's dialog is the current one
