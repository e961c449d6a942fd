"""The second bundled trial (NCT07233642), which is data only: its dialog passes `prescreen check`
and whole-patient vignettes (tests/data/trial2/*.json, pass, fail and review, English and
Chinese) come out right through `prescreen screen --dialog NCT07233642`.

Each vignette: {"lang", "today", "answers": {fact: text}, "expect": {"outcome", "failed",
"unknown"}}; failed/unknown are compared as sets of the ids the summary lists.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from assistant.app import create_app
from assistant.cli import main
from assistant.station.config import KioskConfig
from assistant.trial.bundled import resolve_dialog

HERE = Path(__file__).resolve().parents[1]
VIGNETTES = sorted((HERE / "data" / "trial2").glob("*.json"))
TRIAL = "NCT07233642"


def _screen(path: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    v = json.loads(path.read_text(encoding="utf-8"))
    answers = tmp / "answers.json"
    answers.write_text(json.dumps(v["answers"], ensure_ascii=False), encoding="utf-8")
    argv = [
        "screen",
        "--dialog",
        TRIAL,
        "--answers",
        str(answers),
        "--lang",
        v["lang"],
        "--today",
        v["today"],
        "--transcripts",
        str(tmp / "t"),
    ]
    assert main(argv) == 0, capsys.readouterr().err
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_the_dialog_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", TRIAL]) == 0, capsys.readouterr().err
    assert f"OK: {TRIAL}" in capsys.readouterr().out


def test_there_are_vignettes_of_every_kind_in_both_languages() -> None:
    kinds = {
        (
            json.loads(p.read_text(encoding="utf-8"))["lang"],
            json.loads(p.read_text(encoding="utf-8"))["expect"]["outcome"],
        )
        for p in VIGNETTES
    }
    assert kinds >= {(lang, o) for lang in ("en", "zh") for o in ("pass", "fail", "review")}


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_vignette(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect = json.loads(path.read_text(encoding="utf-8"))["expect"]
    got = _screen(path, tmp_path, capsys)
    assert got["outcome"] == expect["outcome"], got
    assert set(got["failed"]) == set(expect["failed"]), got
    assert set(got["unknown"]) == set(expect["unknown"]), got
    # The judgement criteria are never decided automatically (notes T1, T5).
    assert got["criteria"]["exc-rest"] == "n/a"
    assert got["criteria"]["exc-nephritis-opinion"] == "n/a"


def test_a_transcript_names_this_trial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = _screen(HERE / "data" / "trial2" / "en_pass_adult.json", tmp_path, capsys)
    first = json.loads(Path(got["transcript"]).read_text(encoding="utf-8").splitlines()[0])
    assert first["payload"]["dialog_id"] == TRIAL


def test_the_kiosk_names_the_trial_of_its_dialog(tmp_path: Path) -> None:
    # The title and welcome text come from the dialog, not from the app (no trial id in Python).
    app = create_app(
        "kiosk",
        dialog=resolve_dialog(TRIAL),
        transcripts=tmp_path,
        lang=None,
        today=date(2026, 3, 1),
        config=KioskConfig(),
        cursor_blink=False,
    )

    async def run() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert app.sub_title == TRIAL
            assert TRIAL in app.title
            texts = " ".join(str(w.render()) for w in app.screen.query(Static))
            assert TRIAL in texts and "NCT05930314" not in texts

    asyncio.run(run())
