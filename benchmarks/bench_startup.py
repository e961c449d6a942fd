"""Cold start of the kiosk as a person sees it: time from spawning `prescreen` in a
pseudo-terminal until the welcome screen's text is on the terminal, then from pressing `e`
(English) until the first question is on the terminal.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--top 15]

Prints each run, the median and the max, then the top cumulative importers from
`python -X importtime` for the modules the welcome needs. Goal: under 1 s on a 2-core machine.
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


def prescreen_cmd() -> list[str]:
    """The installed console script beside this interpreter, else `python -m assistant`."""
    script = Path(sys.executable).with_name("prescreen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]


def one_run(cols: int = 100, rows: int = 30) -> tuple[float, float]:
    """Seconds until the welcome appears in a fresh pty, and from `e` to the first question."""
    transcripts = tempfile.mkdtemp(prefix="bench-startup-")
    pid, fd = pty.fork()
    if pid == 0:  # child: become the kiosk
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        cmd = prescreen_cmd() + ["--today", "2025-01-15", "--transcripts", transcripts]
        os.execve(cmd[0], cmd, env)
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen = b""
    elapsed = question = float("nan")
    pressed = 0.0
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            # Escape sequences may sit between words; compare on the printable text.
            seen += chunk
            plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]", b"", seen)
            if elapsed != elapsed and MARKER in plain:
                elapsed = time.perf_counter() - start
                seen = b""
                pressed = time.perf_counter()
                os.write(fd, b"e")
            elif elapsed == elapsed and QUESTION in plain:
                question = time.perf_counter() - pressed
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        os.close(fd)
        shutil.rmtree(transcripts, ignore_errors=True)
    return elapsed, question


def import_profile(top: int) -> list[tuple[int, str]]:
    """Top cumulative importers (microseconds, module) of what the kiosk loads for the welcome."""
    code = (
        "import assistant.cli, assistant.commands.kiosk, assistant.app, assistant.config, "
        "assistant.dialog, assistant.app.app, assistant.app.welcome"
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


def main() -> int:
    """Run the benchmark and print the figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--top", type=int, default=15)
    ns = p.parse_args()
    one_run()  # warm the OS file cache: "cold" here means a new process, not a cold disk
    times, questions = [], []
    for i in range(ns.runs):
        t, q = one_run()
        times.append(t)
        questions.append(q)
        print(f"run {i + 1}: welcome {t * 1000:.0f} ms, then first question {q * 1000:.0f} ms")
    ok = [t for t in times if t == t]
    okq = [q for q in questions if q == q]
    if not ok or not okq:
        print("the welcome or the first question never appeared", file=sys.stderr)
        return 1
    print(
        f"first screen: median {statistics.median(ok) * 1000:.0f} ms, "
        f"max {max(ok) * 1000:.0f} ms over {len(ok)} runs (goal < 1000 ms)"
    )
    print(
        f"first question after choosing English: median {statistics.median(okq) * 1000:.0f} ms, "
        f"max {max(okq) * 1000:.0f} ms"
    )
    print("\ntop cumulative imports (ms):")
    for us, name in import_profile(ns.top):
        print(f"  {us / 1000:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
