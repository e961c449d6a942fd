"""Helpers shared by the commands: loading a dialog, reading dates, reporting errors."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.trial.dialog import DialogError, LoadedDialog, load_dialog


class CommandError(Exception):
    """A problem to report on stderr, with a non-zero exit."""


def fail(message: str, code: int = 2) -> int:
    """Print `message` on stderr (prefixed) and return the exit status."""
    print(f"prescreen: {message}", file=sys.stderr)
    return code


def screening_date(text: str | None) -> date:
    """`--today` as a date (today when absent); raises CommandError naming the bad value."""
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise CommandError(f"--today {text!r}: expected a date as YYYY-MM-DD") from e


def open_dialog(path: Path) -> LoadedDialog:
    """Load a dialog, turning its problems into one CommandError (file:line: field: ...)."""
    try:
        return load_dialog(path)
    except DialogError as e:
        raise CommandError("invalid dialog file:\n" + "\n".join(e.problems)) from e


if TYPE_CHECKING:
    from assistant.station.config import KioskConfig


def ui_args(ns: argparse.Namespace) -> tuple[date, KioskConfig]:
    """--today and --config of a UI command (CommandError/ConfigError on bad values)."""
    from assistant.station.config import load_config

    return screening_date(getattr(ns, "today", None)), load_config(getattr(ns, "config", None))
