"""Criterion decisions: each criterion's status from the facts, with everything that decided it.

Pure functions of the dialog, the facts and the confirmations; the engine and the replay both use
them, so a reviewer reproduces every decision without a terminal.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.trial.dialog import Criterion, Dialog
from assistant.trial.outcome import Outcome, outcome_from, top_level  # noqa: F401 (re-exported)
from assistant.trial.rules import Context, Truth, describe, evaluate, facts_read

Status = Literal["pass", "fail", "unknown", "n/a"]


@dataclass(frozen=True)
class Override:
    """A coordinator's override of one criterion's status, with the reason."""

    criterion: str
    status: Status
    reason: str
    by: str


@dataclass(frozen=True)
class Decision:
    """One criterion's status and what decided it: rule, facts and values, record text."""

    criterion: str
    status: Status
    list: str
    text: str
    rule: Any
    facts: dict[str, Any]
    # `builtins.list`: the field `list` above shadows the builtin inside this class body.
    notes: builtins.list[str]
    confirmations: builtins.list[dict[str, Any]] = field(default_factory=builtins.list)
    computed: Status | None = None
    override: Override | None = None
    why: str = ""

    def to_json(self) -> dict[str, Any]:
        """The decision as a transcript payload."""
        out: dict[str, Any] = {
            "criterion": self.criterion,
            "status": self.status,
            "list": self.list,
            "rule": self.rule,
            "facts": self.facts,
            "text": self.text,
            "notes": self.notes,
            "why": self.why,
        }
        if self.confirmations:
            out["confirmations"] = self.confirmations
        if self.override:
            out["override"] = {
                "from": self.computed,
                "reason": self.override.reason,
                "by": self.override.by,
            }
        return out


def convert_quantity(dialog: Dialog, quantity_of: Mapping[str, str]) -> Callable[..., float | None]:
    """A converter from a quantity answer `{"value", "unit"}` to another unit of its quantity."""

    def convert(fact: str, value: Mapping[str, Any], unit: str) -> float | None:
        spec = dialog.quantities.get(quantity_of.get(fact, ""))
        given = value.get("unit")
        number = value.get("value")
        if spec is None or not isinstance(number, int | float):
            return None
        if given == unit:
            return float(number)
        if given not in spec.units or unit not in spec.units:
            return None
        base = float(number) / spec.units[given].per_base
        return base * spec.units[unit].per_base

    return convert


def evaluate_all(
    dialog: Dialog,
    value: Callable[[str], Any],
    confirmed: Callable[[str], Truth],
    confirmations_for: Callable[[str], list[dict[str, Any]]],
    overrides: Mapping[str, Override] | None = None,
) -> dict[str, Decision]:
    """Every criterion's decision, in the dialog's order."""
    overrides = overrides or {}
    quantity_of = {f: q.quantity for q in dialog.questions for f in q.sets if q.quantity}
    convert = convert_quantity(dialog, quantity_of)
    memo: dict[str, Decision] = {}
    busy: set[str] = set()

    def criterion_truth(cid: str) -> Truth:
        d = decide(dialog.criterion_by_id[cid])
        return {"pass": True, "fail": False, "n/a": False}.get(d.status)

    ctx = Context(value=value, convert=convert, criterion=criterion_truth, confirmed=confirmed)

    def decide(c: Criterion) -> Decision:
        if c.id in memo:
            return memo[c.id]
        if c.id in busy:  # a cycle; `prescreen check` rejects these, stay unknown regardless
            return Decision(c.id, "unknown", c.list, c.text, None, {}, c.notes, why="cycle")
        busy.add(c.id)
        status, why = _status(c, ctx)
        rules = [r for r in (c.applies_when, c.rule) if r is not None]
        used = sorted(set().union(*(facts_read(r) for r in rules))) if rules else []
        facts = {f: value(f) for f in used}
        override = overrides.get(c.id)
        d = Decision(
            criterion=c.id,
            status=override.status if override else status,
            list=c.list,
            text=c.text,
            rule=describe(c.rule) if c.rule is not None else None,
            facts=facts,
            notes=c.notes,
            confirmations=confirmations_for(c.id),
            computed=status,
            override=override,
            why=why,
        )
        busy.discard(c.id)
        memo[c.id] = d
        return d

    return {c.id: decide(c) for c in dialog.criteria}


def _status(c: Criterion, ctx: Context) -> tuple[Status, str]:
    if c.judgement:
        return "n/a", "human judgement: never decided automatically"
    if c.applies_when is not None:
        applies = evaluate(c.applies_when, ctx)
        if applies is False:
            return "n/a", "does not apply"
        if applies is None:
            return "unknown", "not known yet whether it applies"
    assert c.rule is not None
    truth = evaluate(c.rule, ctx)
    if truth is None:
        return "unknown", "not enough information"
    if c.list == "inclusion":
        return ("pass", "criterion met") if truth else ("fail", "criterion not met")
    return ("fail", "exclusion present") if truth else ("pass", "exclusion absent")


def outcome_of(decisions: Mapping[str, Decision], top: list[str] | None = None) -> Outcome:
    """`outcome_from` over the decisions of the `top` criteria (all of them when not given)."""
    return outcome_from(d.status for cid, d in decisions.items() if top is None or cid in top)


def summary(dialog: Dialog, decisions: Mapping[str, Decision]) -> dict[str, Any]:
    """The contract's outcome shape: outcome, failed and unknown top-level IDs, all statuses."""
    top = top_level(dialog)
    return {
        "outcome": outcome_of(decisions, top),
        "failed": [cid for cid in top if decisions[cid].status == "fail"],
        "unknown": [cid for cid in top if decisions[cid].status == "unknown"],
        "criteria": {cid: d.status for cid, d in decisions.items()},
    }
