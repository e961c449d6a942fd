"""The Textual user interface (kiosk, interview, replay). Only this package imports textual.

This module stays light: `prescreen match` and the other commands import nothing from Textual,
and the CLI imports Textual only inside these functions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp
    from assistant.station.config import KioskConfig


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

    Loads `dialog` (raises `assistant.trial.dialog.DialogError` naming file:line problems) and reads
    `config_path` unless `config` is given. With `defer=True` (the kiosk) neither is loaded here:
    the welcome paints first, then a background worker loads them (an unusable file ends the app
    with status 2 and `app.load_problems`). `lang` preselects a language (the kiosk still shows
    the welcome). `cursor_blink=False` makes snapshots deterministic.
    """
    from assistant.app.app import PrescreenApp  # deferred: Textual costs ~100 ms to import

    loaded = None
    if not defer:
        from assistant.station.config import load_config
        from assistant.trial.dialog import load_dialog

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
