"""Staff exit: a PIN prompt. The only way out of the kiosk from its own screen.

Wrong PIN: a message and the tries left. Three wrong tries lock the prompt, for longer each time
(`assistant.audit.lockout`: 30 s, 2 min, 10 min, 1 h); the count and the lock are kept in a state
file beside the station key, so neither closing the prompt nor restarting the kiosk resets them.
Every wrong PIN is recorded in the station log. Without a configured PIN this screen is never
shown.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from assistant.app.texts import t
from assistant.audit.lockout import SCHEDULE, Lockout
from assistant.station.config import check_pin

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp

MAX_TRIES = 3
WHO = "kiosk-exit"  # the lockout and station-log name of the kiosk's exit PIN


def lockout_for(app: PrescreenApp, first: float) -> Lockout:
    """The app's persistent lockout (made once; a test may set `app.pin_lockout` first)."""
    lock = getattr(app, "pin_lockout", None)
    if lock is None:
        from assistant.audit.keys import key_home

        lock = Lockout(key_home() / "pin-lockout.json", schedule=(first, *SCHEDULE[1:]))
        app.pin_lockout = lock  # type: ignore[attr-defined]
    return lock


def record_failure(app: PrescreenApp, failures: int, locked: float) -> None:
    """A wrong PIN goes into the station log of the kiosk's transcripts folder."""
    from assistant.audit.station import open_station

    try:
        key = app.config.signing_key
        open_station(app.transcripts, key).log.pin_failed(WHO, failures, locked)
    except Exception as e:  # noqa: BLE001 - the prompt must keep working; say so in the log
        app.log.error(f"could not record a failed PIN in the station log: {e}")


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

    @property
    def lockout(self) -> Lockout:
        """The persistent lockout of the exit PIN."""
        return lockout_for(self.prescreen, self.LOCKOUT_SECONDS)

    def _locked_for(self) -> float:
        return self.lockout.locked_for(WHO)

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
            self.lockout.success(WHO)
            self.dismiss(True)
            return
        failures, locked = self.lockout.failure(WHO)
        record_failure(app, failures, locked)
        if locked:
            self._show_lock()
        else:
            self.query_one("#pin-message", Static).update(
                Content(t(self.lang, "pin_wrong", left=self.lockout.tries_left(WHO)))
            )

    def action_cancel(self) -> None:
        """Back to the kiosk."""
        self.dismiss(False)
