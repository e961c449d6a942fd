"""What the matcher reports: one `Hit` per mention of an exclusion item, and a text's
`MatchResult`. Its own module so that the matcher, numeric mentions and span bookkeeping share
it without importing one another."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class Hit:
    """One mention of an exclusion item, with its status and why."""

    criterion: str
    item: str
    status: str
    score: int
    evidence: str
    term: str
    reason: str
    when: dt.date | None = None
    start: int = 0  # character offsets of the evidence in the text
    end: int = 0
    vague: bool = False

    def to_json(self) -> dict[str, object]:
        """The contract's hit dict, plus item, term, reason and when."""
        return {
            "criterion": self.criterion,
            "status": self.status,
            "score": self.score,
            "evidence": self.evidence,
            "item": self.item,
            "term": self.term,
            "reason": self.reason,
            "when": self.when.isoformat() if self.when else None,
        }


@dataclass
class MatchResult:
    """Hits for one text; `ignored` lists exceptions, confusables and other people's mentions."""

    text: str
    lang: str
    hits: list[Hit]
    ignored: list[dict[str, str]]

    def to_json(self) -> dict[str, object]:
        """The contract's output line as a dict."""
        return {
            "text": self.text,
            "lang": self.lang,
            "hits": [h.to_json() for h in self.hits],
            "ignored": self.ignored,
        }
