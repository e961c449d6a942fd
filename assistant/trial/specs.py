"""Answer specifications as the dialog file states them: units, quantities, choices, drugs.

These are plain pydantic models shared by the dialog loader (`assistant.trial.dialog`) and the
answer parser (`assistant.answers.parse`), so that a second trial changes data, not Python.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    """Base for every dialog-file model: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """A text in both languages of the kiosk."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The text in `lang` (English when `lang` is not Chinese)."""
        return self.zh if lang == "zh" else self.en


class UnitSpec(Strict):
    """One unit of a quantity.

    `per_base` is how many of this unit make one base unit (creatinine: 88.4 umol/L per mg/dL),
    so `value_in_base = value / per_base`. `plausible` is the range of values a person could
    give in this unit; a number typed without a unit is read in the only unit whose range
    holds it, and is re-asked when several (or none) do.
    """

    per_base: float = Field(1.0, gt=0)
    aliases: list[str] = Field(default_factory=list)
    plausible: tuple[float, float] | None = None


class QuantitySpec(Strict):
    """A measured quantity: its base unit (the record's unit) and the units people use."""

    base: str
    units: dict[str, UnitSpec]

    @model_validator(mode="after")
    def _base_is_a_unit(self) -> QuantitySpec:
        if self.base not in self.units:
            raise ValueError(f"base unit {self.base!r} is not among the units {list(self.units)}")
        return self


class ChoiceSpec(Strict):
    """One choice of a choice question, with the words people use for it."""

    value: str
    label: LocalText
    synonyms: list[str] = Field(default_factory=list)


class DrugSpec(Strict):
    """A glucocorticoid and its dose equivalent to `reference_mg` of the reference drug."""

    equivalent_mg: float
    names: list[str]


class GlucocorticoidTable(Strict):
    """Dose equivalence: `equivalent_mg` of each drug equals `reference_mg` of `reference`."""

    reference: str = "prednisone"
    reference_mg: float = 5.0
    drugs: dict[str, DrugSpec]


# The kinds of answer a question can have, listed once.
AnswerKind = Literal[
    "yesno",
    "choice",
    "quantity",
    "quantity_list",
    "age",
    "duration",
    "steroid",
    "qtc",
    "biopsy_class",
    "text",
]
KINDS: tuple[str, ...] = get_args(AnswerKind)
# Kinds whose value is a number a rule compares (`lt`, `ge`, ...).
NUMERIC_KINDS = frozenset({"quantity", "quantity_list", "duration", "age"})
