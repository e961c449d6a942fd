"""Bundled trials: `prescreen trials`, and `--dialog` taking a bundled trial id or a path in every
command that reads a dialog (kiosk, interview, screen, match, check, replay)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import build_parser, main
from assistant.trial.bundled import bundled_trials, default_dialog, resolve_dialog

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "dialogs" / "nct05930314.yaml"


def _parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["kiosk", "--dialog", "{d}"],
        ["interview", "--dialog", "{d}"],
        ["screen", "--answers", "a.json", "--dialog", "{d}"],
        ["match", "--dialog", "{d}", "text"],
        ["replay", "x.jsonl", "--dialog", "{d}"],
    ],
)
@pytest.mark.parametrize("given", ["NCT05930314", "nct05930314", str(BUNDLED)])
def test_dialog_takes_a_trial_id_or_a_path(argv: list[str], given: str) -> None:
    ns = _parse([a.replace("{d}", given) for a in argv])
    assert Path(ns.dialog).resolve() == BUNDLED.resolve()


def test_check_takes_a_trial_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "NCT05930314"]) == 0
    assert "OK: NCT05930314" in capsys.readouterr().out


def test_unknown_id_is_refused_naming_the_bundled_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        _parse(["screen", "--answers", "a.json", "--dialog", "NCT99999999"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "NCT99999999" in err and "NCT05930314" in err


def test_a_missing_file_stays_a_path() -> None:
    # A value that looks like a file is the loader's to report ("cannot read"), not an id.
    assert resolve_dialog("missing.yaml") == Path("missing.yaml")
    assert resolve_dialog("some/dir/x") == Path("some/dir/x")


def test_default_is_named_in_the_bundle_file() -> None:
    assert default_dialog().resolve() == BUNDLED.resolve()
    assert _parse(["kiosk"]).dialog is None  # resolved by main, once


def test_trials_command_lists_id_version_languages_title() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "assistant", "trials"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == len(bundled_trials()) >= 1
    fields = {line.split("\t")[0]: line.split("\t") for line in lines}
    nct = fields["NCT05930314"]
    assert nct[1] == "v1.0.0"
    assert nct[2] == "en,zh"
    assert nct[3].startswith("CNCT19 Cell Injection for Refractory Systemic Lupus")
    assert nct[3].endswith("(default)")
