"""`prescreen verify FILE|DIR ...`: check transcripts; exit 0 only if all are intact and complete.

Each file's chain and signature are checked (with `--public-key`, else the `station.pub` beside
the transcripts); each folder's station log is checked and every file held against it, so a
deleted, renamed, replaced, cut-back or rolled-back session is named. One line per file on
stdout (a second line when the station log adds a finding), one per missing session and per
station log problem, then `N files: N ok, N bad`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.audit import signing
from assistant.audit.keys import public_key_beside
from assistant.audit.log_check import Finding, LogState, check_log, check_session, missing_sessions
from assistant.audit.station_log import LOG_NAME, StationLogError, read_head
from assistant.audit.verify import VerifyResult, iter_transcripts, verify_file

_LABEL = {
    "tampered": "TAMPERED",
    "interrupted": "INTERRUPTED",
    "bad_signature": "BAD SIGNATURE",
    "unreadable": "UNREADABLE",
    "unsigned": "UNSIGNED",
    "unchecked": "SIGNATURE NOT CHECKED",
}


def describe(r: VerifyResult) -> str:
    """One line for a file's verdict."""
    if r.ok:
        if r.status == "signed_ok":
            extra = f"signed by {signing.key_id(r.fingerprint or '')}, signature valid"
        else:
            extra = "chain intact, unsigned (allowed)"
        return f"OK {r.path} ({r.events} events, {extra})"
    where = f" line {r.line}" if r.line is not None else ""
    return f"{_LABEL.get(r.status, r.status.upper())} {r.path}{where}: {r.reason}"


def _pinned(text: str | None) -> dict | None:
    """`--head`: a head file (station-head.json as kept by the reviewer) or its JSON text."""
    if not text:
        return None
    if text.lstrip().startswith("{"):
        head = json.loads(text)
        if not isinstance(head, dict):
            raise StationLogError("--head: not a station head")
        return head
    return read_head(Path(text))


def _folder_key(
    folder: Path, given: signing.Ed25519PublicKey | None
) -> signing.Ed25519PublicKey | None:
    if given is not None:
        return given
    found = public_key_beside(folder)
    try:
        return signing.load_public_key(found) if found else None
    except signing.SigningError:
        return None


def run(ns: argparse.Namespace) -> int:
    """Verify every given file and directory; 0 only if every file and every log is sound."""
    allow = bool(getattr(ns, "allow_unsigned", False))
    try:
        key = signing.load_public_key(ns.public_key) if ns.public_key else None
        pinned = _pinned(getattr(ns, "head", None))
    except (signing.SigningError, StationLogError, ValueError) as e:
        print(f"prescreen verify: {e}", file=sys.stderr)
        return 2
    logs: dict[Path, LogState] = {}
    seen: dict[Path, set[str]] = {}
    ok = bad = 0
    problems: list[Finding] = []

    def log_of(folder: Path) -> LogState:
        if folder not in logs:
            st = logs[folder] = check_log(folder, _folder_key(folder, key), pinned)
            problems.extend(st.problems)
            if not st.present and not allow:
                problems.append(
                    Finding(
                        "LOG",
                        folder / LOG_NAME,
                        None,
                        "no station log: deleted,"
                        " renamed or replaced sessions cannot be checked"
                        " (--allow-unsigned to accept)",
                    )
                )
        return logs[folder]

    for path in iter_transcripts(ns.paths):
        folder = path.parent
        state = log_of(folder)
        seen.setdefault(folder, set()).add(path.name.removesuffix(".jsonl"))
        r = verify_file(path, key, allow_unsigned=allow)  # without a key: station.pub beside
        extra = check_session(state, path) if state.present else []
        if not (r.ok and extra):  # a file the log contradicts is not printed as OK
            print(describe(r))
        for f in extra:
            print(f.describe())
        good = r.ok and not extra
        ok, bad = ok + good, bad + (not good)
    missing = 0
    for given in map(Path, ns.paths):
        if given.is_dir():
            state = log_of(given)
            for f in missing_sessions(state, seen.get(given, set())):
                print(f.describe())
                missing += 1
    for f in problems:
        print(f.describe())
    for folder, st in logs.items():
        if st.present and st.head is not None and not st.problems:
            print(
                f"LOG OK {folder / LOG_NAME} ({st.entries} entries, head {st.root[:16]} signed"
                f" {st.head.get('ts')}; pin it with --head {folder / 'station-head.json'})"
            )
    print(f"{ok + bad} files: {ok} ok, {bad} bad" + (f", {missing} missing" if missing else ""))
    if ok + bad + missing == 0:
        print("prescreen verify: no transcripts found", file=sys.stderr)
        return 1
    return 0 if bad == missing == 0 and not problems else 1
