""" "Are you still there?": the kiosk's idle warning with a countdown.

Dismisses with True when the person is still there (any key, click or the button) and with
False when the countdown runs out (the app then closes the answers as abandoned).
"""

from __future__ import annotations

import math
import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.app.texts import t


class IdleScreen(ModalScreen[bool]):
    """Idle warning with a countdown of `seconds`."""

    CSS_PATH = "idle.tcss"
    BINDINGS = [Binding("escape,enter", "still_there", "Continue")]

    def __init__(self, lang: str, seconds: float) -> None:
        super().__init__()
        self.lang = lang
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-box"):
            yield Static(Content(f"⏳ {t(self.lang, 'idle_title')}"), id="idle-title")
            yield Static(self._body(), id="idle-body")
            yield Button(
                Content(t(self.lang, "idle_continue")), id="idle-continue", variant="primary"
            )

    def _body(self) -> Content:
        left = max(0, math.ceil(self._deadline - time.monotonic()))
        return Content(t(self.lang, "idle_body", n=left))

    def on_mount(self) -> None:
        self.set_timer(self.seconds, self._expired)
        self.set_interval(1, self._tick)
        self.query_one("#idle-continue").focus()

    def _tick(self) -> None:
        self.query_one("#idle-body", Static).update(self._body())

    def _expired(self) -> None:
        if self.is_current:
            self.dismiss(False)

    def action_still_there(self) -> None:
        """The person is still there."""
        if self.is_current:
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_still_there()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.action_still_there()

    def on_click(self, event: events.Click) -> None:
        self.action_still_there()
