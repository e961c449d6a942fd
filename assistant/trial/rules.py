"""The rule language of the dialog file, and its three-valued (Kleene) evaluation.

Rules are data: comparisons of facts with the record's numbers, `all`/`any`/`not`, references to
other criteria and to confirmed free-text mentions. Nothing from a dialog file is ever evaluated as
Python. `None` is the third truth value, *unknown*: an unknown fact never becomes true or false.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from assistant.trial.specs import Strict

Truth = bool | None
Scalar = float | int | str | bool


class FactRef(Strict):
    """Another fact, scaled: `{fact: alt_uln, times: 3}` is three times the lab's ULN."""

    fact: str
    field: str | None = None
    times: float = 1.0


class Compare(Strict):
    """`fact` (or its `field`) compared with a constant, per-unit constants or another fact.

    `value` is in `unit` when given (the answer is converted to it); a mapping of unit to number
    keeps the record's own figure for each unit (creatinine 1.5 mg/dL, 133 umol/L).
    With `each`, a list fact satisfies the rule only when every element does.
    """

    fact: str
    field: str | None = None
    op: Literal["lt", "le", "gt", "ge", "eq", "ne", "in", "intersects"]
    value: Scalar | list[Scalar] | dict[str, float] | None = None
    ref: FactRef | None = None
    unit: str | None = None
    each: bool = False
    # With `each`: only the first N elements (the most recent N when a question asks for the
    # most recent first), so an older count does not decide.
    first: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_right_side(self) -> Compare:
        if (self.value is None) == (self.ref is None):
            raise ValueError("give exactly one of `value` and `ref`")
        if self.ref is not None and self.op in ("in", "intersects", "eq", "ne"):
            raise ValueError(f"`ref` compares numbers; op {self.op!r} needs `value`")
        if self.op in ("in", "intersects") and not isinstance(self.value, list):
            raise ValueError(f"op {self.op!r} needs a list `value`")
        numbers = (
            list(self.value.values())
            if isinstance(self.value, dict)
            else self.value
            if isinstance(self.value, list)
            else [self.value]
        )
        if any(isinstance(n, float) and not math.isfinite(n) for n in numbers):
            raise ValueError("a threshold must be a finite number")
        return self


class All(Strict):
    """True when every part is true; false when any is false; otherwise unknown."""

    all: list[Rule] = Field(min_length=1)


class AnyOf(Strict):
    """True when any part is true; false when every part is false; otherwise unknown."""

    any: list[Rule] = Field(min_length=1)


class Not(Strict):
    """The negation; unknown stays unknown."""

    not_: Rule = Field(alias="not")


class CriterionRef(Strict):
    """Another criterion's status as a truth value: pass true, fail false, n/a false."""

    criterion: str


class Confirmed(Strict):
    """A free-text mention of this criterion, confirmed by the person (see the engine)."""

    confirmed: str


class Known(Strict):
    """Whether a fact has a value (true) or is still unknown (false); never unknown itself."""

    known: str


class Undecided(Strict):
    """Always unknown: where the record admits two readings that disagree on this branch.

    `undecided` names the note that gives the readings (checked by `prescreen check`), so a
    reviewer sees why the criterion was left to a person.
    """

    undecided: str


class Readings(Strict):
    """The record read two (or more) ways: true when every reading holds, false when none does,
    otherwise unknown (the readings disagree). `note` names the note that gives the readings."""

    readings: list[Rule] = Field(min_length=2)
    note: str


def _rule_tag(v: Any) -> str | None:
    if isinstance(v, dict):
        for key in (
            "all",
            "any",
            "not",
            "criterion",
            "confirmed",
            "known",
            "undecided",
            "readings",
        ):
            if key in v:
                return key
        return "compare"
    if isinstance(v, Strict):
        return {
            All: "all",
            AnyOf: "any",
            Not: "not",
            CriterionRef: "criterion",
            Confirmed: "confirmed",
            Known: "known",
            Undecided: "undecided",
            Readings: "readings",
            Compare: "compare",
        }.get(type(v))
    return None


Rule = Annotated[
    Annotated[Compare, Tag("compare")]
    | Annotated[All, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[CriterionRef, Tag("criterion")]
    | Annotated[Confirmed, Tag("confirmed")]
    | Annotated[Known, Tag("known")]
    | Annotated[Undecided, Tag("undecided")]
    | Annotated[Readings, Tag("readings")],
    Discriminator(_rule_tag),
]

for _m in (All, AnyOf, Not, Readings):
    _m.model_rebuild()


def facts_read(rule: Rule) -> set[str]:
    """Every fact name a rule reads (for the dialog check and for 'facts used')."""
    if isinstance(rule, Compare):
        return {rule.fact} | ({rule.ref.fact} if rule.ref else set())
    if isinstance(rule, Known):
        return {rule.known}
    if isinstance(rule, All):
        return set().union(*(facts_read(r) for r in rule.all))
    if isinstance(rule, AnyOf):
        return set().union(*(facts_read(r) for r in rule.any))
    if isinstance(rule, Not):
        return facts_read(rule.not_)
    if isinstance(rule, Readings):
        return set().union(*(facts_read(r) for r in rule.readings))
    return set()


def notes_named(rule: Rule) -> set[str]:
    """Note IDs a rule names in `undecided` or `readings` (each must exist, and be attached to
    the criterion: `prescreen check` says so)."""
    if isinstance(rule, Undecided):
        return {rule.undecided}
    if isinstance(rule, Readings):
        return {rule.note}.union(*(notes_named(r) for r in rule.readings))
    if isinstance(rule, All):
        return set().union(*(notes_named(r) for r in rule.all))
    if isinstance(rule, AnyOf):
        return set().union(*(notes_named(r) for r in rule.any))
    if isinstance(rule, Not):
        return notes_named(rule.not_)
    return set()


def criteria_read(rule: Rule) -> set[str]:
    """Criterion IDs a rule refers to, by `criterion:` or `confirmed:`."""
    if isinstance(rule, CriterionRef):
        return {rule.criterion}
    if isinstance(rule, Confirmed):
        return {rule.confirmed}
    parts: list[Rule] = []
    if isinstance(rule, All):
        parts = rule.all
    elif isinstance(rule, AnyOf):
        parts = rule.any
    elif isinstance(rule, Not):
        parts = [rule.not_]
    elif isinstance(rule, Readings):
        parts = rule.readings
    return set().union(*(criteria_read(r) for r in parts)) if parts else set()


def describe(rule: Rule) -> Any:
    """The rule as plain JSON, as written in the dialog file (for transcripts and screens)."""
    return rule.model_dump(by_alias=True, exclude_defaults=True)


class Context:
    """What a rule is evaluated against.

    `value(fact)` gives a fact's value (None when unknown); `convert(fact, value, unit)` turns a
    quantity answer into `unit`; `criterion(id)` and `confirmed(id)` give truth values.
    """

    def __init__(
        self,
        value: Callable[[str], Any],
        convert: Callable[[str, Mapping[str, Any], str], float | None],
        criterion: Callable[[str], Truth],
        confirmed: Callable[[str], Truth],
    ) -> None:
        self.value = value
        self.convert = convert
        self.criterion = criterion
        self.confirmed = confirmed


def evaluate(rule: Rule, ctx: Context) -> Truth:
    """Kleene three-valued evaluation of `rule`."""
    if isinstance(rule, All):
        results = [evaluate(r, ctx) for r in rule.all]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if isinstance(rule, AnyOf):
        results = [evaluate(r, ctx) for r in rule.any]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if isinstance(rule, Not):
        r = evaluate(rule.not_, ctx)
        return None if r is None else not r
    if isinstance(rule, CriterionRef):
        return ctx.criterion(rule.criterion)
    if isinstance(rule, Confirmed):
        return ctx.confirmed(rule.confirmed)
    if isinstance(rule, Known):
        return ctx.value(rule.known) is not None
    if isinstance(rule, Undecided):
        return None
    if isinstance(rule, Readings):
        results = [evaluate(r, ctx) for r in rule.readings]
        if all(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    assert isinstance(rule, Compare)
    return _compare(rule, ctx)


def _field(v: Any, field: str | None) -> Any:
    if field is None or v is None:
        return v
    return v.get(field) if isinstance(v, Mapping) else None


def _number(fact: str, v: Any, unit: str | None, ctx: Context) -> float | None:
    """A comparable number from a fact value: quantities are converted to `unit` if given."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, Mapping) and "value" in v:
        if unit is not None:
            return ctx.convert(fact, v, unit)
        base = v.get("base_value", v.get("value"))
        return float(base) if isinstance(base, int | float) else None
    return None


def _compare(rule: Compare, ctx: Context) -> Truth:
    raw = _field(ctx.value(rule.fact), rule.field)
    if raw is None:
        return None
    if rule.each:
        if not isinstance(raw, list) or not raw:
            return None
        if rule.first is not None:
            if len(raw) < rule.first:
                return None
            raw = raw[: rule.first]
        results = [_compare_one(rule, item, ctx) for item in raw]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    return _compare_one(rule, raw, ctx)


def _compare_one(rule: Compare, raw: Any, ctx: Context) -> Truth:
    op = rule.op
    if op in ("in", "intersects"):
        options = rule.value if isinstance(rule.value, list) else [rule.value]
        if op == "in":
            return raw in options
        got = raw if isinstance(raw, list) else [raw]
        return any(g in options for g in got)
    if op in ("eq", "ne") and isinstance(rule.value, bool | str):
        if type(raw) is not type(rule.value):
            return None  # a yes/no compared with text (or the reverse) cannot be decided
        same = raw == rule.value
        return same if op == "eq" else not same
    # Numeric comparison against a constant, per-unit constants or another fact.
    if rule.ref is not None:
        other = _field(ctx.value(rule.ref.fact), rule.ref.field)
        if isinstance(other, Mapping) and "low" in other and "high" in other:
            # A defaulted reference known only as a span: decided where both ends agree.
            ends = [
                _compare_one(
                    rule.model_copy(
                        update={
                            "ref": None,
                            "value": float(other[end]) * rule.ref.times,
                            "unit": other.get("unit"),
                        }
                    ),
                    raw,
                    ctx,
                )
                for end in ("low", "high")
            ]
            return ends[0] if ends[0] == ends[1] else None
        unit = other.get("unit") if isinstance(other, Mapping) else rule.unit
        # Both sides in the reference's own unit (a ULN in umol/L against a total in mg/dL).
        right = _number(rule.ref.fact, other, unit if isinstance(other, Mapping) else None, ctx)
        if right is None:
            return None
        left = _number(rule.fact, raw, unit if isinstance(raw, Mapping) else None, ctx)
        right *= rule.ref.times
    elif isinstance(rule.value, dict):
        # The record's own figure for the unit the person used, else the first unit's figure.
        given = raw.get("unit") if isinstance(raw, Mapping) else None
        unit = given if given in rule.value else next(iter(rule.value))
        left = _number(rule.fact, raw, unit, ctx)
        right = float(rule.value[unit])
    elif isinstance(rule.value, int | float) and not isinstance(rule.value, bool):
        left = _number(rule.fact, raw, rule.unit, ctx)
        right = float(rule.value)
    else:
        return None
    if left is None or math.isnan(left):
        return None
    # Round away binary noise so that the record's boundaries hold exactly (34.2/17.1 == 2).
    left, right = round(left, 9), round(right, 9)
    return {
        "lt": left < right,
        "le": left <= right,
        "gt": left > right,
        "ge": left >= right,
        "eq": left == right,
        "ne": left != right,
    }[op]
