"""The coordinator's early stop: a criterion has definitely failed; why stop now (required).

The screen only collects the reason (prefilled "not eligible: E5" from the failed criteria);
the interview records it with `Session.stop_early`: the outcome (fail) with the reason and who
stopped, the criteria not asked left unknown.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.app.texts import t


class StopScreen(ModalScreen[str | None]):
    """Returns the reason for stopping, or None (Esc, Cancel)."""

    DEFAULT_CSS = """
    StopScreen { align: center middle; }
    StopScreen #stop-box {
        width: 70; max-width: 95%; height: auto; border: thick $error; padding: 1 2;
        background: $surface;
    }
    StopScreen #stop-title { text-style: bold; }
    StopScreen #stop-buttons { height: auto; margin-top: 1; }
    StopScreen Button { margin-right: 2; }
    StopScreen #stop-error { color: $text-error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, failed: list[str], lang: str = "en") -> None:
        super().__init__()
        self.failed = failed
        self.lang = lang

    def compose(self) -> ComposeResult:
        ids = ", ".join(self.failed)
        with Vertical(id="stop-box"):
            yield Static(Content(t(self.lang, "stop_title")), id="stop-title")
            yield Static(Content(t(self.lang, "stop_body", failed=ids)), id="stop-body")
            reason = Input(
                value=f"not eligible: {ids}", placeholder=t(self.lang, "stop_reason"), id="reason"
            )
            reason.cursor_blink = getattr(self.app, "cursor_blink", True)
            yield reason
            yield Static("", id="stop-error")
            with Horizontal(id="stop-buttons"):
                yield Button(Content(t(self.lang, "stop_save")), id="save", variant="error")
                yield Button(Content(t(self.lang, "cancel")), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        """Return the reason (an empty one is refused)."""
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#stop-error", Static).update(Content(t(self.lang, "stop_reason")))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Go on with the interview."""
        self.dismiss(None)
