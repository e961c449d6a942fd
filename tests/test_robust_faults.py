"""Faults (issue 8): concurrent appends, failed appends rolled back, resumable afterwards."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from assistant import transcript
from assistant.transcript import TranscriptError, TranscriptWriter
from assistant.verify import scan_file

START = {
    "dialog_id": "nct05930314",
    "dialog_version": "1.0.0",
    "dialog_hash": "ab" * 32,
    "mode": "kiosk",
    "lang": "en",
    "station": "kiosk-1",
    "screening_date": "2026-11-25",
}
Q = {"question_id": "age", "facts": ["age"], "text": "How old are you?", "lang": "en"}


def test_appends_from_threads_never_fork_the_chain(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    barrier = threading.Barrier(8)

    def many() -> None:
        barrier.wait()
        for _ in range(25):
            w.append("question", Q)

    threads = [threading.Thread(target=many) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    w.finish(None, reason="abandoned")
    sc = scan_file(w.path)
    assert sc.status == "complete", (sc.line, sc.reason)
    assert sc.events == 1 + 8 * 25 + 1


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG, errno.EIO])
def test_failed_append_is_rolled_back_and_resumable(tmp_path: Path, monkeypatch, code) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("question", Q)
    real_write = os.write

    def half_then_fail(fd: int, data: bytes) -> int:
        monkeypatch.setattr(transcript.os, "write", real_write)
        real_write(fd, bytes(data[: len(data) // 2]))  # a partial line reaches the disk
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(transcript.os, "write", half_then_fail)
    with pytest.raises(TranscriptError):
        w.append("question", Q)
    with pytest.raises(TranscriptError, match="stopped"):
        w.append("question", Q)  # the writer stops after an error, visibly
    w.close()
    assert w.path.read_bytes().endswith(b"\n")
    sc = scan_file(w.path)
    assert sc.status == "interrupted" and not sc.partial_tail and sc.events == 2
    resumed = TranscriptWriter.resume(w.path, by="CRC-7", reason="disk replaced")
    resumed.append("question", Q)
    resumed.finish(None, reason="abandoned")
    assert scan_file(w.path).status == "complete"
