"""`prescreen criteria`: every criterion of a dialog as Markdown (record text, rule in plain
words, notes, questions), in English or Chinese, on stdout."""

from __future__ import annotations

import argparse
import sys

from assistant.cli.common import CommandError, fail, open_dialog
from assistant.review.criteria_doc import render


def run(ns: argparse.Namespace) -> int:
    """Print the criteria view of the dialog."""
    try:
        loaded = open_dialog(ns.dialog)
    except CommandError as e:
        return fail(str(e))
    sys.stdout.write(render(loaded.dialog, ns.lang))
    return 0
