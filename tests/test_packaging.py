"""The wheel installs anywhere: built from a copy of the sources, installed into a fresh virtual
environment, and run from an empty folder (no checkout on the path, no dialogs/ beside it).

SLOW (about a minute: wheel build, venv, dependency install). Marked `wheel`; deselect with
`-m "not wheel"` while working, never in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from patients import CLEAN_G1

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-03-01"

pytestmark = [pytest.mark.wheel, pytest.mark.timeout(900)]


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def _clean_env() -> dict[str, str]:
    # Nothing of this checkout may leak in: no PYTHONPATH, no active virtualenv.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(prescreen executable, an empty working folder, environment) of a fresh install."""
    base = tmp_path_factory.mktemp("wheel")
    env = _clean_env()
    # Build from a copy, so a stale build/ folder or the editable install cannot mask a file
    # that the package data would miss.
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("assistant", "dialogs"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    dist = base / "dist"
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src], base, env)
    assert r.returncode == 0, r.stderr
    (wheel,) = dist.glob("prescreen-*.whl")
    venv = base / "venv"
    r = _run([sys.executable, "-m", "venv", venv], base, env)
    assert r.returncode == 0, r.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    r = _run([bindir / "python", "-m", "pip", "install", "-q", wheel], base, env)
    assert r.returncode == 0, r.stderr
    empty = base / "empty"
    empty.mkdir()
    return bindir / "prescreen", empty, env


def test_trials_lists_every_bundled_dialog(installed: tuple[Path, Path, dict[str, str]]) -> None:
    exe, cwd, env = installed
    r = _run([exe, "trials"], cwd, env)
    assert r.returncode == 0, r.stderr
    listed = {line.split("\t")[0] for line in r.stdout.splitlines()}
    import yaml

    # Every dialog file of the checkout is in the wheel and loads there.
    expected = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["trial"]["id"]
        for p in (ROOT / "dialogs").glob("*.yaml")
        if not p.name.startswith("_")
    }
    assert listed == expected
    assert "NCT05930314" in listed
    assert all("en,zh" in line for line in r.stdout.splitlines())


def test_check_a_bundled_trial_by_id(installed: tuple[Path, Path, dict[str, str]]) -> None:
    exe, cwd, env = installed
    r = _run([exe, "check", "NCT05930314"], cwd, env)
    assert r.returncode == 0, r.stderr
    assert "OK: NCT05930314" in r.stdout
    assert "site-packages" in r.stdout  # the installed copy, not a checkout
    r = _run([exe, "check", "NCT00000000"], cwd, env)
    assert r.returncode == 2
    assert "neither a dialog file nor a bundled trial" in r.stderr


def test_screen_from_an_empty_folder(installed: tuple[Path, Path, dict[str, str]]) -> None:
    exe, cwd, env = installed
    answers = cwd.parent / "answers.json"
    answers.write_text(json.dumps(CLEAN_G1), encoding="utf-8")
    r = _run([exe, "screen", "--answers", answers, "--today", TODAY], cwd, env)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["outcome"] == "pass"
    assert summary["criteria"]["I3.G1"] == "pass"
    # The transcript goes to ./transcripts of the working folder, with its dialog copy.
    assert (cwd / summary["transcript"]).parent == cwd / "transcripts"
    assert (cwd / summary["transcript"]).is_file()
    failing = {**CLEAN_G1, "age": "72"}  # I2
    answers.write_text(json.dumps(failing), encoding="utf-8")
    r = _run(
        [exe, "screen", "--answers", answers, "--today", TODAY, "--dialog", "nct05930314"], cwd, env
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["failed"] == ["I2"]
