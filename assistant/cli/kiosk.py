"""`prescreen` / `prescreen kiosk`: the self-screening kiosk.

The configuration file holds the staff PIN hash: it must be owner-only, or the kiosk does not
start. When the kiosk is left, the station log's latest signed head is printed for the reviewer
to keep (`prescreen verify DIR --head FILE` later proves the log was not cut back).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def print_head(transcripts: Path) -> None:
    """Print the station log's latest head (one JSON line on stderr) if there is one."""
    from assistant.audit.station_log import HEAD_NAME, StationLogError, read_head

    try:
        head = read_head(Path(transcripts) / HEAD_NAME)
    except StationLogError as e:
        print(f"prescreen: {e}", file=sys.stderr)
        return
    if head is not None:
        import json

        print(
            f"prescreen: station log head (keep it; verify later with --head):"
            f" {json.dumps(head, sort_keys=True)}",
            file=sys.stderr,
        )


def run(ns: argparse.Namespace) -> int:
    """Open the kiosk; exit 2 with file:line problems on stderr for a bad dialog or config."""
    from assistant.cli.common import fail
    from assistant.station.config import ConfigError, check_config_private

    try:
        check_config_private(getattr(ns, "config", None))
    except ConfigError as e:
        return fail(f"{e}; the kiosk does not start")
    code = _run_kiosk(ns)
    print_head(ns.transcripts)
    return code


def _run_kiosk(ns: argparse.Namespace) -> int:
    """Run the kiosk from parsed CLI arguments; returns the exit status (2 on bad input).

    Only what the welcome shows is loaded before it paints: the dialog and the configuration are
    read by a background worker just after, and a problem in either ends the kiosk with status 2
    and the problems on stderr, as before.
    """
    from datetime import date

    from assistant.app import create_app  # deferred: Textual is only needed for the screen
    from assistant.cli.common import fail

    text = getattr(ns, "today", None)
    try:
        today = date.fromisoformat(text) if text else date.today()
    except ValueError:
        return fail(f"--today {text!r}: expected a date as YYYY-MM-DD")
    dialog = ns.dialog
    if dialog is None:
        from assistant.trial.bundled import default_dialog

        dialog = default_dialog()
    for label, path in (("dialog", dialog), ("config", getattr(ns, "config", None))):
        if path is not None and not Path(path).is_file():
            return fail(f"{path}: cannot read the {label} file")
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
        return fail("\n".join(app.load_problems))
    return app.return_code or int(result or 0)  # 1 after an unexpected error
