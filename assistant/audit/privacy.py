"""What of a typed answer may be written: a date of birth becomes the age, identifiers go.

`prepare(engine, prompt_id, text)` returns the text the engine reads and the transcript stores
(`text`), and the marks that say what was changed (`marks`, merged into the answer event):

- an answer to an `age` question that holds a date is read by the engine as the age in whole
  years computed from it at the screening date, and stored as that age with
  `"from_date_of_birth": true`; a date that cannot be used is stored as a placeholder;
- every other answer is passed through `assistant.audit.redact` and, when something was removed,
  stored with `"redacted": [kinds]`. Matching runs on the redacted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answers.measures import DateProblem, find_date
from assistant.audit.redact import redact

DOB_WITHHELD = "[date of birth removed]"
DOB_INFERENCE = "age computed from a date of birth at the screening date (the date is not stored)"


@dataclass(frozen=True)
class Prepared:
    """What the engine reads and the transcript stores, and the marks for the answer event."""

    text: str
    marks: dict[str, Any] = field(default_factory=dict)
    dob_rejected: bool = False  # a date of birth that could not be used (reason is generic)


def _holds_date(text: str) -> bool:
    try:
        return find_date(text) is not None
    except DateProblem:
        return True


def prepare(engine: Any, prompt_id: str, text: str) -> Prepared:
    """The stored form of `text` typed for `prompt_id` (see the module docstring)."""
    q = engine.dialog.question_by_id.get(prompt_id)
    if q is not None and q.kind == "age" and _holds_date(text):
        parsed = engine.parse(q, text)
        if parsed.status == "ok" and isinstance(parsed.value, int):
            return Prepared(str(parsed.value), {"from_date_of_birth": True})
        return Prepared(DOB_WITHHELD, {"from_date_of_birth": True}, dob_rejected=True)
    r = redact(text)
    return Prepared(r.text, {"redacted": list(r.kinds)} if r.kinds else {})
