"""`prescreen check`: the semantic checks of a dialog file, beyond its schema.

Every fact a rule reads is set by some question; every referenced criterion, note, quantity,
unit, choice and field exists; no question's condition reads a fact that is only set later or by
itself (so the flow has no cycle and every path ends: each question is asked at most once, in file
order); every question can be reached; every criterion has a rule or is a human judgement.
Each problem names the file, the line and the field.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.trial.dialog import Dialog, LoadedDialog, _loader, line_of
from assistant.trial.rules import (
    All,
    AnyOf,
    Compare,
    Confirmed,
    Context,
    CriterionRef,
    Not,
    Readings,
    Rule,
    evaluate,
    notes_named,
)
from assistant.trial.specs import NUMERIC_KINDS, LocalText

FIELDS = {
    "steroid": {"drug", "dose_mg", "per_day_mg", "prednisone_eq_mg"},
    "qtc": {"qtcb_ms", "qt_ms", "hr_bpm", "rr_s"},
    "text": {"answer", "text"},
    "biopsy_class": {"classes"},
}


def _atoms(rule: Rule, loc: tuple[Any, ...]) -> Iterator[tuple[Rule, tuple[Any, ...]]]:
    """Every atom of a rule with its location in the file."""
    if isinstance(rule, All):
        for i, r in enumerate(rule.all):
            yield from _atoms(r, (*loc, "all", i))
    elif isinstance(rule, AnyOf):
        for i, r in enumerate(rule.any):
            yield from _atoms(r, (*loc, "any", i))
    elif isinstance(rule, Not):
        yield from _atoms(rule.not_, (*loc, "not"))
    elif isinstance(rule, Readings):
        for i, r in enumerate(rule.readings):
            yield from _atoms(r, (*loc, "readings", i))
    else:
        yield rule, loc


def _rules(d: Dialog) -> Iterator[tuple[str, Rule, tuple[Any, ...]]]:
    for i, c in enumerate(d.criteria):
        for name in ("met_when", "excluded_when", "applies_when"):
            r = getattr(c, name)
            if r is not None:
                yield f"criterion {c.id}", r, ("criteria", i, name)
    for i, q in enumerate(d.questions):
        if q.when is not None:
            yield f"question {q.id}", q.when, ("questions", i, "when")


def check_dialog(loaded: LoadedDialog) -> list[str]:
    """Every semantic problem of a loaded dialog, as `file:line: field: message` strings."""
    d = loaded.dialog
    root = yaml.compose(loaded.raw.decode("utf-8"), Loader=_loader())
    problems: list[str] = []

    def problem(loc: tuple[Any, ...], message: str) -> None:
        field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
        problems.append(
            f"{loaded.path}:{line_of(root, loc)}: {field.replace('.[', '[')}: {message}"
        )

    # Unique IDs; facts set once.
    ids: dict[str, list[str]] = {
        "criteria": [c.id for c in d.criteria],
        "questions": [q.id for q in d.questions],
        "notes": [n.id for n in d.notes],
    }
    for kind, names in ids.items():
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                problem((kind, i, "id"), f"duplicate id {name!r}")
            seen.add(name)
    setter: dict[str, int] = {}
    for i, q in enumerate(d.questions):
        for f in q.sets:
            if f in setter:
                problem(
                    ("questions", i, "sets"),
                    f"fact {f!r} is already set by question {d.questions[setter[f]].id!r}",
                )
            setter.setdefault(f, i)

    criteria = d.criterion_by_id
    notes = {n.id for n in d.notes}
    sections = {s.id for s in d.sections}
    for i, c in enumerate(d.criteria):
        if c.parent and c.parent not in criteria:
            problem(("criteria", i, "parent"), f"no criterion {c.parent!r}")
        for note_id in c.notes:
            if note_id not in notes:
                problem(("criteria", i, "notes"), f"no note {note_id!r}")
        # A note a rule leans on (two readings) must be shown with the criterion's decision.
        for r in (c.met_when, c.excluded_when, c.applies_when):
            for note_id in sorted(notes_named(r) if r is not None else set()):
                if note_id not in c.notes:
                    problem(
                        ("criteria", i, "notes"),
                        f"the rule names note {note_id!r}, which is not in `notes`",
                    )
    for i, note in enumerate(d.notes):
        for cid in note.criteria:
            if cid not in criteria:
                problem(("notes", i, "criteria"), f"no criterion {cid!r}")
            elif note.id not in criteria[cid].notes:
                # A note reaches a decision only through the criterion's `notes`.
                problem(
                    ("notes", i, "criteria"),
                    f"note {note.id!r} concerns {cid!r}, whose `notes` does not list it",
                )
    for i, c in enumerate(d.criteria):
        for note_id in c.notes:
            n = next((n for n in d.notes if n.id == note_id), None)
            if n is not None and c.id not in n.criteria:
                problem(
                    ("criteria", i, "notes"),
                    f"note {note_id!r} does not list {c.id!r} in its `criteria`",
                )
    for i, q in enumerate(d.questions):
        if q.section not in sections:
            problem(("questions", i, "section"), f"no section {q.section!r}")
        if q.quantity and q.quantity not in d.quantities:
            problem(("questions", i, "quantity"), f"no quantity {q.quantity!r}")
        if q.criterion and q.criterion not in criteria:
            problem(("questions", i, "criterion"), f"no criterion {q.criterion!r}")
        for g in q.match_groups:
            if g not in d.lexicon.cues.groups:
                problem(("questions", i, "match_groups"), f"no lexicon cue group {g!r}")
        if q.screen_from is not None and setter.get(q.screen_from, len(d.questions)) >= i:
            problem(
                ("questions", i, "screen_from"),
                f"fact {q.screen_from!r} must be set by an earlier question",
            )
        if q.inverted and q.kind != "yesno":
            problem(("questions", i, "inverted"), "only a yes/no question can be inverted")
        if q.content is not None and q.kind != "yesno":
            problem(("questions", i, "content"), "only a yes/no question is read by content")
        if q.normal_value is not None:
            from assistant.screening.reading import (
                parse_one,  # deferred: reading imports this module's peers
            )

            if parse_one(d, q, q.normal_value, date(2000, 1, 1)).status != "ok":
                problem(("questions", i, "normal_value"), f"{q.normal_value!r} cannot be read")
    if d.document_fact is not None:
        dq = d.setter_of.get(d.document_fact)
        if dq is None or dq.kind != "yesno":
            problem(("document_fact",), f"no yes/no question sets {d.document_fact!r}")
        else:
            first = d.questions.index(dq)
            for i, q in enumerate(d.questions):
                if q.needs_document and i < first:
                    problem(
                        ("questions", i, "needs_document"),
                        f"asked before the document question {dq.id!r}",
                    )
    elif any(q.needs_document for q in d.questions):
        problem(("document_fact",), "questions need a document but no `document_fact` is set")
    for ci, lc in enumerate(d.lexicon.criteria):
        if lc.id not in criteria:
            problem(("lexicon", "criteria", ci, "id"), f"no criterion {lc.id!r} in `criteria`")
        for ii, item in enumerate(lc.items):
            for f in item.speaks_to:
                if f not in setter:
                    problem(
                        ("lexicon", "criteria", ci, "items", ii, "speaks_to"),
                        f"no question sets fact {f!r}",
                    )

    # Atoms: facts, criteria, units, choices, fields.
    for owner, rule, loc in _rules(d):
        for atom, aloc in _atoms(rule, loc):
            if isinstance(atom, CriterionRef | Confirmed):
                cid = atom.criterion if isinstance(atom, CriterionRef) else atom.confirmed
                if cid not in criteria:
                    problem(aloc, f"{owner} refers to no criterion {cid!r}")
                continue
            if not isinstance(atom, Compare):
                continue
            for fact, fld in (
                (atom.fact, atom.field),
                *(((atom.ref.fact, atom.ref.field),) if atom.ref else ()),
            ):
                if fact not in setter:
                    problem(aloc, f"{owner} reads fact {fact!r}, which no question sets")
                    continue
                q = d.questions[setter[fact]]
                if fld is not None and fld not in FIELDS.get(q.kind, set()):
                    problem(aloc, f"{owner}: a {q.kind} answer has no field {fld!r}")
                elif fld is None and q.kind in FIELDS:
                    problem(
                        aloc,
                        f"{owner}: a {q.kind} answer is a record; name one of its "
                        f"fields ({', '.join(sorted(FIELDS[q.kind]))})",
                    )
            if atom.fact not in setter:
                continue
            q = d.questions[setter[atom.fact]]
            spec = d.quantities.get(q.quantity or "")
            units = [atom.unit] if atom.unit else []
            units += list(atom.value) if isinstance(atom.value, dict) else []
            for u in units:
                if spec is None or u not in spec.units:
                    problem(aloc, f"{owner}: unit {u!r} is not a unit of fact {atom.fact!r}")
            kind_problem = _value_problem(q.kind, atom)
            if kind_problem:
                problem(aloc, f"{owner}: fact {atom.fact!r} ({q.kind}): {kind_problem}")
            if q.kind == "choice" and atom.op in ("eq", "ne", "in"):
                values = atom.value if isinstance(atom.value, list) else [atom.value]
                allowed = {c.value for c in q.choices}
                for v in values:
                    if v not in allowed:
                        problem(
                            aloc,
                            f"{owner}: {v!r} is not a choice of question {q.id!r} "
                            f"({', '.join(sorted(allowed))})",
                        )

    # Flow: a condition may read only facts set by earlier questions (no cycle, no deadlock).
    for i, q in enumerate(d.questions):
        if q.when is None:
            continue
        for atom, aloc in _atoms(q.when, ("questions", i, "when")):
            if isinstance(atom, Compare) and atom.fact in setter and setter[atom.fact] >= i:
                by = d.questions[setter[atom.fact]].id
                what = "itself" if by == q.id else f"the later question {by!r}"
                problem(
                    aloc, f"cycle: question {q.id!r} depends on fact {atom.fact!r}, set by {what}"
                )
    problems += _criterion_cycles(d, problem)
    problems += _unreachable(d, problem)
    problems += app_text_problems(LocalText.model_fields)
    return problems


# The app's own strings (one JSON catalogue per language), read as data: the core never imports
# the app. Every language a dialog declares (the fields of its texts) must have all of them.
APP_STRINGS = Path(__file__).resolve().parents[1] / "app" / "strings"


def app_text_problems(langs: Iterable[str], folder: Path = APP_STRINGS) -> list[str]:
    """User-facing app strings missing (or empty) in one of `langs`, as `file: key: ...`."""
    problems: list[str] = []
    tables: dict[str, dict[str, Any]] = {}
    for lang in langs:
        path = folder / f"{lang}.json"
        try:
            tables[lang] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            problems.append(f"{path}: the app's strings in {lang!r} cannot be read: {e}")
    keys = set().union(*tables.values()) if tables else set()
    for lang, table in tables.items():
        path = folder / f"{lang}.json"
        for key in sorted(keys - set(table)):
            problems.append(f"{path}: {key}: missing in {lang!r} (present in another language)")
        for key, text in table.items():
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{path}: {key}: empty text in {lang!r}")
    return problems


CLASSES = {"I", "II", "III", "IV", "V", "VI"}


def _value_problem(kind: str, atom: Compare) -> str | None:
    """Why a comparison can never hold for answers of `kind` (None when it can)."""
    v, op = atom.value, atom.op
    numeric_field = atom.field in (
        "dose_mg",
        "per_day_mg",
        "prednisone_eq_mg",
        "qtcb_ms",
        "qt_ms",
        "hr_bpm",
        "rr_s",
    )
    if kind == "yesno" and not (op in ("eq", "ne") and isinstance(v, bool)):
        return "a yes/no answer compares only with eq/ne and true or false"
    if (
        kind == "text"
        and atom.field == "answer"
        and not (op in ("eq", "ne") and v in ("yes", "no", "text"))
    ):
        return 'its `answer` is "yes", "no" or "text", compared with eq/ne'
    if (kind in NUMERIC_KINDS or numeric_field) and (
        op in ("in", "intersects") or isinstance(v, bool | str | list)
    ):
        return "a number compares with lt/le/gt/ge/eq/ne and a number, per-unit numbers or ref"
    if kind == "biopsy_class" and not (
        op in ("in", "intersects") and isinstance(v, list) and set(map(str, v)) <= CLASSES
    ):
        return f"a biopsy class compares with in/intersects and classes among {sorted(CLASSES)}"
    if atom.each and kind != "quantity_list":
        return "`each` needs a list of values (a quantity_list question)"
    return None


def _criterion_cycles(d: Dialog, problem: Any) -> list[str]:
    refs: dict[str, set[str]] = {}
    for c in d.criteria:
        refs[c.id] = {
            a.criterion
            for r in (c.rule, c.applies_when)
            if r is not None
            for a, _ in _atoms(r, ())
            if isinstance(a, CriterionRef)
        }
    for i, c in enumerate(d.criteria):
        stack, seen = [*refs[c.id]], set()
        while stack:
            x = stack.pop()
            if x == c.id:
                problem(("criteria", i, "id"), f"cycle: criterion {c.id!r} depends on itself")
                break
            if x not in seen:
                seen.add(x)
                stack.extend(refs.get(x, ()))
    return []


def _candidates(d: Dialog, rule: Rule) -> dict[str, list[Any]]:
    """For each fact a condition reads, values on both sides of every constant it uses."""
    out: dict[str, list[Any]] = {}
    for atom, _ in _atoms(rule, ()):
        if not isinstance(atom, Compare):
            continue
        q = d.setter_of.get(atom.fact)
        vals = out.setdefault(atom.fact, [None])
        if q is not None and q.kind == "choice":
            vals += [c.value for c in q.choices]
        elif q is not None and q.kind == "yesno":
            vals += [True, False]
        elif isinstance(atom.value, int | float) and not isinstance(atom.value, bool):
            unit = atom.unit or (d.quantities[q.quantity].base if q and q.quantity else None)
            for x in (atom.value - 1, atom.value, atom.value + 1):
                v: Any = {"value": x, "unit": unit, "base_value": x} if unit else x
                vals.append({atom.field: v} if atom.field else v)
    return out


def _unreachable(d: Dialog, problem: Any) -> list[str]:
    for i, q in enumerate(d.questions):
        if q.when is None:
            continue
        cands = _candidates(d, q.when)
        names = list(cands)
        reachable = False
        for combo in itertools.product(*(cands[n] for n in names)):
            facts = dict(zip(names, combo, strict=True))

            def convert(fact: str, v: Any, unit: str) -> float | None:
                return float(v["value"]) if v.get("unit") == unit else None

            ctx = Context(facts.get, convert, lambda _c: None, lambda _c: None)
            truth = evaluate(q.when, ctx)
            if truth is True or (truth is None and q.when_unknown == "ask"):
                reachable = True
                break
        if not reachable:
            problem(
                ("questions", i, "when"),
                f"question {q.id!r} can never be asked: "
                "no answers to earlier questions make its condition hold",
            )
    return []
