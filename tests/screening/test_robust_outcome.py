"""One definition of the outcome: sub-criteria feed their parent, overrides decide (issue 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DIALOG, TODAY
from coordinator_support import answer_all, new_session, run_async
from patients import CLEAN_G1

from assistant.answers.parse import parse_answer
from assistant.audit.events import Outcome
from assistant.audit.transcript import read_events
from assistant.audit.verify import verify_file
from assistant.cli import main
from assistant.review.replay import replay
from assistant.screening.decisions import outcome_from

# Group 1 met, Group 2 named but not met (platelets too low): I3 passes through Group 1.
BOTH_ONE_MET = {
    **CLEAN_G1,
    "group": "both",
    "tp_refractory": "yes",
    "platelets": "12, 15",
    "tp_other_causes_excluded": "yes",
}


def _screen(tmp_path: Path, answers: dict[str, str], capsys) -> tuple[int, dict]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    code = main(
        [
            "screen",
            "--answers",
            str(path),
            "--dialog",
            str(DIALOG),
            "--today",
            TODAY.isoformat(),
            "--transcripts",
            str(tmp_path / "t"),
        ]
    )
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_outcome_from_statuses() -> None:
    assert outcome_from(["pass", "n/a"]) == "pass"
    assert outcome_from(["pass", "unknown", "n/a"]) == "review"
    assert outcome_from(["unknown", "fail"]) == "fail"
    assert outcome_from([]) == "pass"


def test_screen_both_groups_one_met_passes(tmp_path, capsys) -> None:  # I3, I3.G1, I3.G2
    code, out = _screen(tmp_path, BOTH_ONE_MET, capsys)
    assert code == 0, out
    assert out["criteria"]["I3.G1"] == "pass" and out["criteria"]["I3.G2"] == "fail"
    assert out["criteria"]["I3"] == "pass" and out["outcome"] == "pass"
    path = Path(out["transcript"])
    assert verify_file(path).ok
    assert replay(path).reproduced


def test_screen_both_groups_neither_met_fails(tmp_path, capsys) -> None:  # I3
    answers = {**BOTH_ONE_MET, "ln_biopsy_class": "II"}
    code, out = _screen(tmp_path, answers, capsys)
    assert code == 0 and out["outcome"] == "fail" and out["failed"] == ["I3"]


def test_outcome_payload_checks_top_level_only() -> None:
    crit = {"I2": "pass", "I3": "pass", "I3.G1": "pass", "I3.G2": "fail"}
    Outcome(outcome="pass", failed=[], unknown=[], criteria=crit, top=["I2", "I3"])
    Outcome(outcome="pass", failed=[], unknown=[], criteria=crit)  # by the id form
    with pytest.raises(ValueError, match="contradicts"):
        Outcome(outcome="fail", failed=["I3.G2"], unknown=[], criteria=crit, top=["I2", "I3"])
    with pytest.raises(ValueError, match="failed"):
        Outcome(outcome="pass", failed=["I2"], unknown=[], criteria=crit, top=["I2", "I3"])


@pytest.mark.parametrize(
    "status,outcome", [("unknown", "review"), ("pass", "pass"), ("fail", "fail")]
)
def test_override_then_finish_session(tmp_path, status, outcome) -> None:  # I3 override
    s = new_session(tmp_path)
    answer_all(s, {**CLEAN_G1, "ln_biopsy_class": "II"})  # I3.G1 fails, so I3 fails
    s.override("I3", status, "biopsy report re-read", "CRC-7")
    summary = s.finish()
    assert summary["outcome"] == outcome
    assert verify_file(s.path).ok
    report = replay(s.path)
    assert report.reproduced, report.mismatches
    last = [e for e in read_events(s.path) if e.type == "outcome"][-1]
    assert last.payload["outcome"] == outcome


@run_async
async def test_override_then_finish_in_the_interview(tmp_path) -> None:  # I3 override
    from test_app_interview import Host

    from assistant.app.screens.interview import InterviewScreen
    from assistant.app.screens.override import OverrideScreen

    s = new_session(tmp_path)
    answer_all(s, {**CLEAN_G1, "ln_biopsy_class": "II"})
    app = Host(s)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, InterviewScreen):
            await pilot.pause()
        screen = app.screen
        screen.selected = "I3"
        await pilot.press("f3")
        while not isinstance(app.screen, OverrideScreen):
            await pilot.pause()
        app.screen.dismiss(("I3", "unknown", "biopsy report re-read"))
        while s.engine.decisions()["I3"].status != "unknown":
            await pilot.pause()
        await pilot.press("f5")
        while not s.closed:
            await pilot.pause()
    assert s.engine.summary()["outcome"] == "review"
    assert verify_file(s.path).ok


@pytest.mark.parametrize(
    "text",
    [
        "both lupus nephritis and low platelets",
        "lupus nephritis and low platelets",
        "kidney and low platelets",
        "both, nephritis and thrombocytopenia",
        "两者都有",
        "都有",
        "狼疮肾炎和血小板减少",
        "肾炎和血小板减少都有",
    ],
)
def test_two_groups_named_read_as_both(loaded, text) -> None:  # I3 group question
    q = loaded.dialog.question_by_id["group"]
    p = parse_answer("choice", text, today=TODAY, choices=q.choices)
    assert (p.status, p.value) == ("ok", "both")


@pytest.mark.parametrize(
    "text", ["kidney, not platelets", "neither kidney nor platelets", "肾炎，不是血小板减少"]
)
def test_contrast_is_not_both(loaded, text) -> None:
    q = loaded.dialog.question_by_id["group"]
    p = parse_answer("choice", text, today=TODAY, choices=q.choices)
    assert p.value != "both"
