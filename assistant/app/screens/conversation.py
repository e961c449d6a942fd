"""The kiosk conversation: one person answers the questions, one at a time, in a chat.

Order of every step: the question event is recorded (`session.current()`) before the question is
shown; an answer is recorded (`session.submit`) before the next question is shown. If recording
fails (disk full, permissions) the questionnaire stops with a clear message: never unrecorded.

"Not eligible" is never shown before the end, and by default the end says only whether a
coordinator will follow up (the dialog's `end_*` messages), not medical reasons.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from assistant.app.texts import t
from assistant.app.widgets.chat import AnswerBar, ChatView, bar_text, quick_kind
from assistant.audit.refcode import reference_code
from assistant.audit.transcript import TranscriptError
from assistant.screening.progress import progress

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp
    from assistant.screening.engine import Prompt, Step
    from assistant.screening.session import Session

RECORDING_ERRORS = (TranscriptError, OSError)


def patient_cause(error: BaseException) -> str:
    """The cause of a recording error without the file path ("disk full"), for the screen."""
    if isinstance(error, OSError) and not isinstance(error, TranscriptError):
        return error.strerror or type(error).__name__
    return str(error).rsplit(": ", 1)[-1]  # TranscriptError: "<path>: cannot ...: <cause>"


class ConversationScreen(Screen[None]):
    """One person's screening in the kiosk."""

    CSS_PATH = "conversation.tcss"
    BINDINGS = [
        Binding("f1", "question_help", "Question help"),
        Binding("ctrl+z", "change_last", "Change last answer"),
        Binding("f2", "app.help", "Help"),
        Binding("escape", "cancel_change", "Cancel change", show=False),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.prompt: Prompt | None = None
        self.last: Prompt | None = None  # the last question answered (the one ctrl+z changes)
        self.changing: Prompt | None = None
        self.help_shown = False
        self.busy = False
        self.ended = False
        self.reference: str | None = None  # the end's reference code

    @property
    def prescreen(self) -> PrescreenApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session | None:
        """The person's recorded session (None once closed)."""
        return self.prescreen.session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress")
        yield ChatView(self.lang, id="chat")
        yield Static("", id="help-box")
        yield AnswerBar(
            self.lang,
            max_chars=self.prescreen.config.max_answer_chars,
            cursor_blink=self.prescreen.cursor_blink,
            id="bar",
        )
        yield Footer()

    @property
    def chat(self) -> ChatView:
        """The chat view."""
        return self.query_one("#chat", ChatView)

    @property
    def bar(self) -> AnswerBar:
        """The answer bar."""
        return self.query_one("#bar", AnswerBar)

    def on_mount(self) -> None:
        self.query_one("#help-box").display = False
        app = self.prescreen
        try:
            app.session = app.new_session(self.lang)
        except RECORDING_ERRORS as e:
            self.recording_failed(e)
            return
        app.start_idle()
        self.show_next()

    # -- asking -------------------------------------------------------------------------------
    def show_next(self) -> None:
        """Record and show the next question, or end."""
        session = self.session
        if session is None:
            return
        try:
            prompt = session.current()
        except RECORDING_ERRORS as e:
            self.recording_failed(e)
            return
        if prompt is None:
            self.end()
            return
        self.show_prompt(prompt)

    def show_prompt(self, prompt: Prompt, *, lead: str | None = None) -> None:
        """Display `prompt` (its `why` first, gently), and set up the answer bar for it."""
        self.prompt = prompt
        self.update_progress(prompt)
        if lead:
            self.chat.add_notice(lead)
        if prompt.why:
            self.chat.add_notice(t(self.lang, "why", why=prompt.why))
        self.chat.add_assistant(prompt.text)
        self.bar.set_choices(quick_kind(prompt.kind, prompt.question), prompt.choices, prompt.units)
        self.set_help(False)

    def update_progress(self, prompt: Prompt) -> None:
        """Section title and "question N of about M"."""
        session = self.session
        if session is None:
            return
        n, about = progress(session.engine)
        titles = {s.id: s.title.get(self.lang) for s in session.loaded.dialog.sections}
        text = t(
            self.lang,
            "progress",
            section=titles.get(prompt.section, prompt.section),
            n=n,
            m=about,
        )
        self.query_one("#progress", Static).update(Content(text))

    def set_help(self, shown: bool) -> None:
        """Show or hide the current question's help text."""
        self.help_shown = shown
        box = self.query_one("#help-box", Static)
        prompt = self.changing or self.prompt
        text = ""
        if prompt is not None:
            text = (
                t(self.lang, "help_lead", help=prompt.help)
                if prompt.help
                else t(self.lang, "no_help")
            )
        box.update(Content(text))
        box.display = shown

    def action_question_help(self) -> None:
        """F1: show or hide help for the current question."""
        self.set_help(not self.help_shown)

    def on_answer_bar_help_toggled(self, event: AnswerBar.HelpToggled) -> None:
        self.action_question_help()

    # -- answering ----------------------------------------------------------------------------
    def on_answer_bar_submitted(self, event: AnswerBar.Submitted) -> None:
        if self.ended or self.busy or self.session is None or self.prompt is None:
            if not self.busy:
                self.bar.unlock()
            return
        self.busy = True  # synchronously, before the worker starts: one answer at a time
        self.chat.add_user(event.text)
        if self.bar.capped:
            self.chat.add_notice(bar_text(self.lang, "capped", n=self.bar.max_chars))
        self.answer(event.text)

    @work(group="answer")
    async def answer(self, text: str) -> None:
        """Record the answer off the UI thread (a long free text goes through the matcher)."""
        session = self.session
        if session is None:
            return
        self.busy = True
        # The box stays enabled: disabling it moves the focus (and redraws the footer), and a
        # person typing ahead keeps what they typed (see AnswerBar.reset).
        changing = self.changing
        try:
            if changing is not None:
                step = await asyncio.to_thread(
                    session.correct, changing.id, text, "changed by the person", "self"
                )
            else:
                assert self.prompt is not None
                step = await asyncio.to_thread(session.submit, self.prompt.id, text)
        except RECORDING_ERRORS as e:
            self.recording_failed(e)
            return
        finally:
            self.busy = False
            self.bar.unlock()
        self.after_answer(step, changing)

    def after_answer(self, step: Step, changing: Prompt | None) -> None:
        """Re-ask kindly, or go on to the next question."""
        if not step.accepted:
            reason = step.parsed.reason.get(self.lang) if step.parsed.reason else ""
            self.chat.add_notice(self.dialog_message("reask", reason=reason).strip())
            self.bar.reset()
            return
        if changing is not None:
            self.changing = None
            self.chat.add_notice(t(self.lang, "changed"))
        else:
            self.last = self.prompt
        if step.default_used and "default_used" in self.dialog_messages():
            self.chat.add_notice(self.dialog_message("default_used", default=step.default_used))
        self.show_next()

    def dialog_messages(self) -> dict[str, Any]:
        """The dialog file's `messages:` table."""
        return self.session.loaded.dialog.messages if self.session else {}

    def dialog_message(self, key: str, **values: Any) -> str:
        """A message from the dialog file in the current language."""
        return self.prescreen.loaded.dialog.message(key, self.lang, **values)

    def action_change_last(self) -> None:
        """Ctrl+Z: let the person retype their last answer (recorded as their own correction)."""
        if self.ended or self.busy or self.session is None:
            return
        if self.last is None:
            self.chat.add_notice(t(self.lang, "nothing_to_change"))
            return
        self.changing = self.last
        self.set_help(False)
        self.chat.add_notice(t(self.lang, "change_last", question=self.last.text))
        self.bar.set_choices(
            quick_kind(self.last.kind, self.last.question), self.last.choices, self.last.units
        )

    def action_cancel_change(self) -> None:
        """Esc while changing an answer: back to the current question."""
        if self.changing is not None and self.prompt is not None and not self.busy:
            self.changing = None
            self.show_prompt(self.prompt)

    # -- the end ------------------------------------------------------------------------------
    def end(self) -> None:
        """Close the session and say only whether a coordinator will follow up."""
        session = self.session
        assert session is not None
        try:
            summary = session.finish("finished")
        except RECORDING_ERRORS as e:
            self.recording_failed(e)
            return
        self.prescreen.session = None
        self.prescreen.stop_idle()
        self.ended = True
        self.prompt = None
        self.bar.display = False
        self.query_one("#help-box").display = False
        code = reference_code(session.writer.session_id)
        self.reference = code
        self.query_one("#progress", Static).update(
            Content(f"{t(self.lang, 'end_title')} · {code}")
        )
        lines = [t(self.lang, "end_thanks")]
        if summary["outcome"] == "fail" and "end_no_followup" in session.loaded.dialog.messages:
            lines = [self.dialog_message("end_no_followup")]
        # What happens next, plainly: the kiosk records no contact details, so it promises none.
        lines += ["", t(self.lang, "end_code_line", code=code), t(self.lang, "end_desk")]
        self.chat.add_assistant("\n".join(lines))
        if self.prescreen.config.show_reasons and summary["failed"]:
            # Only what was not met, in the dialog's plain summaries; never what is still open.
            crit = session.loaded.dialog.criterion_by_id
            names = [crit[c].summary.get(self.lang) for c in summary["failed"] if c in crit]
            self.chat.add_notice(
                "\n".join([t(self.lang, "end_reasons_lead")] + [f"• {n}" for n in names])
            )
        self.chat.add_notice(t(self.lang, "end_again"))
        self.focus()  # keys now come to the screen: any key starts afresh
        self.set_timer(self.prescreen.config.reset_seconds, self.reset)

    def recording_failed(self, error: BaseException) -> None:
        """Stop: the answers can no longer be recorded, so nothing more may be asked."""
        self.prescreen.close_session("interrupted")
        self.ended = True
        self.prompt = None
        self.bar.display = False
        self.chat.add_notice(t(self.lang, "recording_failed", error=patient_cause(error)))
        self.set_timer(self.prescreen.config.reset_seconds, self.reset)

    def reset(self) -> None:
        """Back to an empty welcome (this screen, and its chat, are discarded)."""
        if self.is_current and self.ended:
            self.ended = False
            self.chat.clear()
            self.prescreen.go_welcome()

    def on_key(self, event: events.Key) -> None:
        if self.ended:
            event.stop()
            self.reset()

    def on_click(self, event: events.Click) -> None:
        if self.ended:
            self.reset()

    def language_changed(self, lang: str) -> None:
        """Show the current question again in `lang` (the session goes on in `lang`)."""
        self.lang = lang
        self.chat.lang = lang
        self.bar.set_lang(lang)
        session = self.session
        if session is None or self.ended:
            return
        session.engine.lang = lang
        current = self.changing or self.prompt
        if current is None:
            return
        try:
            prompt = session.current()  # same id: no new event, just the text in `lang`
        except RECORDING_ERRORS as e:
            self.recording_failed(e)
            return
        if prompt is None:
            return
        if self.changing is not None:
            self.changing = None
        self.show_prompt(prompt)
