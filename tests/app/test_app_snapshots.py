"""Snapshots of the kiosk's welcome and first question at 80x24 and 120x40.

Deterministic: fixed --today, no cursor blink, no clock in the header, transcripts in a
temporary folder that is never shown. Regenerate with `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import kiosk

from assistant.app.screens.conversation import ConversationScreen

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_welcome(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(kiosk(tmp_path), terminal_size=size)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_question(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    async def start(pilot: Any) -> None:
        await pilot.press("e" if lang == "en" else "z")
        for _ in range(200):
            if isinstance(pilot.app.screen, ConversationScreen) and pilot.app.screen.prompt:
                break
            await pilot.pause()
        await pilot.pause()

    assert snap_compare(kiosk(tmp_path), terminal_size=size, run_before=start)
