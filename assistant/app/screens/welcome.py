"""The kiosk's welcome: language choice and a short privacy notice in both languages.

Nothing of any earlier person is ever shown here; a new session starts only when a language
is chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from assistant.app.texts import t

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp


COLON = {"en": ": ", "zh": "："}


class WelcomeScreen(Screen[None]):
    """Choose English or 中文; the privacy notice is shown in both before anything is asked."""

    CSS_PATH = "welcome.tcss"
    BINDINGS = [
        Binding("e", "start('en')", "English"),
        Binding("z", "start('zh')", "中文"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="welcome-body"):
            with Vertical(id="welcome-card"):
                # The header carries the title; the card keeps to what a person must read.
                # Generic until the dialog is loaded (after this screen is painted): then the
                # dialog's own words about its trial.
                yield Static(Content(t("en", "intro")), classes="intro", id="intro-en")
                yield Static(Content(t("zh", "intro")), classes="intro", id="intro-zh")
                # Filled in once the dialog is loaded (after this screen is painted).
                yield Static("", id="estimate")
                yield Static(Content(f"{t('en', 'choose')}  {t('zh', 'choose')}"), id="choose")
                with Center():
                    with Horizontal(id="langs"):
                        yield Button(Content(t("en", "start_en")), id="start-en", variant="primary")
                        yield Button(Content(t("zh", "start_zh")), id="start-zh", variant="primary")
                with Vertical(id="privacy"):
                    for lang in ("en", "zh"):
                        yield Static(
                            Content.assemble(
                                (
                                    f"🔒 {t(lang, 'privacy_title')}{COLON[lang]}",
                                    "bold",
                                ),
                                t(lang, "privacy"),
                            ),
                            classes="privacy-text",
                        )
        yield Footer()

    def on_mount(self) -> None:
        app: PrescreenApp = self.app  # type: ignore[assignment]
        # --lang preselects: its button takes the focus, so Enter starts in that language.
        self.query_one(f"#start-{app.preset_lang or 'en'}", Button).focus()
        # Only once this screen is on the terminal: load the dialog, the engine and the matcher.
        self.call_after_refresh(self.warm_up)

    @work(group="welcome-estimate", exclusive=True)
    async def warm_up(self) -> None:
        """Wait for the app's background load, then show the length for a person starting now."""
        app: PrescreenApp = self.app  # type: ignore[assignment]
        try:
            await app.warm_up().wait()
        except Exception:  # noqa: BLE001 - cancelled or failed: the app reports a failed load
            return
        if app.load_problems or not self.is_attached:
            return
        from assistant.screening.engine import Screening
        from assistant.screening.progress import estimate_remaining, minutes

        for lang in ("en", "zh"):
            self.query_one(f"#intro-{lang}", Static).update(Content(app.trial_text(lang, "intro")))
        n = estimate_remaining(Screening(app.loaded.dialog, today=app.today))
        text = "  ".join(t(lang, "estimate", n=n, minutes=minutes(n)) for lang in ("en", "zh"))
        self.query_one("#estimate", Static).update(Content(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("start-en", "start-zh"):
            event.stop()
            self.action_start(event.button.id.removeprefix("start-"))

    def action_start(self, lang: str) -> None:
        """Start one person's screening in `lang`."""
        # Deferred: the conversation pulls in the engine, answers parser and transcript writer
        # (~55 ms); the welcome must be on screen before any of that is paid for.
        from assistant.app.screens.conversation import ConversationScreen

        app: PrescreenApp = self.app  # type: ignore[assignment]
        app.set_language(lang)
        app.switch_screen(ConversationScreen(lang))

    def language_changed(self, lang: str) -> None:
        """Both languages are always shown here; nothing to redraw."""
