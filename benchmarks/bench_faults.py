"""Fault benchmark (issue 8): SIGKILL and Enter bursts against the real kiosk in a pty.

    .venv/bin/python benchmarks/bench_faults.py [--runs 100] [--seed 1]

SIGKILL runs: a kiosk answers a random number of questions (some with Enter bursts) and is
killed at a random moment. Enter-burst runs: three answers, each followed by 2-5 Enters with
0, 30 or 80 ms between them, then the kiosk is killed. Every transcript is then verified; the
figures printed are how many were TAMPERED (goal 0), interrupted (expected), and, for the
SIGKILL runs, whether `Session.resume` continued with every answer that was recorded.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from robust_pty_support import begin_english, events_in, settle, start_kiosk  # noqa: E402

from assistant.audit.verify import scan_file  # noqa: E402
from assistant.screening.session import Session  # noqa: E402

ANSWERS = ["45", "female", "yes", "kidney", "IV", "3", "2.4 g/24h", "yes", "no", "no"]


def sigkill_run(rng: random.Random) -> tuple[str, bool]:
    folder = Path(tempfile.mkdtemp(prefix="bench-kill-"))
    app = start_kiosk(folder)
    try:
        begin_english(app, folder)
        for text in ANSWERS[: rng.randint(1, len(ANSWERS))]:
            app.send(text.encode() + b"\r" * rng.randint(1, 3))
            if rng.random() < 0.6:
                settle(app, quiet=rng.choice([0.05, 0.2]))
        time.sleep(rng.random() * 0.3)  # a random moment, mid-write or not
    finally:
        app.close()  # SIGKILL
    return _judge(folder, resume=True)


def burst_run(rng: random.Random) -> tuple[str, bool]:
    folder = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    app = start_kiosk(folder)
    try:
        begin_english(app, folder)
        for text in ANSWERS[:3]:
            settle(app)
            gap = rng.choice([0.0, 0.03, 0.08])
            app.send(text.encode() + b"\r")
            for _ in range(rng.randint(1, 4)):
                if gap:
                    time.sleep(gap)
                app.send(b"\r")
        settle(app)
    finally:
        app.close()
    return _judge(folder, resume=False)


def _judge(folder: Path, resume: bool) -> tuple[str, bool]:
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        return "no file", True
    status = "interrupted"
    for f in files:
        sc = scan_file(f)
        if sc.status not in ("interrupted", "complete"):
            return sc.status.upper(), False
        if sc.partial_tail:
            status = "partial"
    resumed_ok = True
    if resume:
        recorded = {
            e["payload"]["question_id"]: e["payload"]["raw"]
            for e in events_in(folder)
            if e["type"] == "answer" and e["payload"]["accepted"]
        }
        try:
            s = Session.resume(files[-1], by="bench", reason="after SIGKILL")
            resumed_ok = {q: a.raw for q, a in s.engine.answers.items()} == recorded
            s.writer.close()
        except Exception:  # noqa: BLE001 - counted, not raised
            resumed_ok = False
    return status, resumed_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    ns = parser.parse_args()
    for name, run in (("SIGKILL", sigkill_run), ("Enter burst", burst_run)):
        rng = random.Random(ns.seed)
        tally: dict[str, int] = {}
        resumed = 0
        start = time.monotonic()
        for _ in range(ns.runs):
            status, ok = run(rng)
            tally[status] = tally.get(status, 0) + 1
            resumed += ok
        took = time.monotonic() - start
        tampered = sum(v for k, v in tally.items() if k not in ("interrupted", "no file"))
        print(
            f"{name}: {ns.runs} runs in {took:.0f} s: not intact {tampered} {tally}; "
            f"resumed with every recorded answer: {resumed}/{ns.runs}"
        )


if __name__ == "__main__":
    main()
