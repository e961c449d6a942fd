"""The coordinator's override of one criterion's status, with a required reason.

The screen only collects (criterion, new status, reason); the interview records it with
`Session.override` as an `override` event. An empty reason is refused with a message.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

STATUSES = [("pass", "✔ pass"), ("fail", "✘ fail"), ("unknown", "? unknown"), ("n/a", "– n/a")]


class OverrideScreen(ModalScreen[tuple[str, str, str] | None]):
    """Choose a new status for `criterion` and give the reason; returns (id, status, reason)."""

    CSS_PATH = "override.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save override"),
    ]

    def __init__(self, criterion: str, summary: str, current: str) -> None:
        super().__init__()
        self.criterion = criterion
        self.summary = summary
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Label(Content(f"Override {self.criterion}: {self.summary}"), id="heading")
            yield Static(Content(f"Current status: {self.current}"), id="current")
            with RadioSet(id="status"):
                for value, label in STATUSES:
                    yield RadioButton(label, value=value == self.current, id=f"s-{value[0]}")
            yield Input(placeholder="Reason for the override (required)", id="reason")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("✔ Save override", id="save", variant="primary")
                yield Button("✘ Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#status", RadioSet).focus()

    def chosen(self) -> str | None:
        """The status picked, or None."""
        index = self.query_one("#status", RadioSet).pressed_index
        return STATUSES[index][0] if index >= 0 else None

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Return the override, refusing an empty reason or an unchanged status."""
        status = self.chosen()
        reason = self.query_one("#reason", Input).value
        error = self.query_one("#error", Static)
        if status is None or status == self.current:
            error.update(Content("✘ Choose a status different from the current one."))
            self.query_one("#status", RadioSet).focus()
            return
        if not reason.strip():
            error.update(Content("✘ A reason is required for every override."))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss((self.criterion, status, reason.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
