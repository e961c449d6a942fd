"""The Textual user interface (kiosk, interview, replay). Only this package imports textual.

This module stays light: `prescreen match` and the other commands import nothing from Textual,
and the CLI imports Textual only inside these functions.
"""

from __future__ import annotations

import argparse
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
    config: KioskConfig,
    replay_file: Path | None = None,
    coordinator: str | None = None,
    cursor_blink: bool = True,
    screening_number: str | None = None,
    resume: Path | None = None,
    resume_reason: str | None = None,
) -> PrescreenApp:
    """The app for `mode`, shared by the CLI and the tests.

    Loads `dialog` (raises `assistant.dialog.DialogError` naming file:line problems). `lang`
    preselects a language (the kiosk still shows the welcome). `cursor_blink=False` makes
    snapshots deterministic.
    """
    from assistant.app.app import PrescreenApp  # deferred: Textual costs ~100 ms to import
    from assistant.dialog import load_dialog

    loaded = load_dialog(dialog)
    return PrescreenApp(
        mode,
        loaded=loaded,
        transcripts=Path(transcripts),
        lang=lang,
        today=today,
        config=config,
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


def run_kiosk(ns: argparse.Namespace) -> int:
    """Run the kiosk from parsed CLI arguments; returns the exit status (2 on bad input)."""
    from assistant.commands.common import CommandError, fail
    from assistant.config import ConfigError
    from assistant.dialog import DialogError
    from assistant.preflight import preflight

    try:
        today, config = ui_args(ns)
        problems = preflight(config, ns.transcripts)
        if problems:  # before anyone sits down, not halfway through their answers
            return fail("cannot open the kiosk:\n" + "\n".join(problems))
        app = create_app(
            "kiosk",
            dialog=ns.dialog,
            transcripts=ns.transcripts,
            lang=ns.lang,
            today=today,
            config=config,
        )
    except DialogError as e:
        return fail("invalid dialog file:\n" + "\n".join(e.problems))
    except (CommandError, ConfigError) as e:
        return fail(str(e))
    app.handle_signals = True
    result = app.run()
    return app.return_code or int(result or 0)


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
