"""The coordinator's correction of an earlier answer: which question, the new answer, a reason.

A reason is required (an empty one is refused with a message). The screen only collects; the
interview records it with `Session.correct`, as a new `correction` event naming the one it
corrects (nothing is overwritten).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from assistant.app.texts import t


@dataclass(frozen=True)
class Answered:
    """An answered question: its id, its wording and the answer as typed."""

    question_id: str
    text: str
    raw: str


class CorrectionScreen(ModalScreen[tuple[str, str, str] | None]):
    """Pick an answered question, type the new answer and the reason; returns (id, text, reason)."""

    CSS_PATH = "correction.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save correction"),
    ]

    def __init__(
        self, answered: list[Answered], selected: str | None = None, lang: str = "en"
    ) -> None:
        super().__init__()
        self.lang = lang
        self.answered = answered
        self.by_id = {a.question_id: a for a in answered}
        self.selected = selected if selected in self.by_id else answered[-1].question_id

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Label(Content(t(self.lang, "corr_heading")), id="heading")
            yield OptionList(*(Option(Content(f"{a.question_id}: {a.raw}"), id=a.question_id)
                               for a in self.answered), id="questions")
            yield Static("", id="current", markup=False)
            yield Input(placeholder=t(self.lang, "corr_new"), id="new-answer")
            yield Input(placeholder=t(self.lang, "corr_reason"), id="reason")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(Content(t(self.lang, "corr_save")), id="save", variant="primary")
                yield Button(Content(t(self.lang, "cancel")), id="cancel")

    def on_mount(self) -> None:
        options = self.query_one("#questions", OptionList)
        options.highlighted = options.get_option_index(self.selected)
        self.show(self.selected)
        # The list has the focus: arrow keys pick the question from the start; Enter (or Tab)
        # moves on to the new answer.
        options.focus()

    def show(self, question_id: str) -> None:
        """Show the chosen question and its current answer."""
        self.selected = question_id
        a = self.by_id[question_id]
        self.query_one("#current", Static).update(
            Content(f"{a.question_id}: {a.text}\n{t(self.lang, 'corr_current', raw=a.raw)}"))

    @on(OptionList.OptionHighlighted, "#questions")
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show(event.option.id)

    @on(OptionList.OptionSelected, "#questions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#new-answer", Input).focus()

    @on(Input.Submitted, "#new-answer")
    def _to_reason(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Return the correction, refusing an empty answer or an empty reason."""
        text = self.query_one("#new-answer", Input).value
        reason = self.query_one("#reason", Input).value
        error = self.query_one("#error", Static)
        if not text.strip():
            error.update(Content(t(self.lang, "corr_need_answer")))
            self.query_one("#new-answer", Input).focus()
            return
        if not reason.strip():
            error.update(Content(t(self.lang, "corr_need_reason")))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss((self.selected, text, reason.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
