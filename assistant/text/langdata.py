"""Language knowledge as data: `assistant/resources/lang/<lang>.yaml`, validated by pydantic.

One file per language holds what the matcher knows about that language rather than about a
trial: the clause grammar's patterns (double negation, cancellation, ruling out, overturned
results, hedges, form-style values) and holidays as dates. Each file is read once per process.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

LANG_DIR = Path(__file__).resolve().parent.parent / "resources" / "lang"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GrammarData(_Model):
    """Patterns of the clause grammar (regular expressions over normalized text)."""

    double_negation: list[str] = Field(default_factory=list)
    cancelled: list[str] = Field(default_factory=list)
    not_excluded: list[str] = Field(default_factory=list)
    ruled_out_pre: list[str] = Field(default_factory=list)
    ruled_out_post: list[str] = Field(default_factory=list)
    overturned: list[str] = Field(default_factory=list)
    overturned_positive: list[str] = Field(default_factory=list)
    trailing_hedge: list[str] = Field(default_factory=list)
    leading_hedge: list[str] = Field(default_factory=list)
    own_clause: list[str] = Field(default_factory=list)
    stop: list[str] = Field(default_factory=list)
    form_no: list[str] = Field(default_factory=list)
    form_yes: list[str] = Field(default_factory=list)
    form_unknown: list[str] = Field(default_factory=list)
    label_lead: list[str] = Field(default_factory=list)

    @field_validator(
        "double_negation",
        "cancelled",
        "not_excluded",
        "ruled_out_pre",
        "ruled_out_post",
        "overturned",
        "overturned_positive",
        "trailing_hedge",
        "leading_hedge",
        "stop",
    )
    @classmethod
    def _regex(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"bad pattern {p!r}: {e}") from e
        return v


class Lunar(_Model):
    """A festival fixed on the lunar calendar: `offset` days from festival `of`."""

    offset: int = 0
    of: str


class HolidayData(_Model):
    """Holidays and festivals as dates."""

    fixed: dict[str, str] = Field(default_factory=dict)  # name -> "MM-DD"
    movable: dict[
        str, Literal["easter", "good_friday", "thanksgiving", "memorial_day", "labor_day"]
    ] = Field(default_factory=dict)
    lunar: dict[str, Lunar] = Field(default_factory=dict)
    lunar_dates: dict[str, dict[int, str]] = Field(
        default_factory=dict
    )  # festival -> year -> MM-DD
    last_year: list[str] = Field(default_factory=list)
    next_markers: list[str] = Field(default_factory=list)
    future_cues: list[str] = Field(default_factory=list)


class PinyinData(_Model):
    """Typed pinyin (Chinese only)."""

    fallback: dict[str, str] = Field(default_factory=dict)  # syllable -> characters


# The cue kinds and settings a language file may hold (the trial file may add to them).
CUE_KINDS = (
    "negation_pre",
    "negation_post",
    "negation_post_end",
    "pseudo",
    "terminators",
    "weak_terminators",
    "hedges",
    "hypothetical",
    "experiencer_pre",
    "experiencer_post",
    "history",
    "past",
    "current",
)
SETTING_LISTS = ("fuzzy_skip", "case_sensitive", "zh_homophones", "zh_fuzzy_skip")


class LangData(_Model):
    """One language file."""

    language: Literal["en", "zh"]
    cues: dict[str, list[str]] = Field(default_factory=dict)
    settings: dict[str, list[str]] = Field(default_factory=dict)
    not_exclusions: list[str] = Field(default_factory=list)

    @field_validator("cues")
    @classmethod
    def _kinds(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = sorted(set(v) - set(CUE_KINDS))
        if bad:
            raise ValueError(f"unknown cue kinds {bad}; known: {', '.join(CUE_KINDS)}")
        return v

    @field_validator("settings")
    @classmethod
    def _settings(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = sorted(set(v) - set(SETTING_LISTS))
        if bad:
            raise ValueError(f"unknown settings {bad}; known: {', '.join(SETTING_LISTS)}")
        return v

    pinyin: PinyinData = Field(default_factory=PinyinData)
    grammar: GrammarData = Field(default_factory=GrammarData)
    holidays: HolidayData = Field(default_factory=HolidayData)


class LangDataError(Exception):
    """A language file could not be read or is invalid (the message names file and field)."""


@functools.cache
def lang_data(lang: str) -> LangData:
    """The validated data of `lang` ("en" or "zh"), read once per process."""
    import yaml
    from pydantic import ValidationError

    path = LANG_DIR / f"{lang}.yaml"
    try:
        raw = yaml.load(
            path.read_text(encoding="utf-8"),  # noqa: S506 - a safe loader
            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
        )
        return LangData.model_validate(raw)
    except OSError as e:
        raise LangDataError(f"{path}: cannot read: {e.strerror or e}") from e
    except ValidationError as e:
        er = e.errors()[0]
        raise LangDataError(f"{path}: {'.'.join(map(str, er['loc']))}: {er['msg']}") from e
    except yaml.YAMLError as e:
        raise LangDataError(f"{path}: invalid YAML: {e}") from e


def _union(first: list[str], then: list[str]) -> list[str]:
    """`first`, then the words of `then` not in it (order kept)."""
    seen = set(first)
    return first + [x for x in then if x not in seen]


def with_language(section: dict[str, Any]) -> dict[str, Any]:
    """A trial's `lexicon:` section with the language files' cue words, settings and common
    non-exclusions in front of the trial's own (a copy; the trial may add, never needs to copy)."""
    out = dict(section)
    cues = dict(out.get("cues") or {})
    settings = dict(out.get("settings") or {})
    common = dict(out.get("not_exclusions") or {})
    for lang in ("en", "zh"):
        data = lang_data(lang)
        for kind in CUE_KINDS:
            terms = dict(cues.get(kind) or {})
            terms[lang] = _union(data.cues.get(kind, []), list(terms.get(lang) or []))
            cues[kind] = terms
        for key, words in data.settings.items():
            settings[key] = _union(words, list(settings.get(key) or []))
        common[lang] = _union(data.not_exclusions, list(common.get(lang) or []))
    out["cues"], out["settings"], out["not_exclusions"] = cues, settings, common
    return out
