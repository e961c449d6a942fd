"""Generated vocabularies: ICD-10-CM disease names, clinical shorthand, drugs that imply a
condition, pregnancy notations. A generated term alone never excludes: it asks (uncertain)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.freetext.matcher import Matcher
from assistant.freetext.vocab import Series, clinical, icd10, vague_terms
from assistant.trial.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2025, 1, 15)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_lexicon(ROOT / "dialogs" / "nct05930314.yaml"))


def hits(m: Matcher, text: str) -> dict[str, str]:
    return {h.criterion: h.status for h in m.match(text, today=TODAY).hits}


@pytest.mark.parametrize(
    ("text", "crit"),
    [
        ("I have hyperemesis gravidarum", "E3"),  # ICD-10-CM O21
        ("diagnosed with brucellosis", "E4"),  # A23
        ("she has a glioblastoma", "E11"),  # lexicon term, not generated: see below
        ("endocardial fibroelastosis", "E8"),  # I42.4
        ("taking tenofovir", "E5"),  # ATC J05AF
        ("on lacosamide", "E11"),  # ATC N03AX
        ("on rifapentine", "E4"),  # ATC J04AB
        ("在吃替诺福韦", "E5"),
        ("在吃异烟肼", "E4"),
        ("G3P1", "E3"),  # gravida 3 para 1: asks
        ("at 12/40", "E3"),  # twelve weeks of forty
    ],
)
def test_vocabulary_terms_are_found(matcher: Matcher, text: str, crit: str) -> None:
    assert crit in hits(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "I have hyperemesis gravidarum",
        "diagnosed with brucellosis",
        "taking tenofovir",
        "在吃异烟肼",
        "G3P1",
        "endocardial fibroelastosis",
    ],
)
def test_a_generated_term_alone_never_affirms(matcher: Matcher, text: str) -> None:
    found = hits(matcher, text)
    assert found and "affirmed" not in found.values()


def test_generated_term_holding_a_lexicon_term_keeps_the_lexicon_reading(matcher: Matcher) -> None:
    # "chronic hepatitis b" is in ICD-10-CM; "hepatitis b" is the lexicon's own term
    assert hits(matcher, "chronic hepatitis b") == {"E5": "affirmed"}
    assert hits(matcher, "restrictive cardiomyopathy") == {"E8": "affirmed"}


def test_record_exceptions_are_not_generated() -> None:  # E7, E8
    terms = {t for _i, _l, t in vague_terms()}
    assert not [t for t in terms if "in situ" in t or "basal cell" in t]
    assert "atrial fibrillation" not in terms
    assert not [t for t in terms if t.split() == ["lupus"] or "lupus" in t.split()]


def test_shorthand_cues(matcher: Matcher) -> None:
    assert hits(matcher, "HCV neg") == {"E5": "negated"}  # E5
    assert hits(matcher, "h/o dilated cardiomyopathy") == {"E8": "outside_window"}  # E8


def test_vocabularies_name_their_source() -> None:
    assert "ICD-10-CM" in icd10().source and "simple-icd-10-cm" in icd10().source
    assert clinical().source and clinical().version
    assert all(t.code[0].isalpha() for ts in icd10().items.values() for t in ts)


def test_series_phrases() -> None:
    s = Series.model_validate({"from": 1, "to": 3, "forms": ["g{g}p{p}"]})
    assert s.phrases() == ["g1p0", "g2p0", "g2p1", "g3p0", "g3p1", "g3p2"]
    w = Series.model_validate({"from": 4, "to": 5, "forms": ["at {n}/40"]})
    assert w.phrases() == ["at 4/40", "at 5/40"]


def test_not_pregnancy_notation(matcher: Matcher) -> None:
    assert "E3" not in hits(matcher, "vision 20/40 in the left eye")


# -- free-form ids ---------------------------------------------------------------------------
def test_free_form_criterion_ids() -> None:
    from assistant.trial.lexicon import Lexicon

    crit = {
        "id": "EX-10",
        "title": {"en": "t", "zh": "t"},
        "items": [
            {
                "id": "EX-10.thing",
                "label": {"en": "thing", "zh": "东西"},
                "terms": {"en": ["widget disease"]},
                "confirm": {"en": "?", "zh": "?"},
            }
        ],
    }
    crit2 = {
        "id": "EX-9",
        "title": {"en": "t", "zh": "t"},
        "items": [
            {
                "id": "EX-9.other",
                "label": {"en": "other", "zh": "其他"},
                "terms": {"en": ["gadget syndrome"]},
                "confirm": {"en": "?", "zh": "?"},
            }
        ],
    }
    cues = {
        k: {}
        for k in (
            "negation_pre",
            "negation_post",
            "terminators",
            "hedges",
            "hypothetical",
            "experiencer_pre",
            "history",
            "past",
            "current",
        )
    }
    lx = Lexicon.from_dict({"cues": cues, "criteria": [crit, crit2]})
    found = Matcher(lx).match("widget disease and gadget syndrome", today=TODAY).hits
    assert [h.criterion for h in found] == ["EX-9", "EX-10"]  # natural order: 9 before 10
    with pytest.raises(ValueError):
        Lexicon.from_dict({"cues": cues, "criteria": [{**crit, "id": "has space"}]})
    bad_item = {**crit, "items": [{**crit["items"][0], "id": "OTHER.thing"}]}
    with pytest.raises(ValueError):
        Lexicon.from_dict({"cues": cues, "criteria": [bad_item]})


def test_pinyin_and_icd_packages_are_not_needed_at_run_time() -> None:
    """The vocabularies are committed data: matching Chinese imports neither generator."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from assistant.freetext.matcher import matcher_for\n"
        f"m = matcher_for({str(ROOT / 'dialogs' / 'nct05930314.yaml')!r})\n"
        "assert m.match('wo you yigan, 新脏病', today=dt.date(2025, 1, 15)).hits\n"
        "print(sorted(k for k in sys.modules if k.startswith(('pypinyin', 'simple_icd'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
