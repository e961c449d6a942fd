"""`prescreen` / `prescreen kiosk`: the self-screening kiosk."""

from __future__ import annotations

import argparse


def run(ns: argparse.Namespace) -> int:
    """Open the kiosk; exit 2 with file:line problems on stderr for a bad dialog or config."""
    from assistant.app import run_kiosk  # deferred: Textual is only needed for the screen

    return run_kiosk(ns)
