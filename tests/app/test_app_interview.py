"""Pilot tests of the coordinator's interview: answers, live checklist, corrections, overrides."""

from __future__ import annotations

import json
from pathlib import Path

from coordinator_support import G1_ANSWERS, answer_all, events, new_session, run_async
from textual.app import App
from textual.widgets import DataTable, Input, RadioSet

from assistant.app.screens.correction import CorrectionScreen
from assistant.app.screens.interview import InterviewScreen
from assistant.app.screens.override import OverrideScreen
from assistant.app.screens.summary import SummaryScreen
from assistant.screening.session import Session


class Host(App[None]):
    """A bare app hosting the interview screen."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.push_screen(InterviewScreen(self.session, "CRC-7", cursor_blink=False))


async def type_answer(pilot, text: str) -> None:
    """Type `text` in the answer box and press Enter."""
    screen = pilot.app.screen
    box = screen.query_one("#answer", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def status_cell(screen: InterviewScreen, cid: str) -> str:
    return str(screen.query_one("#checklist", DataTable).get_cell(cid, "status"))


async def answer_current(pilot, answers: dict[str, str]) -> str:
    """Answer the interview's current question from `answers`; returns its id."""
    from assistant.cli.screen import scripted_answer

    screen = pilot.app.screen
    prompt = screen.prompt
    # The answers speak to facts as the data dictionary defines them (`screen`'s reading).
    await type_answer(pilot, scripted_answer(screen.session.engine, prompt, answers))
    return prompt.id


@run_async
async def test_answers_update_checklist(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        screen = app.screen
        assert screen.prompt.id == "age"
        assert status_cell(screen, "I2") == "? unknown"
        await type_answer(pilot, "34")
        assert status_cell(screen, "I2") == "✔ pass"
        # A rejected answer is re-asked, the status stays unknown.
        assert screen.prompt.id == "sex"
        await type_answer(pilot, "[bold]banana[/bold]")
        assert screen.prompt.id == "sex"
        texts = [m.text for m in screen.chat.messages()]
        assert "[bold]banana[/bold]" in texts  # literal, never markup
        await type_answer(pilot, "female")
        while "ln_refractory_markers" not in session.engine.answers:
            await answer_current(pilot, G1_ANSWERS)
        assert status_cell(screen, "I3") == "✔ pass"
        assert session.engine.answers["age"].raw == "34"


@run_async
async def test_interview_to_the_end_and_age_fail(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    answers = dict(G1_ANSWERS, age="75")
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        screen = app.screen
        while screen.prompt is not None:
            await answer_current(pilot, answers)
        assert status_cell(screen, "I2") == "✘ fail"
        assert status_cell(screen, "I3.G2") == "– n/a"
        assert not screen.query_one("#bar").display
        assert "All questions asked" in screen.chat.messages()[-1].text
        assert session.engine.finished()


@run_async
async def test_correction_needs_reason_and_is_recorded(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        screen = app.screen
        await type_answer(pilot, "75")
        assert status_cell(screen, "I2") == "✘ fail"
        await type_answer(pilot, "female")
        await pilot.press("f2")
        while not isinstance(app.screen, CorrectionScreen):
            await pilot.pause()
        modal = app.screen
        modal.query_one("#questions").highlighted = 0  # the age question
        await pilot.pause()
        assert modal.selected == "age"
        modal.query_one("#new-answer", Input).value = "57"
        modal.query_one("#reason", Input).value = "   "
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, CorrectionScreen)  # refused
        assert "reason is required" in str(modal.query_one("#error").render())
        modal.query_one("#reason", Input).value = "misheard 57 as 75"
        await pilot.press("enter")  # in the reason box (a second click within 0.2 s is ignored)
        while isinstance(app.screen, CorrectionScreen):
            await pilot.pause()
        assert status_cell(screen, "I2") == "✔ pass"
        assert "misheard 57 as 75" in str(screen.query_one("#reasons").render())
    evs = events(session.path)
    age_answer = next(e for e in evs if e["type"] == "answer"
                      and e["payload"]["question_id"] == "age")
    corr = [e for e in evs if e["type"] == "correction"]
    assert len(corr) == 1
    assert corr[0]["payload"]["reason"] == "misheard 57 as 75"
    assert corr[0]["payload"]["corrects"] == age_answer["seq"]
    assert corr[0]["payload"]["by"] == "CRC-7"
    assert corr[0]["payload"]["raw"] == "57"


@run_async
async def test_override_needs_reason_and_is_recorded(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        screen = app.screen
        table = screen.query_one("#checklist", DataTable)
        table.move_cursor(row=table.get_row_index("E14"))
        await pilot.pause()
        assert screen.selected == "E14"
        assert "N5 literal" in str(screen.query_one("#detail").render())
        await pilot.press("f3")
        while not isinstance(app.screen, OverrideScreen):
            await pilot.pause()
        modal = app.screen
        radios = modal.query_one("#status", RadioSet)
        radios._nodes[1].value = True  # ✘ fail
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, OverrideScreen)
        assert "reason is required" in str(modal.query_one("#error").render())
        modal.query_one("#reason", Input).value = "investigator: unstable psychiatric illness"
        modal.query_one("#reason", Input).focus()
        await pilot.press("enter")
        while isinstance(app.screen, OverrideScreen):
            await pilot.pause()
        assert status_cell(screen, "E14") == "✘ fail"
        assert "unstable psychiatric" in str(screen.query_one("#reasons").render())
    ov = [e for e in events(session.path) if e["type"] == "override"]
    assert ov[0]["payload"] == {"criterion": "E14", "from": "n/a", "to": "fail", "by": "CRC-7",
                                "reason": "investigator: unstable psychiatric illness",
                                "meaning": "overridden"}  # Part 11 11.50: the meaning


@run_async
async def test_summary_export(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    answer_all(session)
    session.correct("age", "35", "typo", "CRC-7")
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen):
            await pilot.pause()
        await pilot.press("f4")
        while not isinstance(app.screen, SummaryScreen):
            await pilot.pause()
        assert "pass" in str(app.screen.query_one("#outcome").render())
        await pilot.press("e")
        while app.screen.exported is None:
            await pilot.pause()
        md, js = (Path(p) for p in app.screen.exported)
        await pilot.press("e")  # a second export never overwrites
        await pilot.pause()
        await pilot.press("escape")
        while not isinstance(app.screen, InterviewScreen):
            await pilot.pause()
    assert md.name == f"{session.writer.session_id}.summary.md"
    assert md.stat().st_mode & 0o777 == 0o600 and js.stat().st_mode & 0o777 == 0o600
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["outcome"] == "pass" and data["corrections"][0]["reason"] == "typo"
    assert session.closed
    assert events(session.path)[-2]["type"] == "session_end"  # then the signature


@run_async
async def test_factory_opens_the_interview(tmp_path: Path) -> None:
    from coordinator_support import TODAY, dialog_path

    from assistant.app import create_app
    from assistant.station.config import KioskConfig

    app = create_app("interview", dialog=dialog_path(tmp_path), transcripts=tmp_path / "t",
                     lang="en", today=TODAY, config=KioskConfig(), coordinator="CRC-9",
                     cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        await type_answer(pilot, "40")
        assert status_cell(app.screen, "I2") == "✔ pass"
        path = app.screen.session.path
        await pilot.press("f2")  # the screen's binding wins over the shell's
        while not isinstance(app.screen, CorrectionScreen):
            await pilot.pause()
        await pilot.press("escape")
        while not isinstance(app.screen, InterviewScreen):
            await pilot.pause()
    start = events(path)[0]["payload"]
    assert start["coordinator"] == "CRC-9" and start["mode"] == "interview"


def test_command_rejects_bad_date(tmp_path: Path, capsys) -> None:
    from assistant.cli import main

    assert main(["interview", "--today", "2025-13-01", "--transcripts", str(tmp_path)]) == 2
    assert "--today" in capsys.readouterr().err


@run_async
async def test_command_interview_collects_every_reason(tmp_path: Path) -> None:
    from coordinator_support import dialog_path

    from assistant.cli import build_parser
    from assistant.cli.interview import build_app

    ns = build_parser().parse_args(["interview", "--dialog", str(dialog_path(tmp_path)),
                                    "--transcripts", str(tmp_path / "t"), "--today",
                                    "2025-01-15", "--coordinator", "CRC-3"])
    app = build_app(ns)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        await type_answer(pilot, "75")  # fails I2 ...
        assert status_cell(app.screen, "I2") == "✘ fail"
        assert app.screen.prompt is not None and app.screen.prompt.id == "sex"  # ... goes on
        path = app.screen.session.path
    assert events(path)[0]["payload"]["engine_mode"] == "collect"


class _Hit:
    """A matcher hit for 'hepatitis B' (E5)."""

    status, item, criterion, evidence, score = "affirmed", "E5.hbv", "E5", "hepatitis B", 90

    def to_json(self) -> dict:
        return {"criterion": self.criterion, "status": self.status, "score": self.score,
                "evidence": self.evidence}


class _HepMatcher:
    def match(self, text: str, lang: str = "auto", today=None, groups=frozenset()):
        return type("R", (), {"hits": [_Hit()] if "hepatitis" in text else []})()

    def confirmation(self, item_id: str, lang: str) -> str:
        return "Have you been told you have hepatitis B?"


@run_async
async def test_mention_confirmation_shown_and_correctable(tmp_path: Path) -> None:
    from coordinator_support import TODAY, dialog_path

    from assistant.trial.dialog import load_dialog

    session = Session(load_dialog(dialog_path(tmp_path)), transcripts=tmp_path / "t",
                      mode="interview", lang="en", today=TODAY, coordinator="CRC-7",
                      matcher=_HepMatcher())
    answers = dict(G1_ANSWERS, hbsag="don't know", medical_history="I had hepatitis B")
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        screen = app.screen
        while screen.prompt is not None and screen.prompt.question is not None:
            await answer_current(pilot, answers)
        assert screen.prompt is not None and screen.prompt.confirmation is not None
        assert "hepatitis B" in screen.chat.messages()[-2].text
        await type_answer(pilot, "yes")
        assert status_cell(screen, "E5") == "✘ fail"
        assert screen.prompt is None
        await pilot.press("f2")
        while not isinstance(app.screen, CorrectionScreen):
            await pilot.pause()
        modal = app.screen
        assert modal.selected.startswith("confirm:")  # the newest answer is preselected
        modal.query_one("#new-answer", Input).value = "no"
        modal.query_one("#reason", Input).value = "it was hepatitis A"
        modal.query_one("#reason", Input).focus()
        await pilot.press("enter")
        while isinstance(app.screen, CorrectionScreen):
            await pilot.pause()
        assert status_cell(screen, "E5") != "✘ fail"
    corr = [e for e in events(session.path) if e["type"] == "correction"]
    assert corr[0]["payload"]["question_id"].startswith("confirm:")


@run_async
async def test_finish_records_the_outcome(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    app = Host(session)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen) or app.screen.prompt is None:
            await pilot.pause()
        await pilot.press("f5")  # refused: questions remain
        await pilot.pause()
        assert not session.closed and isinstance(app.screen, InterviewScreen)
        while app.screen.prompt is not None:
            await answer_current(pilot, G1_ANSWERS)
        await pilot.press("f5")
        while not isinstance(app.screen, SummaryScreen):
            await pilot.pause()
        assert session.closed
    evs = events(session.path)
    assert [e["type"] for e in evs[-3:]] == ["outcome", "session_end", "signature"]
    assert evs[-3]["payload"]["outcome"] == "pass"


@run_async
async def test_interview_resumes_an_interrupted_session(tmp_path: Path) -> None:
    """A coordinator resumes an interrupted session: same file, the next unanswered question."""
    from coordinator_support import G1_ANSWERS, TODAY, dialog_path

    from assistant.app import create_app
    from assistant.audit.transcript import read_events
    from assistant.cli.screen import scripted_answer
    from assistant.screening.session import Session
    from assistant.station.config import KioskConfig
    from assistant.trial.dialog import load_dialog

    session = Session(load_dialog(dialog_path(tmp_path)), transcripts=tmp_path / "t",
                      mode="kiosk", lang="en", today=TODAY)
    while (prompt := session.current()) is not None and prompt.id != "alt":
        session.submit(prompt.id, scripted_answer(session.engine, prompt, G1_ANSWERS))
    session.writer.close()  # the kiosk lost power here
    app = create_app("interview", dialog=dialog_path(tmp_path), transcripts=tmp_path / "t",
                     lang="en", today=TODAY, config=KioskConfig(), coordinator="CRC-7",
                     resume=session.path, resume_reason="kiosk lost power", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.session is None:
            await pilot.pause()
        assert app.session.path == session.path
        prompt = app.session.engine.next_prompt()
        assert prompt is not None and prompt.id == "alt"
    resume = [e for e in read_events(session.path) if e.type == "resume"]
    assert resume and resume[0].payload["by"] == "CRC-7"
