"""The Textual user interface (kiosk, interview, replay). Only this package imports textual.

This module stays light: `prescreen match` and the other commands import nothing from Textual,
and the CLI imports Textual only inside these functions.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp
    from assistant.config import KioskConfig


def create_app(
    mode: Literal["kiosk", "interview", "replay"],
    *,
    dialog: Path,
    transcripts: Path,
    lang: str | None,
    today: date,
    config: KioskConfig | None = None,
    config_path: Path | None = None,
    defer: bool = False,
    replay_file: Path | None = None,
    coordinator: str | None = None,
    cursor_blink: bool = True,
    screening_number: str | None = None,
    resume: Path | None = None,
    resume_reason: str | None = None,
) -> PrescreenApp:
    """The app for `mode`, shared by the CLI and the tests.

    Loads `dialog` (raises `assistant.dialog.DialogError` naming file:line problems) and reads
    `config_path` unless `config` is given. With `defer=True` (the kiosk) neither is loaded here:
    the welcome paints first, then a background worker loads them (an unusable file ends the app
    with status 2 and `app.load_problems`). `lang` preselects a language (the kiosk still shows
    the welcome). `cursor_blink=False` makes snapshots deterministic.
    """
    from assistant.app.app import PrescreenApp  # deferred: Textual costs ~100 ms to import

    loaded = None
    if not defer:
        from assistant.config import load_config
        from assistant.dialog import load_dialog

        loaded = load_dialog(dialog)
        config = config if config is not None else load_config(config_path)
    return PrescreenApp(
        mode,
        loaded=loaded,
        dialog_path=Path(dialog),
        transcripts=Path(transcripts),
        lang=lang,
        today=today,
        config=config,
        config_path=config_path,
        replay_file=replay_file,
        coordinator=coordinator,
        cursor_blink=cursor_blink,
        screening_number=screening_number,
        resume=resume,
        resume_reason=resume_reason,
    )


def ui_args(ns: argparse.Namespace) -> tuple[date, KioskConfig]:
    """--today and --config of a UI command (CommandError/ConfigError on bad values)."""
    from assistant.commands.common import screening_date
    from assistant.config import load_config

    return screening_date(getattr(ns, "today", None)), load_config(getattr(ns, "config", None))


def _fail(message: str) -> int:
    """`prescreen: message` on stderr, status 2 (as `commands.common.fail`, without its imports)."""
    print(f"prescreen: {message}", file=sys.stderr)
    return 2


def run_kiosk(ns: argparse.Namespace) -> int:
    """Run the kiosk from parsed CLI arguments; returns the exit status (2 on bad input).

    Only what the welcome shows is loaded before it paints: the dialog and the configuration are
    read by a background worker just after, and a problem in either ends the kiosk with status 2
    and the problems on stderr, as before.
    """
    text = getattr(ns, "today", None)
    try:
        today = date.fromisoformat(text) if text else date.today()
    except ValueError:
        return _fail(f"--today {text!r}: expected a date as YYYY-MM-DD")
    dialog = ns.dialog
    if dialog is None:
        from assistant.trials import default_dialog

        dialog = default_dialog()
    for label, path in (("dialog", dialog), ("config", getattr(ns, "config", None))):
        if path is not None and not Path(path).is_file():
            return _fail(f"{path}: cannot read the {label} file")
    app = create_app(
        "kiosk",
        dialog=dialog,
        transcripts=ns.transcripts,
        lang=ns.lang,
        today=today,
        config_path=getattr(ns, "config", None),
        defer=True,
    )
    app.preflight = True  # the configuration is checked as it loads, before the first person
    app.handle_signals = True
    result = app.run()
    if app.load_problems:
        return _fail("\n".join(app.load_problems))
    return app.return_code or int(result or 0)  # 1 after an unexpected error


def run_replay(ns: argparse.Namespace) -> int:
    """Open the replay screen on `ns.file` (a folder: the dashboard); returns the exit status."""
    from assistant.commands.common import fail
    from assistant.config import KioskConfig
    from assistant.dialog import DialogError
    from assistant.trials import default_dialog

    try:
        app = create_app(
            "replay",
            dialog=getattr(ns, "dialog", None) or default_dialog(),
            transcripts=Path(ns.file) if Path(ns.file).is_dir() else Path(ns.file).parent,
            lang=None,
            today=date.today(),
            config=KioskConfig(),
            replay_file=Path(ns.file),
        )
    except DialogError as e:
        return fail("invalid dialog file:\n" + "\n".join(e.problems))
    app.public_key = getattr(ns, "public_key", None)
    return int(app.run() or 0)
