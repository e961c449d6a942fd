"""Matcher figures: recall, precision, absent-ok on the public sample and the own corpus, and
throughput for 10,000 texts in one process.

usage: python benchmarks/bench_match.py [--n 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.freetext import pinyin, vocab  # noqa: E402
from assistant.freetext.matcher import Matcher  # noqa: E402
from assistant.trial.lexicon import load_lexicon  # noqa: E402

CORPORA = {
    "public sample": ROOT.parent / "shared" / "eval" / "match_public.jsonl",
    "own corpus": ROOT / "tests" / "data" / "corpus" / "match_corpus.jsonl",
    # Held-out sets written by people who never saw the matcher (tuned on after their first score).
    **{
        f"held-out {p.stem}": p
        for p in sorted((ROOT / "tests" / "data" / "corpus").glob("heldout_*.jsonl"))
    },
    # Fresh sets: see benchmarks/fresh/README.md for which were scored before any tuning.
    **{f"fresh {p.stem}": p for p in sorted((ROOT / "benchmarks" / "fresh").glob("*.jsonl"))},
}
TODAY = dt.date(2025, 1, 15)


def figures(cases: list[dict], m: Matcher) -> tuple[float, float, float, float]:
    """recall, precision, absent-ok, flagged, computed as shared/eval/score_match.py does."""
    tp = fn = fp = a_ok = a_all = f_ok = f_all = 0
    for c in cases:
        hits = m.match(c["text"], today=TODAY).hits
        aff = {h.criterion for h in hits if h.status == "affirmed"}
        flg = {h.criterion for h in hits if h.status in ("affirmed", "uncertain")}
        tp += len(set(c["affirmed"]) & aff)
        fn += len(set(c["affirmed"]) - aff)
        fp += len(aff - set(c["affirmed"]))
        a_all += len(c["absent"])
        a_ok += len(set(c["absent"]) - aff)
        f_all += len(c["flagged"])
        f_ok += len(set(c["flagged"]) & flg)
    return (tp / max(1, tp + fn), tp / max(1, tp + fp), a_ok / max(1, a_all), f_ok / max(1, f_all))


def main() -> None:
    """Print the figures, one line per corpus, then throughput."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ns = ap.parse_args()
    t0 = time.perf_counter()
    lexicon = load_lexicon(ROOT / "dialogs" / "nct05930314.yaml")
    c0 = time.process_time()
    vocab.icd10(), vocab.clinical(), pinyin.table()
    files = time.process_time() - c0
    c0 = time.process_time()
    m = Matcher(lexicon)
    build = time.process_time() - c0
    orig = Matcher._add_vocab
    Matcher._add_vocab = lambda self: None  # type: ignore[method-assign]
    c0 = time.process_time()
    Matcher(lexicon)
    bare = time.process_time() - c0
    Matcher._add_vocab = orig  # type: ignore[method-assign]
    print(f"matcher built in {time.perf_counter() - t0:.2f}s; vocabularies add "
          f"{1000 * (files + max(0.0, build - bare)):.0f} ms CPU (files {1000 * files:.0f} ms)")
    pool: list[str] = []
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: {path} missing")
            continue
        cases = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        pool += [c["text"] for c in cases]
        r, p, a, f = figures(cases, m)
        print(
            f"{name} ({len(cases)} texts): recall {r:.3f} precision {p:.3f} "
            f"absent-ok {a:.3f} flagged {f:.3f}"
        )
    # Vary the texts so that caches do not flatter the figure: each text gets a distinct suffix.
    batch = [f"{pool[i % len(pool)]} (note {i})" for i in range(ns.n)]
    t0, c0 = time.perf_counter(), time.process_time()
    for text in batch:
        m.match(text, today=TODAY)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"throughput: {ns.n} texts in {wall:.2f}s = {ns.n / wall:,.0f} texts/s "
          f"({ns.n / cpu:,.0f} per CPU second)")


if __name__ == "__main__":
    main()
