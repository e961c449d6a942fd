"""A yes/no question before something that cannot be undone (restart discards the answers)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.app.texts import t


class ConfirmScreen(ModalScreen[bool]):
    """Asks `title` / `body`; dismisses True only for the yes button. Esc means no."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen #confirm-box {
        width: 60; max-width: 95%; height: auto; border: thick $warning; padding: 1 2;
        background: $surface;
    }
    ConfirmScreen #confirm-title { text-style: bold; }
    ConfirmScreen #confirm-buttons { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, lang: str, title_key: str, body_key: str, yes_key: str, no_key: str):
        super().__init__()
        self.lang = lang
        self.keys = (title_key, body_key, yes_key, no_key)

    def compose(self) -> ComposeResult:
        title, body, yes, no = (t(self.lang, k) for k in self.keys)
        with Vertical(id="confirm-box"):
            yield Static(Content(title), id="confirm-title")
            yield Static(Content(body), id="confirm-body")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(yes), id="confirm-yes", variant="warning")
                yield Button(Content(no), id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        # The safe answer has the focus: an Enter pressed by habit keeps the answers.
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_cancel(self) -> None:
        """Esc: keep going."""
        self.dismiss(False)


class NoExitScreen(ModalScreen[None]):
    """The staff key on a station without a PIN: says so, and swallows what is typed.

    The kiosk cannot be left from its screen without a configured PIN (only the supervisor can
    stop it); whatever staff type here (a PIN from habit) is dropped, never answered.
    """

    DEFAULT_CSS = """
    NoExitScreen { align: center middle; }
    NoExitScreen #noexit-box {
        width: 60; max-width: 95%; height: auto; border: thick $warning; padding: 1 2;
        background: $surface;
    }
    """
    BINDINGS = [Binding("escape,enter", "close", "Back")]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="noexit-box"):
            yield Static(Content(f"🔑 {t(self.lang, 'pin_title')}"), id="noexit-title")
            yield Static(Content(t(self.lang, "no_pin")), id="noexit-body")

    def on_key(self, event: events.Key) -> None:
        if event.key not in ("escape", "enter"):
            event.stop()
            event.prevent_default()

    def action_close(self) -> None:
        """Back to the kiosk; nothing typed here is kept."""
        self.dismiss(None)
