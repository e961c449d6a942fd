"""Helpers for the Textual app tests: build the kiosk, type answers, wait on conditions."""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from assistant.app import create_app
from assistant.app.app import PrescreenApp
from assistant.station.config import KioskConfig

ROOT = Path(__file__).resolve().parent.parent
DIALOG = ROOT / "dialogs" / "nct05930314.yaml"
TODAY = date(2025, 1, 15)
SIZE = (100, 40)


def asynctest(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no pytest async plugin is installed)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


def kiosk(transcripts: Path, lang: str | None = None, **config: Any) -> PrescreenApp:
    """A kiosk app on the bundled dialog with a fixed date, no cursor blink."""
    return create_app(
        "kiosk",
        dialog=DIALOG,
        transcripts=transcripts,
        lang=lang,
        today=TODAY,
        config=KioskConfig(**config),
        cursor_blink=False,
    )


async def wait_for(pilot: Any, cond: Callable[[], bool], seconds: float = 30.0) -> None:
    """Let the app run until `cond()` holds, checking after each pause (no fixed sleeps).

    Bounded by wall-clock time, not by a count of pauses, so a loaded machine is not a failure.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return
        await pilot.pause()
    raise AssertionError("condition never held")


async def type_text(pilot: Any, text: str) -> None:
    """Type `text` key by key, as a person would."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def answer(pilot: Any, text: str) -> None:
    """Type `text`, press Enter, and wait until the app has recorded it."""
    screen = pilot.app.screen
    before = len(screen.chat.messages())
    await type_text(pilot, text)
    await pilot.press("enter")
    await wait_for(
        pilot, lambda: not screen.busy and len(screen.chat.messages()) > before + 1 or screen.ended
    )
    await pilot.pause()


def chat_texts(app: PrescreenApp) -> list[str]:
    """The chat messages as plain text, as displayed."""
    return [m.plain for m in app.screen.chat.messages()]


def events(transcripts: Path) -> list[dict[str, Any]]:
    """Events of the only transcript in `transcripts`."""
    files = sorted(transcripts.glob("*.jsonl"))
    assert len(files) == 1, files
    return [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines()]


def all_events(transcripts: Path) -> list[list[dict[str, Any]]]:
    """Events of every transcript in `transcripts`, oldest file first."""
    return [
        [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines()]
        for f in sorted(transcripts.glob("*.jsonl"))
    ]


def types(evs: list[dict[str, Any]]) -> list[str]:
    """Event types in order."""
    return [e["type"] for e in evs]
