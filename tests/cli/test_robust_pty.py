"""prescreen in a real pty (issue 8): invalid bytes, Enter bursts, SIGKILL, a full disk.

Each test starts the real console script in a pseudo-terminal and writes bytes to it as a
terminal would; every wait is on a transcript event or the process ending.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from robust_pty_support import (
    TODAY,
    PtyApp,
    answer,
    begin_english,
    count,
    events_in,
    settle,
    start_kiosk,
    wait_until,
)

from assistant.audit.verify import scan_file, verify_file
from assistant.screening.session import Session

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="pty and the Linux driver")
ANSWERS = ["45", "female", "yes", "kidney", "IV", "3", "2.4 g/24h", "yes", "no", "no"]


def _one_file(folder: Path) -> Path:
    files = sorted(folder.glob("*.jsonl"))
    assert len(files) == 1, files
    return files[0]


def test_invalid_bytes_on_the_welcome_and_mid_session(tmp_path: Path) -> None:
    app = start_kiosk(tmp_path)
    try:
        app.send(b"\xff")  # on the welcome (before: traceback, exit status 0)
        app.send(b"\xff\xfe\x9b")
        begin_english(app, tmp_path)
        assert app.alive()
        answer(app, tmp_path, b"4\x9b5")  # 0x9b: Alt sending 8-bit bytes
        assert app.alive()
        answer(app, tmp_path, b"fe\x9bmale\xff")  # pasted mid-session with stray bytes
        assert app.alive()
    finally:
        app.close()
    raws = [e["payload"]["raw"] for e in events_in(tmp_path) if e["type"] == "answer"]
    assert raws == ["45", "female"]  # dropped, never stored as garbage


def test_enter_burst_through_the_terminal(tmp_path: Path) -> None:
    app = start_kiosk(tmp_path)
    try:
        begin_english(app, tmp_path)
        answer(app, tmp_path, "45", burst=4)
        wait_until(lambda: count(tmp_path, "question") >= 2, what="the next question")
        answer(app, tmp_path, "female", burst=3)
    finally:
        app.close()
    path = _one_file(tmp_path)
    sc = scan_file(path)
    assert sc.status == "interrupted", (sc.line, sc.reason)  # killed, never tampered
    raws = [e["payload"]["raw"] for e in events_in(tmp_path) if e["type"] == "answer"]
    assert raws == ["45", "female"]


@pytest.mark.parametrize("seed", range(3))
def test_sigkill_kiosk_then_resume_keeps_every_answer(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    app = start_kiosk(tmp_path)
    try:
        begin_english(app, tmp_path)
        for text in ANSWERS[: rng.randint(1, len(ANSWERS))]:
            app.send(text.encode() + b"\r" * rng.randint(1, 3))
            if rng.random() < 0.5:
                wait_until(lambda: True)
    finally:
        app.kill()
        app.close()
    path = _one_file(tmp_path)
    sc = scan_file(path)
    assert sc.status == "interrupted", (sc.line, sc.reason)
    on_screen = {
        e["payload"]["question_id"]: e["payload"]["raw"]
        for e in events_in(tmp_path)
        if e["type"] == "answer" and e["payload"]["accepted"]
    }
    if sc.partial_tail:
        pytest.fail("a cut-off last line after SIGKILL: the writer writes whole lines")
    resumed = Session.resume(path, by="CRC-7", reason="kiosk killed")
    assert {q: a.raw for q, a in resumed.engine.answers.items()} == on_screen


def test_sigkill_screen_never_tampers(tmp_path: Path) -> None:
    from patients import CLEAN_G1

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(CLEAN_G1))
    rng = random.Random(7)
    for _ in range(3):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistant",
                "screen",
                "--answers",
                str(answers),
                "--today",
                TODAY,
                "--transcripts",
                str(tmp_path / "t"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        folder = tmp_path / "t"
        target = rng.randint(1, 60)
        wait_until(
            lambda p=proc, n=target, f=folder: count(f, "answer") >= n or p.poll() is not None,
            what="answers",
        )
        proc.kill()
        proc.wait()
    for f in (tmp_path / "t").glob("*.jsonl"):
        assert scan_file(f).status in ("interrupted", "complete"), f


def _signed_in(args: list[str]) -> PtyApp:
    """An interview signed in as CRC-7: the PIN is typed at the terminal prompt first."""
    app = PtyApp(args)
    wait_until(lambda: b"PIN for CRC-7" in app.output or not app.alive(), what="the PIN prompt")
    app.send(b"482193\r")
    return app


def test_sigkill_interview_then_resume_in_the_terminal(tmp_path: Path) -> None:
    from assistant.audit.staff import add_staff

    add_staff("CRC-7", "482193", iterations=1000)  # under this test's PRESCREEN_HOME
    app = _signed_in(
        ["interview", "--transcripts", str(tmp_path), "--today", TODAY, "--coordinator", "CRC-7"]
    )
    try:
        wait_until(lambda: count(tmp_path, "question") >= 1, what="the first question")
        answer(app, tmp_path, "45", burst=2)
        answer(app, tmp_path, "female")
    finally:
        app.kill()
        app.close()
    path = _one_file(tmp_path)
    assert scan_file(path).status == "interrupted"
    app = _signed_in(
        [
            "interview",
            "--transcripts",
            str(tmp_path),
            "--today",
            TODAY,
            "--resume",
            str(path),
            "--reason",
            "killed",
            "--coordinator",
            "CRC-7",
        ]
    )
    try:
        wait_until(lambda: count(tmp_path, "resume") == 1, what="the resume event")
        answer(app, tmp_path, "yes")
    finally:
        app.kill()
        app.close()
    raws = [e["payload"]["raw"] for e in events_in(tmp_path) if e["type"] == "answer"]
    assert raws == ["45", "female", "yes"]
    assert scan_file(path).status == "interrupted"


def test_full_disk_rolls_back_and_stops_visibly(tmp_path: Path) -> None:
    from patients import CLEAN_G1

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(CLEAN_G1))
    # A first run stores the dialog copy, so the size limit below hits only the transcript.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "screen",
            "--answers",
            str(answers),
            "--today",
            TODAY,
            "--transcripts",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    app = start_kiosk(tmp_path, fsize_limit=4000)  # bytes per file: a few answers fit
    try:
        begin_english(app, tmp_path)
        for text in ANSWERS[:6]:
            settle(app)
            app.send(text.encode() + b"\r")
        settle(app, 1.0)
        shown = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", bytes(app.output))
        assert b"no longer" in shown and b"staff" in shown  # stopped, visibly
        assert app.alive()  # the kiosk stays up, for the next person
        assert str(tmp_path).encode() not in shown and b".jsonl" not in shown  # no path shown
    finally:
        app.close()
    kiosk_files = [f for f in tmp_path.glob("*.jsonl") if f.stat().st_size < 4000]
    assert kiosk_files
    for f in tmp_path.glob("*.jsonl"):
        sc = scan_file(f)
        assert sc.status in ("interrupted", "complete") and not sc.partial_tail, (f, sc.reason)
    stopped = max(kiosk_files, key=lambda p: p.stat().st_size)
    assert verify_file(stopped).status == "interrupted"
    Session.resume(stopped, by="CRC-7", reason="disk replaced")  # resumable
