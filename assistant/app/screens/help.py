"""Help: how to use the kiosk, in the current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.app.texts import t


class HelpScreen(ModalScreen[None]):
    """How to answer, the keys, and that "don't know" is always fine."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,enter,f1,f2", "close", "Close")]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="help-panel"):
            yield Static(Content(f"? {t(self.lang, 'help_title')}"), id="help-title")
            yield Static(Content(t(self.lang, "help_body")), id="help-body")
            yield Button(Content(f"✓ {t(self.lang, 'close')}"), id="help-close")

    def on_mount(self) -> None:
        self.query_one("#help-close").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss()
