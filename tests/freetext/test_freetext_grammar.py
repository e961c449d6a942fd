"""The clause grammar of the free-text matcher, class by class, in English and Chinese.

Each class has cases on both sides: the construction changes the status, and a near neighbour
without it keeps the ordinary reading. Sentences are general cases, not the issue's examples.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.freetext.holidays import easter, find_holidays
from assistant.freetext.matcher import Matcher
from assistant.text.langdata import LangData, lang_data
from assistant.trial.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2025, 1, 15)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_lexicon(ROOT / "dialogs" / "nct05930314.yaml"))


def status(m: Matcher, text: str, crit: str, today: dt.date = TODAY) -> str | None:
    """The strongest status for `crit` in `text` (None: no hit)."""
    rank = {"affirmed": 3, "uncertain": 2, "outside_window": 1, "negated": 0}
    best = None
    for h in m.match(text, today=today).hits:
        if h.criterion == crit and (best is None or rank[h.status] > rank[best]):
            best = h.status
    return best


CASES = [
    # double negation cancels; a single negation still denies
    ("it's not true that she doesn't have HIV", "E5", "affirmed"),  # E5
    ("she doesn't have HIV", "E5", "negated"),
    ("他并不是没有丙肝", "E5", "affirmed"),
    ("他没有丙肝", "E5", "negated"),
    # a negation does not cross a comma into a phrase with its own verb
    ("no cough, got a coronary stent put in two weeks ago", "E8", "affirmed"),  # E8
    ("no cough or coronary stent", "E8", "negated"),
    ("没有咳嗽，上周放了冠脉支架", "E8", "affirmed"),
    # post-mention negation: planned, then it did not take place
    ("knee replacement was booked for last week but it got cancelled", "E6", "negated"),  # E6
    ("knee replacement last week", "E6", "affirmed"),
    ("上周本来要做膝关节置换手术，后来取消了", "E6", "negated"),
    # ruling out
    ("active TB has been ruled out", "E4", "negated"),  # E4
    ("医生排除了肺结核", "E4", "negated"),
    ("医生说是肺结核", "E4", "affirmed"),
    # the latest result wins
    (
        "syphilis test came back positive, then the confirmatory test was negative",
        "E5",
        "negated",
    ),  # E5
    ("syphilis test came back positive", "E5", "affirmed"),
    ("查出梅毒阳性，后来复查是阴性", "E5", "negated"),
    # hedges over the claim they govern
    ("I'm pretty sure the doctor said I have hepatitis C", "E5", "uncertain"),
    ("the doctor said I have hepatitis C", "E5", "affirmed"),
    ("got a live shingles vaccine last week. not totally sure", "E9", "uncertain"),  # E9
    ("got a live shingles vaccine last week", "E9", "affirmed"),
    ("上周打了黄热病疫苗，不太确定", "E9", "uncertain"),
    # form-style answers: the value decides, a label alone never affirms
    ("Epilepsy: nil", "E11", "negated"),  # E11
    ("Epilepsy: yes", "E11", "affirmed"),
    ("Epilepsy: unknown", "E11", "uncertain"),
    ("Epilepsy:", "E11", "uncertain"),
    ("Previous CAR-T? no", "E13", "negated"),  # E13
    ("癫痫：无", "E11", "negated"),
    ("癫痫：否认", "E11", "negated"),
    ("癫痫：有", "E11", "affirmed"),
    ("癫痫：", "E11", "uncertain"),
    # intent to join another trial counts whatever its date
    ("I am going to enrol in another clinical trial in August", "E10", "affirmed"),  # E10
    ("我准备八月份参加另一个临床试验", "E10", "affirmed"),
]


@pytest.mark.parametrize(("text", "crit", "expected"), CASES)
def test_grammar_classes(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


# E8: the QTcB limit is 450 ms for men and 470 ms for women; a sex marker in the text sets it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52 yo M. QTc 455", "affirmed"),
        ("52 yo F. QTc 455", "negated"),
        ("F, QTc 475", "affirmed"),
        ("男，QTc 455毫秒", "affirmed"),
        ("女，QTc 455毫秒", "negated"),
        ("女，QTc 471毫秒", "affirmed"),
        ("QTc 455", "uncertain"),  # no sex stated: either reading
    ],
)
def test_sex_marker_sets_qtc_limit(matcher: Matcher, text: str, expected: str) -> None:
    assert status(matcher, text, "E8") == expected


def test_experiencer_by_sentence(matcher: Matcher) -> None:  # E11, E8
    # a relative answering for the patient keeps the patient as experiencer
    assert status(matcher, "I'm filling this in for my husband. He has epilepsy.", "E11") == (
        "affirmed"
    )
    # a relative's condition in one sentence does not carry to the next one
    text = "My aunt has epilepsy. I had a heart attack in December."
    assert status(matcher, text, "E11") is None
    assert status(matcher, text, "E8") == "affirmed"
    assert status(matcher, "My aunt has epilepsy.", "E11") is None


# -- holidays as dates ---------------------------------------------------------------------------
def test_easter_dates() -> None:
    assert [easter(y) for y in (2019, 2024, 2025)] == [
        dt.date(2019, 4, 21),
        dt.date(2024, 3, 31),
        dt.date(2025, 4, 20),
    ]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("surgery at easter", dt.date(2025, 5, 1), dt.date(2025, 4, 20)),
        ("surgery at easter", dt.date(2025, 4, 1), dt.date(2024, 3, 31)),  # most recent past
        ("i will have surgery at easter", dt.date(2025, 4, 1), dt.date(2025, 4, 20)),  # a plan
        ("surgery at easter 2023", dt.date(2025, 4, 1), dt.date(2023, 4, 9)),
        ("中秋做了手术", dt.date(2025, 1, 15), dt.date(2024, 9, 17)),
        ("去年中秋做了手术", dt.date(2025, 1, 15), dt.date(2024, 9, 17)),
        ("2023年端午做了手术", dt.date(2025, 1, 15), dt.date(2023, 6, 22)),
    ],
)
def test_holiday_dates(text: str, today: dt.date, expected: dt.date) -> None:
    found = find_holidays(text, today)
    assert [f[2] for f in found] == [expected]


def test_holiday_inside_and_outside_window(matcher: Matcher) -> None:  # E6: 4 weeks
    assert status(matcher, "had my gallbladder out over christmas", "E6") == "affirmed"
    assert status(matcher, "had my gallbladder out at easter", "E6") == "outside_window"
    assert status(matcher, "春节期间做了胆囊切除手术", "E6", dt.date(2025, 2, 10)) == "affirmed"
    assert status(matcher, "春节期间做了胆囊切除手术", "E6", dt.date(2025, 6, 10)) == (
        "outside_window"
    )


def test_no_holiday_in_ordinary_numbers() -> None:
    assert find_holidays("十一月做了手术", TODAY) == []
    assert find_holidays("no holiday here", TODAY) == []


# -- language data -------------------------------------------------------------------------------
def test_language_files_validate() -> None:
    for lang in ("en", "zh"):
        data = lang_data(lang)
        assert data.language == lang
        assert data.grammar.double_negation and data.grammar.form_no


def test_language_file_rejects_bad_pattern() -> None:
    with pytest.raises(ValueError, match="bad pattern"):
        LangData.model_validate({"language": "en", "grammar": {"cancelled": ["(unclosed"]}})
    with pytest.raises(ValueError):
        LangData.model_validate({"language": "fr"})


# -- more form-style shapes and results in time order ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("Hepatitis B, hepatitis C, HIV: none", "E5", "negated"),  # E5: a list label
        ("Hepatitis B, hepatitis C, HIV: yes, hepatitis B", "E5", "affirmed"),
        ("Live vaccines in the past six weeks: none", "E9", "negated"),  # E9
        ("Epilepsy or other brain disease? Neither.", "E11", "negated"),  # E11
        ("Epilepsy, never", "E11", "negated"),
        ("Epilepsy, since I was a child", "E11", "affirmed"),
        ("最近三个月参加过其他临床试验吗？没有", "E10", "negated"),  # E10
        ("癫痫这个，从来没有", "E11", "negated"),
        ("HIV antibody negative first, but the repeat test came back positive", "E5", "affirmed"),
        ("第一次查艾滋病阴性，复查的时候是阳性", "E5", "affirmed"),
        ("HIV positive at first, then the confirmatory western blot was negative", "E5", "negated"),
    ],
)
def test_forms_and_latest_result(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


# -- Chinese by sound: typed pinyin and input-method homophones ----------------------------------
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("ta you aizibing", "E5", "affirmed"),  # E5: 她有艾滋病 typed in pinyin
        ("mei you aizibing", "E5", "negated"),
        ("shang zhou zuo le shou shu", "E6", "affirmed"),  # E6: 上周做了手术
        ("san nian qian zuo le shou shu", "E6", "outside_window"),
        ("wo mei you yigan", "E5", "negated"),  # 我没有乙肝, not 我妹有乙肝
        ("我有新脏病", "E8", "affirmed"),  # E8: 心脏病 typed with a homophone
    ],
)
def test_chinese_by_sound(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


def test_pinyin_evidence_quotes_the_text(matcher: Matcher) -> None:
    (hit,) = matcher.match("ta you aizibing", today=TODAY).hits
    assert hit.evidence == "aizibing" and hit.score < 100


def test_english_is_not_read_as_pinyin(matcher: Matcher) -> None:
    for text in ("I am fine thank you", "no", "she went home", "a hen ran"):
        assert matcher.match(text, today=TODAY).hits == []
    # an explicit English reading never tries pinyin
    assert matcher.match("ta you aizibing", lang="en", today=TODAY).hits == []


def test_homophone_never_rewrites_a_phrase_written_as_it_is(matcher: Matcher) -> None:  # E7
    # 原位癌 (in situ, the record's exception) holds 位癌, which sounds like 胃癌 (gastric cancer)
    assert status(matcher, "宫颈原位癌", "E7") != "affirmed"


@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("s/p cholecystectomy, remote", "E6", "outside_window"),  # E6: "remote" is long ago
        ("s/p cholecystectomy last week", "E6", "affirmed"),
        ("乙肝，应该是吧", "E5", "uncertain"),  # E5: a trailing hedge in Chinese
        ("乙肝", "E5", "affirmed"),
    ],
)
def test_remote_and_trailing_zh_hedge(
    matcher: Matcher, text: str, crit: str, expected: str
) -> None:
    assert status(matcher, text, crit) == expected


def test_shopping_festival_dates() -> None:
    assert [f[2] for f in find_holidays("双十一打的疫苗", TODAY)] == [dt.date(2024, 11, 11)]


# "cannot be excluded" and "unlikely" are possibilities, not denials; "ruled out" still denies.
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("Sepsis cannot be excluded at this point", "E4", "uncertain"),  # E4
        ("Sepsis has been excluded", "E4", "negated"),
        ("Cardiomyopathy not ruled out", "E8", "uncertain"),  # E8
        ("Cardiomyopathy ruled out by echo", "E8", "negated"),
        ("Meningitis felt to be unlikely.", "E11", "uncertain"),  # E11
        ("unlikely to be meningitis", "E11", "uncertain"),
        ("不排除脑膜炎", "E11", "uncertain"),
        ("已排除脑膜炎", "E11", "negated"),
        ("脑膜炎的可能性不大", "E11", "uncertain"),
    ],
)
def test_possibility_is_not_denial(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("no improvement in her pneumonia despite antibiotics", "E4", "affirmed"),  # pseudo
        ("no pneumonia", "E4", "negated"),
        ("no history of stroke, presented with a stroke yesterday", "E11", "affirmed"),  # E11
        ("no history of stroke presents with a stroke yesterday", "E11", "affirmed"),
        ("the neurologist suspects meningitis", "E11", "uncertain"),
    ],
)
def test_clinical_note_cues(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


# The writer answering for someone else: her own "I have ..." is not the patient's.
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("I'm his wife. I have HIV, he doesn't.", "E5", None),  # E5
        ("I'm his wife. He has HIV.", "E5", "affirmed"),
        ("Answering on behalf of my dad. I had a stroke last month.", "E11", None),  # E11
        ("Answering on behalf of my dad. He had a stroke last week.", "E11", "affirmed"),
        ("I had a stroke last week.", "E11", "affirmed"),
        ("我是她丈夫。我有艾滋病，她没有。", "E5", None),
        ("我是她丈夫。她有艾滋病。", "E5", "affirmed"),
    ],
)
def test_writer_for_someone_else(
    matcher: Matcher, text: str, crit: str, expected: str | None
) -> None:
    assert status(matcher, text, crit) == expected


# "since <year>" is a state lasting until now: inside any look-back window, unless the state is
# being free of it.
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("multiple myeloma since 2012, still on treatment", "E7", "affirmed"),  # E7
        ("multiple myeloma in 2012, treated", "E7", "outside_window"),
        ("cancer free since 2012, it was a myeloma", "E7", "outside_window"),
        ("骨髓瘤从2012年开始治疗，现在还在用药", "E7", "affirmed"),
        ("in another clinical trial since 2023, still enrolled", "E10", "affirmed"),  # E10
    ],
)
def test_since_lasts_until_now(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


# A month without a year: the most recent one for a past event, the next one for a plan.
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("I'm having a hip replacement in March", "E6", "uncertain"),  # E6: a plan, not old news
        ("I had a hip replacement in March", "E6", "outside_window"),  # March 2024
        ("准备三月份做髋关节置换手术", "E6", "uncertain"),
        ("三月份做了髋关节置换手术", "E6", "outside_window"),
    ],
)
def test_month_without_year(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected


def test_month_without_year_dates(matcher: Matcher) -> None:
    (plan,) = matcher.match("I'm having a hip replacement in March", today=TODAY).hits
    (past,) = matcher.match("I had a hip replacement in March", today=TODAY).hits
    assert plan.when == dt.date(2025, 3, 1) and past.when == dt.date(2024, 3, 1)


# An age at the event and the age now date the event ("at 30 ... I'm 33": three years ago).
@pytest.mark.parametrize(
    ("text", "crit", "expected"),
    [
        ("had lymphoma at age 30, I'm 33 now", "E7", "affirmed"),  # E7: 3 years ago
        ("had lymphoma at age 20, I'm 33 now", "E7", "outside_window"),  # 13 years ago
        ("30岁时得过淋巴瘤，现在33岁", "E7", "affirmed"),
        ("20岁时得过淋巴瘤，现在33岁了", "E7", "outside_window"),
    ],
)
def test_age_dates_the_event(matcher: Matcher, text: str, crit: str, expected: str) -> None:
    assert status(matcher, text, crit) == expected
