"""PrescreenApp: the one Textual app behind the kiosk, the coordinator's interview and the replay.

The app loads nothing itself: `assistant.app.create_app` hands it a loaded dialog and a config.
It pushes the first screen by mode, owns the themes, the command palette, the idle watch and the
kiosk lock (no quit key, no quit command; staff leave with the PIN, see `pin.py`).

Screens read what they need from the app: `app.loaded`, `app.config`, `app.transcripts`,
`app.today`, `app.lang`, `app.coordinator`, `app.replay_file`, and make sessions with
`app.new_session(...)`.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from assistant.app.texts import localize_bindings, t

if TYPE_CHECKING:
    from assistant.screening.engine import MatcherLike
    from assistant.screening.session import Session
    from assistant.station.config import KioskConfig
    from assistant.trial.dialog import LoadedDialog

AppMode = Literal["kiosk", "interview", "replay"]

# High-contrast themes: pure black/white grounds, saturated accents well above WCAG AA.
LIGHT_THEME = Theme(
    name="prescreen-light",
    dark=False,
    primary="#003c9e",
    secondary="#00563f",
    accent="#7a1fa2",
    warning="#8a4b00",
    error="#b00020",
    success="#00612a",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e4e4e4",
)
DARK_THEME = Theme(
    name="prescreen-dark",
    dark=True,
    primary="#7cc0ff",
    secondary="#8ef0a8",
    accent="#ffd75e",
    warning="#ffb347",
    error="#ff7b7b",
    success="#8ef08e",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#262626",
)


class PrescreenCommands(Provider):
    """Command palette: help, theme, language, restart (and quit outside the kiosk)."""

    def _commands(self) -> list[tuple[str, str, Any]]:
        app: PrescreenApp = self.app  # type: ignore[assignment]
        lang = app.lang
        cmds = [
            (t(lang, "cmd_help"), t(lang, "cmd_help_help"), app.action_help),
            (t(lang, "cmd_theme"), t(lang, "cmd_theme_help"), app.action_toggle_theme),
            (t(lang, "cmd_en"), t(lang, "cmd_en_help"), partial(app.set_language, "en")),
            (t(lang, "cmd_zh"), t(lang, "cmd_zh_help"), partial(app.set_language, "zh")),
            (t(lang, "cmd_restart"), t(lang, "cmd_restart_help"), app.action_restart),
        ]
        if app.mode != "kiosk":
            cmds.append((t(lang, "cmd_quit"), t(lang, "cmd_quit_help"), app.action_quit))
        return cmds

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class PlaceholderScreen(Screen[None]):
    """Shown when a mode's screen is not installed yet."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> Iterable[Any]:
        yield Header()
        yield Static(self.text, markup=False)
        yield Footer()


class PrescreenApp(App[int]):
    """The prescreen terminal app (kiosk, interview or replay)."""

    TITLE = "prescreen"
    COMMANDS = {PrescreenCommands}  # replaces the system commands (no Quit in the kiosk)
    BINDINGS = [
        # ctrl+q is a priority binding in App: redefining it here is what removes "quit".
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "help_quit", "", show=False, system=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+l", "switch_language", "English/中文"),
        Binding("ctrl+t", "toggle_theme", "Light/dark"),
        # Priority: the end screen and the idle warning take every key, and the staff key must
        # still open the PIN prompt on its first press there.
        Binding("f12", "staff_exit", "Staff", show=False, priority=True),
        # Our own palette binding, so its footer description follows the language.
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True),
    ]

    def __init__(
        self,
        mode: AppMode,
        *,
        loaded: LoadedDialog | None = None,
        dialog_path: Path | None = None,
        transcripts: Path,
        lang: str | None,
        today: date,
        config: KioskConfig | None = None,
        config_path: Path | None = None,
        replay_file: Path | None = None,
        coordinator: str | None = None,
        cursor_blink: bool = True,
        screening_number: str | None = None,
        resume: Path | None = None,
        resume_reason: str | None = None,
    ) -> None:
        # read by App.__init__ (the window title); the trial's id once its dialog is known
        self.TITLE = f"prescreen · {loaded.dialog.trial.id}" if loaded is not None else "prescreen"
        super().__init__()
        self.screening_number = screening_number
        self.resume = resume
        self.resume_reason = resume_reason
        self.mode: AppMode = mode
        # The dialog and the configuration may come loaded, or as paths loaded after the first
        # paint (`warm_up`): the welcome needs neither, and they cost more than Textual itself.
        self._loaded = loaded
        self._dialog_path = dialog_path
        self._config = config
        self._config_path = config_path
        self._load_lock = threading.Lock()
        self.matcher: MatcherLike | None = None  # built once in the background, shared
        self.load_problems: list[str] = []  # why the dialog or configuration cannot be used
        self.transcripts = transcripts
        self.preset_lang = lang
        self.lang: str = lang or "en"
        self.today = today
        self.replay_file = replay_file
        self.coordinator = coordinator
        self.handle_signals = False  # set by the CLI: SIGTERM/SIGHUP close the answers first
        self.preflight = False  # set by the CLI: check the configuration as it loads
        self.public_key: Path | None = None  # replay: the station's public key, if given
        self.cursor_blink = cursor_blink
        self.session: Session | None = None  # the kiosk's current person, if any
        self.pin_failures = 0
        self.pin_locked_until = 0.0
        self._idle_timer: Timer | None = None
        self.errors_recovered = 0  # unexpected exceptions caught at the edge (kiosk)
        self._recovering = False
        self.register_theme(LIGHT_THEME)
        self.register_theme(DARK_THEME)
        self.theme = "prescreen-dark"

    # -- the edge: input decoding and unexpected exceptions ---------------------------------
    def get_driver_class(self) -> Any:
        """Textual's driver, except on Linux: one whose input decoding never raises."""
        from textual.drivers.linux_driver import LinuxDriver

        cls = super().get_driver_class()
        if cls is LinuxDriver:
            from assistant.app.driver import TolerantLinuxDriver

            return TolerantLinuxDriver
        return cls

    def _handle_exception(self, error: Exception) -> None:
        """Any unexpected exception ends here, never on the terminal (no traceback, no locals).

        The error log beside the transcripts gets its type and stack hash; the session gets an
        `error` event. The kiosk then closes the session (reason `error`), shows "please ask a
        member of staff" and goes back to the welcome: only the staff PIN leaves. The
        interview keeps its session open, so `interview --resume` continues it, and exits 1.
        """
        if self.mode == "replay" or self._recovering:
            super()._handle_exception(error)
            return
        self._recovering = True
        try:
            self._recover(error)
        except Exception:  # noqa: BLE001 - the recovery itself failed: leave, quietly
            self._return_code = 1
            self.exit(return_code=1, message="prescreen: unexpected error; see errors.log")
        finally:
            self._recovering = False

    def _recover(self, error: Exception) -> None:
        from textual.worker import WorkerFailed

        from assistant.audit.errorlog import record_error

        if isinstance(error, WorkerFailed) and isinstance(error.error, Exception):
            error = error.error  # the answer worker's own exception, not Textual's wrapper

        session = self.session
        sid = session.writer.session_id if session is not None else None
        digest = record_error(self.transcripts, error, mode=self.mode, session_id=sid)
        if session is not None and not session.closed:
            try:
                session.writer.append("error", {"error": type(error).__name__,
                                                "stack_hash": digest})
            except Exception:  # noqa: BLE001 - the writer may be what failed
                pass
        if self.mode == "kiosk":
            from assistant.app.screens.errorscreen import StaffNoticeScreen

            self.errors_recovered += 1
            self.close_session("error")
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(StaffNoticeScreen(self.lang, self.config.reset_seconds))
            return
        # Interview: the file stays without session_end (interrupted), so it can be resumed.
        self.session = None
        where = ""
        if session is not None:
            session.writer.close()
            session.closed = True
            where = (f"; the answers so far are saved: continue with "
                     f"prescreen interview --resume {session.path} --reason ...")
        self._return_code = 1
        self.exit(return_code=1, message=f"prescreen: unexpected error ({type(error).__name__}, "
                                         f"ref {digest}){where}")

    # -- loading after the first paint -------------------------------------------------------
    @property
    def loaded(self) -> LoadedDialog:
        """The dialog (loaded now if the background load has not finished yet)."""
        if self._loaded is None:
            self.load_now()
        assert self._loaded is not None
        return self._loaded

    @property
    def config(self) -> KioskConfig:
        """The station configuration (loaded now if not yet)."""
        if self._config is None:
            self.load_now()
        assert self._config is not None
        return self._config

    def load_now(self) -> None:
        """Load the configuration and the dialog (once; raises ConfigError / DialogError)."""
        with self._load_lock:
            if self._config is None:
                from assistant.station.config import load_config

                self._config = load_config(self._config_path)
            if self._loaded is None:
                from assistant.trial.dialog import load_dialog

                assert self._dialog_path is not None
                self._loaded = load_dialog(self._dialog_path)

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """After the welcome is painted: load what the first question and answers need."""
        from assistant.screening.preflight import preflight
        from assistant.station.config import ConfigError
        from assistant.trial.dialog import DialogError

        try:
            self.load_now()
        except DialogError as e:
            self.call_from_thread(self.cannot_start, ["invalid dialog file:", *e.problems])
            return
        except ConfigError as e:
            self.call_from_thread(self.cannot_start, [str(e)])
            return
        if self.preflight:  # the CLI's kiosk: before anyone sits down, not halfway through
            problems = preflight(self.config, self.transcripts)
            if problems:
                self.call_from_thread(self.cannot_start, ["cannot open the kiosk:", *problems])
                return
        self.call_from_thread(self.show_trial)
        import assistant.app.screens.conversation  # noqa: F401 - the screen after the welcome
        import assistant.screening.session  # noqa: F401
        from assistant.freetext.matcher import Matcher

        if self.matcher is None:
            self.matcher = Matcher(self.loaded.dialog.lexicon)

    def cannot_start(self, problems: list[str]) -> None:
        """The dialog or configuration is unusable: leave with status 2 (the CLI prints why)."""
        self.load_problems = problems
        self.exit(2)

    # -- start -----------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.handle_signals:
            self._install_signal_handlers()
        self.title = t(self.lang, "title")
        localize_bindings(self, self.lang)
        if self._loaded is not None:
            self.show_trial()
        self.push_screen(self.first_screen())

    def show_trial(self) -> None:
        """Once the dialog is loaded: the header names its trial (no trial id in the code)."""
        self.title = self.trial_text(self.lang, "title")
        self.sub_title = self.loaded.dialog.trial.id

    def trial_text(self, lang: str, key: str) -> str:
        """A text about the trial (`title`, `intro`): the dialog's message, else a generic one."""
        dialog = self.loaded.dialog
        if key in dialog.messages:
            return dialog.message(key, lang)
        return t(lang, key, trial=dialog.trial.id)

    def _install_signal_handlers(self) -> None:
        # A supervisor's SIGTERM (or a closed terminal's SIGHUP) must still end the transcript
        # with session_end "interrupted" rather than leave it cut off mid-file.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, self._terminated)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def _terminated(self) -> None:
        self.close_session("interrupted")
        self.exit(0)

    def first_screen(self) -> Screen[Any]:
        """The screen a mode starts on (kiosk: the welcome)."""
        if self.mode == "kiosk":
            from assistant.app.screens.welcome import WelcomeScreen

            return WelcomeScreen()
        if self.mode == "interview":
            try:
                from assistant.app.screens.interview import InterviewScreen
            except ImportError:
                return PlaceholderScreen("The coordinator interview screen is not installed yet.")
            from assistant.audit.transcript import TranscriptError

            try:
                if self.resume is not None:
                    from assistant.audit.transcript import read_events
                    from assistant.screening.session import Session

                    # A resumed session keeps the coordinator who started it (unless another
                    # one is named): corrections and overrides go on under the same id.
                    first = read_events(self.resume)[:1]
                    if self.coordinator is None and first:
                        self.coordinator = first[0].payload.get("coordinator") or None
                    self.session = Session.resume(
                        self.resume,
                        by=self.coordinator or "coordinator",
                        reason=self.resume_reason or "resumed by the coordinator",
                        transcripts=self.transcripts,
                        signing_key=Path(self.config.signing_key)
                        if self.config.signing_key
                        else None,
                    )
                else:
                    self.session = self.new_session(self.lang, "interview")
            except (TranscriptError, OSError) as e:
                return PlaceholderScreen(t(self.lang, "cannot_record", error=e))
            return InterviewScreen(
                self.session, self.coordinator or "coordinator", cursor_blink=self.cursor_blink
            )
        try:
            from assistant.app.screens.replay import ReplayScreen
        except ImportError:
            return PlaceholderScreen("The replay screen is not installed yet.")
        assert self.replay_file is not None
        if self.replay_file.is_dir():  # `prescreen replay DIR`: the reviewer's dashboard
            from assistant.app.screens.dashboard import DashboardScreen

            return DashboardScreen(
                self.replay_file,
                self.loaded.path,
                public_key=self.public_key,
                lang=self.lang or "en",
            )
        return ReplayScreen(self.replay_file, self.loaded.path, public_key=self.public_key)

    def new_session(self, lang: str, mode: str | None = None) -> Session:
        """Start a recorded session for one person (raises TranscriptError/OSError)."""
        from assistant.screening.session import (
            Session,  # deferred with the engine: not needed to welcome
        )

        key = self.config.signing_key
        return Session(
            self.loaded,
            transcripts=self.transcripts,
            mode=mode or ("kiosk" if self.mode == "kiosk" else "interview"),  # type: ignore[arg-type]
            lang=lang,
            today=self.today,
            # The interview always collects every reason, whatever the kiosk configuration says.
            engine_mode="collect" if mode == "interview" else self.config.engine_mode,  # type: ignore[arg-type]
            station=self.config.station,
            coordinator=self.coordinator,
            screening_number=self.screening_number,
            signing_key=Path(key) if key else None,
            matcher=self.matcher,
        )

    def close_session(self, reason: str) -> None:
        """Close the current kiosk session (if open) with `reason`; never raises."""
        session, self.session = self.session, None
        self.stop_idle()
        if session is not None and not session.closed and self.mode == "interview" \
                and reason == "interrupted":
            # An interview stopped before F5 stays open (verify: interrupted): resumable.
            session.writer.close()
            session.closed = True
            return
        if session is not None and not session.closed:
            try:
                session.finish(reason)
            except Exception as e:  # noqa: BLE001 - closing must never crash the kiosk
                self.log.error(f"could not close {session.path}: {e}")

    def pop_screen(self) -> Any:
        """Pop the top screen; in the kiosk never down to Textual's blank default screen.

        Two pops for one dismissal (a palette command that itself goes to the welcome while
        the palette closes) would otherwise leave the person a blank screen: the welcome
        takes the popped screen's place instead.
        """
        if self.mode == "kiosk" and len(self.screen_stack) <= 2:
            from assistant.app.screens.welcome import WelcomeScreen

            self.close_session("abandoned")
            self.lang = self.preset_lang or "en"
            return self.switch_screen(WelcomeScreen())
        if self.mode == "interview" and len(self.screen_stack) <= 2:
            from textual.await_complete import AwaitComplete

            return AwaitComplete(asyncio.sleep(0))  # the interview stays; nothing to pop
        return super().pop_screen()

    def go_welcome(self) -> None:
        """Back to an empty welcome: modals dropped, the screen replaced (not stacked)."""
        from assistant.app.screens.welcome import WelcomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.lang = self.preset_lang or "en"
        self.clear_clipboard()  # the next person must not paste the previous one's text
        self.switch_screen(WelcomeScreen())

    # -- clipboard (kiosk) ---------------------------------------------------------------------
    def copy_to_clipboard(self, text: str) -> None:
        """Copy is disabled in the kiosk: one person's answer must never reach the next one."""
        if self.mode == "kiosk":
            self.clear_clipboard()
            return
        super().copy_to_clipboard(text)

    def clear_clipboard(self) -> None:
        """Empty the app's clipboard (what Ctrl+V pastes)."""
        self._clipboard = ""

    # -- idle watch ---------------------------------------------------------------------------
    def start_idle(self) -> None:
        """Watch for inactivity while a person is answering."""
        self.stop_idle()
        self._idle_timer = self.set_interval(self.config.idle_seconds, self._idle_fired)

    def stop_idle(self) -> None:
        """Stop watching for inactivity."""
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None

    async def on_event(self, event: events.Event) -> None:
        # Any key, click, tap, scroll or paste counts as the person still being there.
        if self._idle_timer is not None and isinstance(
            event,
            (
                events.Key,
                events.MouseDown,
                events.MouseScrollDown,
                events.MouseScrollUp,
                events.Paste,
            ),
        ):
            self._idle_timer.reset()
        await super().on_event(event)

    def _idle_fired(self) -> None:
        from assistant.app.screens.idle import IdleScreen

        if self.mode != "kiosk" or self.session is None or isinstance(self.screen, IdleScreen):
            return
        if self._idle_timer is not None:
            self._idle_timer.pause()
        self.push_screen(
            IdleScreen(self.lang, self.config.idle_warning_seconds), self._idle_answered
        )

    def _idle_answered(self, still_there: bool | None) -> None:
        if still_there:
            if self._idle_timer is not None:
                self._idle_timer.reset()
                self._idle_timer.resume()
            return
        self.close_session("abandoned")
        self.go_welcome()

    # -- screens in the current language ------------------------------------------------------
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Push `screen` with its key names in the current language."""
        if isinstance(screen, Screen):
            localize_bindings(screen, self.lang)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:  # type: ignore[override]
        """Switch to `screen` with its key names in the current language."""
        if isinstance(screen, Screen):
            localize_bindings(screen, self.lang)
        return super().switch_screen(screen)

    def action_command_palette(self) -> None:
        """The command palette, its search prompt in the current language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t(self.lang, "palette_search"))
            )

    # -- actions ------------------------------------------------------------------------------
    def action_quit(self) -> None:  # type: ignore[override]
        """Quit; in the kiosk this only opens the staff PIN prompt (if a PIN is configured)."""
        if self.mode == "kiosk":
            self.action_staff_exit()
            return
        self.close_session("interrupted")
        self.exit(0)

    def action_help_quit(self) -> None:  # type: ignore[override]
        """Ctrl+C: never a route out of the kiosk; elsewhere Textual's hint to use Ctrl+Q."""
        if self.mode == "kiosk":
            return
        self.notify("Press Ctrl+Q to quit.")

    def action_staff_exit(self) -> None:
        """Open the staff PIN prompt. Without a configured PIN the kiosk cannot be left here."""
        if self.mode != "kiosk":
            self.action_quit()
            return
        from assistant.app.screens.confirm import NoExitScreen
        from assistant.app.screens.pin import PinScreen

        if isinstance(self.screen, (PinScreen, NoExitScreen)):
            return
        if not self.config.can_exit:
            # A screen that takes (and drops) what is typed: a PIN typed out of habit never lands
            # in the answer box, and so never in the transcript.
            self.push_screen(NoExitScreen(self.lang))
            return
        self.push_screen(PinScreen(self.lang), self._pin_answered)

    def _pin_answered(self, ok: bool | None) -> None:
        if ok:
            self.close_session("interrupted")
            self.exit(0)

    def action_help(self) -> None:
        """Show the help screen."""
        from assistant.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.lang))

    def action_toggle_theme(self) -> None:
        """Switch between the light and dark high-contrast themes."""
        self.theme = "prescreen-light" if self.theme == "prescreen-dark" else "prescreen-dark"

    def action_switch_language(self) -> None:
        """Switch English <-> Chinese."""
        self.set_language("zh" if self.lang == "en" else "en")

    def set_language(self, lang: str) -> None:
        """Use `lang` from now on (the current screen redraws its texts and key names)."""
        self.lang = lang
        loaded = self._loaded is not None
        self.title = self.trial_text(lang, "title") if loaded else t(lang, "title")
        localize_bindings(self, lang)
        for screen in self.screen_stack:
            localize_bindings(screen, lang)
            hook = getattr(screen, "language_changed", None)
            if hook is not None:
                hook(lang)

    def action_restart(self) -> None:
        """Ask first, then close the current answers and go back to the welcome."""
        from assistant.app.screens.confirm import ConfirmScreen

        if self.mode == "replay" or isinstance(self.screen, ConfirmScreen):
            return
        self.push_screen(
            ConfirmScreen(self.lang, "restart_title", "restart_body", "restart_yes", "restart_no"),
            self._restart_answered,
        )

    def _restart_answered(self, yes: bool | None) -> None:
        if yes:
            self.restart_now()

    def restart_now(self) -> None:
        """Close the current answers (abandoned) and go back to the welcome, without asking."""
        if self.mode == "kiosk":
            self.close_session("abandoned")
            self.go_welcome()
        else:
            self.close_session("interrupted")
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(self.first_screen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """No system commands in the kiosk (Textual's include Quit); the provider has ours."""
        if self.mode == "kiosk":
            return
        yield from super().get_system_commands(screen)

    def on_unmount(self) -> None:
        # The supervisor stopped the process or staff left: mark the answers as interrupted.
        self.close_session("interrupted")
