"""The UI-free summary and its export (no Textual)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coordinator_support import G1_ANSWERS, answer_all, new_session

from assistant.review import summary as report


def test_report_has_no_textual() -> None:
    source = Path(report.__file__).read_text(encoding="utf-8")
    assert "import textual" not in source and "from textual" not in source


def test_summary_content(tmp_path: Path) -> None:
    s = new_session(tmp_path)
    answer_all(s, dict(G1_ANSWERS, age="75"))
    s.correct("age", "45", "wrong | *row* read", "CRC-7")
    s.override("E14", "fail", "investigator judgement", "CRC-7")
    data = report.build_summary(s)
    assert data["outcome"] == "fail" and data["failed"] == ["E14"]
    assert data["complete"] is True and data["coordinator"] == "CRC-7"
    rows = {c["id"]: c for c in data["criteria"]}
    assert set(rows) == {c.id for c in s.engine.dialog.criteria}
    assert rows["I2"]["status"] == "pass" and rows["I2"]["facts"] == {"age": 45}
    assert rows["E14"]["override"] == {"from": "n/a", "reason": "investigator judgement",
                                       "by": "CRC-7"}
    (corr,) = data["corrections"]
    assert corr["reason"] == "wrong | *row* read" and corr["raw"] == "45"
    assert corr["corrects"] < corr["seq"]
    (ov,) = data["overrides"]
    assert (ov["from"], ov["to"]) == ("n/a", "fail")
    md = report.to_markdown(data)
    assert "| I2 | ✔ pass |" in md
    assert "wrong \\| \\*row\\* read" in md  # typed text stays literal in Markdown
    assert "✘ fail" in md and "## Overrides" in md


def test_export_exclusive_0600(tmp_path: Path) -> None:
    s = new_session(tmp_path)
    answer_all(s)
    s.finish()
    md, js = report.export(s)
    assert md == s.path.parent / f"{s.writer.session_id}.summary.md"
    assert js == s.path.parent / f"{s.writer.session_id}.summary.json"
    for p in (md, js):
        assert p.stat().st_mode & 0o777 == 0o600
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["outcome"] == "pass" and data["unknown"] == [] and data["corrections"] == []
    assert "Outcome: ✔ pass" in md.read_text(encoding="utf-8")
    before = md.read_bytes()
    with pytest.raises(FileExistsError):
        report.export(s)
    assert md.read_bytes() == before


def test_incomplete_session_is_marked(tmp_path: Path) -> None:
    s = new_session(tmp_path)
    s.submit(s.current().id, "34")
    data = report.build_summary(s)
    assert data["complete"] is False and data["outcome"] == "review"
    assert data["questions"]["answered"] == 1
    assert "(incomplete)" in report.to_markdown(data)


def test_detail_and_labels(tmp_path: Path) -> None:
    s = new_session(tmp_path)
    answer_all(s)
    d = s.engine.decisions()["I5"]
    text = report.decision_detail(s.engine.dialog, d)
    assert d.text in text and "N2 literal:" in text and "interpretation:" in text
    assert "egfr = 78" in text
    assert [report.status_label(x) for x in ("pass", "fail", "unknown", "n/a")] == [
        "✔ pass", "✘ fail", "? unknown", "– n/a"]
    assert report.fact_text(None) == "not known"
    assert report.fact_text(True) == "yes"
    assert report.fact_text({"value": 2.4, "unit": "g/day"}) == "2.4 g/day"
