"""`prescreen replay FILE`: the reviewer's replay screen, or with `--check` a scripted re-run."""

from __future__ import annotations

import argparse

from assistant.commands.common import fail
from assistant.trials import default_dialog


def run(ns: argparse.Namespace) -> int:
    """Exit 0 with `--check` only if every recorded decision is reproduced."""
    if not ns.file.exists():
        return fail(f"{ns.file}: no such transcript")
    if not ns.check:
        from assistant.app import run_replay  # deferred: Textual is only needed for the screen

        return run_replay(ns)
    from assistant.replay import replay

    report = replay(ns.file, current_dialog=ns.dialog or default_dialog(), public_key=ns.public_key)
    integrity = report.integrity
    print(
        f"integrity: {integrity.status}"
        + (f" at line {integrity.line}" if integrity.line else "")
        + f" ({integrity.reason})"
    )
    if report.error:
        return fail(f"{ns.file}: {report.error}")
    print(
        f"dialog: {report.start.get('dialog_id')} v{report.start.get('dialog_version')} "
        f"({str(report.start.get('dialog_hash'))[:12]}) from {report.dialog_path}"
    )
    for m in report.mismatches:
        print(f"NOT REPRODUCED {m}")
    print(f"decisions checked: {report.checked}, not reproduced: {len(report.mismatches)}")
    if report.dialog_changed:
        print(
            f"the current dialog differs (sha256 {str(report.current_hash)[:12]}): "
            f"{len(report.drift)} decision(s) would differ"
        )
        for d in report.drift:
            print(f"DRIFT {d.criterion}: recorded {d.recorded}, current dialog {d.current}")
    elif report.current_hash:
        print("the current dialog is the recorded version: no drift")
    return 0 if report.reproduced and integrity.ok else 1
