"""Benchmark `prescreen report` on many transcripts: first full report, then a re-report.

    .venv/bin/python benchmarks/bench_report.py [--count 100000] [--dir DIR] [--workers N]

Setup: a few real sessions are run through the session API (a pass, a review, two fails, a
kiosk stop-at-first-fail, an abandoned one), all signed with a fresh station key. Each synthetic
transcript copies one of them with a new session id (so a new file name and reference code), a
new station, screening date and timestamps, and is then re-chained and re-signed with the
writer's own `canonical` / `event_hash` and the station key: every file is a valid, complete,
signed transcript, so the report has to verify each chain and signature in full.

Timed (each as a fresh `prescreen report --public-key` process, as a person would run it):
the first report (builds the index), then, after adding 100 more sessions, the re-report.
Prints one JSON line with the figures. Goals: first report of 100k < 60 s, re-report < 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

STATIONS = ["lobby-1", "lobby-2", "clinic-3", "ward-7"]


def real_sessions(folder: Path, key: Path) -> list[list[dict[str, Any]]]:
    """Run a few real sessions and return their events (as JSON objects)."""
    from patients import CLEAN_G1

    from assistant.cli.screen import DONT_KNOW, scripted_answer
    from assistant.screening.session import Session
    from assistant.trial.dialog import load_dialog

    loaded = load_dialog(ROOT / "dialogs" / "nct05930314.yaml")
    cases: list[tuple[dict[str, str], str, int | None]] = [
        (CLEAN_G1, "collect", None),
        ({k: v for k, v in CLEAN_G1.items() if k != "lvef"}, "collect", None),
        (CLEAN_G1 | {"age": "75", "hbsag": "positive"}, "collect", None),
        (CLEAN_G1 | {"prior_car_t": "yes"}, "collect", None),
        (CLEAN_G1 | {"pregnant": "yes"}, "first_fail", None),
        (CLEAN_G1, "collect", 6),
    ]
    paths = []
    for answers, mode, stop in cases:
        s = Session(
            loaded,
            transcripts=folder,
            mode="kiosk",
            lang="en",
            today=date(2025, 1, 6),
            engine_mode=mode,
            signing_key=key,
        )  # type: ignore[arg-type]
        n = 0
        while (p := s.current()) is not None and (stop is None or n < stop):
            if not s.submit(p.id, scripted_answer(s.engine, p, answers)).accepted:
                s.submit(p.id, DONT_KNOW)
            n += 1
        s.finish("abandoned" if stop is not None else "finished")
        paths.append(s.path)
    return [[json.loads(line) for line in p.read_bytes().splitlines()] for p in paths]


_STATE: dict[str, Any] = {}


def _init(templates: list[list[dict[str, Any]]], key_path: str) -> None:
    from assistant.audit import signing

    _STATE["templates"], _STATE["key"] = templates, signing.load_private_key(Path(key_path))


def _write(job: tuple[str, int, int]) -> None:
    """Write `count` synthetic transcripts starting at number `first` into `folder`."""
    from assistant.audit import signing
    from assistant.audit.transcript import GENESIS, canonical, event_hash

    folder, first, count = job
    templates, key = _STATE["templates"], _STATE["key"]
    base = datetime(2025, 1, 6, 8, 0, 0)
    for i in range(first, first + count):
        tpl = templates[i % len(templates)]
        start = base + timedelta(minutes=7 * i)
        sid = f"{start:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
        prev, lines = GENESIS, []
        for n, ev in enumerate(tpl):
            typ, payload = ev["type"], dict(ev["payload"])
            if typ == "signature":
                payload = signing.signature_payload(prev, key)
            elif typ == "session_start":
                payload |= {
                    "session_id": sid,
                    "station": STATIONS[i % len(STATIONS)],
                    "screening_date": (start.date()).isoformat(),
                }
            ts = (start + timedelta(seconds=n)).isoformat(timespec="microseconds") + "Z"
            h = event_hash(n + 1, ts, typ, payload, prev)
            lines.append(
                canonical(
                    {
                        "seq": n + 1,
                        "ts": ts,
                        "type": typ,
                        "payload": payload,
                        "prev": prev,
                        "hash": h,
                    }
                )
            )
            prev = h
        path = Path(folder) / f"{sid}.jsonl"
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def make(folder: Path, first: int, count: int, templates: list, key: Path, workers: int) -> None:
    """Write transcripts number first .. first+count-1, in parallel chunks."""
    step = 500
    jobs = [
        (str(folder), s, min(step, first + count - s)) for s in range(first, first + count, step)
    ]
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(templates, str(key))) as pool:
        list(pool.map(_write, jobs))


def report(folder: Path, pub: Path, *extra: str) -> tuple[float, dict[str, Any]]:
    """One `prescreen report` process, timed end to end."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "report",
            str(folder),
            "--public-key",
            str(pub),
            *extra,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return time.perf_counter() - t0, json.loads(out)


def main() -> None:
    """Make the transcripts, time the two reports, print the figures."""
    from assistant.audit import signing

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--dir", type=Path, default=None, help="where (default: a temporary folder)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--short",
        action="store_true",
        help="only the short kiosk sessions (stop at first fail, abandoned): "
        "files 4x smaller, for a 100k run on a busy machine",
    )
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=a.dir) as tmp:
        root = Path(tmp)
        priv, pub = signing.generate_keypair(root / "station")
        templates = real_sessions(root / "real", priv)
        if a.short:
            templates = [t for t in templates if len(t) < 60]
        folder = root / "transcripts"
        folder.mkdir(mode=0o700)
        t0 = time.perf_counter()
        make(folder, 0, a.count, templates, priv, a.workers)
        made = time.perf_counter() - t0
        first_s, first = report(folder, pub)
        assert first["verified"] == a.count and not first["rejected"], first["rejected"][:3]
        make(folder, a.count, 100, templates, priv, a.workers)
        again_s, again = report(folder, pub)
        assert again["verified"] == a.count + 100 and again["index"]["examined"] == 100
        size = sum(p.stat().st_size for p in folder.glob("*.jsonl"))
        print(
            json.dumps(
                {
                    "transcripts": a.count,
                    "events_per_file": [len(t) for t in templates],
                    "bytes": size,
                    "generate_s": round(made, 1),
                    "first_report_s": round(first_s, 2),
                    "re_report_after_100_s": round(again_s, 2),
                    "workers": a.workers,
                    "outcomes": again["outcomes"],
                    "goal": {"first_report_s": 60, "re_report_s": 2},
                }
            )
        )


if __name__ == "__main__":
    main()
