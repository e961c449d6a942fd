"""`prescreen verify FILE|DIR ...`: check transcripts; exit 0 only if all are intact and complete.

One human-readable line per file on stdout, then `N files: N ok, N bad`.
"""

from __future__ import annotations

import argparse
import sys

from assistant import signing
from assistant.verify import VerifyResult, iter_transcripts, verify_file

_LABEL = {
    "tampered": "TAMPERED", "interrupted": "INTERRUPTED", "bad_signature": "BAD SIGNATURE",
    "unreadable": "UNREADABLE", "unsigned": "UNSIGNED",
}


def describe(r: VerifyResult) -> str:
    """One line for a file's verdict."""
    if r.ok:
        if r.status == "signed_ok":
            extra = f"signed by {signing.key_id(r.fingerprint or '')}, signature valid"
        elif r.status == "verified":
            extra = (f"signed by {signing.key_id(r.fingerprint or '')}, "
                     "chain intact, signature not checked (no public key)")
        else:
            extra = "chain intact, unsigned"
        return f"OK {r.path} ({r.events} events, {extra})"
    where = f" line {r.line}" if r.line is not None else ""
    return f"{_LABEL.get(r.status, r.status.upper())} {r.path}{where}: {r.reason}"


def run(ns: argparse.Namespace) -> int:
    """Verify every given file and directory; 0 only if every file is ok."""
    try:
        key = signing.load_public_key(ns.public_key) if ns.public_key else None
    except signing.SigningError as e:
        print(f"prescreen verify: {e}", file=sys.stderr)
        return 2
    ok = bad = 0
    for path in iter_transcripts(ns.paths):
        r = verify_file(path, key)
        print(describe(r))
        ok, bad = ok + r.ok, bad + (not r.ok)
    print(f"{ok + bad} files: {ok} ok, {bad} bad")
    if ok + bad == 0:
        print("prescreen verify: no transcripts found", file=sys.stderr)
        return 1
    return 0 if bad == 0 else 1
