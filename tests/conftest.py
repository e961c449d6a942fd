"""Shared fixtures: the bundled dialog, a clean patient, and an in-process screening runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.trial.dialog import LoadedDialog, load_dialog

ROOT = Path(__file__).resolve().parent.parent
DIALOG = Path(os.environ.get("PRESCREEN_TEST_DIALOG", ROOT / "dialogs" / "nct05930314.yaml"))
SHARED = ROOT.parent / "shared"
TODAY = date(2025, 1, 15)


@pytest.fixture(scope="session")
def loaded() -> LoadedDialog:
    """The bundled NCT05930314 dialog, loaded once."""
    return load_dialog(DIALOG)


_MATCHER: list[Any] = []


def shared_matcher(loaded: LoadedDialog) -> Any:
    """One matcher for the whole run, built on first use (building its index is the slow part)."""
    if not _MATCHER:
        from assistant.freetext.matcher import Matcher

        _MATCHER.append(Matcher(loaded.dialog.lexicon))
    return _MATCHER[0]


@pytest.fixture
def screen(loaded: LoadedDialog) -> Callable[..., dict[str, Any]]:
    """Run `prescreen screen`'s logic in-process on the engine and return the summary."""
    from assistant.cli.screen import screen_engine
    from assistant.screening.engine import Screening

    def run(
        answers: dict[str, str], *, lang: str = "en", today: date = TODAY, mode: str = "collect"
    ) -> dict[str, Any]:
        engine = Screening(
            loaded.dialog,
            today=today,
            lang=lang,
            mode=mode,  # type: ignore[arg-type]
            matcher_factory=lambda: shared_matcher(loaded),
        )
        out = screen_engine(engine, answers)
        out["engine"] = engine
        return out

    return run


@pytest.fixture(autouse=True)
def _station_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own station key home (sessions sign by default; never touch ~)."""
    monkeypatch.setenv("PRESCREEN_HOME", str(tmp_path_factory.mktemp("station-home")))
