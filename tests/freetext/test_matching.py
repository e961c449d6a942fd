"""Public behaviour of the free-text matcher: the Matcher API and `prescreen match`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.freetext.matcher import Matcher
from assistant.trial.lexicon import Lexicon, LexiconError, load_lexicon

ROOT = Path(__file__).resolve().parents[2]
DIALOG = ROOT / "dialogs" / "nct05930314.yaml"
TODAY = dt.date(2025, 1, 15)
STATUSES = {"affirmed", "negated", "uncertain", "outside_window"}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_lexicon(DIALOG))


def statuses(m: Matcher, text: str) -> dict[str, str]:
    """criterion -> strongest status for `text`."""
    rank = {"affirmed": 3, "uncertain": 2, "outside_window": 1, "negated": 0}
    out: dict[str, str] = {}
    for h in m.match(text, today=TODAY).hits:
        if h.criterion not in out or rank[h.status] > rank[out[h.criterion]]:
            out[h.criterion] = h.status
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no tuberculosis, but I have HIV", {"E4": "negated", "E5": "affirmed"}),
        ("没有乙肝，但是有艾滋病", {"E5": "affirmed"}),
        ("I had hepatitis B, I think", {"E5": "uncertain"}),
        ("不确定有没有丙肝", {"E5": "uncertain"}),
        ("might need dialysis next year", {"E2": "uncertain"}),
        ("我准备怀孕", {"E3": "uncertain"}),
        ("my brother has epilepsy", {}),
        ("我妈妈有乙肝", {}),
        ("treated for TB twenty years ago", {"E4": "outside_window"}),
        ("knee replacement 3 weeks ago", {"E6": "affirmed"}),
        ("knee replacement 5 weeks ago", {"E6": "outside_window"}),
        ("MMR vaccine 5 weeks ago", {"E9": "affirmed"}),
        ("MMR vaccine 7 weeks ago", {"E9": "outside_window"}),
        ("三周前打了水痘疫苗", {"E9": "affirmed"}),
        ("ovarian cancer in 2021", {"E7": "affirmed"}),
        ("ovarian cancer in 2018", {"E7": "uncertain"}),  # not said to be over (ongoing span)
        ("ovarian cancer in 2012", {"E7": "outside_window"}),
        ("去年得了肺癌", {"E7": "affirmed"}),
        ("heart attack 5 months ago", {"E8": "affirmed"}),
        ("heart attack 8 months ago", {"E8": "outside_window"}),
        ("hepatitus C", {"E5": "affirmed"}),
        ("I'm pregant", {"E3": "affirmed"}),
        ("ejection fraction 40%", {"E8": "affirmed"}),
        ("ejection fraction 60%", {"E8": "negated"}),
        ("creatinine clearance 22", {"E2": "affirmed"}),
        ("I have lupus", {}),
    ],
)
def test_statuses(matcher: Matcher, text: str, expected: dict[str, str]) -> None:
    got = statuses(matcher, text)
    for crit, status in expected.items():
        assert got.get(crit) == status, (text, got)
    if not expected:
        assert "affirmed" not in got.values(), (text, got)


@pytest.mark.parametrize(
    ("text", "crit"),
    [
        ("atrial fibrillation", "E8"),
        ("paroxysmal SVT", "E8"),
        ("cervical carcinoma in situ", "E7"),
        ("basal cell carcinoma, removed", "E7"),
        ("flu shot 2 weeks ago", "E9"),
        ("Shingrix last week", "E9"),
        ("hepatitis A", "E5"),
        ("hepatitis B vaccine", "E5"),
        ("tooth extraction last week", "E6"),
        ("allergic to peanuts", "E12"),
        ("latent TB", "E4"),
    ],
)
def test_exceptions_never_affirm(matcher: Matcher, text: str, crit: str) -> None:
    res = matcher.match(text, today=TODAY)
    assert not [h for h in res.hits if h.criterion == crit and h.status == "affirmed"], res


def test_hit_fields_and_json(matcher: Matcher) -> None:
    res = matcher.match("Hepatitis B carrier since 2010", today=TODAY)
    (hit,) = [h for h in res.hits if h.criterion == "E5"]
    assert hit.item == "E5.hbv" and hit.status == "affirmed" and hit.score == 100
    assert hit.evidence == "Hepatitis B carrier"  # as written
    d = hit.to_json()
    assert {"criterion", "status", "score", "evidence"} <= set(d)
    assert res.to_json()["text"] == "Hepatitis B carrier since 2010"


def test_fuzzy_scores_below_exact(matcher: Matcher) -> None:
    (hit,) = matcher.match("on dialisis", today=TODAY).hits
    assert hit.criterion == "E2" and 80 <= hit.score < 100


@pytest.mark.parametrize(
    "text, expected",
    [
        ("透吸做了半年了", {"E2": "affirmed"}),  # sound-alike typing
        ("肺结合还在治疗", {"E4": "affirmed"}),
        ("中西医结合治疗", {}),  # an ordinary word that sounds like one is not corrected
        ("我爸是尿毒症，在做血透", {}),  # the relative stays the subject
        ("我爸是尿毒症，我在做血透", {"E2": "affirmed"}),
        ("没怀孕，就是还在给孩子喂母乳", {"E3": "affirmed"}),
        ("可能对DMSO过敏，两年前做过CAR-T", {"E12": "uncertain", "E13": "affirmed"}),
        ("没有，乙肝丙肝艾滋梅毒都查过，全是阴性", {"E5": "negated"}),
        ("乙肝表面抗原阳性，其他都是阴性", {"E5": "affirmed"}),
        ("十年前得过甲状腺癌，一周前拔了牙", {"E7": "outside_window"}),
        ("肌酐清除率大概只有二十几", {"E2": "uncertain"}),
        ("射血分数百分之三十五", {"E8": "affirmed"}),
    ],
)
def test_chinese_clauses_and_typing(matcher: Matcher, text: str, expected: dict[str, str]) -> None:
    got = statuses(matcher, text)
    assert {c: got.get(c) for c in expected} == expected and (expected or not any(
        s == "affirmed" for s in got.values()))


def test_confirmation_and_speaks_to(matcher: Matcher) -> None:
    q = matcher.confirmation("E5.hbv", "en")
    assert "HBsAg" in q and q.endswith("?")
    assert "乙肝" in matcher.confirmation("E5.hbv", "zh")
    assert matcher.speaks_to("E5.hbv") == ["hbsag"]
    assert matcher.speaks_to("E13.car_t") == ["prior_car_t"]


def test_language_detection(matcher: Matcher) -> None:
    assert matcher.match("hello", today=TODAY).lang == "en"
    assert matcher.match("你好", today=TODAY).lang == "zh"
    assert matcher.match("hello", lang="zh", today=TODAY).lang == "zh"


def test_lexicon_rejects_unknown_fields() -> None:
    import yaml

    data = yaml.safe_load(DIALOG.read_text(encoding="utf-8"))["lexicon"]
    data["criteria"][0]["items"][0]["colour"] = "red"
    with pytest.raises(Exception, match="colour"):
        Lexicon.from_dict(data)


def test_load_lexicon_names_file(tmp_path: Path) -> None:
    bad = tmp_path / "d.yaml"
    bad.write_text("trial: {}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="d.yaml"):
        load_lexicon(bad)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_valid_hits(text: str) -> None:
    m = _shared()
    res = m.match(text, today=TODAY)
    for h in res.hits:
        assert h.status in STATUSES and 0 <= h.score <= 100
        assert h.criterion in {f"E{i}" for i in range(2, 14)}


_M: list[Matcher] = []


def _shared() -> Matcher:
    if not _M:
        _M.append(Matcher(load_lexicon(DIALOG)))
    return _M[0]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "match", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def test_cli_args_and_stdin_order() -> None:
    p = _cli("--today", "2025-01-15", "no HIV", "乙肝")
    assert p.returncode == 0, p.stderr
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert [x["text"] for x in lines] == ["no HIV", "乙肝"]
    assert lines[1]["hits"][0]["criterion"] == "E5"
    texts = ["I am pregnant", "", "nothing", "做过CAR-T", "HIV"]
    p = _cli("--today", "2025-01-15", stdin="\n".join(texts) + "\n")
    assert p.returncode == 0, p.stderr
    out = [json.loads(x) for x in p.stdout.splitlines()]
    assert [o["text"] for o in out] == texts
    assert out[0]["hits"][0]["status"] == "affirmed"


def test_cli_errors_name_the_problem(tmp_path: Path) -> None:
    p = _cli("--dialog", str(tmp_path / "missing.yaml"), "x")
    assert p.returncode != 0 and "missing.yaml" in p.stderr and not p.stdout
    p = _cli("--today", "15/01/2025", "x")
    assert p.returncode != 0 and "--today" in p.stderr


def test_matcher_for_is_built_once() -> None:
    from assistant.freetext.matcher import matcher_for

    assert matcher_for(str(DIALOG)) is matcher_for(str(DIALOG))


_TIME_BITS = st.sampled_from(
    ["3", "十", "两", "半", "几", "十几", "一", "个", "月", "周", "星期", "礼拜", "年", "天", "前",
     "后", "内", "多", "去年", "上个月底", "12月", "2019年", " weeks ago", " months ago", "last ",
     "year", "in ", "March", " 5", ", 2024", "/", "2024-02-30", "13/2024", "since ", "over "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TIME_BITS, max_size=8).map("".join))
def test_time_like_text_never_crashes(text: str) -> None:
    res = _shared().match("surgery " + text + " 手术", today=TODAY)
    assert all(h.status in STATUSES for h in res.hits)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("breast cancer 2019", "uncertain"),  # 6 years ago, not said to be over
        ("乳腺癌 2018年", "uncertain"),
        ("breast cancer 2019, treated, in remission", "outside_window"),
        ("had breast cancer in 2015", "outside_window"),  # "had": over
        ("prostate cancer in 2005", "outside_window"),  # beyond the 10-year span
        ("lung cancer last year", "affirmed"),
    ],
)
def test_an_old_cancer_not_said_to_be_over_is_uncertain(matcher, text, status):
    hits = [h for h in matcher.match(text, today=TODAY).hits if h.criterion == "E7"]
    assert [h.status for h in hits] == [status]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 1. a trailing "not me" / 不是我 gives the condition to someone else
        ("he's on dialysis, not me", {"E2": None}),
        ("she is breastfeeding not me", {"E3": None}),
        ("I'm answering for my mom, she has TB, not me", {"E4": "affirmed"}),
        ("他在做透析，不是我本人", {"E2": None}),
        ("她有癫痫，不是我", {"E11": None}),
        # 2. Chinese hedges over the whole answer; 参加…研究 is E10
        ("乙肝表面抗原阳性，说不准", {"E5": "uncertain"}),
        ("肌酐清除率二十五，不太确定", {"E2": "uncertain"}),
        ("上个月得过肺炎，记不清了", {"E4": "uncertain"}),
        ("不知道是不是对环磷酰胺过敏", {"E12": "uncertain"}),
        ("不知道对冻存液会不会过敏", {"E12": "uncertain"}),
        ("参与过一个研究，上个月刚结束", {"E10": "affirmed"}),
        # 3. lay bloodstream infection
        ("the blood cultures showed bacteria last week", {"E4": "affirmed"}),
        ("they found germs in my blood, still on antibiotics", {"E4": "affirmed"}),
        ("血液中检出大肠杆菌，还在治疗", {"E4": "affirmed"}),
        # 4. a value a few words after the name, inside its clause
        ("my EF has dropped to 40 percent", {"E8": "affirmed"}),
        ("EF was measured by echo at 38%", {"E8": "affirmed"}),
        ("射血分数测出来只有35%", {"E8": "affirmed"}),
        ("ejection fraction normal, creatinine 35", {"E8": None}),
        ("肌酐清除率不到30", {"E2": "affirmed"}),
        # 5. wanting to join another trial is E10; joining this one is not
        ("I'd like to join a belimumab trial as well", {"E10": "affirmed"}),
        ("我还想参加另一个药的试验", {"E10": "affirmed"}),
        ("I want to join this CAR-T study", {"E10": None, "E13": None}),
        # 6. allergy to what this trial uses is E12, and not E10
        ("I am allergic to the cells used in this study", {"E12": "affirmed", "E10": None}),
        ("对本试验用的细胞成分过敏", {"E12": "affirmed", "E10": None}),
        # 7. the excision of an excepted tumour is not major surgery
        ("squamous cell skin cancer removed surgically in December", {"E6": None}),
        ("宫颈原位癌，做了手术切除", {"E6": None}),
        ("基底细胞癌两年前切了，上周还做了手术", {"E6": "affirmed"}),
        # 8. an undated earlier study only asks; a current or dated one decides
        ("以前参加过别的研究", {"E10": "uncertain"}),
        ("before this I was part of a different lupus study", {"E10": "uncertain"}),
        ("I'm in another study right now", {"E10": "affirmed"}),
        ("I was in a trial until August", {"E10": "outside_window"}),
    ],
)
def test_fresh7_classes(matcher: Matcher, text: str, expected: dict[str, str | None]) -> None:
    got = statuses(matcher, text)
    assert {c: got.get(c) for c in expected} == expected, got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("透析的是我爸，不是我", {"E2": None}),
        ("乙肝是我老公的，不是我本人", {"E5": None}),
        ("我有乙肝，不是我老公", {"E5": "affirmed"}),
        ("我妈没有乙肝，我有乙肝，不是我", {"E5": "affirmed"}),
    ],
)
def test_zh_not_me_names_someone_else(matcher: Matcher, text: str,
                                      expected: dict[str, str | None]) -> None:
    got = statuses(matcher, text)
    assert {c: got.get(c) for c in expected} == expected, got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NYHA class written in Chinese numerals / Roman numerals
        ("我的心功能是四级", {"E8": "affirmed"}),
        ("心功能Ⅳ级，走几步就喘", {"E8": "affirmed"}),
        ("心衰二级，平时还好", {"E8": None}),
        # a hedged long QT in Chinese only asks
        ("上次查心电图，QTc可能有点长", {"E8": "uncertain"}),
        # an allergy named by its reaction
        ("cyclophosphamide makes me break out in hives", {"E12": "affirmed"}),
        ("氟达拉滨让我出疹子", {"E12": "affirmed"}),
        ("the fludarabine gave me a bad reaction last time", {"E12": "affirmed"}),
        # a treatment a doctor only brought up is not received
        ("the hematologist brought up CAR-T cell therapy", {"E13": "uncertain"}),
        ("主任提到过CAR-T这个办法", {"E13": "uncertain"}),
        # a named serious infection treated now is also an active infection
        ("admitted on Sunday with bacterial meningitis, on IV antibiotics",
         {"E4": "affirmed", "E11": "affirmed"}),
        ("细菌性脑膜炎，现在还在住院", {"E4": "affirmed"}),
        ("got meningitis when I was 6", {"E4": "outside_window"}),
        # a test result separated from the disease word
        ("the RPR screening test from my GP was positive", {"E5": "affirmed"}),
        ("my hep C test came back positive last spring", {"E5": "affirmed"}),
        ("last HIV test was negative", {"E5": "negated"}),
        ("丙肝检测结果呈阳性", {"E5": "affirmed"}),
        ("艾滋病检查是阴性的", {"E5": "negated"}),
        ("I get an HIV test every year", {"E5": None}),
        # a history cue of one comma-phrase stays out of the next one with its own "now"
        ("got the chickenpox shot as a toddler, now breastfeeding my son",
         {"E3": "affirmed", "E9": "outside_window"}),
        ("in my twenties I had the yellow fever jab, currently pregnant", {"E3": "affirmed"}),
        ("小时候打过水痘疫苗，现在在哺乳", {"E3": "affirmed", "E9": "outside_window"}),
        # just recovered is over
        ("肺结核刚治好，在家休息", {"E4": "outside_window"}),
    ],
)
def test_fresh8_lexicon_classes(matcher: Matcher, text: str,
                                expected: dict[str, str | None]) -> None:
    got = statuses(matcher, text)
    assert {c: got.get(c) for c in expected} == expected, got


@pytest.mark.parametrize(
    ("text", "affirmed"),
    [
        ("乙肝检查只有表面抗体阳性", False),  # surface antibody: vaccinated, not HBsAg
        ("hepatitis B test positive, antibodies from the vaccine", False),
        ("乙肝检查结果是阳性", True),
        ("my hep b test came back positive", True),
    ],
)
def test_a_positive_hepatitis_b_antibody_is_not_hbsag(matcher, text, affirmed):
    hits = [h for h in matcher.match(text, today=TODAY).hits if h.criterion == "E5"]
    assert any(h.status == "affirmed" for h in hits) is affirmed
