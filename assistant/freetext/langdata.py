"""Language knowledge as data: `assistant/resources/lang/<lang>.yaml`, validated by pydantic.

One file per language holds what the matcher knows about that language rather than about a
trial: the clause grammar's patterns (double negation, cancellation, ruling out, overturned
results, hedges, form-style values) and holidays as dates. Each file is read once per process.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

LANG_DIR = Path(__file__).resolve().parent.parent / "resources" / "lang"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GrammarData(_Model):
    """Patterns of the clause grammar (regular expressions over normalized text)."""

    double_negation: list[str] = Field(default_factory=list)
    cancelled: list[str] = Field(default_factory=list)
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


class LangData(_Model):
    """One language file."""

    language: Literal["en", "zh"]
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
