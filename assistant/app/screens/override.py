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

from assistant.app.texts import t

STATUSES = ["pass", "fail", "unknown", "n/a"]


class OverrideScreen(ModalScreen[tuple[str, str, str] | None]):
    """Choose a new status for `criterion` and give the reason; returns (id, status, reason)."""

    CSS_PATH = "override.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save override"),
    ]

    def __init__(self, criterion: str, summary: str, current: str, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.criterion = criterion
        self.summary = summary
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Label(
                Content(t(self.lang, "ov_heading", cid=self.criterion, summary=self.summary)),
                id="heading",
            )
            current = t(self.lang, f"status_{self.current}")
            yield Static(Content(t(self.lang, "ov_current", status=current)), id="current")
            with RadioSet(id="status"):
                for value in STATUSES:
                    yield RadioButton(
                        Content(t(self.lang, f"status_{value}")),
                        value=value == self.current,
                        id=f"s-{value[0]}",
                    )
            yield Input(placeholder=t(self.lang, "ov_reason"), id="reason")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(Content(t(self.lang, "ov_save")), id="save", variant="primary")
                yield Button(Content(t(self.lang, "cancel")), id="cancel")

    def on_mount(self) -> None:
        radios = self.query_one("#status", RadioSet)
        radios.focus()
        # Start the highlight on the current status, so one arrow reaches each other status.
        radios._selected = max(0, radios.pressed_index)

    def chosen(self) -> str | None:
        """The status picked, or None."""
        index = self.query_one("#status", RadioSet).pressed_index
        return STATUSES[index] if index >= 0 else None

    @on(RadioSet.Changed, "#status")
    def _status_chosen(self) -> None:
        # Enter (or Space) picks the status; the reason is next, and Enter there saves.
        if self.chosen() not in (None, self.current):
            self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Return the override, refusing an empty reason or an unchanged status."""
        status = self.chosen()
        reason = self.query_one("#reason", Input).value
        error = self.query_one("#error", Static)
        if status is None or status == self.current:
            error.update(Content(t(self.lang, "ov_need_status")))
            self.query_one("#status", RadioSet).focus()
            return
        if not reason.strip():
            error.update(Content(t(self.lang, "ov_need_reason")))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss((self.criterion, status, reason.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
