"""The kiosk and the interview under bursts of keys (issue 8): one answer at a time.

The monkey part (random keys, pastes, clicks, idle) is at the end of this file.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import (
    DIALOG,
    SIZE,
    TODAY,
    asynctest,
    chat_texts,
    events,
    kiosk,
    type_text,
    wait_for,
)
from coordinator_support import new_session
from textual import events as tev

from assistant.app.screens.conversation import ConversationScreen
from assistant.audit.verify import verify_file


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

    from assistant.app.screens.interview import InterviewScreen

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


# --- the monkey: random keys, bursts, pastes, clicks and idle, then check everything ---------
#
# Sizes (one core, unloaded): kiosk 4 seeds x 120 steps, interview 3 seeds x 80 steps, about
# 20-40 s per file. After every step: the app runs, shows a known screen, nothing reached the
# error edge, and every transcript in the folder verifies (intact, or interrupted while open).

import random  # noqa: E402

import pytest  # noqa: E402
from textual.command import CommandPalette  # noqa: E402

from assistant.app.screens.confirm import ConfirmScreen, NoExitScreen  # noqa: E402
from assistant.app.screens.errorscreen import StaffNoticeScreen  # noqa: E402
from assistant.app.screens.help import HelpScreen  # noqa: E402
from assistant.app.screens.idle import IdleScreen  # noqa: E402
from assistant.app.screens.pin import PinScreen  # noqa: E402
from assistant.app.screens.welcome import WelcomeScreen  # noqa: E402
from assistant.audit.verify import scan_file  # noqa: E402

KEYS = [
    *"abcxyz0123456789 ",
    "enter",
    "backspace",
    "tab",
    "shift+tab",
    "escape",
    "ctrl+z",
    "f1",
    "f2",
    "ctrl+l",
    "ctrl+t",
    "ctrl+c",
    "ctrl+q",
    "f12",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "delete",
    "ctrl+p",
]
ANSWERS = [
    "45",
    "female",
    "yes",
    "kidney",
    "IV",
    "3",
    "2.4",
    "no",
    "don't know",
    "不知道",
    "两者都有",
    "both lupus nephritis and low platelets",
]
PASTES = [
    "[bold]x[/bold] [link=http://x]y[/link]",
    "\x00\x07\x1b[31mred\x1b[0m\x7f",
    "caf\ufffd \udcff \ud800 end",
    "x" * 10_000,
    "45\n46\r\n47",
    "乙肝\u202e反转\u200b",
]
KIOSK_SCREENS = (
    WelcomeScreen,
    ConversationScreen,
    IdleScreen,
    HelpScreen,
    PinScreen,
    StaffNoticeScreen,
    CommandPalette,
    ConfirmScreen,  # "Restart?" asks first
    NoExitScreen,  # the staff key with no PIN configured
)


def _all_sound(folder: Path) -> None:
    for f in folder.glob("*.jsonl"):
        sc = scan_file(f)
        assert sc.status in ("complete", "interrupted") and not sc.partial_tail, (
            f,
            sc.status,
            sc.line,
            sc.reason,
        )


async def _step(pilot, app, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.40:
        key = rng.choice(KEYS)
        await pilot.press(key)
        return key
    if roll < 0.60:
        text = rng.choice(ANSWERS)
        burst(
            app,
            *(["space" if c == " " else c for c in text if c.isascii()] or ["x"]),
            *["enter"] * rng.randint(1, 4),
        )
        await pilot.pause()
        return f"burst {text!r}"
    if roll < 0.75:
        text = rng.choice(PASTES)
        paste = tev.Paste(text)
        paste.set_sender(app)
        app._driver.send_message(paste)
        await pilot.pause()
        return "paste"
    if roll < 0.88:
        await pilot.click(offset=(rng.randint(0, SIZE[0] - 1), rng.randint(0, SIZE[1] - 1)))
        return "click"
    if roll < 0.94 and hasattr(app, "_idle_fired"):
        app._idle_fired()  # the fake clock: the idle interval has passed
        await pilot.pause()
        return "idle"
    if hasattr(app, "_idle_answered") and isinstance(app.screen, IdleScreen):
        app.screen.dismiss(False)  # the warning's countdown ran out
        await pilot.pause()
        return "idle timeout"
    await pilot.press("enter")
    return "enter"


@pytest.mark.parametrize("seed", range(4))
@asynctest
async def test_kiosk_monkey(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    app = kiosk(tmp_path, reset_seconds=0.2)
    trail: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(120):
            trail.append(await _step(pilot, app, rng))
            assert app.is_running, trail[-10:]
            assert isinstance(app.screen, KIOSK_SCREENS), (type(app.screen), trail[-10:])
            assert app.errors_recovered == 0, trail[-10:]
            _all_sound(tmp_path)


@pytest.mark.parametrize("seed", range(3))
@asynctest
async def test_interview_monkey(tmp_path: Path, seed: int) -> None:
    from assistant.app.screens.correction import CorrectionScreen
    from assistant.app.screens.interview import InterviewScreen
    from assistant.app.screens.override import OverrideScreen
    from assistant.app.screens.summary import SummaryScreen

    screens = (
        InterviewScreen,
        CorrectionScreen,
        OverrideScreen,
        SummaryScreen,
        HelpScreen,
        CommandPalette,
    )
    from assistant.app import create_app
    from assistant.station.config import KioskConfig

    rng = random.Random(100 + seed)
    app = create_app(
        "interview",
        dialog=DIALOG,
        transcripts=tmp_path / "t",
        lang="en",
        today=TODAY,
        config=KioskConfig(),
        coordinator="CRC-7",
        cursor_blink=False,
    )
    trail: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen))
        s = app.session
        for _ in range(80):
            key = rng.choice([*KEYS, "f3", "f4", "f5", "f6", "f7"])
            if key in ("ctrl+q", "ctrl+c", "f12", "ctrl+p"):
                continue  # the coordinator's ways out (quit, palette Quit/Restart): not tested
            if rng.random() < 0.3:
                burst(app, *rng.choice(ANSWERS)[:3], "enter", "enter")
                await pilot.pause()
            else:
                await pilot.press(key)
            trail.append(key)
            assert app.is_running, trail[-10:]
            assert isinstance(app.screen, screens), (type(app.screen), trail[-10:])
            _all_sound(s.path.parent)
