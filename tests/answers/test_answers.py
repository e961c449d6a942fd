"""Typed answers, read as the engine will see them: every kind, English and Chinese."""

from __future__ import annotations

import json
from datetime import date

import pytest
from answers_specs import (
    ALT,
    BILIRUBIN,
    CREATININE,
    DURATION,
    EGFR,
    GROUPS,
    LYMPHOCYTES,
    PLATELETS,
    PROTEINURIA,
    SEX,
    SPO2,
    STEROIDS,
)
from conftest import SHARED

from assistant.answers.parse import Parsed, parse_answer

TODAY = date(2025, 11, 25)


def p(kind: str, text: str, **kw: object) -> Parsed:
    return parse_answer(kind, text, today=TODAY, **kw)  # type: ignore[arg-type]


def assert_invalid(r: Parsed) -> None:
    assert r.status == "invalid"
    assert r.reason is not None and r.reason.en and r.reason.zh


# ---------------------------------------------------------------- yes / no

@pytest.mark.parametrize("text", [
    "yes", "Y", "yeah", "yep", "true", "correct", "I am", "I do", "I have", "positive", "+",
    "reactive", "Yes.", "  yes  ", "YES!", "yes, I am", "HBsAg positive", "是", "是的", "对", "有",
    "阳性", "嗯", "是的。", "乙肝表面抗原阳性",
])
def test_yes(text: str) -> None:
    assert p("yesno", text) == Parsed("ok", True)


@pytest.mark.parametrize("text", [
    "no", "N", "nope", "none", "never", "not", "negative", "I'm not", "I am not", "-",
    "non-reactive", "nonreactive", "No.", "no, never", "no I'm not pregnant", "HIV negative",
    "否", "不是", "没有", "无", "阴性", "没", "不", "没有怀孕", "否。", "阴性（-）",
])
def test_no(text: str) -> None:
    assert p("yesno", text) == Parsed("ok", False)


@pytest.mark.parametrize("text", [
    "don't know", "dunno", "not sure", "Not sure.", "I'm not sure", "unsure", "unknown",
    "no idea", "?", "？", "I don't know", "不知道", "不清楚", "不确定", "不记得", "忘了",
    "我不太清楚",
])
def test_yesno_dont_know(text: str) -> None:
    assert p("yesno", text).status == "unknown"


@pytest.mark.parametrize("text", ["blah", "purple", "yes no", "42", "明天"])
def test_yesno_invalid(text: str) -> None:
    assert_invalid(p("yesno", text))


# ---------------------------------------------------------------- choice

@pytest.mark.parametrize(("text", "value"), [
    ("nephritis", "nephritis"), ("lupus nephritis", "nephritis"), ("Lupus Nephritis", "nephritis"),
    ("kidney", "nephritis"), ("狼疮肾炎", "nephritis"), ("肾炎", "nephritis"),
    ("I have lupus nephritis", "nephritis"), ("nephritsi", "nephritis"),
    ("low platelets", "thrombocytopenia"), ("thrombocytopenia", "thrombocytopenia"),
    ("thrombocytopaenia", "thrombocytopenia"), ("血小板减少", "thrombocytopenia"),
    ("neither", "neither"), ("都不是", "neither"), ("Neither.", "neither"),
])
def test_choice_group(text: str, value: str) -> None:
    r = p("choice", text, choices=GROUPS)
    assert (r.status, r.value) == ("ok", value)


@pytest.mark.parametrize(("text", "value"), [
    ("female", "female"), ("F", "female"), ("女", "female"), ("male", "male"), ("男", "male"),
    ("Female.", "female"), ("femal", "female"),
])
def test_choice_sex(text: str, value: str) -> None:
    r = p("choice", text, choices=SEX)
    assert (r.status, r.value) == ("ok", value)


def test_choice_typo_is_recorded() -> None:
    assert p("choice", "nephritsi", choices=GROUPS).inferences


@pytest.mark.parametrize("text", ["nephritis and low platelets", "banana", "xyz"])
def test_choice_ambiguous_or_unmatched(text: str) -> None:
    r = p("choice", text, choices=GROUPS)
    assert_invalid(r)
    assert "Lupus nephritis" in r.reason.en and "狼疮肾炎" in r.reason.zh  # type: ignore[union-attr]


def test_choice_dont_know() -> None:
    assert p("choice", "not sure", choices=GROUPS).status == "unknown"
    assert p("choice", "不知道", choices=GROUPS).status == "unknown"


# ---------------------------------------------------------------- quantity

def q(text: str, spec: object) -> Parsed:
    return p("quantity", text, quantity=spec)


@pytest.mark.parametrize(("text", "value", "unit", "base"), [
    ("1.6 mg/dL", 1.6, "mg/dL", 1.6),
    ("1.6mg/dl", 1.6, "mg/dL", 1.6),
    ("97 umol/L", 97, "umol/L", 1.097285068),
    ("120 µmol/L", 120, "umol/L", 1.357466063),
    ("120 μmol/L", 120, "umol/L", 1.357466063),
    ("120 UMOL/L", 120, "umol/L", 1.357466063),
    ("120 umol per L", 120, "umol/L", 1.357466063),
    ("97 微摩尔/升", 97, "umol/L", 1.097285068),
    ("132.6 umol/L", 132.6, "umol/L", 1.5),
    ("肌酐 70 umol/L", 70, "umol/L", 0.7918552036),
])
def test_creatinine_units(text: str, value: float, unit: str, base: float) -> None:
    r = q(text, CREATININE)
    assert r.status == "ok", r.reason
    assert r.value == {"value": value, "unit": unit, "base_value": base}
    assert r.unit == unit
    assert r.inferences == ()


def test_creatinine_boundary_133() -> None:
    r = q("133 umol/L", CREATININE)
    assert r.value["base_value"] == pytest.approx(1.5045, abs=1e-4)
    assert r.value["base_value"] > 1.5
    assert q("1.5 mg/dL", CREATININE).value["base_value"] == 1.5


def test_bilirubin_boundary_is_exact() -> None:
    assert q("34.2 umol/L", BILIRUBIN).value["base_value"] == 2.0
    assert q("34.2 µmol/L", BILIRUBIN).value["base_value"] == 2.0
    assert q("2 mg/dL", BILIRUBIN).value["base_value"] == 2.0
    assert q("51.3 umol/L", BILIRUBIN).value["base_value"] == 3.0
    assert q("0.6 毫克/分升", BILIRUBIN).value == {"value": 0.6, "unit": "mg/dL", "base_value": 0.6}


def test_unit_inferred_when_only_one_unit_fits() -> None:
    r = q("97", CREATININE)
    assert r.status == "ok" and r.unit == "umol/L"
    assert r.value["base_value"] == pytest.approx(97 / 88.4)
    assert any("umol/L" in s and "97" in s for s in r.inferences)
    r = q("1.6", CREATININE)
    assert r.unit == "mg/dL" and r.inferences


def test_unit_not_inferred_when_two_units_fit() -> None:
    r = q("14", BILIRUBIN)
    assert_invalid(r)
    assert "mg/dL" in r.reason.en and "umol/L" in r.reason.en  # type: ignore[union-attr]
    assert "14" in r.reason.zh  # type: ignore[union-attr]


def test_number_no_unit_allows() -> None:
    assert_invalid(q("5000", CREATININE))


def test_unknown_unit_is_named() -> None:
    r = q("5 mmol/L", CREATININE)
    assert_invalid(r)
    assert "mmol/L" in r.reason.en  # type: ignore[union-attr]


def test_implausible_value_in_named_unit() -> None:
    assert_invalid(q("1.6 umol/L", CREATININE))


@pytest.mark.parametrize(("text", "unit", "base"), [
    ("2.3 g/24h", "g/day", 2.3), ("2.3 g/24 h", "g/day", 2.3), ("2300 mg/day", "mg/day", 2.3),
    ("2300 mg/24h", "mg/day", 2.3), ("2.3 g/day", "g/day", 2.3), ("2.3 g per day", "g/day", 2.3),
    ("1.5 g/d", "g/day", 1.5), ("1500 mg/day", "mg/day", 1.5), ("3.1 克/天", "g/day", 3.1),
])
def test_proteinuria(text: str, unit: str, base: float) -> None:
    r = q(text, PROTEINURIA)
    assert (r.status, r.unit, r.value["base_value"]) == ("ok", unit, base)


def test_proteinuria_bare_numbers() -> None:
    assert q("1.2", PROTEINURIA).unit == "g/day"
    assert q("2300", PROTEINURIA).value["base_value"] == 2.3


@pytest.mark.parametrize(("text", "unit", "base"), [
    ("1.2x10^9/L", "x10^9/L", 1.2), ("1.2 x 10^9/L", "x10^9/L", 1.2),
    ("1.2×10⁹/L", "x10^9/L", 1.2), ("1.2*10^9/L", "x10^9/L", 1.2), ("1.2 10^9/L", "x10^9/L", 1.2),
    ("800/uL", "/uL", 0.8), ("800 /µL", "/uL", 0.8), ("800/μL", "/uL", 0.8),
    ("800 per uL", "/uL", 0.8), ("800/mm3", "/uL", 0.8), ("0.9", "x10^9/L", 0.9),
    ("1,200/uL", "/uL", 1.2),
])
def test_lymphocytes(text: str, unit: str, base: float) -> None:
    r = q(text, LYMPHOCYTES)
    assert (r.status, r.unit, r.value["base_value"]) == ("ok", unit, base), r.reason


@pytest.mark.parametrize(("text", "spec", "value"), [
    ("98%", SPO2, 98), ("98", SPO2, 98), ("９８", SPO2, 98), ("９８％", SPO2, 98),
    ("40 U/L", ALT, 40), ("30", ALT, 30), ("130 IU/L", ALT, 130), ("1,200", ALT, 1200),
    ("85", EGFR, 85), ("85 mL/min/1.73 m²", EGFR, 85), ("85 ml/min/1.73m2", EGFR, 85),
    ("三十", ALT, 30), ("about 35", ALT, 35),
])
def test_single_unit_quantities(text: str, spec: object, value: float) -> None:
    r = q(text, spec)
    assert r.status == "ok", r.reason
    assert r.value["value"] == value


@pytest.mark.parametrize("text", ["abc", "1.6 and 1.7", "-5 U/L", "12 apples/L"])
def test_quantity_invalid(text: str) -> None:
    assert_invalid(q(text, ALT))


def test_quantity_dont_know() -> None:
    assert q("don't know", CREATININE).status == "unknown"
    assert q("不记得了", CREATININE).status == "unknown"


# ---------------------------------------------------------------- quantity list

def ql(text: str, n: int = 2) -> Parsed:
    return p("quantity_list", text, quantity=PLATELETS, min_count=n)


@pytest.mark.parametrize(("text", "bases"), [
    ("42, 45", [42, 45]), ("38 and 41", [38, 41]), ("40000/uL, 44000/uL", [40, 44]),
    ("42 45", [42, 45]), ("42和45", [42, 45]), ("42，45", [42, 45]), ("42、45", [42, 45]),
    ("4.2万, 4.5万", [42, 45]), ("4.2万/uL，4.5万/uL", [42, 45]), ("38, 41 x10^9/L", [38, 41]),
    ("40,000/uL and 44,000/uL", [40, 44]), ("42; 45; 47", [42, 45, 47]),
    ("42 x10^9/L, 45 x10^9/L", [42, 45]),
])
def test_platelet_lists(text: str, bases: list[float]) -> None:
    r = ql(text)
    assert r.status == "ok", r.reason
    assert [v["base_value"] for v in r.value] == bases
    assert r.unit in ("x10^9/L", "/uL")


def test_list_too_few() -> None:
    r = ql("42")
    assert_invalid(r)
    assert "2" in r.reason.en  # type: ignore[union-attr]
    assert ql("42", n=1).status == "ok"


def test_list_dont_know() -> None:
    assert ql("not sure").status == "unknown"


# ---------------------------------------------------------------- age

@pytest.mark.parametrize(("text", "years"), [
    ("45", 45), ("45 years", 45), ("45 yo", 45), ("45 y/o", 45), ("45 years old", 45),
    ("45岁", 45), ("四十五岁", 45), ("45 岁", 45), ("I am 45", 45), ("４５", 45), ("72", 72),
    ("forty-five", 45), ("十八岁", 18),
])
def test_age_years(text: str, years: int) -> None:
    r = p("age", text)
    assert (r.status, r.value) == ("ok", years)


@pytest.mark.parametrize(("text", "years"), [
    ("1979-03-02", 46), ("born 1979-03-02", 46), ("1979年3月2日", 46), ("1979/3/2", 46),
    ("25/3/1979", 46), ("3/25/1979", 46), ("2 March 1979", 46), ("March 2, 1979", 46),
    ("1979-12-01", 45), ("2007-11-25", 18), ("2007-11-26", 17), ("1955-11-25", 70),
])
def test_age_from_date_of_birth(text: str, years: int) -> None:
    r = p("age", text)
    assert (r.status, r.value) == ("ok", years)
    assert any("date of birth" in s for s in r.inferences)


@pytest.mark.parametrize("text", ["2/3/1979", "1979", "150", "-5", "2030-01-01", "1979-02-30",
                                  "old", "1979年3月", "45 kg"])
def test_age_invalid(text: str) -> None:
    assert_invalid(p("age", text))


def test_age_ambiguous_date_explains() -> None:
    r = p("age", "2/3/1979")
    assert "day/month" in r.reason.en  # type: ignore[union-attr]


# ---------------------------------------------------------------- duration

def d(text: str) -> Parsed:
    return p("duration", text, quantity=DURATION)


@pytest.mark.parametrize(("text", "months"), [
    ("4 months", 4), ("3个月", 3), ("6个月", 6), ("2个月", 2), ("1.5 years", 18),
    ("a year ago", 12),
    ("一年前", 12), ("半年", 6), ("half a year", 6), ("一年半", 18), ("两个半月", 2.5),
    ("last month", 1), ("上个月", 1), ("12 months ago", 12), ("1 year", 12), ("2 years", 24),
    ("during screening", 0), ("this week", 0), ("now", 0), ("现在", 0),
    ("2025-05-25", 6), ("2024-11-25", 12), ("2025-10-25", 1),
])
def test_duration_months(text: str, months: float) -> None:
    r = d(text)
    assert r.status == "ok", r.reason
    assert r.value["base_value"] == pytest.approx(months)


def test_duration_weeks_and_days() -> None:
    r = d("2 weeks")
    assert r.unit == "weeks" and r.value["value"] == 2
    assert r.value["base_value"] == pytest.approx(2 / 4.348214286)
    assert d("两周").value == r.value
    assert d("14 days").value["base_value"] == pytest.approx(14 / 30.4375)


def test_duration_bare_number_is_months_with_inference() -> None:
    r = d("3")
    assert r.value == {"value": 3.0, "unit": "months", "base_value": 3.0}
    assert r.inferences


def test_duration_from_dates() -> None:
    r = d("2024-10-01")
    assert r.value["base_value"] == pytest.approx(13.8, abs=0.01)
    assert r.inferences
    r = d("2024年10月")
    assert r.value["base_value"] == pytest.approx(13.8, abs=0.01)
    assert any("1st" in s for s in r.inferences)


@pytest.mark.parametrize("text", ["2026-01-01", "2019", "banana", "3 parsecs", "-2 months"])
def test_duration_invalid(text: str) -> None:
    assert_invalid(d(text))


# ---------------------------------------------------------------- steroid

def s(text: str) -> Parsed:
    return p("steroid", text, drugs=STEROIDS)


@pytest.mark.parametrize(("text", "drug", "per_day", "eq"), [
    ("prednisone 7.5 mg", "prednisone", 7.5, 7.5),
    ("methylprednisolone 8 mg", "methylprednisolone", 8, 10),
    ("pred 10mg daily", "prednisone", 10, 10),
    ("5 mg prednisolone twice a day", "prednisolone", 10, 10),
    ("prednisone 5mg bid", "prednisone", 10, 10),
    ("prednisone 5 mg tid", "prednisone", 15, 15),
    ("prednisone 10 mg every other day", "prednisone", 5, 5),
    ("prednisone 10mg qod", "prednisone", 5, 5),
    ("Medrol 4 mg", "methylprednisolone", 4, 5),
    ("泼尼松 5 mg", "prednisone", 5, 5),
    ("强的松 10mg", "prednisone", 10, 10),
    ("甲泼尼龙 4mg", "methylprednisolone", 4, 5),
    ("地塞米松 0.75mg", "dexamethasone", 0.75, 5),
    ("泼尼松龙 5mg", "prednisolone", 5, 5),
    ("甲泼尼龙 4mg 每日两次", "methylprednisolone", 8, 10),
    ("泼尼松 5mg 一天两次", "prednisone", 10, 10),
    ("泼尼松 10mg 隔天", "prednisone", 5, 5),
    ("泼尼松 五毫克", "prednisone", 5, 5),
    ("prednisone 10 mg/day", "prednisone", 10, 10),
    ("predisone 5 mg", "prednisone", 5, 5),
    ("hydrocortisone 20 mg", "hydrocortisone", 20, 5),
])
def test_steroid_doses(text: str, drug: str, per_day: float, eq: float) -> None:
    r = s(text)
    assert r.status == "ok", r.reason
    assert r.value["drug"] == drug
    assert r.value["per_day_mg"] == per_day
    assert r.value["prednisone_eq_mg"] == eq


def test_steroid_inferences() -> None:
    assert s("5 mg prednisolone twice a day").inferences
    assert s("Medrol 4 mg").inferences  # converted to prednisone
    assert s("predisone 5 mg").inferences  # spelling


@pytest.mark.parametrize("text", ["none", "no steroids", "没有", "不吃激素", "No", "无", "nothing"])
def test_steroid_none(text: str) -> None:
    r = s(text)
    assert r.status == "ok"
    assert r.value == {"drug": None, "dose_mg": 0, "per_day_mg": 0, "prednisone_eq_mg": 0}


def test_steroid_dose_without_drug_is_not_assumed_prednisone() -> None:
    r = s("10 mg")
    assert_invalid(r)
    assert "medicine" in r.reason.en  # type: ignore[union-attr]


def test_steroid_drug_without_dose() -> None:
    assert_invalid(s("prednisone"))
    assert_invalid(s("甲泼尼龙"))


def test_steroid_dont_know() -> None:
    assert s("not sure").status == "unknown"


# ---------------------------------------------------------------- QTc

@pytest.mark.parametrize(("text", "qtcb"), [
    ("430", 430), ("430 ms", 430), ("QTc 430", 430), ("QTcB 455ms", 455), ("QTc: 470 ms", 470),
    ("QT 400 ms, HR 75", 447.2), ("QT 400, heart rate 75 bpm", 447.2), ("QT 400 心率 75", 447.2),
    ("QT 400 RR 0.8", 447.2), ("QT 400 RR 800", 447.2), ("QT 400 ms, RR 800 ms", 447.2),
    ("QT 400 HR 60", 400), ("４３０", 430),
])
def test_qtc(text: str, qtcb: float) -> None:
    r = p("qtc", text)
    assert r.status == "ok", r.reason
    assert r.value["qtcb_ms"] == pytest.approx(qtcb, abs=0.05)


def test_qtc_bazett_records_inputs() -> None:
    r = p("qtc", "QT 400 ms, HR 75")
    assert r.value["qt_ms"] == 400 and r.value["hr_bpm"] == 75 and r.value["rr_s"] == 0.8
    assert any("Bazett" in x for x in r.inferences)


@pytest.mark.parametrize("text", ["900", "100", "QT 400", "abc", "HR 75"])
def test_qtc_invalid(text: str) -> None:
    assert_invalid(p("qtc", text))


# ---------------------------------------------------------------- biopsy class

@pytest.mark.parametrize(("text", "classes"), [
    ("IV", ["IV"]), ("iv", ["IV"]), ("class III", ["III"]), ("III+V", ["III", "V"]),
    ("III/V", ["III", "V"]), ("V+III", ["III", "V"]), ("IV-G (A)", ["IV"]), ("class 4", ["IV"]),
    ("4", ["IV"]), ("Ⅳ型", ["IV"]), ("IV型", ["IV"]), ("4型", ["IV"]), ("Ⅲ+Ⅴ型", ["III", "V"]),
    ("四型", ["IV"]), ("II", ["II"]), ("class IV and V", ["IV", "V"]), ("IV-S (A/C)", ["IV"]),
])
def test_biopsy_class(text: str, classes: list[str]) -> None:
    r = p("biopsy_class", text)
    assert (r.status, r.value) == ("ok", {"classes": classes})


@pytest.mark.parametrize("text", ["class IX", "7", "kidney", "VII", "0"])
def test_biopsy_class_invalid(text: str) -> None:
    assert_invalid(p("biopsy_class", text))


# ---------------------------------------------------------------- free text

@pytest.mark.parametrize("text", ["no", "none", "nothing", "nope", "no, never", "没有", "无", "否",
                                  "没有其他", "nothing else", "n/a", "No.", "NONE"])
def test_text_no(text: str) -> None:
    r = p("text", text)
    assert (r.status, r.value["answer"]) == ("ok", "no")


@pytest.mark.parametrize("text", ["yes", "是", "有"])
def test_text_yes(text: str) -> None:
    assert p("text", text).value["answer"] == "yes"


@pytest.mark.parametrize("text", ["no, but I have hepatitis B", "hip replacement 2 weeks ago",
                                  "flu shot last week", "乳腺癌 2019年"])
def test_text_free(text: str) -> None:
    r = p("text", text)
    assert r.value == {"answer": "text", "text": text}


def test_text_dont_know() -> None:
    assert p("text", "don't know").status == "unknown"
    assert p("text", "不知道").status == "unknown"


# ---------------------------------------------------------------- every kind

ALL_KINDS = [("yesno", {}), ("choice", {"choices": GROUPS}), ("quantity", {"quantity": ALT}),
             ("quantity_list", {"quantity": PLATELETS}), ("age", {}),
             ("duration", {"quantity": DURATION}), ("steroid", {"drugs": STEROIDS}), ("qtc", {}),
             ("biopsy_class", {}), ("text", {})]


@pytest.mark.parametrize(("kind", "kw"), ALL_KINDS)
@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\u3000"])
def test_empty_is_invalid(kind: str, kw: dict[str, object], text: str) -> None:
    r = p(kind, text, **kw)
    assert_invalid(r)
    assert "type an answer" in r.reason.en  # type: ignore[union-attr]


@pytest.mark.parametrize(("kind", "kw"), ALL_KINDS)
@pytest.mark.parametrize("text", ["don't know", "不知道", "not sure", "?"])
def test_dont_know_everywhere(kind: str, kw: dict[str, object], text: str) -> None:
    assert p(kind, text, **kw).status == "unknown"


def test_vignette_answers_parse() -> None:
    """Every answer in the shared vignettes reads as ok with a plausible kind."""
    kinds = {"age": ("age", {}), "sex": ("choice", {"choices": SEX}),
             "group": ("choice", {"choices": GROUPS}), "ln_biopsy_class": ("biopsy_class", {}),
             "ln_biopsy_months_ago": ("duration", {"quantity": DURATION}),
             "steroid_months": ("duration", {"quantity": DURATION}),
             "proteinuria_24h": ("quantity", {"quantity": PROTEINURIA}),
             "platelets": ("quantity_list", {"quantity": PLATELETS, "min_count": 2}),
             "bilirubin_total": ("quantity", {"quantity": BILIRUBIN}),
             "creatinine": ("quantity", {"quantity": CREATININE}),
             "lymphocytes": ("quantity", {"quantity": LYMPHOCYTES}),
             "spo2": ("quantity", {"quantity": SPO2}), "steroid_dose": ("steroid",
                                                                         {"drugs": STEROIDS}),
             "qtcb": ("qtc", {})}
    for name in ("alt", "alt_uln", "ast", "ast_uln", "egfr", "crcl", "lvef"):
        kinds[name] = ("quantity", {"quantity": ALT})
    folder = SHARED / "eval" / "vignettes"
    files = sorted(folder.glob("*.json")) if folder.exists() else []
    if not files:
        pytest.skip("no shared vignettes")
    for f in files:
        for fact, text in json.loads(f.read_text())["answers"].items():
            kind, kw = kinds.get(fact, ("text", {}) if fact in (
                "active_infection", "surgery", "malignancy", "heart", "vaccine", "other_trial",
                "cns", "medical_history") else ("yesno", {}))
            r = p(kind, text, **kw)
            assert r.status == "ok", (f.name, fact, text, r.reason)


# ---------------------------------------------------------------- colloquial forms

@pytest.mark.parametrize(("text", "bases"), [
    ("42k, 45k", [42, 45]), ("4万2, 4万5", [42, 45]), ("四万二，四万五", [42, 45]),
    ("42 on 3/10, 45 on 3/17", [42, 45]), ("42 (2025-03-10), 45 (2025-03-17)", [42, 45]),
    ("3月10日 42，3月17日 45", [42, 45]), ("40000/44000", [40, 44]),
])
def test_platelet_lists_colloquial(text: str, bases: list[float]) -> None:
    r = ql(text)
    assert r.status == "ok", r.reason
    assert [v["base_value"] for v in r.value] == bases


def test_same_value_in_two_units_is_accepted() -> None:
    r = q("1.6 mg/dL (141 umol/L)", CREATININE)
    assert r.value["base_value"] == 1.6 and r.inferences
    assert_invalid(q("1.6 mg/dL (300 umol/L)", CREATININE))


def test_duration_parts_add_up() -> None:
    r = d("1 year and 2 months")
    assert r.value["base_value"] == 14 and r.inferences
    assert_invalid(d("in 2019"))


def test_steroid_stopped_is_none() -> None:
    assert s("no, I stopped").value["drug"] is None
    assert s("已经停药了").value["drug"] is None


def test_durations_beside_steroid_dose_are_not_doses() -> None:
    for text in ("prednisone 5mg for 3 months", "泼尼松 5mg 吃了3个月",
                 "prednisone 5 mg since 2023"):
        assert s(text).value["per_day_mg"] == 5, text


@pytest.mark.parametrize(("text", "months"), [("about 3", 3), ("大约三个月", 3), ("3个多月", 3),
                                              ("~2 months", 2), ("over a year", 12)])
def test_duration_hedges(text: str, months: float) -> None:
    assert d(text).value["base_value"] == months


def test_english_number_words_not_misread() -> None:
    assert_invalid(q("two thousand three hundred", PROTEINURIA))
    assert q("thirty five", ALT).value["value"] == 35
