"""The kiosk as a person feels it, measured in a pseudo-terminal, beside a bare Textual app.

Per run: from spawning `prescreen` until the welcome's text is on the terminal; the same for a
bare Textual app (one label and a footer, /work/shared/tools/bare_textual_app.py or a copy) in
the same run; from `e` to the first question; from Enter to the next question for a few short
answers; from Enter to the confirmation question for a free-text answer.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--top 15]

Goals (issue 11): welcome <= 1.3x the bare app; every answer to the next question < 100 ms; a
free-text answer to its confirmation < 200 ms. Then the top cumulative importers of what the
welcome needs (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = b"choose your language"
QUESTION = b"How old are you"
TIMEOUT = 20.0
BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static, Footer
class Hello(App):
    def compose(self) -> ComposeResult:
        yield Static("Please choose your language")
        yield Footer()
Hello().run()
"""
# Short answers typed at the first questions; the next question is seen by its number.
ANSWERS = [b"34", b"female", b"yes", b"kidney", b"IV"]
FREE_TEXT = b"I had tuberculosis last year"  # a mention: the next screen is its confirmation


def free_text_position() -> int:
    """The number of the first free-text question when every earlier answer is "don't know"."""
    from datetime import date

    from assistant.cli import default_dialog
    from assistant.screening.engine import Screening
    from assistant.trial.dialog import load_dialog

    engine = Screening(
        load_dialog(default_dialog()).dialog, today=date(2025, 1, 15), mode="first_fail"
    )
    n = 1
    while (prompt := engine.next_prompt()) is not None:
        if prompt.kind == "text":
            return n
        engine.answer(prompt.id, "don't know")
        n += 1
    raise SystemExit("no free-text question in the dialog")


def _plain(data: bytes) -> bytes:
    """Printable text of terminal output (escape sequences may sit between words)."""
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]", b"", data)


def bare_run(cols: int = 100, rows: int = 30) -> float:
    """Seconds until a bare Textual app's label is on a fresh pty."""
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        os.execve(sys.executable, [sys.executable, "-c", BARE_APP], env)
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen, elapsed = b"", float("nan")
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            if MARKER in _plain(seen):
                elapsed = time.perf_counter() - start
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return elapsed


def prescreen_cmd() -> list[str]:
    """The installed console script beside this interpreter, else `python -m assistant`."""
    script = Path(sys.executable).with_name("prescreen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]


def one_run(cols: int = 100, rows: int = 30) -> tuple[float, float, list[float], float]:
    """Welcome, `e` to the first question, each short answer to the next question, and a
    free-text answer to its confirmation (seconds; nan when it never appeared)."""
    transcripts = tempfile.mkdtemp(prefix="bench-startup-")
    pid, fd = pty.fork()
    if pid == 0:  # child: become the kiosk
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        cmd = prescreen_cmd() + ["--today", "2025-01-15", "--transcripts", transcripts]
        os.execve(cmd[0], cmd, env)
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    buf = [b""]

    def wait(marker: bytes) -> float:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < TIMEOUT:
            if marker in _plain(buf[0]):
                return time.perf_counter()
            ready, _, _ = select.select([fd], [], [], 0.005)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return float("nan")
                if not chunk:
                    return float("nan")
                buf[0] += chunk
        return float("nan")

    def send(data: bytes) -> float:
        buf[0] = b""
        os.write(fd, data)
        return time.perf_counter()

    answers: list[float] = []
    free = float("nan")
    try:
        welcome = wait(MARKER) - start
        time.sleep(1.0)  # let the background load finish, as a person reads the welcome
        t0 = send(b"e")
        question = wait(QUESTION) - t0
        time.sleep(0.3)
        n = 1
        for text in ANSWERS:
            send(text)
            time.sleep(0.2)
            t0 = send(b"\r")
            n += 1
            answers.append(wait(f"question {n} of".encode()) - t0)
            time.sleep(0.2)
        while n < FREE_AT:  # "don't know" on to the first free-text question
            send(b"don't know\r")
            n += 1
            wait(f"question {n} of".encode())
            time.sleep(0.1)
        send(FREE_TEXT)
        time.sleep(0.2)
        t0 = send(b"\r")
        free = wait(b"You mentioned") - t0
    finally:
        os.kill(pid, signal.SIGTERM)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        os.close(fd)
        shutil.rmtree(transcripts, ignore_errors=True)
    return welcome, question, answers, free


def import_profile(top: int) -> list[tuple[int, str]]:
    """Top cumulative importers (microseconds, module) of what the kiosk loads for the welcome."""
    code = (
        "import assistant.cli, assistant.cli.kiosk, assistant.app, assistant.app.app, "
        "assistant.app.screens.welcome"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stderr
    rows = []
    for line in out.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (.*)", line)
        if m:
            rows.append((int(m.group(2)), m.group(3)))
    rows.sort(reverse=True)
    return rows[:top]


FREE_AT = 0


def _ms(values: list[float]) -> str:
    ok = [v for v in values if v == v]
    if not ok:
        return "never"
    return f"median {statistics.median(ok) * 1000:.0f} ms, max {max(ok) * 1000:.0f} ms"


def main() -> int:
    """Run the benchmark and print the figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--top", type=int, default=15)
    ns = p.parse_args()
    global FREE_AT
    FREE_AT = free_text_position()
    one_run()  # warm the OS file cache: "cold" here means a new process, not a cold disk
    bare_run()
    times, bares, questions, answers, frees = [], [], [], [], []
    for i in range(ns.runs):
        b = bare_run()  # interleaved: both see the same machine load
        w, q, a, f = one_run()
        bares.append(b)
        times.append(w)
        questions.append(q)
        answers += a
        frees.append(f)
        print(
            f"run {i + 1}: bare app {b * 1000:.0f} ms, welcome {w * 1000:.0f} ms, "
            f"first question {q * 1000:.0f} ms, answers "
            + " ".join(f"{x * 1000:.0f}" for x in a)
            + f" ms, free text {f * 1000:.0f} ms"
        )
    ok = [t for t in times if t == t]
    okb = [t for t in bares if t == t]
    if not ok or not okb:
        print("the welcome never appeared", file=sys.stderr)
        return 1
    ratio = statistics.median(ok) / statistics.median(okb)
    print(f"bare Textual app (floor): {_ms(bares)}")
    print(f"welcome: {_ms(times)}  ->  {ratio:.2f}x the bare app (goal <= 1.3x)")
    print(f"first question after choosing English: {_ms(questions)}")
    print(f"answer to next question: {_ms(answers)} over {len(answers)} answers (goal < 100 ms)")
    print(f"free text to its confirmation: {_ms(frees)} (goal < 200 ms)")
    print("\ntop cumulative imports (ms):")
    for us, name in import_profile(ns.top):
        print(f"  {us / 1000:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
