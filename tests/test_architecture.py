"""The core is UI-free: it never imports Textual, so a reviewer runs every decision headless."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [
    "assistant.trial.dialog",
    "assistant.trial.check",
    "assistant.trial.rules",
    "assistant.screening.engine",
    "assistant.screening.decisions",
    "assistant.answers.parse",
    "assistant.freetext.matcher",
    "assistant.audit.transcript",
    "assistant.screening.session",
    "assistant.review.replay",
    "assistant.audit.verify",
    "assistant.cli",
    "assistant.cli.screen",
    "assistant.cli.match",
    "assistant.cli.check",
]


def test_core_imports_no_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))"
    )
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "", f"the core imported {p.stdout.strip()}"


def test_import_linter_contract():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed")
    p = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr


def test_no_eval_or_exec_in_the_package():
    for path in (ROOT / "assistant").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "eval(" not in text.replace("evaluate(", "").replace("_eval(", ""), path
        assert "exec(" not in text, path


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_ruff_is_clean():
    p = subprocess.run([_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT,
                       timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr


def test_mypy_is_clean():
    p = subprocess.run([_tool("mypy"), "assistant"], capture_output=True, text=True, cwd=ROOT,
                       timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
