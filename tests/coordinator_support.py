"""Shared helpers for the coordinator UI tests: a loadable dialog, a stub matcher, answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.cli import default_dialog
from assistant.dialog import DialogError, LoadedDialog, load_dialog
from assistant.session import Session

TODAY = date(2025, 1, 15)
VIGNETTES = Path("/work/shared/eval/vignettes")
_EMPTY = "{en: [], zh: []}"
# Appended only while the bundled dialog has no lexicon yet (it is being written concurrently).
MIN_LEXICON = f"""
lexicon:
  cues:
    negation_pre: {_EMPTY}
    negation_post: {_EMPTY}
    terminators: {_EMPTY}
    hedges: {_EMPTY}
    hypothetical: {_EMPTY}
    experiencer_pre: {_EMPTY}
    history: {_EMPTY}
    past: {_EMPTY}
    current: {_EMPTY}
  criteria: []
"""

G1_ANSWERS: dict[str, str] = {
    "age": "34", "sex": "female", "sle_diagnosis": "yes", "group": "lupus nephritis",
    "ln_biopsy_class": "IV", "ln_biopsy_months_ago": "3", "proteinuria_24h": "2.4 g/24h",
    "ln_refractory": "yes", "pregnant": "no", "breastfeeding": "no", "alt": "25",
    "alt_uln": "40", "ast": "30", "ast_uln": "40", "bilirubin_total": "0.6 mg/dL",
    "gilbert": "no", "egfr": "78", "creatinine": "0.9 mg/dL", "spo2": "98",
    "lymphocytes": "0.9", "steroid_dose": "prednisone 7.5 mg", "steroid_months": "3",
    "steroid_intolerance": "no", "dialysis": "no", "crcl": "85", "active_infection": "no",
    "hbsag": "negative", "hcv_ab": "negative", "hiv": "negative", "syphilis": "negative",
    "surgery": "no", "malignancy": "no", "lvef": "62", "heart": "no", "qtcb": "420",
    "vaccine": "no", "other_trial": "no", "cns": "no", "hypersensitivity": "no",
    "prior_car_t": "no", "medical_history": "no",
}


def dialog_path(tmp: Path) -> Path:
    """The bundled dialog, or (while it lacks a lexicon) a copy with an empty one."""
    bundled = default_dialog()
    try:
        load_dialog(bundled)
        return bundled
    except DialogError:
        copy = tmp / "nct05930314.yaml"
        if not copy.exists():
            copy.write_text(bundled.read_text(encoding="utf-8") + MIN_LEXICON, encoding="utf-8")
        return copy


@dataclass
class _Result:
    hits: list[Any] = field(default_factory=list)


class StubMatcher:
    """A matcher that finds nothing (the UI tests are not about matching)."""

    def match(self, text: str, lang: str = "auto", today: date | None = None) -> _Result:
        return _Result()

    def confirmation(self, item_id: str, lang: str) -> str:
        return f"Confirm {item_id}?"


def new_session(tmp: Path, coordinator: str = "CRC-7") -> Session:
    """A fresh interview session in `tmp/transcripts`."""
    loaded: LoadedDialog = load_dialog(dialog_path(tmp))
    return Session(loaded, transcripts=tmp / "transcripts", mode="interview", lang="en",
                   today=TODAY, coordinator=coordinator, matcher=StubMatcher())


def answer_all(session: Session, answers: dict[str, str] | None = None) -> None:
    """Answer every remaining question from `answers` ("don't know" when absent)."""
    answers = G1_ANSWERS if answers is None else answers
    while (p := session.current()) is not None:
        fact = p.question.sets[0] if p.question else ""
        session.submit(p.id, answers.get(fact, "don't know"))


def finished_transcript(tmp: Path) -> Path:
    """A complete transcript of the clean Group 1 vignette."""
    s = new_session(tmp)
    answer_all(s)
    s.finish()
    return s.path


def events(path: Path) -> list[dict[str, Any]]:
    """A transcript's events as dicts."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def run_async(fn: Any) -> Any:
    """Run an async test function with asyncio.run (no async pytest plugin is installed)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
