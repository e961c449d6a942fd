"""Pilot tests of the reviewer's dashboard (`prescreen replay DIR`) and `replay --code`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from app_helpers import asynctest, wait_for
from conftest import DIALOG
from review_helpers import mixed_folder

from assistant.app import create_app
from assistant.app.screens.dashboard import DashboardScreen, bars
from assistant.app.screens.replay import ReplayScreen
from assistant.audit.refcode import reference_code
from assistant.cli import main
from assistant.station.config import KioskConfig
from assistant.trial.dialog import LoadedDialog


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, loaded: LoadedDialog) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("dash") / "transcripts"
    info = mixed_folder(loaded, folder)
    info["folder"] = folder
    return info


def replay_app(target: Path) -> Any:
    """The app as `prescreen replay TARGET` makes it."""
    return create_app("replay", dialog=DIALOG, transcripts=target, lang=None,
                      today=date(2025, 1, 20), config=KioskConfig(), replay_file=target,
                      cursor_blink=False)


def text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_dashboard(pilot: Any) -> DashboardScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DashboardScreen)
                   and pilot.app.screen.collected is not None)
    await pilot.pause()
    return pilot.app.screen


def table_rows(screen: DashboardScreen) -> list[list[str]]:
    from textual.widgets import DataTable

    table = screen.query_one("#sessions", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_bars_scale_and_show_a_single_count() -> None:
    out = bars({"I2": 10, "E5": 1}, width=10).splitlines()
    assert out[0] == "I2 ██████████ 10"
    assert out[1].startswith("E5 █ ") and out[1].endswith(" 1")  # 1 of 10 still shows a block
    assert bars({}, none="(none)") == "(none)"
    assert bars({"I2": 0}, none="-") == "-"


@asynctest
async def test_dashboard_counts_table_filter_and_replay(mixed: dict[str, Any]) -> None:
    made = mixed["made"]
    app = replay_app(mixed["folder"])
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_dashboard(pilot)
        counts = text(screen, "#counts")
        want = Counter(m.outcome for m in made)
        assert f"{len(made)} sessions counted" in counts
        for outcome in ("pass", "review", "fail", "abandoned", "interrupted"):
            assert f"{outcome} {want[outcome]}" in counts
        assert "I2" in text(screen, "#chart-failed") and "█" in text(screen, "#chart-failed")
        rows = table_rows(screen)
        assert len(rows) == len(made)
        assert {r[5] for r in rows} == {reference_code(m.path.stem) for m in made}
        assert mixed["tampered"].name in text(screen, "#rejected")  # listed, never counted

        # Filter: by outcome word, then by criterion, then by station and date together.
        await pilot.press("slash")
        await pilot.press(*"fail")
        await wait_for(pilot, lambda: len(table_rows(screen)) == want["fail"])
        assert all(r[2] == "fail" for r in table_rows(screen))
        await pilot.press(*" e13")
        await wait_for(pilot, lambda: len(table_rows(screen)) == 1)
        assert "E13" in table_rows(screen)[0][3]
        screen.query_one("#filter").value = "clinic-2 2025-01-1"
        expect = [m for m in made if m.station == "clinic-2" and
                  m.day.isoformat().startswith("2025-01-1")]
        await wait_for(pilot, lambda: len(table_rows(screen)) == len(expect))
        assert f"{len(expect)} of {len(made)} sessions shown" in text(screen, "#shown")
        assert f"{len(expect)} sessions counted" in text(screen, "#counts")
        screen.query_one("#filter").value = "no-such-thing"
        await wait_for(pilot, lambda: table_rows(screen) == [])

        # Selecting a row opens that session's replay; Esc comes back.
        screen.query_one("#filter").value = ""
        await wait_for(pilot, lambda: len(table_rows(screen)) == len(made))
        table = screen.query_one("#sessions")
        table.focus()
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen)
                       and app.screen.report is not None)
        assert app.screen.transcript == Path(screen.shown[1].file)
        assert "SIGNED, signature checked" in text(app.screen, "#badge")  # signed by default
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


@asynctest
async def test_dashboard_in_chinese(mixed: dict[str, Any]) -> None:
    app = replay_app(mixed["folder"])
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_dashboard(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: "计入" in text(screen, "#counts"))
        assert "各标准未通过人数" in text(screen, "#chart-failed")
        assert "未通过" in {r[2] for r in table_rows(screen)}
        await pilot.press("l")
        await wait_for(pilot, lambda: "sessions counted" in text(screen, "#counts"))


@asynctest
async def test_replay_file_still_opens_one_session(mixed: dict[str, Any]) -> None:
    path = mixed["made"][0].path
    app = replay_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen)
                       and app.screen.report is not None)
        assert app.screen.transcript == path


def test_replay_by_code(mixed: dict[str, Any], capsys: Any) -> None:
    made = mixed["made"][2]
    code = reference_code(made.path.stem)
    assert main(["replay", "--code", code.lower().replace("-", " "), str(mixed["folder"]),
                 "--check"]) == 0
    assert "decisions checked" in capsys.readouterr().out
    assert main(["replay", "--code", "ZZZ-ZZZ", str(mixed["folder"]), "--check"]) != 0
    assert "no transcript with code ZZZ-ZZZ" in capsys.readouterr().err
    assert main(["replay", "--code", "not a code", str(mixed["folder"])]) != 0
    assert "not a reference code" in capsys.readouterr().err
    assert main(["replay", str(mixed["folder"]), "--check"]) != 0
    assert "not a folder" in capsys.readouterr().err
    assert main(["replay"]) != 0
    assert "give a transcript" in capsys.readouterr().err


def test_report_and_dashboard_agree(mixed: dict[str, Any], capsys: Any) -> None:
    assert main(["report", str(mixed["folder"])]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["counted"] == len(mixed["made"])
