"""Run prescreen in a real pseudo-terminal (python's pty module) and drive it with bytes.

Shared by tests/test_robust_pty.py and benchmarks/bench_faults.py. Waits are on conditions
(a transcript event appears, the process ends), polled, each bounded by a timeout.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import resource
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TODAY = "2025-01-15"


class PtyApp:
    """One prescreen process on a pty; `send` writes bytes as a terminal would."""

    def __init__(
        self, args: list[str], *, fsize_limit: int | None = None, cwd: Path | None = None
    ) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
        env.pop("TEXTUAL", None)

        def child_setup() -> None:
            if fsize_limit is not None:  # a full disk, as far as this process can tell
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (fsize_limit, fsize_limit))

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=child_setup,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def send(self, data: bytes) -> None:
        """Write `data` to the terminal in one write (a burst)."""
        os.write(self.master, data)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def close(self) -> None:
        self.kill()
        try:
            os.close(self.master)
        except OSError:
            pass


def wait_until(cond: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    """Poll `cond` until it holds; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what or cond}")


def events_in(folder: Path) -> list[dict[str, Any]]:
    """Whole events of the newest transcript in `folder` (a partial last line is skipped)."""
    files = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime)
    if not files:
        return []
    out = []
    for line in files[-1].read_bytes().split(b"\n")[:-1]:
        try:
            out.append(json.loads(line))
        except ValueError:
            break
    return out


def count(folder: Path, type_: str) -> int:
    return sum(1 for e in events_in(folder) if e["type"] == type_)


def last_question(folder: Path) -> str | None:
    qs = [e["payload"]["question_id"] for e in events_in(folder) if e["type"] == "question"]
    return qs[-1] if qs else None


def start_kiosk(folder: Path, **kw: Any) -> PtyApp:
    """A kiosk on the bundled dialog, waiting on its welcome screen."""
    app = PtyApp(["kiosk", "--transcripts", str(folder), "--today", TODAY], **kw)
    wait_until(lambda: len(app.output) > 500 or not app.alive(), what="the welcome screen")
    return app


def begin_english(app: PtyApp, folder: Path) -> None:
    """From the welcome, press e and wait for the first question event (pressed again only
    if the welcome was still starting: no stray e reaches the answer box)."""
    for _ in range(10):
        app.send(b"e")
        try:
            wait_until(lambda: count(folder, "question") >= 1 or not app.alive(), 6.0)
            return
        except AssertionError:
            continue
    raise AssertionError("the kiosk never asked its first question")


def settle(app: PtyApp, quiet: float = 0.3, timeout: float = 30.0) -> None:
    """Wait until the screen has stopped changing for `quiet` seconds (it has drawn)."""
    deadline = time.monotonic() + timeout
    seen, since = len(app.output), time.monotonic()
    while time.monotonic() < deadline and app.alive():
        time.sleep(0.02)
        if len(app.output) != seen:
            seen, since = len(app.output), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def answer(
    app: PtyApp, folder: Path, text: str | bytes, *, burst: int = 1, timeout: float = 60
) -> None:
    """Once the question is on screen, type `text` then Enter `burst` times in one write;
    wait until it is recorded."""
    settle(app)
    before = count(folder, "answer")
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    app.send(raw + b"\r" * burst)
    wait_until(
        lambda: count(folder, "answer") > before or not app.alive(),
        timeout,
        what=f"the answer {text!r}",
    )
