"""Generated and curated vocabularies (`assistant/resources/vocab/`), loaded once per process.

- `icd10cm_en.json`: English disease names per exclusion item from ICD-10-CM
  (`scripts/gen_icd10_vocab.py`, source and version inside the file);
- `clinical.yaml`: clinical shorthand (s/p, h/o, neg) as cue words, and drugs that imply a
  condition (by WHO ATC class) and pregnancy notations ("at 10/40", "G2P1") as terms.

Every term here is a *vague* term of its item: a generated term alone is at most `uncertain`,
so it raises a confirmation question like every mention and never excludes by itself. Items a
dialog does not have are skipped, so a second trial simply gets what applies to it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

VOCAB_DIR = Path(__file__).resolve().parent.parent / "resources" / "vocab"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LangTerms(_Model):
    """Phrases per language."""

    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class Series(_Model):
    """Phrases generated from number ranges: `{n}` from..to, or `{g}`/`{p}` (p < g)."""

    from_: int = Field(alias="from")
    to: int
    forms: list[str]

    def phrases(self) -> list[str]:
        """Every phrase of the series."""
        out = []
        for f in self.forms:
            if "{g}" in f:
                out += [
                    f.format(g=g, p=p) for g in range(self.from_, self.to + 1) for p in range(0, g)
                ]
            else:
                out += [f.format(n=n) for n in range(self.from_, self.to + 1)]
        return out


class Clinical(_Model):
    """clinical.yaml."""

    version: str
    source: str
    cues: dict[str, LangTerms] = Field(default_factory=dict)
    terms: dict[str, LangTerms] = Field(default_factory=dict)
    generated: dict[str, dict[str, Series]] = Field(default_factory=dict)


class IcdTerm(_Model):
    """One generated term and the ICD-10-CM code it came from."""

    term: str
    code: str


class Icd(_Model):
    """icd10cm_en.json."""

    source: str
    generator: str
    use: str
    items: dict[str, list[IcdTerm]]


@functools.cache
def clinical() -> Clinical:
    """The curated shorthand and drug vocabulary."""
    import yaml

    raw = yaml.load(
        (VOCAB_DIR / "clinical.yaml").read_text(encoding="utf-8"),  # noqa: S506
        Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
    )
    return Clinical.model_validate(raw)


@functools.cache
def icd10() -> Icd:
    """The ICD-10-CM terms per item."""
    return Icd.model_validate_json((VOCAB_DIR / "icd10cm_en.json").read_text(encoding="utf-8"))


def vague_terms() -> list[tuple[str, str, str]]:
    """(item, lang, phrase) for every vocabulary term."""
    out = [(item, "en", t.term) for item, ts in icd10().items.items() for t in ts]
    cl = clinical()
    for item, terms in cl.terms.items():
        out += [(item, "en", p) for p in terms.en] + [(item, "zh", p) for p in terms.zh]
    for item, series in cl.generated.items():
        out += [(item, "en", p) for s in series.values() for p in s.phrases()]
    return out


def cue_words() -> list[tuple[str, str, str]]:
    """(cue kind, lang, phrase) for the shorthand cue words."""
    return [
        (kind, lang, p)
        for kind, terms in clinical().cues.items()
        for lang in ("en", "zh")
        for p in getattr(terms, lang)
    ]
