"""The calm screen shown after an unexpected error in the kiosk: ask a member of staff.

It names no file, error or answer. Any key, a tap, or `reset_seconds` later, the welcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

TEXT = {
    "en": "Sorry, something went wrong and your answers so far have been saved.\n\n"
    "Please ask a member of staff for help.",
    "zh": "抱歉，出现了问题，您目前的回答已保存。\n\n请向工作人员寻求帮助。",
}


class StaffNoticeScreen(Screen[None]):
    """"Please ask a member of staff", then back to the welcome."""

    DEFAULT_CSS = """
    StaffNoticeScreen { align: center middle; }
    StaffNoticeScreen #notice { width: 60; height: auto; padding: 1 2; border: heavy $warning; }
    """

    def __init__(self, lang: str, reset_seconds: float) -> None:
        super().__init__()
        self.lang = lang
        self.reset_seconds = reset_seconds

    def compose(self) -> Iterable[Any]:
        yield Static(Content(TEXT.get(self.lang, TEXT["en"])), id="notice")

    def on_mount(self) -> None:
        self.set_timer(self.reset_seconds, self.leave)

    def leave(self) -> None:
        """Back to an empty welcome."""
        if self.is_current:
            self.app.go_welcome()  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.leave()

    def on_click(self, event: events.Click) -> None:
        self.leave()
