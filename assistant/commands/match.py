"""`prescreen match`: map free text onto exclusion criteria, one JSON line per text."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from assistant.lexicon import Lexicon, LexiconError, load_lexicon


def lexicon_for(path: Path) -> Lexicon:
    """The lexicon of a dialog file: via the dialog loader when it accepts the file, else read
    the `lexicon:` section alone (so a dialog whose other sections are in progress still works).
    A file without that section falls back to `_lexicon.yaml` beside it, if there is one.
    """
    try:
        from assistant.dialog import load_dialog

        return load_dialog(path).dialog.lexicon
    except Exception:  # noqa: BLE001 - any failure: read the section ourselves
        pass
    try:
        return load_lexicon(path)
    except LexiconError:
        side = Path(path).with_name("_lexicon.yaml")
        if side.exists() and Path(path).exists():
            return load_lexicon(side)
        raise


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LexiconError(f"--today: not a date YYYY-MM-DD: {value!r}") from None


def run(ns: argparse.Namespace) -> int:
    """Print `{"text", "hits"}` for each TEXT argument, or for each stdin line in order."""
    from assistant.matching import Matcher

    try:
        today = _today(ns.today)
        matcher = Matcher(lexicon_for(ns.dialog))
    except (LexiconError, OSError) as e:
        print(f"prescreen match: {e}", file=sys.stderr)
        return 2
    texts = ns.text if ns.text else (line.rstrip("\r\n") for line in sys.stdin)
    out = sys.stdout
    for text in texts:
        res = matcher.match(text, ns.lang, today)
        out.write(json.dumps(res.to_json(), ensure_ascii=False) + "\n")
    out.flush()
    return 0
