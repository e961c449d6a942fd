"""Every held-out vignette (tests/data/vignettes_heldout, written from the record and CONTRACT.md,
not from the code) must come out right, judged exactly as shared/eval/score_vignettes.py does:
`prescreen screen` on the answers, screening date 2025-01-15.

KNOWN_OPEN lists vignettes that are right by the record but wrong today because of a problem
outside the answer parser; strict xfail, so each must be removed once it is fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parents[1]
FOLDER = HERE / "data" / "vignettes_heldout"
# Every held-out folder: vignettes_heldout, vignettes_heldout2, ... (each written independently).
FOLDERS = sorted((HERE / "data").glob("vignettes_heldout*"))
TODAY = "2025-01-15"

KNOWN_OPEN = {
}

# Expectations the clinical audit (issue 13, issue 11 item 1) showed to be wrong by the record:
# judged with the corrected expectation, and the reason, instead of the file's.
_E6 = ("E6 is 'major surgery assessed ... as unsuitable': suitability is the investigators' "
       "judgement, so reported surgery is unknown with note N4, never a fail by itself")
CORRECTED: dict[str, tuple[dict[str, Any], str]] = {
    "steroid_none_pass.json": (
        {"outcome": "review", "failed": [], "not_pass": ["I7"]},
        "no glucocorticoid and not intolerant: 'use a small dose' is not met literally, a "
        "lenient reading meets it; the readings disagree (note N6)"),
    "surgery_hip_2w_fail.json": ({"outcome": "review", "failed": [], "not_pass": ["E6"]}, _E6),
    "surgery_major_recent_fail.json": (
        {"outcome": "review", "failed": [], "not_pass": ["E6"]}, _E6),
    "zh_surgery_recent_fail.json": (
        {"outcome": "review", "failed": [], "not_pass": ["E6"]}, _E6),
    "f15_hip_2wk.json": ({"outcome": "review", "failed": [], "not_pass": ["E6"]}, _E6),
    "f16_prior_cart_hip.json": ({"outcome": "fail", "failed": ["E13"], "not_pass": ["E6"]}, _E6),
    "f24_multi_age_hbv_surg.json": (
        {"outcome": "fail", "failed": ["E5", "I2"], "not_pass": ["E6"]}, _E6),
    "r07_alt_ast_wnl.json": (
        {"outcome": "pass", "failed": [], "not_pass": []},
        "ALT and AST 'WNL' are within the reference range, so below 3 x ULN whatever the limit "
        "(issue 11: 'normal' is read as in range where that decides the rule)"),
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
    for folder in FOLDERS:
        for f in sorted(folder.glob("*.json")):
            marks = [pytest.mark.xfail(reason=KNOWN_OPEN[f.name], strict=True)] \
                if f.name in KNOWN_OPEN else []
            out.append(pytest.param(f, id=f"{folder.name}/{f.stem}", marks=marks))
    return out


def test_folder_is_large_enough() -> None:
    assert len(list(FOLDER.glob("*.json"))) >= 60


@pytest.mark.parametrize("path", _cases())
def test_heldout_vignette(path: Path, screen) -> None:
    """`prescreen screen`'s logic in-process (the CLI itself is covered by test_screen_cli)."""
    v = json.loads(path.read_text(encoding="utf-8"))
    got = screen(v["answers"], lang=v.get("lang", "en"))
    expect = CORRECTED[path.name][0] if path.name in CORRECTED else v["expect"]
    why = judge(expect, got)
    assert why is None, f"{path.name}: {why}"
