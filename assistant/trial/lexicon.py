"""The `lexicon:` section of a dialog file: terms, exceptions, cue words and rules (pydantic).

Everything the free-text matcher knows about the criteria lives in the YAML as data; this module
only describes and validates its shape. `Lexicon.from_dict` builds it from the plain dict of the
section; `load_lexicon(path)` reads it straight from a dialog file (or a lexicon-only file).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.text.langdata import with_language

Status = Literal["affirmed", "negated", "uncertain", "outside_window"]
# Ids are free-form ("E5", "EX-3", "I3.G1"): letters, digits, "_", "-" and ".", no spaces.
# An item id is its criterion's id, a dot and a name ("E5.hbv").
_CRIT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*\.[A-Za-z0-9_\-]+$")
_SPAN = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terms(_Model):
    """Phrases in each language. English is matched word by word; Chinese character by character."""

    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)

    def all(self) -> list[tuple[str, str]]:
        """Every phrase with its language, as (lang, phrase)."""
        return [("en", t) for t in self.en] + [("zh", t) for t in self.zh]


class Text(_Model):
    """One sentence in both languages."""

    en: str
    zh: str


class Window(_Model):
    """A look-back period such as `4 weeks`, written in the YAML as a plain string."""

    amount: int
    unit: Literal["day", "week", "month", "year"]

    def __str__(self) -> str:
        return f"{self.amount}-{self.unit}"


def _parse_window(v: Any) -> Any:
    if isinstance(v, str):
        m = _SPAN.match(v)
        if not m:
            raise ValueError(f"window must look like '4 weeks' or '5 years', got {v!r}")
        return {"amount": int(m.group(1)), "unit": m.group(2)}
    return v


class NumericRule(_Model):
    """A number written after (or before) a name, e.g. `LVEF 35%` or `creatinine clearance 22`.

    `thresholds` are tried in order; the first satisfied one gives the status. When none is
    satisfied the mention is reported `negated` (the value is outside the criterion).
    """

    names: Terms
    thresholds: list[Threshold]
    min_value: float = 0
    max_value: float = 10000


class Threshold(_Model):
    """`value op limit` makes the mention `status`."""

    op: Literal["<", "<=", ">", ">="]
    limit: float
    status: Status = "affirmed"
    note: str = ""
    # Only when the text states this sex ("male, QTc 455", "40 yo M"); None: any text.
    sex: Literal["male", "female"] | None = None


class Item(_Model):
    """One thing a criterion excludes (e.g. E5.hbv), with its words and rules."""

    id: str
    label: Text
    terms: Terms = Field(default_factory=Terms)
    vague_terms: Terms = Field(default_factory=Terms)  # related but not specific: at most uncertain
    exceptions: Terms = Field(default_factory=Terms)  # the record's own exceptions: never a hit
    confusables: Terms = Field(default_factory=Terms)  # near neighbours meaning something else
    numeric: list[NumericRule] = Field(default_factory=list)
    requires: str | None = None  # name of a cue group that must occur in the same clause
    # A cue group that, in the same clause, makes a mention something else ("allergy to the
    # ingredients in the CAR-T infusion" is about the product's ingredients, not a prior CAR-T).
    unless: str | None = None
    window: Window | None = None  # overrides the criterion's window
    active_only: bool | None = None  # overrides the criterion's active_only
    on_history: Status | None = None  # status for explicit history ("treated", "as a child")
    on_past: Status | None = None  # status for a bare past tense ("had", "得过")
    # "Had or is currently suffering from": a date before the window is only when it began;
    # within this longer span, unless the text says it ended ("treated", "had"), it may still
    # be there now, so it is uncertain rather than outside the window.
    ongoing: Window | None = None
    active_window: Window | None = None  # overrides the criterion's active_window
    # An intention ("plan to join another trial") is itself the criterion when a word of this
    # cue group ("another", "其他") is in the same clause.
    intent_group: str | None = None
    # A lasting disease (heart failure, MS, dialysis): a date is when it began, so an old date
    # alone does not put an active-only item outside its window; only history cues do.
    chronic: bool = False
    # Experiencer cues that still mean the person's own condition for this item
    # ("breastfeeding my daughter", "给宝宝喂奶": the baby is not the one breastfeeding).
    not_experiencers: Terms = Field(default_factory=Terms)
    # Generic words of this item ("surgery", "手术", "removed") that, in the clause of an
    # exception of another item ("basal cell carcinoma, surgically removed"), belong to that
    # exception: the excision of an excepted tumour is not this item.
    generic: Terms = Field(default_factory=Terms)
    speaks_to: list[str] = Field(default_factory=list)
    confirm: Text

    @field_validator("window", "active_window", "ongoing", mode="before")
    @classmethod
    def _win(cls, v: Any) -> Any:
        return _parse_window(v)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ITEM_ID.match(v):
            raise ValueError(f"item id must be a criterion id, a dot and a name, got {v!r}")
        return v


class Criterion(_Model):
    """An exclusion criterion and its items."""

    id: str
    title: Text
    window: Window | None = None
    active_only: bool = False  # only a current condition counts (history is not enough)
    active_window: Window | None = None  # for active_only: how recent a dated episode still counts
    items: list[Item]

    @field_validator("window", "active_window", mode="before")
    @classmethod
    def _win(cls, v: Any) -> Any:
        return _parse_window(v)

    @model_validator(mode="after")
    def _check(self) -> Criterion:
        if not _CRIT_ID.match(self.id):
            raise ValueError(f"criterion id must be letters, digits, _ - or ., got {self.id!r}")
        for it in self.items:
            if not it.id.startswith(self.id + "."):
                raise ValueError(f"item {it.id} does not belong to criterion {self.id}")
        return self


class Cues(_Model):
    """Context cue words (NegEx/ConText style), per language."""

    negation_pre: Terms  # "no", "没有": negate what follows in the clause
    negation_post: Terms  # "negative", "阴性": negate what precedes in the clause
    # Short words that negate what precedes only at the end of a phrase ("HIV: no", "乙肝没有").
    negation_post_end: Terms = Field(default_factory=Terms)
    pseudo: Terms = Field(default_factory=Terms)  # look like cues but are not ("not only")
    terminators: Terms  # end a cue's scope: "but", "但是", "."
    # A new subject ("i have", "我有") ends the clause too, except right after a hedge or a
    # hypothetical cue ("not sure if I have ...", "I think I'm ...").
    weak_terminators: Terms = Field(default_factory=Terms)
    hedges: Terms  # anywhere in the clause: uncertain
    hypothetical: Terms  # before the mention in the clause: not (yet) the person's
    experiencer_pre: Terms  # "my sister", "爸爸": someone else's condition
    experiencer_post: Terms = Field(default_factory=Terms)  # "runs in my family"
    history: Terms  # explicit history: "as a child", "treated", "治愈"
    past: Terms  # bare past tense: "had", "得过"
    current: Terms  # "currently", "still", "目前": overrides history
    groups: dict[str, Terms] = Field(default_factory=dict)  # named groups for Item.requires


class Settings(_Model):
    """Matcher tuning."""

    fuzzy_cutoff: float = 85.0  # rapidfuzz ratio a misspelt word needs to count as a term word
    fuzzy_min_len: int = 5  # shorter words are never corrected
    scope_en: int = 8  # how many words a cue reaches
    scope_zh: int = 12  # how many characters a cue reaches
    post_scope_en: int = 4  # how many words back a trailing negation ("negative") reaches
    post_scope_zh: int = 6
    time_scope: int = 12  # how many units a time expression may be away from its mention
    exception_gap: int = 3  # an exception this close to an item's term overrides it
    default_active_window: Window = Window(amount=30, unit="day")
    fuzzy_skip: list[str] = Field(default_factory=list)  # ordinary words never corrected
    # The only words a misspelling is corrected to: distinctive medical words, so that an
    # ordinary word ("store", "mutation") is never turned into one ("stroke", "amputation").
    fuzzy_targets: list[str] = Field(default_factory=list)
    # Abbreviations that are ordinary words in lower case ("AIDS" / "it aids", "MI" / "Detroit,
    # MI"): written alone, they count only in these capitals.
    case_sensitive: list[str] = Field(default_factory=list)
    # Chinese typed by pinyin: characters that sound alike (one string per sound). A distinctive
    # medical word of `zh_fuzzy_targets` written with sound-alikes ("透吸", "肺结合", "一肝") is
    # read as that word (score 90), if at least one character is right and at most one (two in
    # words of 4+) differs; ordinary words that sound the same are listed in `zh_fuzzy_skip`.
    zh_homophones: list[str] = Field(default_factory=list)
    zh_fuzzy_targets: list[str] = Field(default_factory=list)
    zh_fuzzy_skip: list[str] = Field(default_factory=list)

    @field_validator("default_active_window", mode="before")
    @classmethod
    def _win(cls, v: Any) -> Any:
        return _parse_window(v)


class Lexicon(_Model):
    """The whole `lexicon:` section."""

    version: str = "1"
    settings: Settings = Field(default_factory=Settings)
    cues: Cues
    criteria: list[Criterion]
    # Common conditions that are no exclusion item: an answer naming only these was read (it is
    # about something else), unlike an answer nothing in the lexicon recognises.
    not_exclusions: Terms = Field(default_factory=Terms)

    @model_validator(mode="before")
    @classmethod
    def _language(cls, data: Any) -> Any:
        """Language knowledge (cue words, ordinary words, common non-exclusions) comes from
        `assistant/resources/lang/<lang>.yaml`; the trial's section adds its own words."""
        return with_language(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _unique(self) -> Lexicon:
        seen: set[str] = set()
        for c in self.criteria:
            for it in c.items:
                if it.id in seen:
                    raise ValueError(f"duplicate item id {it.id}")
                seen.add(it.id)
                for g in (it.requires, it.intent_group, it.unless):
                    if g and g not in self.cues.groups:
                        raise ValueError(f"item {it.id} names unknown cue group {g!r}")
        return self

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        """Validate the plain dict of the `lexicon:` section (raises pydantic.ValidationError)."""
        return cls.model_validate(data)

    def items(self) -> dict[str, tuple[Criterion, Item]]:
        """Every item by id, with its criterion."""
        return {it.id: (c, it) for c in self.criteria for it in c.items}


class LexiconError(Exception):
    """The lexicon could not be read or is invalid; the message names file and field."""


def _yaml_load(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader


def load_lexicon(path: Path | str) -> Lexicon:
    """Read a dialog (or lexicon-only) YAML file and validate its `lexicon:` section.

    Raises LexiconError naming the file and the first bad field.
    """
    from pydantic import ValidationError

    path = Path(path)
    try:
        data = _yaml_load(path)
    except OSError as e:
        raise LexiconError(f"{path}: cannot read: {e.strerror or e}") from e
    except Exception as e:  # yaml errors carry line numbers in their text
        raise LexiconError(f"{path}: invalid YAML: {e}") from e
    if not isinstance(data, dict) or "lexicon" not in data:
        raise LexiconError(f"{path}: no top-level 'lexicon:' section")
    try:
        return Lexicon.from_dict(data["lexicon"])
    except ValidationError as e:
        errs = e.errors()
        msg = "; ".join(
            f"lexicon.{'.'.join(str(p) for p in er['loc'])}: {er['msg']}" for er in errs[:5]
        )
        raise LexiconError(f"{path}: {msg}") from e


NumericRule.model_rebuild()
