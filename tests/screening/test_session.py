"""The recorded session: free text never excludes without a confirmation; resume; corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TODAY
from patients import CLEAN_G1

from assistant.audit.transcript import TranscriptError, read_events
from assistant.audit.verify import verify_file
from assistant.cli.screen import scripted_answer
from assistant.screening.session import Session


def new_session(loaded, tmp_path: Path, **kw) -> Session:
    return Session(loaded, transcripts=tmp_path, mode="interview", lang="en", today=TODAY, **kw)


def answer_until(session: Session, answers: dict[str, str], stop: str | None = None) -> None:
    """Answer from `answers` until the prompt `stop` is next (or the end)."""
    while (prompt := session.current()) is not None and prompt.id != stop:
        session.submit(prompt.id, scripted_answer(session.engine, prompt, answers))


def test_a_mention_alone_never_excludes(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    # HBsAg not known from its own question: the mention is asked about (once it is answered,
    # the mention is not asked again: see tests/test_ux_kiosk.py).
    answers = {**CLEAN_G1, "hbsag": "don't know", "medical_history": "I have hepatitis B"}
    answer_until(s, answers, stop="medical_history")
    step = s.submit("medical_history", "I have hepatitis B")
    assert step.accepted and step.confirmations, "the mention raises a confirmation"
    # Until the person confirms, E5 is unknown, not fail.
    assert s.engine.decisions()["E5"].status == "unknown"
    prompt = s.current()
    assert prompt is not None and prompt.confirmation is not None
    assert "HBsAg" in prompt.text or "hepatitis B surface antigen" in prompt.text
    s.submit(prompt.id, "no")
    assert s.engine.decisions()["E5"].status != "fail"


def test_a_confirmed_mention_excludes(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    answer_until(s, {**CLEAN_G1, "hbsag": "don't know"}, stop="medical_history")
    s.submit("medical_history", "I have hepatitis B")
    prompt = s.current()
    assert prompt is not None and prompt.confirmation is not None
    s.submit(prompt.id, "yes")
    assert s.engine.decisions()["E5"].status == "fail"
    s.finish()
    events = read_events(s.path)
    kinds = [e.type for e in events]
    assert "match" in kinds and "confirmation" in kinds
    match = next(e for e in events if e.type == "match")
    hit = match.payload["hits"][0]
    assert hit["criterion"] == "E5" and hit["status"] == "affirmed" and 0 < hit["score"] <= 100


def test_negated_mention_raises_nothing(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    answer_until(s, CLEAN_G1, stop="medical_history")
    step = s.submit("medical_history", "no hepatitis, no HIV, never had TB")
    assert step.accepted and not step.confirmations
    assert s.current() is None


def test_correction_is_a_new_event_with_reason(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    answer_until(s, CLEAN_G1, stop="sle_diagnosis")
    with pytest.raises(ValueError):
        s.correct("age", "71", reason="  ", by="coordinator-7")
    s.correct("age", "71", reason="typed the wrong age", by="coordinator-7")
    assert s.engine.decisions()["I2"].status == "fail"
    events = read_events(s.path)
    first = next(e for e in events if e.type == "answer" and e.payload["question_id"] == "age")
    corr = next(e for e in events if e.type == "correction")
    assert corr.payload["corrects"] == first.seq and first.payload["raw"] == "34"
    assert corr.payload["reason"] == "typed the wrong age" and corr.payload["by"] == "coordinator-7"


def test_override_needs_a_reason_and_is_recorded(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    answer_until(s, CLEAN_G1)
    with pytest.raises(ValueError):
        s.override("E14", "fail", "", by="coordinator-7")
    s.override("E14", "fail", "investigator judged unsuitable", by="coordinator-7")
    summary = s.finish()
    assert summary["outcome"] == "fail" and summary["failed"] == ["E14"]
    assert verify_file(s.path).ok


def test_interrupted_session_resumes_on_the_same_chain(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    answer_until(s, CLEAN_G1, stop="alt")
    s.writer.close()  # the process dies here: no session_end
    assert verify_file(s.path).status == "interrupted"
    r = Session.resume(s.path, by="coordinator-7", reason="kiosk lost power")
    prompt = r.current()
    assert prompt is not None and prompt.id == "alt"  # continues where the person stopped
    answer_until(r, CLEAN_G1)
    assert r.finish()["outcome"] == "pass"
    result = verify_file(r.path)
    assert result.ok, result.reason
    types = [json.loads(line)["type"] for line in r.path.read_text().splitlines()]
    assert types.count("session_start") == 1 and "resume" in types


def test_finished_session_cannot_be_resumed(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    answer_until(s, CLEAN_G1)
    s.finish()
    with pytest.raises(TranscriptError):
        Session.resume(s.path, by="coordinator-7", reason="again")


def test_raw_text_is_recorded_exactly(loaded, tmp_path):
    s = new_session(loaded, tmp_path)
    weird = "  [bold]34[/bold] \u200b"
    prompt = s.current()
    assert prompt is not None
    s.submit(prompt.id, weird)
    answer = next(e for e in read_events(s.path) if e.type == "answer")
    assert answer.payload["raw"] == weird
