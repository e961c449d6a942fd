"""The kiosk and the interview under bursts of keys (issue 8): one answer at a time.

The monkey part (random keys, pastes, clicks, idle) is at the end of this file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app_helpers import SIZE, asynctest, chat_texts, events, kiosk, type_text, wait_for
from textual import events as tev

from assistant.app.conversation import ConversationScreen
from assistant.verify import verify_file

sys.path.insert(0, str(Path(__file__).parent))
from coordinator_support import new_session  # noqa: E402


def burst(app, *keys: str) -> None:
    """Post key events back to back, with no pause and no waiting in between: what a fast
    double press or a barcode scanner delivers (Pilot's `press` waits after each key)."""
    for key in keys:
        char = {"enter": "\r", "space": " "}.get(key, key if len(key) == 1 else None)
        event = tev.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)  # as the terminal driver delivers keys


def _verified(folder: Path) -> None:
    files = sorted(folder.glob("*.jsonl"))
    assert files
    for f in files:
        result = verify_file(f)
        assert result.status in ("unsigned", "verified", "signed_ok", "interrupted"), (
            f,
            result,
        )


@asynctest
async def test_enter_burst_records_one_answer(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        screen = app.screen
        await type_text(pilot, "45")
        burst(app, "enter", "enter", "enter", "enter", *"fem")  # no pause between them
        await wait_for(pilot, lambda: not screen.busy and screen.prompt.id == "sex")
        await pilot.pause()
        # What was typed before the next question was shown is not taken as its answer.
        assert screen.bar.input.value == ""
        await type_text(pilot, "female")
        burst(app, "enter", "enter", *"no", "enter")
        await wait_for(pilot, lambda: not screen.busy and screen.prompt.id != "sex")
        texts = chat_texts(app)
        assert not any(t.endswith(("45fem", "45female", "femaleno")) for t in texts)
    evs = events(tmp_path)
    answers = [
        (e["payload"]["question_id"], e["payload"]["raw"]) for e in evs if e["type"] == "answer"
    ]
    assert answers == [("age", "45"), ("sex", "female")]
    _verified(tmp_path)


@asynctest
async def test_enter_burst_in_the_interview(tmp_path: Path) -> None:
    from test_app_interview import Host

    from assistant.app.interview import InterviewScreen

    s = new_session(tmp_path)
    app = Host(s)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.prompt is not None
        )
        await type_text(pilot, "45")
        burst(app, "enter", "enter", "enter", *"fem")
        screen = app.screen
        await wait_for(pilot, lambda: screen.prompt is not None and screen.prompt.id == "sex")
        await pilot.pause()
        assert screen.query_one("#answer").value == ""  # typed before the question: dropped
        await type_text(pilot, "female")
        burst(app, "enter", "enter", "enter")
        await wait_for(pilot, lambda: "sex" in s.engine.answers)
        await pilot.pause()
    raw = [(qid, a.raw) for qid, a in s.engine.answers.items()]
    assert raw == [("age", "45"), ("sex", "female")]
    _verified(s.path.parent)
