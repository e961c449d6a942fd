"""The answer parser against the real dialog file's questions, units and drug table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import SHARED

from assistant.answers.parse import Parsed, parse_answer
from assistant.trial.specs import ChoiceSpec, GlucocorticoidTable, QuantitySpec

ROOT = Path(__file__).resolve().parents[2]
DIALOG = ROOT / "dialogs" / "nct05930314.yaml"
VIGNETTES = SHARED / "eval" / "vignettes"
TODAY = date(2025, 11, 25)


class _Q:
    """The parts of a dialog question the parser needs."""

    def __init__(self, raw: dict) -> None:  # type: ignore[type-arg]
        self.kind = raw["kind"]
        self.quantity = raw.get("quantity")
        self.choices = [ChoiceSpec.model_validate(c) for c in raw.get("choices", [])]
        self.min_count = raw.get("min_count", 1)


class _Dialog:
    """Only the sections the parser uses, so this test does not depend on the rest of the
    file (criteria, lexicon) being finished."""

    def __init__(self, data: dict) -> None:  # type: ignore[type-arg]
        self.quantities = {k: QuantitySpec.model_validate(v)
                           for k, v in data["quantities"].items()}
        self.glucocorticoids = GlucocorticoidTable.model_validate(data["glucocorticoids"])
        self.setter_of = {f: _Q(q) for q in data["questions"] for f in q["sets"]}


@pytest.fixture(scope="module")
def dialog() -> _Dialog:
    if not DIALOG.exists():
        pytest.skip("dialog file not present")
    return _Dialog(yaml.safe_load(DIALOG.read_text(encoding="utf-8")))


def ask(dialog: _Dialog, fact: str, text: str) -> Parsed:
    q = dialog.setter_of[fact]
    return parse_answer(q.kind, text, today=TODAY,
                        quantity=dialog.quantities.get(q.quantity) if q.quantity else None,
                        choices=q.choices or None, drugs=dialog.glucocorticoids,
                        min_count=q.min_count)


def test_every_vignette_answer_reads(dialog: _Dialog) -> None:
    files = sorted(VIGNETTES.glob("*.json")) if VIGNETTES.exists() else []
    if not files:
        pytest.skip("no shared vignettes")
    for f in files:
        for fact, text in json.loads(f.read_text(encoding="utf-8"))["answers"].items():
            if fact not in dialog.setter_of:
                continue
            r = ask(dialog, fact, text)
            assert r.status == "ok", (f.name, fact, text, r.reason)


@pytest.mark.parametrize(("fact", "text", "expect"), [
    ("age", "45", 45), ("age", "四十五岁", 45), ("age", "1979-03-02", 46),
    ("sex", "F", "female"), ("sex", "女", "female"), ("sex", "男性", "male"),
    ("group", "kidney", "nephritis"), ("group", "low platelets", "thrombocytopenia"),
    ("group", "都不是", "neither"), ("group", "狼疮肾炎", "nephritis"),
    ("ln_biopsy_class", "Ⅲ+Ⅴ型", {"classes": ["III", "V"]}),
    ("hbsag", "阴性", False), ("hbsag", "positive", True), ("pregnant", "not sure", None),
])
def test_real_questions(dialog: _Dialog, fact: str, text: str, expect: object) -> None:
    r = ask(dialog, fact, text)
    if expect is None:
        assert r.status == "unknown"
    else:
        assert (r.status, r.value) == ("ok", expect)


@pytest.mark.parametrize(("fact", "text", "base"), [
    ("creatinine", "1.6 mg/dL", 1.6), ("creatinine", "97 umol/L", 97 / 88.4),
    ("creatinine", "120 µmol/L", 120 / 88.4), ("creatinine", "97", 97 / 88.4),
    ("bilirubin_total", "34.2 umol/L", 2.0), ("bilirubin_total", "0.8 mg/dL", 0.8),
    ("proteinuria_24h", "2.3 g/24h", 2.3), ("proteinuria_24h", "2300 mg/day", 2.3),
    ("proteinuria_24h", "1.2", 1.2), ("lymphocytes", "800/uL", 0.8),
    ("lymphocytes", "1.2x10^9/L", 1.2), ("lymphocytes", "0.9", 0.9), ("spo2", "98%", 98),
    ("ln_biopsy_months_ago", "a year ago", 12), ("ln_biopsy_months_ago", "2 weeks", 14 / 30.4375),
    ("steroid_months", "半年", 6), ("ln_biopsy_months_ago", "during screening", 0),
])
def test_real_quantities(dialog: _Dialog, fact: str, text: str, base: float) -> None:
    r = ask(dialog, fact, text)
    assert r.status == "ok", r.reason
    assert r.value["base_value"] == pytest.approx(base, rel=1e-6, abs=0.01)


def test_real_bilirubin_boundary_exact(dialog: _Dialog) -> None:
    assert ask(dialog, "bilirubin_total", "34.2 umol/L").value["base_value"] == 2.0
    assert ask(dialog, "steroid_months", "1 year").value["base_value"] == 12.0


def test_real_platelets(dialog: _Dialog) -> None:
    for text in ("42, 45", "38 and 41", "40000/uL, 44000/uL", "4.2万, 4.5万", "42和45"):
        r = ask(dialog, "platelets", text)
        assert r.status == "ok", (text, r.reason)
        assert len(r.value) == 2


def test_real_steroids(dialog: _Dialog) -> None:
    assert ask(dialog, "steroid_dose", "methylprednisolone 8 mg").value["prednisone_eq_mg"] == 10
    assert ask(dialog, "steroid_dose", "泼尼松 5 mg").value["prednisone_eq_mg"] == 5
    assert ask(dialog, "steroid_dose", "none").value["drug"] is None
    assert ask(dialog, "steroid_dose", "10 mg").status == "invalid"


def test_never_tested_is_unknown_not_negative():
    """'Never tested' is not a negative result: unknown is never pass."""
    from datetime import date

    from assistant.answers.parse import parse_answer

    for text in ("never tested", "not been tested", "haven't been checked", "没查过", "没检查过"):
        assert parse_answer("yesno", text, today=date(2025, 1, 15)).status == "unknown", text
