"""Staff exit: a PIN prompt. The only way out of the kiosk from its own screen.

Wrong PIN: a message and the tries left. Three wrong tries: the prompt locks for
`LOCKOUT_SECONDS` (the count and the lock live on the app, so closing the prompt does not
reset them). Without a configured PIN this screen is never shown.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from assistant.app.texts import t
from assistant.config import check_pin

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp

MAX_TRIES = 3


class PinScreen(ModalScreen[bool]):
    """Asks for the staff PIN; dismisses True only for the right one."""

    CSS_PATH = "pin.tcss"
    BINDINGS = [Binding("escape", "cancel", "Back")]
    LOCKOUT_SECONDS: float = 30.0

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Static(Content(f"🔑 {t(self.lang, 'pin_title')}"), id="pin-title")
            yield Static(Content(t(self.lang, "pin_prompt")), id="pin-prompt")
            pin = Input(password=True, id="pin-input", max_length=64)
            pin.cursor_blink = getattr(self.app, "cursor_blink", True)
            yield pin
            yield Static("", id="pin-message")

    def on_mount(self) -> None:
        self.query_one("#pin-input").focus()
        self._show_lock()

    @property
    def prescreen(self) -> PrescreenApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def _locked_for(self) -> float:
        return max(0.0, self.prescreen.pin_locked_until - time.monotonic())

    def _show_lock(self) -> bool:
        left = self._locked_for()
        if left > 0:
            self.query_one("#pin-message", Static).update(
                Content(t(self.lang, "pin_locked", n=math.ceil(left)))
            )
            return True
        return False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        app = self.prescreen
        event.input.value = ""
        if self._show_lock():
            return
        if check_pin(event.value, app.config.exit_pin_hash):
            app.pin_failures = 0
            self.dismiss(True)
            return
        app.pin_failures += 1
        if app.pin_failures >= MAX_TRIES:
            app.pin_failures = 0
            app.pin_locked_until = time.monotonic() + self.LOCKOUT_SECONDS
            self._show_lock()
        else:
            self.query_one("#pin-message", Static).update(
                Content(t(self.lang, "pin_wrong", left=MAX_TRIES - app.pin_failures))
            )

    def action_cancel(self) -> None:
        """Back to the kiosk."""
        self.dismiss(False)
