"""`prescreen check FILE`: load a dialog file and report every problem with file, line, field."""

from __future__ import annotations

import argparse
import sys

from assistant.trial.check import check_dialog
from assistant.trial.dialog import DialogError, load_dialog


def run(ns: argparse.Namespace) -> int:
    """Exit 0 only when the dialog file is sound."""
    try:
        loaded = load_dialog(ns.file)
    except DialogError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        print(f"{ns.file}: {len(e.problems)} problem(s)", file=sys.stderr)
        return 1
    problems = check_dialog(loaded)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{ns.file}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    d = loaded.dialog
    print(
        f"{ns.file}: OK: {d.trial.id} v{d.trial.version}, {len(d.criteria)} criteria, "
        f"{len(d.questions)} questions, {len(d.notes)} notes (sha256 {loaded.sha256[:12]})"
    )
    return 0
