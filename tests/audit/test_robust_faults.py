"""Faults (issue 8): concurrent appends, failed appends rolled back, resumable afterwards."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import threading
import time
from pathlib import Path

import pytest

from assistant.audit import transcript
from assistant.audit.transcript import TranscriptError, TranscriptWriter
from assistant.audit.verify import scan_file

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


# --- the app's edge: an unexpected exception --------------------------------------------------

from app_helpers import DIALOG, SIZE, TODAY, asynctest, kiosk, type_text, wait_for  # noqa: E402

from assistant.app.screens.conversation import ConversationScreen  # noqa: E402
from assistant.app.screens.errorscreen import StaffNoticeScreen  # noqa: E402
from assistant.app.screens.welcome import WelcomeScreen  # noqa: E402
from assistant.audit.transcript import read_events  # noqa: E402


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("answer text: zebra-crossing")


@asynctest
async def test_kiosk_error_closes_with_reason_error_then_welcome(tmp_path: Path) -> None:
    app = kiosk(tmp_path, reset_seconds=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        session = app.session
        session.engine.answer = _boom  # type: ignore[method-assign]
        await type_text(pilot, "45")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffNoticeScreen))
        assert "member of staff" in str(app.screen.query_one("#notice").render())
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.is_running and app.return_code in (None, 0)
        await pilot.press("e")  # the next person can start
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
    first = [e for e in read_events(session.path) if e.type != "signature"]  # signed by default
    assert [e.type for e in first[-2:]] == ["error", "session_end"]
    assert first[-2].payload["error"] == "RuntimeError"
    assert first[-1].payload["reason"] == "error"
    log = (tmp_path / "errors.log").read_text("utf-8")
    assert "RuntimeError" in log and "zebra" not in log
    assert (tmp_path / "errors.log").stat().st_mode & 0o777 == 0o600


@asynctest
async def test_interview_error_leaves_a_resumable_session(tmp_path: Path) -> None:
    from assistant.app import create_app
    from assistant.app.screens.interview import InterviewScreen
    from assistant.screening.session import Session
    from assistant.station.config import KioskConfig

    app = create_app(
        "interview",
        dialog=DIALOG,
        transcripts=tmp_path / "t",
        lang="en",
        today=TODAY,
        config=KioskConfig(),
        coordinator="CRC-7",
        cursor_blink=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.prompt is not None
        )
        s = app.session
        await type_text(pilot, "45")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "age" in s.engine.answers)
        s.engine.answer = _boom  # type: ignore[method-assign]
        await type_text(pilot, "female")
        from textual import events as tev

        enter = tev.Key("enter", "\r")
        enter.set_sender(app)
        app._driver.send_message(enter)  # Pilot's press would wait on a screen that is gone
        deadline = time.monotonic() + 30
        while app.is_running and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # waits on the condition, bounded
    assert app.return_code == 1
    assert scan_file(s.path).status == "interrupted"
    assert read_events(s.path)[-1].type == "error"
    resumed = Session.resume(s.path, by="CRC-7", reason="after an error")
    assert resumed.current().id == "sex"


@asynctest
async def test_disk_full_stops_the_kiosk_without_showing_paths(tmp_path: Path, monkeypatch) -> None:
    from app_helpers import chat_texts

    app = kiosk(tmp_path, reset_seconds=30)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        screen = app.screen
        path = app.session.path

        def full(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(transcript.os, "write", full)
        await type_text(pilot, "45")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.ended)
        text = chat_texts(app)[-1]
        assert "disk full" in text and str(tmp_path) not in text and ".jsonl" not in text
    monkeypatch.undo()
    assert scan_file(path).status == "interrupted" and not scan_file(path).partial_tail


# --- pre-flight checks before anyone sits down ----------------------------------------------

from assistant.cli import main  # noqa: E402
from assistant.screening.preflight import preflight  # noqa: E402
from assistant.station.config import hash_pin  # noqa: E402


@pytest.mark.parametrize("command", ["kiosk", "interview"])
@pytest.mark.parametrize(
    "setting,field",
    [
        ("idle_seconds: .inf", "idle_seconds"),
        ("reset_seconds: .nan", "reset_seconds"),
        ("idle_warning_seconds: 100000", "idle_warning_seconds"),
        ("idle_seconds: 0.5", "idle_seconds"),
        ('exit_pin_hash: "pbkdf2_sha256$12$zz$00"', "exit_pin_hash"),
        ('exit_pin_hash: "1234"', "exit_pin_hash"),
        ("signing_key: /nonexistent/station.key", "signing_key"),
    ],
)
def test_bad_configuration_refuses_to_start(tmp_path, capsys, command, setting, field) -> None:
    cfg = tmp_path / "kiosk.yaml"
    cfg.write_text(setting + "\n", encoding="utf-8")
    cfg.chmod(0o600)  # a configuration others can read is refused first, whatever it holds
    code = main([command, "--config", str(cfg), "--transcripts", str(tmp_path / "t")])
    err = capsys.readouterr().err
    assert code != 0 and field in err


def test_good_configuration_passes_and_tightens_the_folder(tmp_path) -> None:
    from assistant.station.config import KioskConfig

    folder = tmp_path / "t"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    ok = KioskConfig(idle_seconds=1, reset_seconds=86_400, exit_pin_hash=hash_pin("2468"))
    assert preflight(ok, folder) == []
    assert folder.stat().st_mode & 0o777 == 0o700
    assert any("free" in p for p in preflight(ok, folder, min_free=1 << 62))


def test_unwritable_transcripts_folder_is_named(tmp_path) -> None:
    from assistant.station.config import KioskConfig

    blocker = tmp_path / "file"
    blocker.write_text("x")
    problems = preflight(KioskConfig(), blocker / "t")
    assert problems and problems[0].startswith("transcripts:")


# --- bounded work on any input --------------------------------------------------------------

import datetime as dt  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

BOMB = "".join(
    f"{a}: &{a} [{', '.join(['*' + p] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for a, p in zip("abcdefghi", ["", *"abcdefgh"], strict=True)
)


def _cli(*args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_billion_laughs_refused_quickly_with_its_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    assert len(BOMB.encode()) < 600
    start = time.monotonic()
    r = _cli("check", str(bomb), timeout=30)  # before: > 120 s
    assert time.monotonic() - start < 20
    assert r.returncode != 0 and "expand" in r.stderr and f"{bomb}:" in r.stderr


def test_yaml_depth_cycle_and_a_plain_file(tmp_path: Path) -> None:
    from assistant.text.yamlsafe import YamlError, load_yaml

    with pytest.raises(YamlError, match="deep"):
        load_yaml("x: " + "[" * 100 + "]" * 100)
    with pytest.raises(YamlError, match="itself"):
        load_yaml("x: &a [*a]")
    shared = "a: &a [1, 2]\nb: *a\nc: *a\n"  # ordinary aliases are fine
    assert load_yaml(shared)[0] == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


@pytest.mark.parametrize("digits,ok", [(40, True), (41, False), (5000, False)])
def test_huge_numbers_named_by_file_line_field(tmp_path: Path, capsys, digits, ok) -> None:
    cfg = tmp_path / "kiosk.yaml"
    cfg.write_text("station: a\nmax_answer_chars: " + "9" * digits + "\n", encoding="utf-8")
    cfg.chmod(0o600)  # the kiosk refuses a configuration others can read
    code = main(["kiosk", "--config", str(cfg), "--transcripts", str(tmp_path / "t")])
    err = capsys.readouterr().err
    assert code != 0 and "max_answer_chars" in err  # too big either way, but named
    assert ("number too long" in err) is not ok and "Traceback" not in err
    if not ok:
        assert f"{cfg}:2:" in err


def test_dialog_with_a_huge_integer(tmp_path: Path) -> None:
    text = Path(DIALOG).read_text("utf-8") + "extra: " + "7" * 5000 + "\n"
    bad = tmp_path / "d.yaml"
    bad.write_text(text, encoding="utf-8")
    r = _cli("check", str(bad))
    line = text.count("\n")
    assert r.returncode != 0 and f"{bad}:{line}: extra: number too long" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("n", [20_000, 200_000])
def test_long_digit_runs_take_linear_time(n: int) -> None:
    from assistant.answers.numbers import numerals_to_digits
    from assistant.freetext.times import find_times

    start = time.monotonic()
    assert find_times("1" * n, dt.date(2025, 1, 15)) == []
    assert numerals_to_digits("1" * n + " 四十五") == "1" * n + " 45"
    assert time.monotonic() - start < 5  # before: 20,000 digits took > 10 s


def test_match_cuts_long_text_with_a_message() -> None:
    from assistant.text.limits import MAX_TEXT_CHARS

    long = "I had hepatitis B " + "x" * (MAX_TEXT_CHARS * 5)
    r = _cli("match", "--today", "2025-01-15", stdin=long + "\nno surgery\n")
    assert r.returncode == 0, r.stderr
    first, second = (json.loads(x) for x in r.stdout.splitlines())
    assert first["cut_to"] == MAX_TEXT_CHARS and len(first["text"]) == MAX_TEXT_CHARS
    assert "cut_to" not in second and "text 1: cut" in r.stderr
    exact = _cli("match", "--today", "2025-01-15", stdin="a" * MAX_TEXT_CHARS + "\n")
    assert "cut_to" not in json.loads(exact.stdout)


def test_screen_cuts_long_answers_and_reads_huge_numbers_cleanly(tmp_path: Path, capsys) -> None:
    from patients import CLEAN_G1

    from assistant.text.limits import MAX_TEXT_CHARS

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({**CLEAN_G1, "medical_history": "ok " * MAX_TEXT_CHARS}))
    code = main(
        [
            "screen",
            "--answers",
            str(answers),
            "--today",
            "2025-01-15",
            "--transcripts",
            str(tmp_path / "t"),
        ]
    )
    cap = capsys.readouterr()
    assert code == 0 and "cut to" in cap.err and json.loads(cap.out)["outcome"]
    answers.write_text('{"age": ' + "9" * 5000 + "}")
    code = main(["screen", "--answers", str(answers), "--transcripts", str(tmp_path / "t")])
    assert code != 0 and "number" in capsys.readouterr().err


def test_verify_refuses_a_1gb_line_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jsonl"
    with open(huge, "wb") as fh:
        fh.write(b'{"a":1}\n')
        fh.seek(1 << 30)  # sparse: 1 GB on no disk space
        fh.write(b"x\n")
    start = time.monotonic()
    sc = scan_file(huge)
    assert time.monotonic() - start < 20
    assert sc.status == "tampered" and sc.line == 2 and "longer" in sc.reason


def test_replay_check_of_a_copied_transcript_finds_the_bundled_dialog(tmp_path: Path) -> None:
    from patients import CLEAN_G1

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(CLEAN_G1))
    r = _cli("screen", "--answers", str(answers), "--transcripts", str(tmp_path / "t"))
    original = Path(json.loads(r.stdout)["transcript"])
    elsewhere = tmp_path / "copied"
    elsewhere.mkdir()
    copy = elsewhere / original.name
    copy.write_bytes(original.read_bytes())  # without its folder's dialogs/ copies
    # the station's public key travels with the copy (signed by default; a reviewer has it)
    r = _cli("replay", str(copy), "--check", "--public-key", str(original.parent / "station.pub"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "not reproduced: 0" in r.stdout and "dialogs/nct05930314.yaml" in r.stdout


def test_a_crash_in_a_command_exits_non_zero_without_its_text(monkeypatch, capsys) -> None:
    from assistant.cli import verify as verify_command

    def crash(ns: object) -> int:
        raise RuntimeError("answer text: zebra-crossing")

    monkeypatch.setattr(verify_command, "run", crash)
    monkeypatch.delenv("PRESCREEN_DEBUG", raising=False)
    assert main(["verify", "x.jsonl"]) == 70
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "zebra" not in err
