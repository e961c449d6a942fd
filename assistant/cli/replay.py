"""`prescreen replay FILE|DIR`: the replay screen (a folder: the reviewer's dashboard), or with
`--check` a scripted re-run. `--code K7F-3QX [DIR]` finds the transcript by its reference code.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli.common import fail
from assistant.trial.bundled import default_dialog


def _by_code(ns: argparse.Namespace) -> str | None:
    """Resolve `--code K7F-3QX [DIR]` into `ns.file`; an error message when it cannot."""
    from assistant.audit.refcode import find_by_code, normalize_code
    from assistant.audit.verify import iter_transcripts

    folder = ns.file if ns.file is not None else Path("transcripts")
    if normalize_code(ns.code) is None:
        return f"--code {ns.code!r}: not a reference code (six letters and digits, like K7F-3QX)"
    if not folder.is_dir():
        return f"{folder}: not a transcripts folder (--code searches a folder)"
    found = find_by_code(iter_transcripts([folder]), ns.code)
    if not found:
        return f"no transcript with code {normalize_code(ns.code)} under {folder}"
    if len(found) > 1:
        return f"code {normalize_code(ns.code)} matches several transcripts: " + ", ".join(
            map(str, found)
        )
    ns.file = found[0]
    return None


def run(ns: argparse.Namespace) -> int:
    """Exit 0 with `--check` only if every recorded decision is reproduced."""
    if getattr(ns, "code", None):
        problem = _by_code(ns)
        if problem:
            return fail(problem)
    if ns.file is None:
        return fail("replay: give a transcript FILE, a folder, or --code CODE [DIR]")
    if not ns.file.exists():
        return fail(f"{ns.file}: no such transcript")
    if ns.check and ns.file.is_dir():
        return fail(f"{ns.file}: --check replays one transcript FILE, not a folder")
    if not ns.check:
        return _run_replay(ns)
    from assistant.review.replay import replay

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


def _run_replay(ns: argparse.Namespace) -> int:
    """Open the replay screen on `ns.file` (a folder: the dashboard); returns the exit status."""
    from datetime import date

    from assistant.app import create_app  # deferred: Textual is only needed for the screen
    from assistant.station.config import KioskConfig
    from assistant.trial.bundled import default_dialog
    from assistant.trial.dialog import DialogError

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
