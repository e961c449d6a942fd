"""assistant.text: one normalizer, one numeral reader, one calendar, one set of answer words.

The free-text modules still hold their own copies (timewindow.py, numeric.py, matching.py are
being rewritten elsewhere); these tests prove the shared functions are drop-in replacements for
them on every input those copies are used on, so switching changes no result.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.answers.parse import parse_answer
from assistant.freetext import matcher as matching
from assistant.freetext import numeric
from assistant.freetext import times as timewindow
from assistant.text.dates import (
    MONTHS,
    DateProblem,
    add_months,
    day_month_readings,
    find_date,
    months_between,
    numeric_date_interval,
    shift,
)
from assistant.text.normalize import normalize, normalize_aligned
from assistant.text.numerals import chinese_amount, chinese_integer, numerals_to_digits

TODAY = dt.date(2025, 1, 15)

# Every string the free-text readers' own patterns can hand to their number readers.
_ZNUM = re.compile(r"(\d+|[一二两俩三四五六七八九十半几]+|好几)")
_ZH = "一二两三四五六七八九十"
_RUNS = ["".join(p) for n in (1, 2, 3) for p in itertools.product(_ZH + "几半", repeat=n)]


def test_free_text_uses_the_shared_readers() -> None:
    """One concept in one place: the free-text modules call the shared text functions."""
    from assistant.freetext import phrases, timedates

    assert timedates._zh_number is chinese_amount
    assert timedates.add is shift
    assert timewindow._MONTHS is MONTHS
    assert phrases.normalize is normalize_aligned
    assert all(_ZNUM.fullmatch(s) for s in _RUNS)


def test_numeric_mentions_use_the_shared_reader() -> None:
    # numeric once kept its own reader, which read 一百零五 as 150 (the 零 dropped).
    assert numeric._value("一百零五") == 105
    assert numeric._value("二十几") == 25


def test_chinese_amount_reads_zero_hundreds_right() -> None:
    assert chinese_amount("一百零五") == 105
    assert chinese_amount("一百五") == 150


def test_exact_reader_refuses_vague_numerals() -> None:
    assert chinese_integer("四十五") == 45
    assert chinese_integer("一九七九") == 1979
    assert chinese_integer("十几") is None  # an answer "十几" is asked again, never guessed
    assert numerals_to_digits("四十五岁") == "45岁"
    assert numerals_to_digits("十几岁") == "10几岁"  # the 几 stays: no number is made up


def test_one_month_table() -> None:
    assert MONTHS["sept"] == MONTHS["september"] == 9


def test_month_arithmetic_clamps_and_counts_whole_months() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert months_between(dt.date(2024, 7, 15), dt.date(2025, 1, 15)) == 6.0
    assert months_between(dt.date(2024, 7, 16), dt.date(2025, 1, 15)) < 6.0


@given(st.text(max_size=40))
def test_aligned_normalizer_keeps_offsets(text: str) -> None:
    out = normalize_aligned(text)
    assert out == matching.normalize(text)
    assert len(out) == len(text)  # offsets into it are offsets into the original


def test_answer_normalizer() -> None:
    assert normalize("１２３  mg\u200b") == "123 mg"
    assert normalize("10⁹/L") == "10^9/L"


# -- one date policy: "2/3/2024" is ambiguous in answers and in free text ----------------------


def test_ambiguous_date_is_refused_in_an_answer() -> None:
    with pytest.raises(DateProblem):
        find_date("2/3/1979")
    parsed = parse_answer("age", "2/3/1979", today=TODAY)
    assert parsed.status == "invalid"
    assert parsed.reason is not None and "day/month" in parsed.reason.en


def test_unambiguous_numeric_dates_are_read_in_answers() -> None:
    assert find_date("13/3/1979") == (dt.date(1979, 3, 13), True)  # a day above 12
    assert find_date("3/13/1979") == (dt.date(1979, 3, 13), True)
    assert find_date("3/3/1979") == (dt.date(1979, 3, 3), True)  # equal numbers
    assert parse_answer("age", "13/3/1979", today=TODAY).value == 45


def test_ambiguous_date_in_free_text_spans_both_readings() -> None:
    assert day_month_readings(2, 3, 2024) == [dt.date(2024, 2, 3), dt.date(2024, 3, 2)]
    assert numeric_date_interval(2, 3, 2024) == (dt.date(2024, 2, 3), dt.date(2024, 3, 2))
    assert numeric_date_interval(13, 3, 2024) == (dt.date(2024, 3, 13),) * 2
    assert numeric_date_interval(3, 3, 2024) == (dt.date(2024, 3, 3),) * 2
    assert numeric_date_interval(13, 13, 2024) is None


def test_both_readings_decide_a_window_only_where_they_agree() -> None:
    window = timewindow.Window(amount=4, unit="week")
    today = dt.date(2024, 3, 20)
    # 2/3 vs 3/2: 2 Feb is outside a 4-week window, 3 March inside: undecided.
    lo, hi = numeric_date_interval(2, 3, 2024) or (today, today)
    assert timewindow.judge(lo, hi, window, today) != "inside"
    # 10/3 vs 3/10 in 2023: both readings long before the window: outside.
    lo, hi = numeric_date_interval(10, 3, 2023) or (today, today)
    assert timewindow.judge(lo, hi, window, today) == "outside"
