"""Scores the matcher on the public sample and on the project's own corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assistant.freetext.matcher import Matcher
from assistant.trial.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {
    "own": ROOT / "tests" / "data" / "corpus" / "match_corpus.jsonl",
    "public": ROOT.parent / "shared" / "eval" / "match_public.jsonl",
}


def score(cases: list[dict], matcher: Matcher) -> tuple[float, float, float, float, list[str]]:
    """recall, precision, absent-ok, flagged (as score_match.py computes them) and misses."""
    tp = fn = fp = a_ok = a_all = f_ok = f_all = 0
    misses = []
    for c in cases:
        hits = matcher.match(c["text"], today=dt.date(2025, 1, 15)).hits
        aff = {h.criterion for h in hits if h.status == "affirmed"}
        flagged = {h.criterion for h in hits if h.status in ("affirmed", "uncertain")}
        for cid in c["affirmed"]:
            tp, fn = (tp + 1, fn) if cid in aff else (tp, fn + 1)
            if cid not in aff:
                misses.append(f"missed {cid}: {c['text']}")
        for cid in aff - set(c["affirmed"]):
            fp += 1
            misses.append(f"extra {cid}: {c['text']}")
        for cid in c["absent"]:
            a_all += 1
            a_ok += cid not in aff
        for cid in c["flagged"]:
            f_all += 1
            f_ok += cid in flagged
    return (tp / max(1, tp + fn), tp / max(1, tp + fp), a_ok / max(1, a_all),
            f_ok / max(1, f_all), misses)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_figures(name: str) -> None:
    path = CORPORA[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    cases = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    matcher = Matcher(load_lexicon(ROOT / "dialogs" / "nct05930314.yaml"))
    r, p, a, f, misses = score(cases, matcher)
    assert r >= 0.97 and p >= 0.95 and a >= 0.95 and f >= 0.9, (r, p, a, f, misses[:20])


def test_own_corpus_is_not_the_public_sample() -> None:
    def texts(p: Path) -> set[str]:
        return {json.loads(x)["text"] for x in p.read_text(encoding="utf-8").splitlines()}

    own = texts(CORPORA["own"])
    if CORPORA["public"].exists():
        assert not own & texts(CORPORA["public"])
    assert len(own) >= 300
