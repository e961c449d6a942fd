"""The coordinator's guided interview: the conversation beside a live checklist of every criterion.

Left: the questions and answers as chat messages and the answer bar. Right: every criterion with
its status (icon, word and colour, never colour alone), updated after every answer; the selected
criterion's record text, rule, facts, confirmations, override and record-defect notes; and every
correction and override with its reason (read back from the transcript). F2 corrects an earlier
answer, F3 overrides the selected criterion, F4 shows the summary. All questions are asked
(collect mode: every reason is gathered) before the interview says it is complete.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from assistant.app.screens.correction import Answered, CorrectionScreen
from assistant.app.screens.override import OverrideScreen
from assistant.app.texts import t
from assistant.app.values import reason_lines, status_word
from assistant.app.widgets.chat import AnswerBar, ChatView, quick_kind
from assistant.review import summary as report
from assistant.screening.engine import Prompt, reask_text
from assistant.screening.progress import answered_count, estimate_remaining
from assistant.screening.session import Session

# Colour per status; the icon and the word always go with it.
STATUS_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow", "n/a": "dim"}


def status_text(status: str, lang: str = "en") -> Text:
    """A status cell: icon + word, coloured."""
    return Text(status_word(status, lang), style=STATUS_STYLE.get(status, ""))


class InterviewScreen(Screen[None]):
    """The coordinator's interview of one person (one `Session`)."""

    CSS_PATH = "interview.tcss"
    BINDINGS = [
        Binding("f2", "correct", "Correct answer"),
        Binding("f3", "override", "Override"),
        Binding("f4", "summary", "Summary"),
        Binding("f5", "finish", "Finish"),
        Binding("f6", "focus_checklist", "Checklist"),
        Binding("f7", "focus_answer", "Answer box"),
        Binding("f8", "stop", "Stop early"),
    ]

    def __init__(self, session: Session, coordinator: str, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.session = session
        self.coordinator = coordinator or "coordinator"
        self.lang = session.engine.lang
        self.cursor_blink = cursor_blink
        self.prompt: Prompt | None = None
        self.selected: str | None = None

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        trial = self.session.engine.dialog.trial
        title = t(self.lang, "iv_title", trial=trial.id, version=trial.version,
                  coordinator=self.coordinator, date=self.session.engine.today.isoformat())
        yield Static(Content(title), id="title")
        with Horizontal(id="main"):
            with Vertical(id="conversation"):
                yield Static("", id="progress")
                yield ChatView(self.lang, id="chat")
                yield AnswerBar(self.lang, cursor_blink=self.cursor_blink, id="bar")
            with Vertical(id="side"):
                yield DataTable(id="checklist", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="detail-box"):
                    yield Static("", id="detail", markup=False)
                with VerticalScroll(id="reasons-box"):
                    yield Static("", id="reasons", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        table = self.query_one("#checklist", DataTable)
        table.add_column(t(self.lang, "iv_col_id"), key="id")
        table.add_column(t(self.lang, "iv_col_status"), key="status", width=10)
        # A fixed width so a long criterion wraps onto more lines instead of being cut off.
        side = self.query_one("#side").size.width or self.app.size.width // 2
        table.add_column(t(self.lang, "iv_col_criterion"), key="summary",
                         width=max(16, side - 26))
        decisions = self.session.engine.decisions()
        for c in self.session.engine.dialog.criteria:
            label = ("  " if c.parent else "") + c.summary.get(self.lang)
            table.add_row(c.id, status_text(decisions[c.id].status, self.lang), Text(label),
                          key=c.id, height=None)
        self.query_one("#detail-box").border_title = t(self.lang, "iv_detail")
        self.query_one("#reasons-box").border_title = t(self.lang, "iv_reasons")
        table.border_title = t(self.lang, "iv_checklist")
        self.selected = self.session.engine.dialog.criteria[0].id
        self.refresh_side()
        await self.ask_next()

    # -- the conversation ---------------------------------------------------------------------
    @property
    def chat(self) -> ChatView:
        """The conversation."""
        return self.query_one("#chat", ChatView)

    async def ask_next(self) -> None:
        """Show the next question, or say that every question has been asked."""
        if self.session.closed:
            self.prompt = None
            return
        prompt = self.session.current()
        bar = self.query_one("#bar", AnswerBar)
        if prompt is None:
            if self.prompt is not None or not self.chat.messages():
                outcome = self.session.engine.summary()["outcome"]
                self.chat.add_notice(
                    t(self.lang, "iv_complete", outcome=t(self.lang, f"outcome_{outcome}")))
            self.prompt = None
            bar.display = False
        elif prompt.id != (self.prompt.id if self.prompt else None):
            self.prompt = prompt
            bar.display = True
            self.chat.add_assistant(prompt.text)
            if prompt.help:
                self.chat.add_notice(prompt.help)
            # Wait for the old quick replies to go: set_choices re-mounts the same ids.
            await bar.query_one("#quick").remove_children()
            bar.set_choices(quick_kind(prompt.kind, prompt.question), prompt.choices, prompt.units)
        self.update_progress()

    def update_progress(self) -> None:
        """`Answered 3 of about 39 · section`."""
        engine = self.session.engine
        done = answered_count(engine)
        total = done + estimate_remaining(engine)
        titles = {sec.id: sec.title.get(self.lang) for sec in engine.dialog.sections}
        section = titles.get(self.prompt.section, self.prompt.section) if self.prompt \
            else t(self.lang, "iv_all_asked")
        self.query_one("#progress", Static).update(
            Content(f"{t(self.lang, 'iv_progress', done=done, total=total)} · {section}"))

    @on(AnswerBar.Submitted)
    async def answer(self, event: AnswerBar.Submitted) -> None:
        """Record the typed answer, then refresh the checklist and ask the next question."""
        event.stop()
        try:
            await self._answer(event.text)
        finally:
            self.query_one("#bar", AnswerBar).unlock()

    async def _answer(self, text: str) -> None:
        if self.prompt is None:
            return
        self.chat.add_user(text)
        step = self.session.submit(self.prompt.id, text)
        if not step.accepted:
            self.chat.add_notice(reask_text(step.parsed, self.lang))
            self.query_one("#bar", AnswerBar).reset()
        else:
            if step.default_used:
                self.chat.add_notice(t(self.lang, "iv_default_used", default=step.default_used))
            self.query_one("#bar", AnswerBar).reset()
        self.refresh_side()
        await self.ask_next()

    # -- the side panels ----------------------------------------------------------------------
    def refresh_side(self) -> None:
        """Statuses, the selected criterion's detail and the reasons, from the session now."""
        table = self.query_one("#checklist", DataTable)
        decisions = self.session.engine.decisions()
        for cid, d in decisions.items():
            table.update_cell(cid, "status", status_text(d.status, self.lang))
        if self.selected in decisions:
            detail = report.decision_detail(self.session.engine.dialog, decisions[self.selected],
                                            self.lang)
            self.query_one("#detail", Static).update(Content(detail))
        lines = reason_lines(report.transcript_events(self.session.path), self.lang)
        self.query_one("#reasons", Static).update(
            Content("\n".join(lines) or t(self.lang, "iv_none_yet")))

    @on(DataTable.RowHighlighted, "#checklist")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.selected = str(event.row_key.value)
            self.refresh_side()

    # -- actions ------------------------------------------------------------------------------
    def answered(self) -> list[Answered]:
        """Every answered question (newest last), for the correction picker."""
        engine = self.session.engine
        out = []
        for qid, a in engine.answers.items():
            q = engine.dialog.question_by_id[qid]
            out.append(Answered(qid, q.text.get(self.lang), a.raw))
        for c in engine.confirmations.values():  # yes/no confirmations of a mention
            if c.answer is not None:
                out.append(Answered(c.id, t(self.lang, "iv_confirm", item=c.item,
                                              evidence=c.evidence), c.answer.raw))
        return out

    def action_correct(self) -> None:
        """F2: pick an earlier question and correct its answer, with a reason."""
        if self.session.closed:
            self.notify(t(self.lang, "iv_closed"), severity="warning")
            return
        answered = self.answered()
        if not answered:
            self.notify(t(self.lang, "iv_nothing_to_correct"), severity="warning")
            return
        self.app.push_screen(CorrectionScreen(answered, answered[-1].question_id, self.lang),
                             self._corrected)

    async def _corrected(self, result: tuple[str, str, str] | None) -> None:
        if result is None:
            self.action_focus_answer()
            return
        qid, text, reason = result
        old = next((a.raw for a in self.answered() if a.question_id == qid), "")
        step = self.session.correct(qid, text, reason, self.coordinator)
        self.chat.add_notice(t(self.lang, "iv_correction_of", qid=qid, old=old, new=text,
                               reason=reason))
        if not step.accepted:
            self.chat.add_notice(t(self.lang, "iv_not_accepted",
                                   reason=reask_text(step.parsed, self.lang)))
        self.refresh_side()
        await self.ask_next()
        self.action_focus_answer()

    def action_override(self) -> None:
        """F3: override the selected criterion's status, with a reason."""
        if self.session.closed:
            self.notify(t(self.lang, "iv_closed"), severity="warning")
            return
        cid = self.selected or self.session.engine.dialog.criteria[0].id
        d = self.session.engine.decisions()[cid]
        summary = self.session.engine.dialog.criterion_by_id[cid].summary.get(self.lang)
        self.app.push_screen(OverrideScreen(cid, summary, d.status, self.lang), self._overridden)

    async def _overridden(self, result: tuple[str, str, str] | None) -> None:
        if result is None:
            self.action_focus_answer()
            return
        cid, status, reason = result
        old = self.session.engine.decisions()[cid].status
        self.session.override(cid, status, reason, self.coordinator)
        self.chat.add_notice(t(self.lang, "iv_override_of", cid=cid,
                               old=status_word(old, self.lang),
                               new=status_word(status, self.lang), reason=reason))
        self.refresh_side()
        await self.ask_next()
        self.action_focus_answer()

    def action_summary(self) -> None:
        """F4: the summary screen (export from there)."""
        from assistant.app.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session, self.lang), self._summary_closed)

    def _summary_closed(self, _: object) -> None:
        self.refresh_side()
        self.action_focus_answer()

    def action_finish(self) -> None:
        """F5: close the session (the transcript records the outcome), then the summary."""
        if not self.session.closed:
            if not self.session.engine.finished():
                left = estimate_remaining(self.session.engine)
                self.notify(t(self.lang, "iv_still_to_ask", n=left), severity="warning")
                return
            summary = self.session.finish()
            self.chat.add_notice(t(self.lang, "iv_finished",
                                   outcome=t(self.lang, f"outcome_{summary['outcome']}")))
        self.action_summary()

    def action_stop(self) -> None:
        """F8: end early with a reason when a criterion has definitely failed."""
        if self.session.closed:
            self.notify(t(self.lang, "iv_closed"), severity="warning")
            return
        failed = self.session.engine.summary()["failed"]
        if not failed:
            self.notify(t(self.lang, "iv_stop_none"), severity="warning")
            return
        from assistant.app.screens.stop import StopScreen

        self.app.push_screen(StopScreen(failed, self.lang), self._stopped)

    def _stopped(self, reason: str | None) -> None:
        if reason:
            self.session.stop_early(reason, self.coordinator)
            self.prompt = None
            self.query_one("#bar", AnswerBar).display = False
            self.chat.add_notice(t(self.lang, "iv_stopped", reason=reason))
            self.refresh_side()
            self.update_progress()
            self.action_summary()
            return
        self.action_focus_answer()

    def on_key(self, event: events.Key) -> None:
        # Typing while the checklist (or any non-text widget) has the focus goes to the answer
        # box: a typed answer is never silently swallowed.
        bar = self.query_one("#bar", AnswerBar)
        focused = self.focused
        if (event.is_printable and event.character and bar.display
                and not isinstance(focused, Input)):
            event.stop()
            event.prevent_default()
            bar.input.focus()
            bar.input.insert_text_at_cursor(event.character)

    def action_focus_checklist(self) -> None:
        """F6: move to the checklist."""
        self.query_one("#checklist", DataTable).focus()

    def action_focus_answer(self) -> None:
        """F7: back to the answer box."""
        bar = self.query_one("#bar", AnswerBar)
        if bar.display:
            bar.input.focus()
