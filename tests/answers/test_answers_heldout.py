"""Answer forms found while scoring the held-out vignettes (tests/data/vignettes_heldout)."""

from __future__ import annotations

import pytest
from test_answers_dialog import _Dialog, ask, dialog  # noqa: F401  (fixture)


@pytest.mark.parametrize("text,value", [
    ("Group 1", "nephritis"), ("group 2", "thrombocytopenia"),
    ("Group 1 (lupus nephritis)", "nephritis"), ("第一组", "nephritis"),
    ("第2组", "thrombocytopenia"),
])
def test_group_by_the_records_group_number(dialog: _Dialog, text: str, value: str) -> None:  # noqa: F811
    p = ask(dialog, "group", text)
    assert p.status == "ok" and p.value == value


def test_group_number_not_read_inside_a_longer_number(dialog: _Dialog) -> None:  # noqa: F811
    assert ask(dialog, "group", "group 12").status == "invalid"


@pytest.mark.parametrize("fact,text,base", [
    ("proteinuria_24h", "2.3 g/24h (Dec 2024)", 2.3),
    ("proteinuria_24h", "2.3 g/24h, December 2024", 2.3),
    ("proteinuria_24h", "2.3 g/24h (2024)", 2.3),
    ("proteinuria_24h", "2.3 g/24h in 2024", 2.3),
    ("creatinine", "0.9 mg/dL on 2024-12-01", 0.9),
    ("creatinine", "0.9 mg/dL (3 Jan 2025)", 0.9),
    ("creatinine", "1.1 mg/dL, Jan 5, 2025", 1.1),
    ("alt", "25 U/L (Nov 2024)", 25.0),
])
def test_date_beside_a_single_value_is_not_a_value(dialog: _Dialog, fact: str, text: str,  # noqa: F811
                                                   base: float) -> None:
    p = ask(dialog, fact, text)
    assert p.status == "ok", p
    assert p.value["base_value"] == pytest.approx(base)


def test_a_value_that_looks_like_a_year_is_still_a_value(dialog: _Dialog) -> None:  # noqa: F811
    p = ask(dialog, "proteinuria_24h", "2024 mg/day")
    assert p.status == "ok" and p.value["base_value"] == pytest.approx(2.024)


def test_a_range_is_still_two_values(dialog: _Dialog) -> None:  # noqa: F811
    assert ask(dialog, "proteinuria_24h", "2000-3000 mg/day").status == "invalid"


@pytest.mark.parametrize("text", ["99 RA", "98% RA", "97% on RA", "98% on room air"])
def test_spo2_on_room_air_abbreviated(dialog: _Dialog, text: str) -> None:  # noqa: F811
    p = ask(dialog, "spo2", text)
    assert p.status == "ok" and p.unit == "%"


@pytest.mark.parametrize("text,qtcb", [
    ("QT间期400ms，心率75", 447.2), ("QTc间期 430ms", 430.0), ("QT 400ms，心率 75次/分", 447.2),
])
def test_chinese_qt_interval_label(dialog: _Dialog, text: str, qtcb: float) -> None:  # noqa: F811
    p = ask(dialog, "qtcb", text)
    assert p.status == "ok" and p.value["qtcb_ms"] == pytest.approx(qtcb)
