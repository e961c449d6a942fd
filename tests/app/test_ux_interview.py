"""Pilot tests of the coordinator's interview (issue 11), in English and Chinese.

Readable checklist and a visible answer box at 100x32 and 120x40; the focus back in the answer
box after every dialog; typed answers never lost; arrows in the correction list from the start;
Enter in the override; the early stop; the summary's "why" and values; corrections with old and
new; a resumed session keeps its coordinator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import DIALOG, TODAY, asynctest, type_text, wait_for
from patients import CLEAN_G1
from textual.widgets import DataTable, Footer, Input, OptionList

from assistant.app import create_app
from assistant.app.screens.correction import CorrectionScreen
from assistant.app.screens.interview import InterviewScreen
from assistant.app.screens.override import OverrideScreen
from assistant.app.screens.stop import StopScreen
from assistant.app.screens.summary import SummaryScreen
from assistant.app.texts import t
from assistant.app.values import facts_line, human_value
from assistant.station.config import KioskConfig


def interview(tmp: Path, lang: str = "en", coordinator: str | None = "CRC-7", **kw):
    return create_app(
        "interview",
        dialog=DIALOG,
        transcripts=tmp / "t",
        lang=lang,
        today=TODAY,
        config=KioskConfig(),
        coordinator=coordinator,
        cursor_blink=False,
        **kw,
    )


async def ready(pilot) -> InterviewScreen:
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.prompt is not None
    )
    return app.screen


async def say(pilot, text: str) -> None:
    """Type an answer in the box and send it; wait until it is recorded."""
    screen = pilot.app.screen
    before = screen.prompt.id if screen.prompt else None
    box = screen.query_one("#answer", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await wait_for(
        pilot, lambda: screen.prompt is None or screen.prompt.id != before or box.value == ""
    )


def answer_box_focused(app) -> bool:
    return isinstance(app.focused, Input) and app.focused.id == "answer"


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


@pytest.mark.parametrize("size", [(100, 32), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_layout_answer_box_footer_and_wrapped_checklist(tmp_path: Path, size, lang) -> None:
    app = interview(tmp_path, lang)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        await pilot.pause()
        whole = screen.region
        box = screen.query_one("#answer", Input)
        assert whole.contains_region(box.region) and box.region.height >= 1
        footer = screen.query_one(Footer)
        assert footer.region.height == 1 and footer.region.y == size[1] - 1
        assert answer_box_focused(app)
        table = screen.query_one("#checklist", DataTable)
        # A long criterion wraps: its row is taller than one line, its text not cut.
        row = next(r for k, r in table.rows.items() if k.value == "I3.G1")
        assert row.height > 1
        assert t(lang, "key_correct") in app.export_screenshot().replace("&#160;", " ")


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_typing_on_the_checklist_goes_to_the_answer_box(tmp_path: Path, lang) -> None:
    app = interview(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("f6")
        assert isinstance(app.focused, DataTable)
        await type_text(pilot, "34")
        assert answer_box_focused(app)
        assert screen.query_one("#answer", Input).value == "34"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.prompt is not None and screen.prompt.id == "sex")


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_correction_arrows_from_start_focus_back_old_and_new(tmp_path: Path, lang) -> None:
    app = interview(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await say(pilot, "34")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrectionScreen))
        await pilot.pause()
        assert isinstance(app.focused, OptionList)  # arrows work at once, on the first question
        await say_in_correction(pilot, "45", "typo")
        await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await pilot.pause()
        assert answer_box_focused(app)
        shown = screen.query_one("#reasons").render().plain
        assert "“34” → “45”" in shown and "typo" in shown
        # Esc from the dialog: also back in the answer box.
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CorrectionScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await pilot.pause()
        assert answer_box_focused(app)


async def say_in_correction(pilot, text: str, reason: str) -> None:
    await pilot.press("down", "up", "enter")  # move in the list, then Enter to the answer box
    app = pilot.app
    await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "new-answer")
    await type_text(pilot, text)
    await pilot.press("enter")
    await type_text(pilot, reason)
    await pilot.press("enter")


@pytest.mark.parametrize("lang", ["en", "zh"])
@asynctest
async def test_override_with_enter_and_summary_why_follows_it(tmp_path: Path, lang) -> None:
    app = interview(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await say(pilot, "15")  # I2 fails: not met
        assert screen.session.engine.decisions()["I2"].status == "fail"
        await pilot.press("f3")  # the first criterion (I2) is selected
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideScreen))
        await pilot.pause()
        await pilot.press("down", "enter")  # fail -> unknown, Enter picks it
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "reason")
        await type_text(pilot, "age to be checked on ID")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await pilot.pause()
        assert answer_box_focused(app)
        assert screen.session.engine.decisions()["I2"].status == "unknown"
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        table = app.screen.query_one("#criteria", DataTable)
        why = str(table.get_cell("I2", "why"))
        assert "age to be checked on ID" in why and "CRC-7" in why
        assert "not met" not in why
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await pilot.pause()
        assert answer_box_focused(app)


@asynctest
async def test_early_stop_only_after_a_definite_fail(tmp_path: Path) -> None:
    app = interview(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("f8")  # nothing failed yet: refused
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and not screen.session.closed
        await say(pilot, "15")  # I2 fails (E-less, definite)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, StopScreen))
        await pilot.pause()
        assert app.screen.query_one("#reason", Input).value == "not eligible: I2"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert screen.session.closed
        outcome = app.screen.query_one("#outcome").render().plain
        assert "not eligible: I2" in outcome
    evs = [e for e in lines(screen.session.path) if e["type"] != "signature"]  # signed by default
    out = next(e for e in evs if e["type"] == "outcome")["payload"]
    assert out["outcome"] == "fail" and out["failed"] == ["I2"]
    assert out["stopped_early"] == {"reason": "not eligible: I2", "by": "CRC-7"}
    assert "E5" in out["unknown"]  # the criteria not asked stay unknown
    assert evs[-1]["type"] == "session_end" and evs[-1]["payload"]["reason"] == "finished"


def test_stop_early_refused_without_a_fail(tmp_path: Path) -> None:
    from coordinator_support import new_session

    session = new_session(tmp_path)
    with pytest.raises(ValueError):
        session.stop_early("not eligible", "CRC-7")
    assert not session.closed


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        ({"classes": ["IV"]}, "class IV", "IV型"),
        ({"value": 3.0, "unit": "months", "base_value": 3.0}, "3 months", "3 月"),
        ({"value": 2.4, "unit": "g/day"}, "2.4 g/day", "2.4 克/天"),
        (True, "yes", "是"),
        (None, "not known", "未知"),
        ({"answer": "no", "text": "no"}, "no", "否"),
        (
            {"answer": "yes", "text": "on dialysis since May"},
            "yes (“on dialysis since May”)",
            "是 (“on dialysis since May”)",
        ),
    ],
)
def test_values_as_a_person_writes_them(value, en, zh) -> None:
    assert human_value(value, "en") == en
    assert human_value(value, "zh") == zh


def test_no_json_in_facts_line() -> None:
    text = facts_line({"ln_biopsy_class": {"classes": ["IV", "V"]}, "age": 34})
    assert text == "ln_biopsy_class: class IV, class V; age: 34"
    assert "{" not in text


@asynctest
async def test_summary_shows_class_iv_not_json(tmp_path: Path) -> None:
    app = interview(tmp_path, "en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        answers = {**CLEAN_G1, "lab_document": "yes"}
        while True:  # up to the biopsy class, in whatever order the dialog asks
            fact = screen.prompt.question.sets[0]
            await say(pilot, answers.get(fact, "don't know"))
            if fact == "ln_biopsy_class":
                break
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        facts = str(app.screen.query_one("#criteria", DataTable).get_cell("I3.G1", "facts"))
        assert "class IV" in facts and "classes" not in facts


@asynctest
async def test_resumed_session_keeps_the_coordinator(tmp_path: Path) -> None:
    from coordinator_support import new_session

    first = new_session(tmp_path, coordinator="CRC-7")
    prompt = first.current()
    first.submit(prompt.id, "34")
    first.writer.close()  # the process died: no session_end, so it can be resumed
    path = first.path
    app = interview(tmp_path, coordinator=None, resume=path, resume_reason="power cut")
    app.transcripts = path.parent
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.coordinator == "CRC-7"
        assert screen.session.path == path
        assert screen.prompt.id == "sex"
        assert "CRC-7" in screen.query_one("#title").render().plain
    resume = next(e for e in lines(path) if e["type"] == "resume")
    assert resume["payload"]["by"] == "CRC-7"


@asynctest
async def test_chinese_interview_labels(tmp_path: Path) -> None:
    app = interview(tmp_path, "zh")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        table = screen.query_one("#checklist", DataTable)
        assert table.border_title == "核查表"
        assert str(table.get_cell("I2", "status")) == "? 未知"
        title = screen.query_one("#title").render().plain
        assert title.startswith("访谈 NCT05930314") and "协调员 CRC-7" in title
        assert "已回答 0 题" in screen.query_one("#progress").render().plain
