"""Folders of real transcripts for the report and dashboard tests, made with the session API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from conftest import shared_matcher
from patients import CLEAN_G1

from assistant.cli.screen import DONT_KNOW, scripted_answer
from assistant.screening.session import Session
from assistant.trial.dialog import LoadedDialog


@dataclass
class Made:
    """One session made for a test, with what the session itself said its outcome was."""

    path: Path
    outcome: str  # pass/review/fail from the session's summary, or the closing reason
    summary: dict[str, Any]
    station: str
    day: date


def run_session(loaded: LoadedDialog, folder: Path, answers: dict[str, str], *,
                day: date, station: str = "lobby-1", lang: str = "en",
                stop_after: int | None = None, reason: str = "abandoned",
                screening_number: str | None = None, signing_key: Path | None = None,
                close_only: bool = False) -> Made:
    """Answer like `prescreen screen`; with `stop_after`, stop after that many answers and close
    the session with `reason` (or, with `close_only`, leave it without a closing event)."""
    s = Session(loaded, transcripts=folder, mode="kiosk", lang=lang, today=day, station=station,
                screening_number=screening_number, signing_key=signing_key,
                matcher=shared_matcher(loaded))
    n = 0
    while (prompt := s.current()) is not None:
        if stop_after is not None and n >= stop_after:
            break
        if not s.submit(prompt.id, scripted_answer(s.engine, prompt, answers)).accepted:
            s.submit(prompt.id, DONT_KNOW)
        n += 1
    if close_only:
        s.writer.close()
        return Made(s.path, "unclosed", {}, station, day)
    if stop_after is not None and prompt is not None:
        s.finish(reason)
        return Made(s.path, reason, {}, station, day)
    summary = s.finish()
    return Made(s.path, summary["outcome"], summary, station, day)


def patient(**changes: str | None) -> dict[str, str]:
    """CLEAN_G1 with some facts changed (None: the fact is left out, so it is unknown)."""
    out = dict(CLEAN_G1)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def tamper(path: Path, line: int) -> None:
    """Change one answer's text on `line` (1-based) without fixing the hash chain."""
    lines = path.read_bytes().split(b"\n")
    ev = json.loads(lines[line - 1])
    ev["payload"]["raw"] = "edited afterwards"
    lines[line - 1] = json.dumps(ev, sort_keys=True, separators=(",", ":"),
                                 ensure_ascii=False).encode("utf-8")
    path.write_bytes(b"\n".join(lines))


def answer_line(path: Path) -> int:
    """The line number of the first answer event."""
    for n, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        if raw and json.loads(raw)["type"] == "answer":
            return n
    raise AssertionError("no answer event")


def mixed_folder(loaded: LoadedDialog, folder: Path) -> dict[str, Any]:
    """Pass, review, fail (two ways), abandoned, interrupted, a tampered one, an unclosed one,
    a foreign file and a JSON Lines file that is not a transcript, over two stations/weeks."""
    made = [
        run_session(loaded, folder, patient(), day=date(2025, 1, 6), station="lobby-1"),
        run_session(loaded, folder, patient(lvef=None), day=date(2025, 1, 7), station="lobby-1",
                    lang="zh"),
        run_session(loaded, folder, patient(age="75", hbsag="positive"), day=date(2025, 1, 8),
                    station="clinic-2", screening_number="S-0007"),
        run_session(loaded, folder, patient(prior_car_t="yes"), day=date(2025, 1, 14),
                    station="clinic-2"),
        run_session(loaded, folder, patient(), day=date(2025, 1, 15), station="lobby-1",
                    stop_after=3, reason="abandoned"),
        run_session(loaded, folder, patient(), day=date(2025, 1, 16), station="clinic-2",
                    stop_after=5, reason="interrupted"),
    ]
    tampered = run_session(loaded, folder, patient(), day=date(2025, 1, 9), station="lobby-1")
    bad_line = answer_line(tampered.path)
    tamper(tampered.path, bad_line)
    unclosed = run_session(loaded, folder, patient(), day=date(2025, 1, 10), stop_after=2,
                           close_only=True)
    (folder / "notes.txt").write_text("shopping list\n", encoding="utf-8")
    (folder / "other.jsonl").write_text('{"hello": "world"}\n', encoding="utf-8")
    return {"made": made, "tampered": tampered.path, "bad_line": bad_line,
            "unclosed": unclosed.path, "foreign": [folder / "notes.txt", folder / "other.jsonl"]}
