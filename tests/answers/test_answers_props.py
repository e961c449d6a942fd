"""Properties of the answer parser: it never raises and always answers with a known status."""

from __future__ import annotations

import json
from datetime import date

from answers_specs import ALL_QUANTITIES, DURATION, GROUPS, PLATELETS, STEROIDS
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answers.parse import KINDS, Parsed, parse_answer

TODAY = date(2025, 11, 25)

# Text mixing the characters answers are made of with arbitrary unicode.
_ALPHABET = st.sampled_from(list("0123456789.,;:/+-x×^*%µμ ()[]年月日岁个周天半万点两十百千"
                                 "一二三四五六七八九零〇ⅠⅡⅢⅣⅤⅥIVXmgdLuolbpsQTcHR"
                                 " ？，。、\u3000\t\n\x00"
                                 "⁹²"))
TEXTS = st.one_of(st.text(), st.text(alphabet=_ALPHABET, max_size=60),
                  st.text(alphabet=st.characters(), max_size=300))


def _kw(kind: str, spec_index: int) -> dict[str, object]:
    if kind == "choice":
        return {"choices": GROUPS}
    if kind == "quantity":
        return {"quantity": ALL_QUANTITIES[spec_index % len(ALL_QUANTITIES)]}
    if kind == "quantity_list":
        return {"quantity": PLATELETS, "min_count": 2}
    if kind == "duration":
        return {"quantity": DURATION}
    if kind == "steroid":
        return {"drugs": STEROIDS}
    return {}


def _check(r: Parsed) -> None:
    assert isinstance(r, Parsed)
    assert r.status in ("ok", "unknown", "invalid")
    if r.status == "invalid":
        assert r.reason is not None and r.reason.en and r.reason.zh
    json.dumps(r.value)  # the record stores values as JSON
    assert all(isinstance(s, str) for s in r.inferences)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(KINDS), text=TEXTS, spec_index=st.integers(0, 20),
       today=st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)))
def test_never_raises(kind: str, text: str, spec_index: int, today: date) -> None:
    _check(parse_answer(kind, text, today=today, **_kw(kind, spec_index)))  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(kind=st.sampled_from(KINDS), prefix=st.text(max_size=5))
def test_huge_and_control_inputs(kind: str, prefix: str) -> None:
    for text in (prefix + "9" * 10_000, prefix + "\x00\x01\x1b[31m" * 2000,
                 prefix + "一" * 10_000, prefix + "1." * 5000):
        _check(parse_answer(kind, text, today=TODAY, **_kw(kind, 0)))  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(x=st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False))
def test_named_unit_round_trips(x: object) -> None:
    r = parse_answer("quantity", f"{x} /uL", today=TODAY, quantity=PLATELETS)
    if r.status == "ok":
        assert r.value["value"] == float(str(x))
        assert r.value["base_value"] == float(str(x)) / 1000 or abs(
            r.value["base_value"] - float(str(x)) / 1000) < 1e-9 * max(1.0, float(str(x)))


def test_unknown_kind_is_invalid_not_raised() -> None:
    assert parse_answer("nonsense", "yes", today=TODAY).status == "invalid"
