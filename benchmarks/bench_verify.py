"""Benchmark `verify` on a folder of many small transcripts; prints files per second.

    .venv/bin/python benchmarks/bench_verify.py [--count 10000] [--signed]

The transcripts are written by the real TranscriptWriter with fsync switched off (for setup
speed only: the files are byte-for-byte what a station writes, fsync only changes durability).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from unittest import mock

from assistant.audit import signing, transcript
from assistant.audit.verify import verify_paths

START = {
    "dialog_id": "nct05930314", "dialog_version": "1.0.0", "dialog_hash": "ab" * 32,
    "mode": "kiosk", "lang": "en", "station": "bench", "screening_date": "2026-11-25",
}


def make(folder: Path, count: int, key: Path | None) -> None:
    """Write `count` finished sessions (start, 3 question/answer pairs, outcome, end)."""
    with mock.patch.object(transcript.os, "fsync", lambda fd: None):
        for i in range(count):
            w = transcript.TranscriptWriter.create(folder, START, signing_key=key)
            for q in ("age", "sex", "pregnant"):
                w.append("question", {"question_id": q, "facts": [q], "text": f"{q}?",
                                      "lang": "en"})
                w.append("answer", {"question_id": q, "raw": f"answer {i}", "value": i,
                                    "accepted": True})
            w.finish({"outcome": "review", "failed": [], "unknown": ["I3"],
                      "criteria": {"I2": "pass", "I3": "unknown"}})


def main() -> None:
    """Create the transcripts, verify them all, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--signed", action="store_true", help="sign, and verify with the key")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        priv = pub = None
        if a.signed:
            priv, pub = signing.generate_keypair(root / "station")
        t0 = time.perf_counter()
        make(root / "t", a.count, priv)
        t1 = time.perf_counter()
        results = verify_paths([root / "t"], pub)
        t2 = time.perf_counter()
        assert len(results) == a.count and all(r.ok for r in results), "verification failed"
        lines = sum(r.events for r in results)
        print(f"created {a.count} transcripts ({lines} events) in {t1 - t0:.1f}s")
        kind = "signed, key checked" if a.signed else "unsigned"
        print(f"verified {a.count} files in {t2 - t1:.2f}s: {a.count / (t2 - t1):,.0f} files/s,"
              f" {lines / (t2 - t1):,.0f} events/s ({kind})")


if __name__ == "__main__":
    main()
