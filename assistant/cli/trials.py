"""`prescreen trials`: the bundled trials, one line each (id, version, languages, title)."""

from __future__ import annotations

import argparse

from assistant.trial.bundled import bundled_trials, default_dialog


def run(ns: argparse.Namespace) -> int:
    """Print one tab-separated line per bundled dialog; exit 1 when none loads."""
    del ns
    trials = bundled_trials()
    default = default_dialog() if trials else None
    for t in trials:
        mark = " (default)" if t.path == default else ""
        print(f"{t.id}\tv{t.version}\t{','.join(t.languages)}\t{t.title}{mark}")
    return 0 if trials else 1
