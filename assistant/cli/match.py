"""`prescreen match`: map free text onto exclusion criteria, one JSON line per text."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from assistant.freetext.source import lexicon_for
from assistant.text.limits import MAX_TEXT_CHARS, cap_text
from assistant.trial.lexicon import LexiconError


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LexiconError(f"--today: not a date YYYY-MM-DD: {value!r}") from None


def run(ns: argparse.Namespace) -> int:
    """Print `{"text", "hits"}` for each TEXT argument, or for each stdin line in order."""
    from assistant.freetext.matcher import Matcher

    try:
        today = _today(ns.today)
        matcher = Matcher(lexicon_for(ns.dialog))
    except (LexiconError, OSError) as e:
        print(f"prescreen match: {e}", file=sys.stderr)
        return 2
    texts = ns.text if ns.text else (line.rstrip("\r\n") for line in sys.stdin)
    out = sys.stdout
    for n, full in enumerate(texts, 1):
        text, cut = cap_text(full)
        res = matcher.match(text, ns.lang, today)
        doc = res.to_json()
        if cut:  # the contract: longer input is cut with a message, never a crash
            doc["cut_to"] = MAX_TEXT_CHARS
            print(f"prescreen match: text {n}: cut to {MAX_TEXT_CHARS} of {len(full)} characters",
                  file=sys.stderr)
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    out.flush()
    return 0
