"""Every held-out vignette (tests/vignettes_heldout, written from the record and CONTRACT.md,
not from the code) must come out right, judged exactly as shared/eval/score_vignettes.py does:
`prescreen screen` on the answers, screening date 2025-01-15.

KNOWN_OPEN lists vignettes that are right by the record but wrong today because of a problem
outside the answer parser; strict xfail, so each must be removed once it is fixed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FOLDER = Path(__file__).resolve().parent / "vignettes_heldout"
TODAY = "2025-01-15"

KNOWN_OPEN = {
}


def _top(ids: list[str]) -> set[str]:
    return {i.split(".")[0] for i in ids}


def judge(exp: dict[str, Any], got: dict[str, Any]) -> str | None:
    """The same verdict as score_vignettes.check: None when right, else why not."""
    out, failed, unknown = got.get("outcome"), _top(got.get("failed", [])), \
        _top(got.get("unknown", []))
    want = exp["outcome"]
    if want == "review_or_fail":
        if out not in ("review", "fail"):
            return f"outcome {out}, wanted review or fail"
    elif out != want:
        return f"outcome {out}, wanted {want} (failed {sorted(failed)}, unknown {sorted(unknown)})"
    if want != "review_or_fail" and failed != set(exp["failed"]):
        return f"failed {sorted(failed)}, wanted {exp['failed']}"
    for cid in exp.get("not_pass", []):
        if cid not in failed | unknown:
            return f"{cid} should be fail or unknown"
    return None


def _cases() -> list[Any]:
    out = []
    for f in sorted(FOLDER.glob("*.json")):
        marks = [pytest.mark.xfail(reason=KNOWN_OPEN[f.name], strict=True)] \
            if f.name in KNOWN_OPEN else []
        out.append(pytest.param(f, id=f.stem, marks=marks))
    return out


def test_folder_is_large_enough() -> None:
    assert len(list(FOLDER.glob("*.json"))) >= 60


@pytest.mark.parametrize("path", _cases())
def test_heldout_vignette(path: Path, tmp_path: Path) -> None:
    v = json.loads(path.read_text(encoding="utf-8"))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(v["answers"], ensure_ascii=False), encoding="utf-8")
    p = subprocess.run(
        [sys.executable, "-m", "assistant", "screen", "--answers", str(answers), "--today", TODAY,
         "--lang", v.get("lang", "en"), "--transcripts", str(tmp_path / "t")],
        capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-500:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    why = judge(v["expect"], got)
    assert why is None, f"{path.name}: {why}"
