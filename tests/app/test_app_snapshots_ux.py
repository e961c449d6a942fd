"""Snapshots of the kiosk and the interview at 80x24 and 120x40, in English and Chinese (issue 11).

The welcome (with its estimate), a question with buttons, a confirmation, the end with its
reference code (a fixed session id), the coordinator's view and the summary. Deterministic: fixed
--today, no cursor blink, fixed clock and session ids. Regenerate with `--snapshot-update`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import types
from pathlib import Path
from typing import Any

import pytest
from app_helpers import DIALOG, TODAY, kiosk
from patients import CLEAN_G1

from assistant.app import create_app
from assistant.app.screens.conversation import ConversationScreen
from assistant.app.screens.interview import InterviewScreen
from assistant.app.screens.summary import SummaryScreen
from assistant.audit import transcript
from assistant.station.config import KioskConfig

SIZES = [(80, 24), (120, 40)]
IDS = {"ids": lambda s: f"{s[0]}x{s[1]}"}


class _FixedDatetime(dt.datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _FixedDatetime:  # type: ignore[override]
        return cls(2025, 1, 15, 9, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session ids (and so reference codes) and timestamps that do not depend on the clock."""
    counter = itertools.count()
    monkeypatch.setattr(
        transcript, "_now", lambda: f"2025-01-15T09:00:{next(counter) % 60:02d}.000000Z"
    )
    monkeypatch.setattr(
        transcript, "dt", types.SimpleNamespace(datetime=_FixedDatetime, UTC=dt.UTC, date=dt.date)
    )
    monkeypatch.setattr(transcript.secrets, "token_hex", lambda n=4: "0" * (2 * n))


async def until(pilot: Any, cond: Any) -> None:
    for _ in range(2000):
        if cond():
            break
        await pilot.pause()
    await pilot.pause()


async def kiosk_at(pilot: Any, lang: str, stop: str, answers: dict[str, str]) -> None:
    """Start in `lang` and answer (through the session) until question `stop` is shown."""
    app = pilot.app
    await pilot.press("e" if lang == "en" else "z")
    await until(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.prompt)
    screen = app.screen
    while screen.prompt is not None and screen.prompt.id != stop:
        fact = screen.prompt.question.sets[0] if screen.prompt.question else ""
        app.session.submit(screen.prompt.id, answers.get(fact, "yes"))
        screen.chat.clear()
        screen.show_next()
        await pilot.pause()
    await until(pilot, lambda: len(list(screen.bar.query("#quick Button"))) > 0)


def test_welcome_with_estimate(snap_compare: Any, tmp_path: Path) -> None:
    async def ready(pilot: Any) -> None:
        await until(pilot, lambda: "42" in str(pilot.app.screen.query_one("#estimate").render()))

    for size in SIZES:
        assert snap_compare(kiosk(tmp_path), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, **IDS)
def test_question_with_buttons(snap_compare: Any, tmp_path: Path, size: Any, lang: str) -> None:
    async def run(pilot: Any) -> None:
        await kiosk_at(pilot, lang, "group", CLEAN_G1)

    assert snap_compare(kiosk(tmp_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, **IDS)
def test_confirmation(snap_compare: Any, tmp_path: Path, size: Any, lang: str) -> None:
    async def run(pilot: Any) -> None:
        await kiosk_at(pilot, lang, "malignancy", CLEAN_G1)
        screen = pilot.app.screen
        screen.bar.input.value = "I had breast cancer" if lang == "en" else "我得过乳腺癌"
        await pilot.press("enter")
        await until(pilot, lambda: screen.prompt is not None and screen.prompt.confirmation)

    assert snap_compare(kiosk(tmp_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, **IDS)
def test_end_with_code(
    snap_compare: Any, fixed_clock: None, tmp_path: Path, size: Any, lang: str
) -> None:
    async def run(pilot: Any) -> None:
        await kiosk_at(pilot, lang, "age", CLEAN_G1)
        screen = pilot.app.screen
        screen.bar.input.value = "15"
        await pilot.press("enter")
        await until(pilot, lambda: screen.ended)

    app = kiosk(tmp_path, show_reasons=True, reset_seconds=3600)
    assert snap_compare(app, terminal_size=size, run_before=run)


def _interview(tmp: Path, lang: str) -> Any:
    return create_app(
        "interview",
        dialog=DIALOG,
        transcripts=tmp / "t",
        lang=lang,
        today=TODAY,
        config=KioskConfig(station="station-1"),
        coordinator="CRC-7",
        cursor_blink=False,
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, **IDS)
def test_coordinator_view(
    snap_compare: Any, fixed_clock: None, tmp_path: Path, size: Any, lang: str
) -> None:
    async def run(pilot: Any) -> None:
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.prompt)
        for text in ("75", "female"):
            app.screen.query_one("#answer").value = text
            await pilot.press("enter")
            await pilot.pause()
        await until(pilot, lambda: app.screen.prompt and app.screen.prompt.id == "sle_diagnosis")

    assert snap_compare(_interview(tmp_path, lang), terminal_size=size, run_before=run)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, **IDS)
def test_summary_view(
    snap_compare: Any, fixed_clock: None, tmp_path: Path, size: Any, lang: str
) -> None:
    async def run(pilot: Any) -> None:
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.prompt)
        s = app.screen.session
        while (p := s.current()) is not None:
            fact = p.question.sets[0] if p.question else ""
            s.submit(p.id, CLEAN_G1.get(fact, "don't know"))
        s.correct("age", "35", "misread the ID card", "CRC-7")
        s.override("E14", "unknown", "investigator to judge", "CRC-7")
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))

    assert snap_compare(_interview(tmp_path, lang), terminal_size=size, run_before=run)
