"""Chat widgets shared by the kiosk, the coordinator's interview and the replay.

Modelled on Textual's `examples/mother.py`: a scrolling column of message widgets that stays
anchored to the newest message, and an answer bar under it.

Everything a person types is shown LITERALLY: text goes through `Content(text)` (never markup),
after control characters are stripped, so "[bold]x[/bold]" or an escape sequence pasted into the
answer box is displayed as typed and cannot restyle or corrupt the screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Input, Label, Static

from assistant.app.texts import t, unit_name

# C0/C1 controls except newline, DEL, and bidi overrides/isolates (they can reorder what is shown).
# Control and bidi characters, and lone surrogates (a paste of undecodable bytes can carry
# them; they are not text and cannot be written as UTF-8).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def quick_yesno(lang: str) -> list[tuple[str, str]]:
    """Yes / No / Not sure quick replies: (label shown, text submitted). The submitted text is
    what the answer parser understands; the label carries a word AND an icon so colour is never
    the only cue."""
    return [
        (t(lang, "quick_yes"), t(lang, "answer_yes")),
        (t(lang, "quick_no"), t(lang, "answer_no")),
        (t(lang, "quick_not_sure"), t(lang, "answer_dont_know")),
    ]


def quick_dont_know(lang: str) -> tuple[str, str]:
    """The "don't know" quick reply of every question."""
    return (t(lang, "quick_dont_know"), t(lang, "answer_dont_know"))


BAR_KEYS = {"help": "help_button"}  # bar_text's old key names, kept for callers


def quick_kind(kind: str, question: object | None) -> str:
    """The quick replies a question gets: a free-text question that decides one criterion
    ("Are you on dialysis?") is a yes/no question with room for details, so it shows Yes and No."""
    if kind == "text" and getattr(question, "criterion", None):
        return "yesno"
    return kind


def clean_text(text: str) -> str:
    """`text` without control characters (newlines kept, tabs and CRs as spaces/newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def bar_text(lang: str, key: str, **values: object) -> str:
    """A string of the chat widgets in `lang` (English unless Chinese)."""
    return t(lang, BAR_KEYS.get(key, key), **values)


class ChatMessage(Static):
    """One message; its text is never parsed as markup."""

    ICON = ""

    def __init__(self, text: str, label: str = "", **kwargs: object) -> None:
        self.text = clean_text(text)
        head = f"{self.ICON} {label}".strip()
        content = Content.assemble((head + "\n", "bold"), self.text) if head else Content(self.text)
        super().__init__(content, markup=False, **kwargs)  # type: ignore[arg-type]

    @property
    def plain(self) -> str:
        """The message as displayed, without styles (for tests and the replay)."""
        return self.visual.plain if hasattr(self.visual, "plain") else self.text  # type: ignore[union-attr]


class AssistantMessage(ChatMessage):
    """What the assistant says: questions, explanations."""

    ICON = "◆"


class UserMessage(ChatMessage):
    """What the person typed, shown as typed."""

    ICON = "▶"


class NoticeMessage(ChatMessage):
    """A notice: a re-ask reason, a cut answer, a change of answer."""

    ICON = "ℹ"


class ChatView(VerticalScroll, can_focus=False):
    """The conversation; anchored so the newest message stays in view."""

    DEFAULT_CSS = """
    ChatView { height: 1fr; padding: 0 1; }
    ChatView ChatMessage { margin: 1 0 0 0; padding: 0 1; width: 1fr; }
    ChatView AssistantMessage { border-left: thick $primary; background: $boost; margin-right: 8; }
    ChatView UserMessage { border-left: thick $success; margin-left: 8; background: $panel; }
    ChatView NoticeMessage { border-left: thick $warning; color: $text-warning; }
    """

    def __init__(self, lang: str = "en", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def on_mount(self) -> None:
        self.anchor()

    def _add(self, widget: ChatMessage) -> ChatMessage:
        self.mount(widget)
        self.anchor()
        return widget

    def add_assistant(self, text: str) -> ChatMessage:
        """Add a message from the assistant."""
        return self._add(AssistantMessage(text, bar_text(self.lang, "assistant")))

    def add_user(self, text: str) -> ChatMessage:
        """Add the person's answer, literally."""
        return self._add(UserMessage(text, bar_text(self.lang, "you")))

    def add_notice(self, text: str) -> ChatMessage:
        """Add a notice (re-ask reason, cut answer...)."""
        return self._add(NoticeMessage(text, bar_text(self.lang, "notice")))

    def clear(self) -> None:
        """Remove every message (nothing of the previous person stays)."""
        self.remove_children()

    def messages(self) -> list[ChatMessage]:
        """The messages shown, oldest first."""
        return list(self.query(ChatMessage))


class AnswerInput(Input):
    """The answer box: Enter submits in order with the typed keys, one answer at a time.

    Textual's Input submits through a binding, which runs only once the Enter key has bubbled
    up to the app; keys typed right after it are already in the box by then ("45" Enter
    "female" sent as "45female"), and a second Enter submits again while the first answer is
    still being saved. Here Enter is handled in the box's own key handler, in key order: the
    box takes the text, clears itself and locks in the same step; Enter while locked is ignored.
    """

    locked = False

    def claim(self) -> str:
        """Take the box's text for a submit: lock, clear, return what was in it."""
        text = self.value
        self.locked = True
        self.value = ""
        return text

    async def _on_key(self, event: events.Key) -> None:
        if event.key != "enter":
            return  # Input's own handler runs next (Textual calls each class's handler)
        event.stop()
        event.prevent_default()
        if self.locked or not self.value.strip():
            return
        self.post_message(self.Submitted(self, self.claim()))


class AnswerBar(Vertical):
    """Answer input: a text box, quick-reply buttons, a unit hint and a help toggle.

    No answer is ever preselected: the box starts empty and no button has focus by default.
    Posts `AnswerBar.Submitted(text)` on Enter or a quick reply, and `AnswerBar.HelpToggled`.
    """

    DEFAULT_CSS = """
    AnswerBar { height: auto; dock: bottom; padding: 0 1; }
    AnswerBar #quick { height: auto; layout: grid; grid-gutter: 0 1; grid-rows: auto; }
    AnswerBar #quick Button { width: 100%; min-width: 10; }
    AnswerBar #row { height: auto; }
    AnswerBar #answer { width: 1fr; }
    AnswerBar #send, AnswerBar #help-toggle { min-width: 10; }
    AnswerBar #units { color: $text-muted; height: auto; }
    AnswerBar #capped { color: $text-warning; height: auto; }
    AnswerBar Button:focus { text-style: bold reverse; }
    """

    class Submitted(Message):
        """The person sent an answer (already cleaned and capped)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class HelpToggled(Message):
        """The person asked for (or hid) the help text."""

    capped: reactive[bool] = reactive(False)

    def __init__(
        self, lang: str = "en", max_chars: int = 500, cursor_blink: bool = True, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.max_chars = max_chars
        self.cursor_blink = cursor_blink
        self._quick: list[str] = []
        self._sent = ""  # the text of the last answer sent (cleared from the box by reset)

    def compose(self) -> ComposeResult:
        yield Horizontal(id="quick")
        yield Label("", id="units")
        yield Label("", id="capped")
        with Horizontal(id="row"):
            # No select-all on focus: a key that moves the focus here must add to the text,
            # not replace it (typing on from a button or the checklist).
            inp = AnswerInput(
                placeholder=bar_text(self.lang, "placeholder"), id="answer", select_on_focus=False
            )
            inp.cursor_blink = self.cursor_blink
            yield inp
            yield Button(bar_text(self.lang, "send"), id="send")
            yield Button(bar_text(self.lang, "help"), id="help-toggle")

    @property
    def input(self) -> AnswerInput:
        """The text box."""
        return self.query_one("#answer", AnswerInput)

    @property
    def locked(self) -> bool:
        """True from a submit until the owner has dealt with it (`unlock`)."""
        return self.input.locked

    def set_lang(self, lang: str) -> None:
        """Switch the bar's own labels to `lang`."""
        self.lang = lang
        self.input.placeholder = bar_text(lang, "placeholder")
        self.query_one("#send", Button).label = bar_text(lang, "send")
        self.query_one("#help-toggle", Button).label = bar_text(lang, "help")

    def set_choices(
        self, kind: str, choices: Sequence[tuple[str, str]] = (), units: Iterable[str] = ()
    ) -> None:
        """Show the quick replies for a question of `kind` (choice labels are submitted as typed
        text, so a tap and typing the label are the same answer) and the unit hint."""
        quick = self.query_one("#quick", Horizontal)
        quick.remove_children()
        if kind == "yesno":
            pairs = quick_yesno(self.lang)
        elif choices:
            pairs = [(clean_text(label), clean_text(label)) for _, label in choices]
            pairs.append(quick_dont_know(self.lang))
        else:
            pairs = [quick_dont_know(self.lang)]
        self._quick = [text for _, text in pairs]
        # Every button whole on a small screen: as many equal columns as the widest label
        # allows, further rows below; borderless (one line) buttons when the screen is short.
        width = max(20, (self.size.width or self.app.size.width or 80) - 4)
        compact = (self.app.size.height or 40) < 30
        cell = max(cell_len(label) for label, _ in pairs) + (2 if compact else 4)
        columns = max(1, min(len(pairs), width // (cell + 1)))
        quick.styles.grid_size_columns = columns
        quick.styles.grid_columns = str(min(cell, width))
        # Labels go in as Content so a choice label is never read as markup.
        # No ids: the old buttons are removed asynchronously, so new ids could collide.
        quick.mount_all(
            Button(Content(label), name=str(i), classes="quick", compact=compact)
            for i, (label, _) in enumerate(pairs)
        )
        unit_list = list(units)
        names = t(self.lang, "unit_sep").join(unit_name(self.lang, u) for u in unit_list)
        hint = bar_text(self.lang, "units", units=names) if unit_list else ""
        self.query_one("#units", Label).update(Content(hint))
        self.query_one("#units", Label).display = bool(unit_list)
        self.reset()

    def reset(self) -> None:
        """Empty the box of the answer just sent and hide the cut-answer notice; focus the box.

        What was typed after sending (typing ahead while the answer was recorded) is kept: a
        typed answer is never silently lost.
        """
        if self.input.value.strip() in ("", self._sent):
            self.input.value = ""
        self._sent = ""
        self.capped = False
        self.input.focus()

    def watch_capped(self, capped: bool) -> None:
        label = self.query_one("#capped", Label)
        label.update(Content(bar_text(self.lang, "capped", n=self.max_chars) if capped else ""))
        label.display = capped

    def on_key(self, event: events.Key) -> None:
        # Typing while a quick-reply button has the focus goes into the answer box, so a
        # keyboard user who tabbed away never types into nothing.
        if event.is_printable and event.character and event.character != " ":
            if not self.input.has_focus:
                event.stop()
                event.prevent_default()
                self.input.focus()
                self.input.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#answer")
    def _cap(self, event: Input.Changed) -> None:
        # Cap very long pastes visibly instead of silently dropping the rest.
        if len(event.value) > self.max_chars:
            self.input.value = event.value[: self.max_chars]
            self.capped = True

    def _send(self, text: str, *, claimed: bool = False) -> None:
        """Post `Submitted`; `claimed` when the box already locked itself on Enter."""
        if not claimed:
            if self.locked:
                return  # an answer is being read and saved: this press is ignored
            self.input.claim()
        text = clean_text(text)
        if len(text) > self.max_chars:
            text = text[: self.max_chars]
            self.capped = True
        if text.strip():
            self._sent = self.input.value.strip()  # what reset() may clear from the box
            self.post_message(self.Submitted(text))
        else:
            self.unlock()

    def unlock(self) -> None:
        """Accept the next answer (the owner calls this once the last one is dealt with)."""
        self.input.locked = False

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._send(event.value, claimed=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid == "send":
            self._send(self.input.value)
        elif bid == "help-toggle":
            self.post_message(self.HelpToggled())
        elif event.button.has_class("quick") and event.button.name is not None:
            self._send(self._quick[int(event.button.name)])
