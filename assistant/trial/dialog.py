"""The dialog file: pydantic models of a trial's criteria, questions and notes, and the loader.

A dialog file is YAML. Loading validates it against these models; every error names the file,
the line and the field (`dialogs/x.yaml:42: criteria[3].rule.op: ...`). The semantic checks
(facts read but never set, unreachable questions, cycles) live in `assistant.trial.check`.
"""

from __future__ import annotations

import builtins
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from assistant.text.yamlsafe import YamlError, load_yaml
from assistant.trial.lexicon import Lexicon
from assistant.trial.rules import Rule
from assistant.trial.specs import (
    AnswerKind,
    ChoiceSpec,
    GlucocorticoidTable,
    LocalText,
    QuantitySpec,
    Strict,
)


class Trial(Strict):
    """Which trial the dialog screens for, and where its criteria come from."""

    id: str
    version: str
    title: str
    source: str
    record_updated: str
    site: str = ""


class NoteText(Strict):
    """A note's interpretation and reason in another language (the literal stays the record's)."""

    interpretation: str
    reason: str


class Note(Strict):
    """A known defect of the record: its literal text, the interpretation used, and why."""

    id: str
    criteria: list[str]
    literal: str
    interpretation: str
    reason: str
    zh: NoteText | None = None

    def text(self, lang: str) -> NoteText:
        """The interpretation and reason in `lang` (English where no translation is given)."""
        if lang == "zh" and self.zh is not None:
            return self.zh
        return NoteText(interpretation=self.interpretation, reason=self.reason)


class Criterion(Strict):
    """One inclusion or exclusion criterion, with the record's literal text and its rule.

    An inclusion criterion is met (`pass`) when `met_when` is true. An exclusion criterion is
    present (`fail`) when `excluded_when` is true. Two names, so that an exclusion written the
    wrong way round reads wrong in review. `applies_when` false makes it `n/a`; `judgement`
    criteria are never decided automatically.
    """

    id: str
    list: Literal["inclusion", "exclusion"]
    text: str
    summary: LocalText
    parent: str | None = None
    met_when: Rule | None = None
    excluded_when: Rule | None = None
    applies_when: Rule | None = None
    judgement: bool = False
    # `builtins.list`: the field `list` above shadows the builtin inside this class body.
    notes: builtins.list[str] = Field(default_factory=builtins.list)

    @model_validator(mode="after")
    def _rule_matches_list(self) -> Criterion:
        if self.judgement:
            if self.met_when or self.excluded_when:
                raise ValueError("a judgement criterion has no rule: a person decides it")
            return self
        if self.list == "inclusion" and (self.met_when is None or self.excluded_when):
            raise ValueError("an inclusion criterion needs `met_when` (and no `excluded_when`)")
        if self.list == "exclusion" and (self.excluded_when is None or self.met_when):
            raise ValueError("an exclusion criterion needs `excluded_when` (and no `met_when`)")
        return self

    @property
    def rule(self) -> Rule | None:
        """The criterion's rule, whichever list it is on."""
        return self.met_when if self.list == "inclusion" else self.excluded_when


class Refusal(Strict):
    """Answers that name a different measurement than the one asked (a spot urine ratio for a
    24-hour protein): any of `terms` in the answer makes it invalid, asked again with `reason`.

    `bare_range`: a number typed without a unit inside this span is refused too, because it is
    as plausible as the neighbouring measurement (a lymphocyte percentage, LYM%, beside LYM#).
    """

    terms: list[str] = Field(default_factory=list)
    bare_range: tuple[float, float] | None = None
    reason: LocalText


class Phrases(Strict):
    """Phrases in each language (English matched on word boundaries, Chinese as substrings)."""

    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class Content(Strict):
    """Phrases that answer a yes/no question by what they say, whatever yes or no leads them:
    `yes` phrases say yes to the question as worded, `no` phrases say no ("never went into
    remission" answers "Has it gone into remission?" with no). Both present: asked again."""

    yes: Phrases
    no: Phrases
    # Phrases that leave the answer not known ("partial remission": two readings).
    unsure: Phrases = Field(default_factory=Phrases)


class Question(Strict):
    """One question: the facts it sets, its wording in both languages and how to read answers.

    `when` says when it applies (asked in file order); `when_unknown` says whether it is asked
    while that condition is still unknown. `default` is used, and recorded as an inference, when
    the person does not know (only where the contract allows a default, e.g. a lab's ULN).
    """

    id: str
    sets: list[str]
    section: str
    kind: AnswerKind
    text: LocalText
    help: LocalText
    why: LocalText | None = None
    when: Rule | None = None
    when_unknown: Literal["ask", "skip"] = "ask"
    quantity: str | None = None
    choices: list[ChoiceSpec] = Field(default_factory=list)
    min_count: int = 1
    criterion: str | None = None
    # Lexicon cue groups the question's own wording supplies to the matcher (`vaccine` for
    # "Have you had any vaccine?"), so an answer need not repeat them.
    match_groups: list[str] = Field(default_factory=list)
    default: str | None = None
    # The plausible span of a defaulted value (a lab's ULN is 30-60 U/L): a rule that uses it
    # decides only when it holds, or fails, at both ends; in between it stays unknown.
    default_range: tuple[float, float] | None = None
    refuse: list[Refusal] = Field(default_factory=list)
    # A bare "yes" cannot decide a criterion with exceptions (E9 is live vaccines only): ask which.
    yes_needs_details: LocalText | None = None
    # A range typed for a single value ("0-40" for an upper limit of normal): which end to take.
    range_means: Literal["upper", "lower"] | None = None
    sensitive: bool = False
    # The question is worded the opposite way to its fact (asked positively: "Has it gone into
    # remission?" sets `ln_refractory`): the fact is the negation of the answer. An answers file
    # for `prescreen screen` still speaks to the fact as the data dictionary defines it.
    inverted: bool = False
    # Phrases read by content before any leading yes/no (see `Content`).
    content: Content | None = None
    # Asked only when the person has their test results with them (the dialog's
    # `document_fact`); skipped otherwise, leaving its criteria to the study team.
    needs_document: bool = False
    # `prescreen screen` only: the text typed when the answers file lacks this fact.
    screen_default: str | None = None
    # `prescreen screen` only: a part of an earlier fact's dictionary meaning; a file without
    # this fact answers it as that fact's value (yes when it is true, no when false).
    screen_from: str | None = None
    # A lab value answered "normal": read as this value (the top, or bottom, of every usual
    # reference range) where that decides the rule; without it "normal" is not known.
    normal_value: str | None = None
    # A duration told as a taper ("5 mg for 2 weeks, before that 10 mg for 3 months"): the
    # periods at or below this daily dose are added up.
    dose_periods_max_mg: float | None = None

    @model_validator(mode="after")
    def _kind_has_what_it_needs(self) -> Question:
        if self.kind in ("quantity", "quantity_list", "duration") and not self.quantity:
            raise ValueError(f"a {self.kind} question needs `quantity`")
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice question needs `choices`")
        if self.kind != "text" and len(self.sets) != 1:
            raise ValueError("only a free-text question may set more than one fact")
        return self


class Section(Strict):
    """A titled part of the interview, for the progress indicator."""

    id: str
    title: LocalText


class Dialog(Strict):
    """A whole dialog file."""

    trial: Trial
    sections: list[Section]
    quantities: dict[str, QuantitySpec]
    glucocorticoids: GlucocorticoidTable
    criteria: list[Criterion]
    questions: list[Question]
    notes: list[Note] = Field(default_factory=list)
    # The yes/no fact "has their recent test results with them"; when it is false the questions
    # marked `needs_document` are skipped and their criteria stay unknown for the study team.
    document_fact: str | None = None
    lexicon: Lexicon
    messages: dict[str, LocalText] = Field(default_factory=dict)

    @cached_property
    def criterion_by_id(self) -> dict[str, Criterion]:
        """Criteria by ID."""
        return {c.id: c for c in self.criteria}

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        """Questions by ID."""
        return {q.id: q for q in self.questions}

    @cached_property
    def setter_of(self) -> dict[str, Question]:
        """For each fact, the question that sets it."""
        return {f: q for q in self.questions for f in q.sets}

    def message(self, key: str, lang: str, **values: Any) -> str:
        """A UI message from the dialog file in `lang`, with `{name}` fields filled in."""
        text = self.messages[key].get(lang) if key in self.messages else key
        return text.format(**values) if values else text


@dataclass(frozen=True)
class LoadedDialog:
    """A validated dialog with where it came from: path, content hash and line map."""

    dialog: Dialog
    path: Path
    sha256: str
    raw: bytes


class DialogError(Exception):
    """A dialog file that cannot be used; `problems` are `file:line: field: message` strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _loader() -> type[yaml.SafeLoader]:
    # The C loader is several times faster where PyYAML was built with libyaml.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the YAML node at pydantic location `loc` (or its nearest parent).

    Locations also hold union tags ("compare", "all") that are not keys in the file; those are
    skipped when the node has no such key.
    """
    node = root
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                continue
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        else:
            continue
        line = node.start_mark.line + 1
    return line


def _field_path(loc: tuple[Any, ...], root: yaml.Node | None) -> str:
    """A readable field path (`criteria[3].met_when.op`) without the union tags."""
    out = ""
    node = root
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = (
                node.value[part]
                if isinstance(node, yaml.SequenceNode) and part < len(node.value)
                else None
            )
            continue
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None and part in (
                "compare",
                "all",
                "any",
                "not",
                "criterion",
                "confirmed",
                "known",
                "undecided",
                "readings",
                "function-after",
                "tagged-union",
            ):
                continue
            node = match
        out += f".{part}" if out else str(part)
    return out


def _duplicate_keys(node: yaml.Node | None) -> list[tuple[int, str]]:
    """(line, key) of every key that repeats within its mapping."""
    out: list[tuple[int, str]] = []
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in n.value:
                if k.value in seen:
                    out.append((k.start_mark.line + 1, str(k.value)))
                seen.add(k.value)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return sorted(out)


def load_dialog(path: Path | str) -> LoadedDialog:
    """Read and validate a dialog file; raises DialogError naming file, line and field."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DialogError([f"{path}: cannot read: {e.strerror or e}"]) from e
    try:
        text = raw.decode("utf-8")
        data, node = load_yaml(text)  # bounded: aliases, depth, number lengths
    except UnicodeDecodeError as e:
        raise DialogError([f"{path}: not UTF-8 text: {e}"]) from e
    except YamlError as e:
        field = f"{e.field}: " if e.field else ""
        raise DialogError([f"{path}:{e.line}: {field}{e.message}"]) from e
    duplicates = _duplicate_keys(node)
    if duplicates:
        # PyYAML keeps the last of two equal keys silently; a rule would change unseen.
        raise DialogError([f"{path}:{line}: duplicate key {key!r}" for line, key in duplicates])
    if not isinstance(data, dict):
        raise DialogError(
            [f"{path}:1: the file must be a mapping of sections (trial, criteria, ...)"]
        )
    try:
        dialog = Dialog.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(err["loc"])
            problems.append(
                f"{path}:{line_of(node, loc)}: {_field_path(loc, node) or '(top)'}: {err['msg']}"
            )
        raise DialogError(problems) from e
    return LoadedDialog(dialog, path, hashlib.sha256(raw).hexdigest(), raw)
