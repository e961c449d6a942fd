"""Shared helpers for the coordinator UI tests: a loadable dialog, a stub matcher, answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from patients import CLEAN_G1

from assistant.cli import default_dialog
from assistant.screening.session import Session
from assistant.trial.dialog import LoadedDialog, load_dialog

TODAY = date(2025, 1, 15)
G1_ANSWERS: dict[str, str] = dict(CLEAN_G1)


def dialog_path(tmp: Path) -> Path:
    """The bundled dialog (`tmp` is kept for the callers' signature)."""
    return default_dialog()


@dataclass
class _Result:
    hits: list[Any] = field(default_factory=list)


class StubMatcher:
    """A matcher that finds nothing (the UI tests are not about matching)."""

    def match(self, text: str, lang: str = "auto", today: date | None = None,
              groups: frozenset[str] = frozenset()) -> _Result:
        return _Result()

    def confirmation(self, item_id: str, lang: str) -> str:
        return f"Confirm {item_id}?"


def new_session(tmp: Path, coordinator: str = "CRC-7") -> Session:
    """A fresh interview session in `tmp/transcripts`."""
    loaded: LoadedDialog = load_dialog(dialog_path(tmp))
    return Session(loaded, transcripts=tmp / "transcripts", mode="interview", lang="en",
                   today=TODAY, coordinator=coordinator, matcher=StubMatcher())


def answer_all(session: Session, answers: dict[str, str] | None = None) -> None:
    """Answer every remaining question from `answers` as `prescreen screen` does (facts as the
    data dictionary defines them; "don't know" when absent)."""
    from assistant.cli.screen import scripted_answer

    answers = G1_ANSWERS if answers is None else answers
    while (p := session.current()) is not None:
        session.submit(p.id, scripted_answer(session.engine, p, answers))


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
