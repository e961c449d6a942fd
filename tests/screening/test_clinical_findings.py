"""The clinical audit's findings (issue 13, issue 11 item 1), each on both sides.

Whole-patient runs through `prescreen screen`'s logic (the `screen` fixture) and the engine's
public API. Two-readings cases must come out unknown. Tags name the criterion.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from patients import CLEAN_G1, CLEAN_G2

from assistant.screening.engine import Screening

DK = "don't know"
TODAY = date(2025, 1, 15)


def status(
    screen: Any,
    changes: dict[str, str],
    cid: str,
    base: dict[str, str] = CLEAN_G1,
    lang: str = "en",
) -> str:
    return str(screen({**base, **changes}, lang=lang)["criteria"][cid])


def engine(loaded: Any, lang: str = "en", mode: str = "collect") -> Screening:
    from conftest import shared_matcher

    return Screening(
        loaded.dialog,
        today=TODAY,
        lang=lang,
        mode=mode,  # type: ignore[arg-type]
        matcher_factory=lambda: shared_matcher(loaded),
    )


def answer_until(s: Screening, qid: str, answers: dict[str, str]) -> None:
    """Answer from `answers` by question id (as typed) until `qid` is the next prompt."""
    while (p := s.next_prompt()) is not None and p.id != qid:
        assert s.answer(p.id, answers.get(p.id, DK)).accepted, p.id


# --------------------------------------------------------------------------- I3.G1 refractory


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        # I3.G1: the question asks "has it gone into remission?"; the content outweighs a yes/no.
        ("no", "en", "pass"),
        ("yes", "en", "fail"),
        ("not in remission", "en", "pass"),
        ("no, still not in remission", "en", "pass"),
        ("yes, still not in remission", "en", "pass"),
        ("never went into remission", "en", "pass"),
        ("it is in remission now", "en", "fail"),
        ("一直没有缓解", "zh", "pass"),
        ("没有", "zh", "pass"),
        ("是的，已经缓解了", "zh", "fail"),
        ("部分缓解", "zh", "unknown"),
        ("partial remission", "en", "unknown"),
    ],
)
def test_refractory_asked_positively_read_by_content(loaded, text, lang, want) -> None:
    s = engine(loaded, lang)
    answers = {
        "age": "34",
        "sex": "female",
        "sle_diagnosis": "yes",
        "group": "nephritis",
        "lab_document": "yes",
        "ln_biopsy_class": "IV",
        "ln_biopsy_months_ago": "3",
        "proteinuria_24h": "2.4 g/24h",
    }
    answer_until(s, "ln_refractory", answers)
    prompt = s.next_prompt()
    assert prompt is not None and prompt.id == "ln_refractory"
    assert "remission" in prompt.question.text.en and "not in remission" not in prompt.text
    assert "缓解了吗" in prompt.question.text.zh
    assert s.answer("ln_refractory", text).accepted
    if s.next_prompt() is not None and s.next_prompt().id == "ln_refractory_markers":
        s.answer("ln_refractory_markers", "yes" if lang == "en" else "是")
    assert s.decisions()["I3.G1"].status == want


def test_refractory_self_contradiction_is_asked_again(loaded) -> None:  # I3.G1
    s = engine(loaded)
    q = loaded.dialog.question_by_id["ln_refractory"]
    for text in ("in remission, not in remission", "已缓解，一直没有缓解"):
        parsed = s.parse(q, text)
        assert parsed.status == "invalid" and parsed.reason is not None
        assert parsed.reason.en and parsed.reason.zh


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("yes", "pass"),
        ("Y", "pass"),
        ("是", "pass"),
        ("no", "fail"),
        ("否", "fail"),
        ("not in remission", "pass"),
        (DK, "unknown"),
    ],
)
def test_screen_file_speaks_to_the_fact(screen, text, want) -> None:  # I3.G1
    # `ln_refractory: yes` means refractory (the dictionary's meaning), whatever the wording.
    assert status(screen, {"ln_refractory": text}, "I3.G1") == want


@pytest.mark.parametrize(("markers", "want"), [("yes", "pass"), ("no", "fail"), (DK, "unknown")])
def test_proteinuria_or_antibody_part_is_asked(screen, markers, want) -> None:  # I3.G1
    assert status(screen, {"ln_refractory_markers": markers}, "I3.G1") == want


def test_markers_not_asked_when_in_remission(screen) -> None:  # I3.G1
    out = screen({**CLEAN_G1, "ln_refractory": "no"})
    assert "ln_refractory_markers" not in out["engine"].answers
    assert out["criteria"]["I3.G1"] == "fail"


def test_group1_notes_reach_the_decision(screen) -> None:  # I3.G1, I3
    d = screen(CLEAN_G1)["engine"].decisions()
    assert {"N13", "N14"} <= set(d["I3.G1"].notes)  # class V; the unstated requirement
    assert "N12" in d["I3"].notes  # the duplicated SLE sentence
    assert {"N15", "N16", "N17"} <= set(d["I3.G2"].notes)  # MP shock; two readings; platelets


# --------------------------------------------------------------------------- I3.G2


@pytest.mark.parametrize(
    ("imm", "course", "want"),
    [
        ("yes", None, "pass"),
        ("no", "high-dose daily steroids", "fail"),  # neither reading is met
        ("no", "methylprednisolone pulse", "unknown"),  # the readings disagree (N16)
        ("no", "both", "unknown"),
        ("no", DK, "unknown"),
    ],
)
def test_immunosuppressant_two_readings(screen, imm, course, want) -> None:  # I3.G2
    changes = {"tp_immunosuppressant": imm}
    if course is not None:
        changes["tp_course"] = course
    assert status(screen, changes, "I3.G2", CLEAN_G2) == want


@pytest.mark.parametrize(
    ("counts", "want"),
    [
        ("42, 45", "pass"),
        ("42, 45, 60", "pass"),  # most recent first: an older count does not decide
        ("60, 42, 45", "fail"),  # the most recent is out of range
        ("45, 50", "fail"),  # below 50, not at 50
        ("31, 49", "pass"),
        ("30, 45", "fail"),  # above 30, not at 30
        ("42", "unknown"),  # one count is not two
        ("normal", "fail"),  # a normal count is far above 50
    ],
)
def test_platelets_two_most_recent(screen, counts, want) -> None:  # I3.G2
    assert status(screen, {"platelets": counts}, "I3.G2", CLEAN_G2) == want


def test_platelet_question_asks_most_recent_first(loaded) -> None:  # I3.G2
    q = loaded.dialog.question_by_id["platelets"]
    assert "most recent first" in q.text.en and "最近一次开始" in q.text.zh
    assert "泼尼松或等效剂量" in loaded.dialog.question_by_id["tp_refractory"].text.zh


# --------------------------------------------------------------------------- I5

GILBERT = {"bilirubin_total": "2.5 mg/dL", "gilbert": "yes", "bilirubin_uln": "1.2 mg/dL"}


@pytest.mark.parametrize(
    ("direct", "uln", "want"),
    [
        ("0.4 mg/dL", "1.2 mg/dL", "pass"),  # below both readings
        ("1.6 mg/dL", "1.2 mg/dL", "unknown"),  # >= 1.5 mg/dL, < 1.5 x 1.2 = 1.8
        ("1.3 mg/dL", "0.8 mg/dL", "unknown"),  # < 1.5 mg/dL, >= 1.5 x 0.8 = 1.2
        ("1.9 mg/dL", "1.2 mg/dL", "fail"),  # above both
        ("22 umol/L", "21 umol/L", "pass"),  # < 25.65 umol/L (1.5 mg/dL) and < 1.5 x 21 = 31.5
        ("27 umol/L", "21 umol/L", "unknown"),  # >= 25.65 umol/L, < 31.5 umol/L
    ],
)
def test_direct_bilirubin_two_readings(screen, direct, uln, want) -> None:  # I5
    total = "2.2 mg/dL" if "mg" in uln else "50 umol/L"  # not < 2, < 3 x every ULN here
    changes = {
        **GILBERT,
        "bilirubin_direct": direct,
        "bilirubin_uln": uln,
        "bilirubin_total": total,
    }
    assert status(screen, changes, "I5") == want


def test_creatinine_and_egfr_both_required_note(screen) -> None:  # I5
    d = screen({**CLEAN_G1, "creatinine": "1.6 mg/dL"})["engine"].decisions()["I5"]
    assert d.status == "fail" and "N18" in d.notes


# --------------------------------------------------------------------------- I6


@pytest.mark.parametrize("text", ["25", "25%", "25 %", "LYM% 25", "40", "12.5", "4", "3%"])
def test_lymphocyte_percentage_refused(loaded, text) -> None:  # I6
    s = engine(loaded)
    parsed = s.parse(loaded.dialog.question_by_id["lymphocytes"], text)
    assert parsed.status == "invalid"
    assert "LYM#" in parsed.reason.en and "absolute" in parsed.reason.en
    assert "淋巴细胞绝对值" in parsed.reason.zh


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("0.9", "pass"),
        ("0.4", "fail"),
        ("0.41", "pass"),
        ("3.9", "pass"),  # I6: below the refused span, an absolute count
        ("800/uL", "pass"),
        ("350/uL", "fail"),
        ("1.2 x10^9/L", "pass"),
        ("25", "unknown"),
        ("25%", "unknown"),
    ],
)
def test_lymphocyte_counts(screen, text, want) -> None:  # I6
    assert status(screen, {"lymphocytes": text}, "I6") == want


def test_lymphocyte_question_asks_absolute(loaded) -> None:  # I6
    q = loaded.dialog.question_by_id["lymphocytes"]
    assert "absolute" in q.text.en and "绝对值" in q.text.zh


# --------------------------------------------------------------------------- I7


@pytest.mark.parametrize(
    ("changes", "want"),
    [
        ({"steroid_dose": "prednisone 30 mg", "steroid_intolerance": "yes"}, "fail"),  # the cap
        ({"steroid_dose": "none", "steroid_intolerance": "no"}, "unknown"),  # two readings (N6)
        ({"steroid_dose": "none", "steroid_intolerance": "yes"}, "pass"),
        ({"steroid_dose": "没有", "steroid_intolerance": "否"}, "unknown"),
        ({"steroid_months": "4 weeks"}, "unknown"),  # 28 days: 1 month by one reading only
        ({"steroid_months": "30 days"}, "unknown"),
        ({"steroid_months": "31 days"}, "pass"),
        ({"steroid_months": "1 month"}, "pass"),
        ({"steroid_months": "3 weeks"}, "fail"),
        ({"steroid_months": "27 days"}, "fail"),
        ({"steroid_months": "2 weeks", "steroid_intolerance": "yes"}, "pass"),
        ({"steroid_dose": "prednisone 10 mg", "steroid_months": "6个月"}, "pass"),
        ({"steroid_dose": "prednisone 12.5 mg"}, "fail"),
    ],
)
def test_glucocorticoid(screen, changes, want) -> None:  # I7
    assert status(screen, changes, "I7") == want


def test_duration_asks_time_at_or_below_10mg(loaded) -> None:  # I7
    q = loaded.dialog.question_by_id["steroid_months"]
    assert "10 mg" in q.text.en and "or less" in q.text.en and "10毫克/天或以下" in q.text.zh


def test_taper_from_10_to_5_passes(screen) -> None:  # I7
    # Months at <= 10 mg, down to 5 mg two weeks ago: the time at <= 10 mg is what is asked.
    assert (
        status(screen, {"steroid_dose": "prednisone 5 mg", "steroid_months": "5 months"}, "I7")
        == "pass"
    )


# --------------------------------------------------------------------------- E4


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("I have a cold", "en", "unknown"),
        ("我感冒了", "zh", "unknown"),
        ("yes", "en", "unknown"),  # a bare yes asks which infection; never excludes by itself
        ("cellulitis, on antibiotics", "en", "fail"),
        ("shingles, taking antivirals", "en", "fail"),
        ("带状疱疹，正在吃抗病毒药", "zh", "fail"),
        ("had shingles last year, resolved", "en", "pass"),
        ("no", "en", "pass"),
        ("没有", "zh", "pass"),
    ],
)
def test_active_infection(screen, text, lang, want) -> None:  # E4
    assert status(screen, {"active_infection": text}, "E4", lang=lang) == want


def test_cold_raises_a_confirmation_quoting_the_record(loaded) -> None:  # E4
    s = engine(loaded)
    q = loaded.dialog.question_by_id["active_infection"]
    step = s.answer(q.id, "I have a cold")
    assert step.accepted and s.decisions()["E4"].status == "unknown"
    p = s.next_prompt()
    assert p is not None and p.confirmation is not None and "record" in p.text
    s.answer(p.id, "no")
    assert s.decisions()["E4"].status == "pass"


# --------------------------------------------------------------------------- E5


def test_e5_asks_current_status_in_both_languages(loaded) -> None:  # E5
    for qid in ("hbsag", "hcv_ab", "hiv", "syphilis"):
        q = loaded.dialog.question_by_id[qid]
        assert "most recent" in q.text.en and "ever" not in q.text.en
        assert "最近一次" in q.text.zh
    assert "cured" in loaded.dialog.question_by_id["hcv_ab"].help.en
    assert "治愈" in loaded.dialog.question_by_id["hcv_ab"].help.zh


@pytest.mark.parametrize(
    ("fact", "text", "want"),
    [
        ("hcv_ab", "positive", "fail"),
        ("hcv_ab", "negative", "pass"),
        ("hbsag", "阳性", "fail"),
        ("hiv", "negative", "pass"),
        ("syphilis", DK, "unknown"),
    ],
)
def test_e5_results(screen, fact, text, want) -> None:  # E5
    assert status(screen, {fact: text}, "E5") == want


# --------------------------------------------------------------------------- E6, E8, E14


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("hip replacement 2 weeks ago", "unknown"),
        ("yes", "unknown"),
        ("两周前做了髋关节置换", "unknown"),
        ("appendectomy 2 years ago", "pass"),
        ("no", "pass"),
    ],
)
def test_surgery_is_investigators_judgement(screen, text, want) -> None:  # E6
    lang = "zh" if not text.isascii() else "en"
    assert status(screen, {"surgery": text}, "E6", lang=lang) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("heart failure", "unknown"),  # excluded only as NYHA III/IV
        ("heart failure, NYHA class III", "fail"),
        ("heart failure NYHA II", "pass"),
        ("mild mitral regurgitation", "unknown"),
        ("pulmonary hypertension", "unknown"),
        ("heart attack 2 months ago, they put in a stent", "fail"),
        ("no", "pass"),
    ],
)
def test_heart(screen, text, want) -> None:  # E8
    assert status(screen, {"heart": text}, "E8") == want


def test_e14_is_never_decided(screen) -> None:  # E14
    d = screen(CLEAN_G1)["engine"].decisions()["E14"]
    assert d.status == "n/a" and {"N5", "N10"} <= set(d.notes)


# --------------------------------------------------------------------------- E7


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("basal cell carcinoma treated 2022", "pass"),
        ("cervical carcinoma in situ in 2022, treated with cone biopsy", "pass"),
        ("squamous cell skin cancer removed 2021", "unknown"),  # not a named example (N22)
        ("breast cancer 2021", "fail"),
        ("no", "pass"),
    ],
)
def test_malignancy(screen, text, want) -> None:  # E7
    assert status(screen, {"malignancy": text}, "E7") == want


def test_e7_note_is_visible(screen) -> None:  # E7
    d = screen({**CLEAN_G1, "malignancy": "squamous cell skin cancer removed 2021"})
    note = next(n for n in screen(CLEAN_G1)["engine"].dialog.notes if n.id == "N22")
    assert "N22" in d["engine"].decisions()["E7"].notes and "squamous" in note.interpretation


# --------------------------------------------------------------------------- E10, E11, E12


def test_e10_asks_three_parts(loaded) -> None:  # E10
    q = loaded.dialog.question_by_id["other_trial"]
    assert "investigational drug" in q.text.en and "plan to join" in q.text.en
    assert "试验用药物" in q.text.zh and "打算" in q.text.zh


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("I plan to join a trial of anifrolumab next month", "fail"),
        ("yes, I was in a drug trial for lupus until last month", "fail"),
        ("no", "pass"),
    ],
)
def test_other_trial(screen, text, want) -> None:  # E10
    assert status(screen, {"other_trial": text}, "E10") == want


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("peripheral neuropathy", "en", "pass"),
        ("Bell's palsy", "en", "pass"),
        ("one febrile seizure as a baby", "en", "pass"),
        ("周围神经病变", "zh", "pass"),
        ("面瘫", "zh", "pass"),
        ("epilepsy, on levetiracetam", "en", "fail"),
        ("癫痫", "zh", "fail"),
    ],
)
def test_cns(screen, text, lang, want) -> None:  # E11
    assert status(screen, {"cns": text}, "E11", lang=lang) == want


def test_cns_and_product_wording(loaded) -> None:  # E11, E12
    cns = loaded.dialog.question_by_id["cns"]
    assert "central nervous system" in cns.text.en and "中枢神经系统（脑、脊髓）" in cns.text.zh
    hyp = loaded.dialog.question_by_id["hypersensitivity"]
    assert "回输前的清淋化疗药" in hyp.text.zh and "之前使用的化疗药" not in hyp.text.zh
    assert "N23" in loaded.dialog.criterion_by_id["E12"].notes


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("could be", "unknown"),
        ("maybe", "unknown"),
        ("not sure", "unknown"),
        ("可能", "unknown"),
        ("no", "pass"),
        ("yes", "fail"),
    ],
)
def test_possible_pregnancy_is_unknown(screen, text, want) -> None:  # I4, E3
    assert status(screen, {"pregnant": text}, "E3") == want
    q = screen(CLEAN_G1)["engine"].dialog.question_by_id["pregnant"]
    assert "could you be" not in q.text.en


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("430", "pass"),
        ("QTcF 480", "unknown"),
        ("QT 400 ms, HR 75", "pass"),
        ("480", "fail"),
    ],
)
def test_qtc_asks_formula(screen, text, want) -> None:  # E8
    assert status(screen, {"qtcb": text}, "E8") == want
    q = screen(CLEAN_G1)["engine"].dialog.question_by_id["qtcb"]
    assert "Bazett" in q.text.en and "Bazett" in q.text.zh


# --------------------------------------------------------------------------- notes everywhere


def test_every_note_reaches_a_decision(loaded) -> None:
    """A note is shown with every criterion it concerns (N1 once reached none)."""
    for n in loaded.dialog.notes:
        for cid in n.criteria:
            assert n.id in loaded.dialog.criterion_by_id[cid].notes, (n.id, cid)


# --------------------------------------------------------------------------- lab documents

LABS = {
    "hbsag",
    "hcv_ab",
    "hiv",
    "syphilis",
    "proteinuria_24h",
    "platelets",
    "alt",
    "alt_uln",
    "ast",
    "ast_uln",
    "bilirubin_total",
    "bilirubin_uln",
    "bilirubin_direct",
    "egfr",
    "creatinine",
    "spo2",
    "lymphocytes",
    "crcl",
    "lvef",
    "qtcb",
}


def kiosk_run(loaded: Any, answers: dict[str, str], lang: str = "en") -> Screening:
    """A kiosk session (stops at the first fail) typed from `answers` by fact, as `screen`."""
    from assistant.cli.screen import scripted_answer

    s = engine(loaded, lang, mode="first_fail")
    while (p := s.next_prompt()) is not None:
        if not s.answer(p.id, scripted_answer(s, p, answers)).accepted:
            assert s.answer(p.id, DK).accepted
    return s


@pytest.mark.parametrize(("base", "lang"), [(CLEAN_G1, "en"), (CLEAN_G2, "en"), (CLEAN_G1, "zh")])
def test_without_lab_report_at_most_25_questions(loaded, base, lang) -> None:  # issue 11.1
    person = {k: v for k, v in base.items() if k not in LABS}
    s = kiosk_run(loaded, {**person, "lab_document": "no" if lang == "en" else "没有"}, lang)
    assert len(s.asked) <= 25, s.asked
    assert not LABS & set(s.asked)  # no lab value was asked
    out = s.summary()
    assert out["outcome"] == "review"  # never pass without the values
    d = s.decisions()
    for cid in ("I5", "I6"):
        assert d[cid].status == "unknown" and "study team" in d[cid].why


def test_with_lab_report_labs_are_asked_and_pass(loaded) -> None:  # issue 11.1
    s = kiosk_run(loaded, {**CLEAN_G1, "lab_document": "yes"})
    assert {"alt", "egfr", "lymphocytes"} <= set(s.asked)
    assert s.summary()["outcome"] == "pass"


def test_screen_defaults_the_document_question(screen) -> None:  # issue 11.1
    out = screen(CLEAN_G1)  # the file has no lab_document: `screen` still asks the labs
    assert out["outcome"] == "pass" and "alt" in out["engine"].answers


def test_document_question_comes_before_every_lab(loaded) -> None:  # issue 11.1
    qs = loaded.dialog.questions
    first = next(i for i, q in enumerate(qs) if q.sets == [loaded.dialog.document_fact])
    assert all(i > first for i, q in enumerate(qs) if q.needs_document)
    assert {q.id for q in qs if q.needs_document} >= LABS - {"bilirubin_uln"}


@pytest.mark.parametrize(
    ("alt", "asked"),
    [("25", False), ("89", False), ("90", True), ("179", True), ("180", False), ("normal", False)],
)
def test_uln_asked_only_where_it_decides(screen, alt, asked) -> None:  # I5, issue 11.1
    out = screen({**CLEAN_G1, "alt": alt})
    assert ("alt_uln" in out["engine"].answers) is asked


@pytest.mark.parametrize(
    ("alt", "want"),
    [("25", "pass"), ("89", "pass"), ("180", "fail"), ("110", "pass"), ("120", "fail")],
)  # 3 x 40 (the file's ULN) = 120
def test_alt_decided_without_or_with_limit(screen, alt, want) -> None:  # I5
    assert status(screen, {"alt": alt}, "I5") == want


@pytest.mark.parametrize(
    ("fact", "text", "want"),
    [
        ("alt", "normal", "pass"),
        ("ast", "正常", "pass"),
        ("alt", "within normal limits", "pass"),
        ("creatinine", "normal", "pass"),
        ("spo2", "normal", "unknown"),
        ("spo2", "正常", "unknown"),
        ("lymphocytes", "normal", "pass"),
        ("proteinuria_24h", "normal", "fail"),
    ],
)
def test_normal_read_as_in_range_where_it_decides(screen, fact, text, want) -> None:  # I5
    cid = {"lymphocytes": "I6", "proteinuria_24h": "I3.G1"}.get(fact, "I5")
    lang = "en" if text.isascii() else "zh"
    assert status(screen, {fact: text}, cid, lang=lang) == want


# --------------------------------------------------------------------------- prescreen criteria

DOCS = __import__("pathlib").Path(__file__).resolve().parents[2] / "docs" / "criteria"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_generated_criteria_docs_are_current(loaded, lang) -> None:
    """docs/criteria/*.md is `prescreen criteria` of the bundled dialog: regenerate on change
    (`prescreen criteria --lang LANG > docs/criteria/nct05930314.LANG.md`)."""
    from assistant.review.criteria_doc import render

    path = DOCS / f"nct05930314.{lang}.md"
    assert path.read_text(encoding="utf-8") == render(loaded.dialog, lang), f"{path} is stale"


def test_criteria_view_shows_record_rule_notes_and_questions(loaded) -> None:
    from assistant.review.criteria_doc import render

    en, zh = render(loaded.dialog, "en"), render(loaded.dialog, "zh")
    for c in loaded.dialog.criteria:
        assert f"## {c.id}: " in en and f"## {c.id}: " in zh
        for nid in c.notes:
            assert f"**{nid}**" in en
    assert "`creatinine` is at most 1.5 mg/dL (133 umol/L) (the boundary itself included)" in en
    assert "`spo2` is above 95 % (the boundary itself excluded)" in en
    assert "`ln_refractory` (ln_refractory): Has your kidney disease gone into remission" in en
    assert "asked the opposite way" in en and "问题以相反方向提问" in zh
    assert "不超过" in zh and "相关问题" in zh


def test_criteria_cli(tmp_path) -> None:
    import subprocess
    import sys

    run = [sys.executable, "-m", "assistant", "criteria", "--lang", "zh"]
    p = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout.startswith("# ") and "## E14" in p.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("trial: 1\n", encoding="utf-8")
    p = subprocess.run([*run, "--dialog", str(bad)], capture_output=True, text=True, timeout=60)
    assert p.returncode != 0 and str(bad) in p.stderr and p.stdout == ""


# --------------------------------------------------------------------------- whole patients

CLINICAL = sorted((DOCS.parent.parent / "tests" / "data" / "vignettes_clinical").glob("*.json"))


def test_clinical_vignettes_exist() -> None:
    assert len(CLINICAL) >= 30


@pytest.mark.parametrize("path", CLINICAL, ids=[p.stem for p in CLINICAL])
def test_clinical_vignette(path, screen) -> None:
    """Whole patients for every finding, judged as shared/eval/score_vignettes.py does."""
    import json

    from test_vignettes_heldout import judge

    v = json.loads(path.read_text(encoding="utf-8"))
    got = screen(v["answers"], lang=v.get("lang", "en"))
    assert judge(v["expect"], got) is None, path.name


def test_every_note_reads_in_chinese(loaded) -> None:
    from assistant.review.criteria_doc import render

    zh = render(loaded.dialog, "zh")
    for n in loaded.dialog.notes:
        assert n.zh is not None, n.id
        assert n.text("zh").interpretation.split("。")[0][:20] in " ".join(zh.split())


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('normal_value: "1.3 mg/dL"', 'normal_value: "lots"', "cannot be read"),
        ("screen_from: ln_refractory", "screen_from: medical_history", "earlier question"),
        ("{undecided: N16}", "{undecided: N4}", "names note 'N4'"),
        ("    notes: [N25]\n    met_when:", "    notes: []\n    met_when:", "does not list it"),
        ("document_fact: lab_document", "document_fact: age", "no yes/no question"),
    ],
)
def test_dialog_check_guards_the_reading_fields(tmp_path, old, new, problem) -> None:
    from assistant.trial.check import check_dialog
    from assistant.trial.dialog import load_dialog

    src = DOCS.parent.parent / "dialogs" / "nct05930314.yaml"
    text = src.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "d.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = check_dialog(load_dialog(bad))
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("5 mg for 2 weeks, before that 10 mg for 3 months", "pass"),  # a taper within the cap
        ("reduced from 10 to 5 mg two weeks ago after 4 months on 10 mg", "pass"),
        ("5毫克2周，之前10毫克3个月", "pass"),
        ("20 mg for 2 months then 10 mg for 3 weeks", "fail"),  # only 3 weeks at <= 10 mg
        ("10 mg for 3 months, 20 mg for 1 month, 5 mg for 2 weeks", "unknown"),
    ],
)
def test_taper_told_as_periods(screen, text, want) -> None:  # I7
    changes = {
        "steroid_dose": "prednisone 5 mg",
        "steroid_months": text,
        "steroid_intolerance": "no",
    }
    lang = "en" if text.isascii() else "zh"
    assert status(screen, changes, "I7", lang=lang) == want
