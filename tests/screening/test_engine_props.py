"""Property tests: arbitrary answer texts never crash the engine, and every run ends."""

from __future__ import annotations

from collections import Counter

from conftest import TODAY, shared_matcher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.screening.engine import Screening

WORDS = st.sampled_from(
    [
        "yes",
        "no",
        "don't know",
        "是",
        "没有",
        "不知道",
        "45",
        "1.2",
        "97 umol/L",
        "2.4 g/24h",
        "prednisone 5 mg",
        "IV",
        "42, 45",
        "female",
        "男",
        "hepatitis B",
        "no TB but I have HIV",
        "[bold]x[/bold]",
        "",
        "   ",
        "\x00\x1b[31m",
        "9" * 40,
        "QT 400 HR 75",
        "nephritis",
    ]
)
ANSWER = st.one_of(WORDS, st.text(max_size=60))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=st.lists(ANSWER, min_size=1, max_size=200),
    mode=st.sampled_from(["collect", "first_fail"]),
    lang=st.sampled_from(["en", "zh"]),
)
def test_any_answers_end_with_an_outcome(loaded, answers, mode, lang):
    engine = Screening(
        loaded.dialog,
        today=TODAY,
        lang=lang,
        mode=mode,
        matcher_factory=lambda: shared_matcher(loaded),
    )
    accepted: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    steps = 0
    while (prompt := engine.next_prompt()) is not None:
        text = answers[steps % len(answers)] if steps < len(answers) else "don't know"
        step = engine.answer(prompt.id, text)
        (accepted if step.accepted else rejected)[prompt.id] += 1
        steps += 1
        assert steps < 10_000, "the flow did not end"
    # No question asked twice unless its answer was rejected.
    assert all(n == 1 for n in accepted.values())
    asked = Counter(engine.asked)
    assert all(asked[q] == accepted[q] + rejected[q] for q in asked)
    summary = engine.summary()
    assert summary["outcome"] in ("pass", "fail", "review")
    if mode == "collect":
        assert summary["outcome"] != "pass" or not summary["unknown"]
