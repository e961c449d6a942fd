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
    from assistant.app import run_kiosk  # deferred: Textual is only needed for the screen
    from assistant.commands.common import fail
    from assistant.config import ConfigError, check_config_private

    try:
        check_config_private(getattr(ns, "config", None))
    except ConfigError as e:
        return fail(f"{e}; the kiosk does not start")
    code = run_kiosk(ns)
    print_head(ns.transcripts)
    return code
