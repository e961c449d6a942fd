"""`prescreen report DIR ...`: the screening log over every transcript under the folders.

Prints one JSON line (contract section 4, extended: see docs/report.md); `--csv` writes one row
per session, `--html` a self-contained page with inline SVG charts.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The command's options (kept here so cli.py stays a list of commands)."""
    p.add_argument("paths", nargs="+", type=Path, help="transcript folders (or files)")
    p.add_argument("--public-key", type=Path, default=None, help="require this station's signature")
    p.add_argument("--since", default=None, help="first screening date counted, YYYY-MM-DD")
    p.add_argument("--until", default=None, help="last screening date counted, YYYY-MM-DD")
    p.add_argument("--station", default=None, help="count only this station")
    p.add_argument("--csv", type=Path, default=None, help="write the screening log here")
    p.add_argument("--html", type=Path, default=None, help="write the HTML report here")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of CSV/HTML")
    p.add_argument(
        "--tz",
        default=None,
        help="site time zone for local times (Asia/Shanghai, +08:00; default: this machine's)",
    )
    p.add_argument("--dialog", type=Path, default=None, help="dialog for criterion summaries")
    p.add_argument("--rebuild-index", action="store_true", help="re-verify every file")
    p.add_argument("--no-index", action="store_true", help="keep no index file")
    p.add_argument("--workers", type=int, default=None, help="processes verifying (default: cores)")


def _day(flag: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag} {text!r}: expected a date as YYYY-MM-DD") from None


def run(ns: argparse.Namespace) -> int:
    """Collect, filter, print the JSON line and write the files asked for."""
    # Deferred: cli.py imports this module to build its parser, and must stay fast to start.
    from assistant.audit import signing
    from assistant.cli.common import fail
    from assistant.review.collect import collect
    from assistant.review.csv_log import TimeZoneError, parse_tz, write_csv
    from assistant.review.screening_log import Filters, report_json

    try:
        filters = Filters(_day("--since", ns.since), _day("--until", ns.until), ns.station)
        tz = parse_tz(ns.tz)
    except (ValueError, TimeZoneError) as e:
        return fail(str(e))
    if filters.since and filters.until and filters.since > filters.until:
        return fail(f"--since {ns.since} is after --until {ns.until}")
    missing = [p for p in ns.paths if not p.exists()]
    if missing:
        return fail(f"{missing[0]}: no such file or folder")
    if ns.public_key is not None:
        try:
            signing.load_public_key(ns.public_key)
        except signing.SigningError as e:
            return fail(str(e))
    got = collect(
        ns.paths,
        public_key=ns.public_key,
        filters=filters,
        rows=ns.csv is not None,
        rebuild=ns.rebuild_index,
        use_index=not ns.no_index,
        workers=ns.workers,
    )
    result = report_json(got.tally, files=got.files, verified=got.verified, rejected=got.rejected)
    result["filters"] = filters.to_json()
    result["index"] = {"files": got.indexes, "examined": got.examined, "reused": got.reused}
    try:
        if ns.csv is not None:
            write_csv(ns.csv, got.rows, tz)
        if ns.html is not None:
            from assistant.review.html_report import write_html

            write_html(ns.html, result, lang=ns.lang, dialog=ns.dialog)
    except OSError as e:
        return fail(f"{e.filename}: cannot write: {e.strerror}")
    print(json.dumps(result, ensure_ascii=False))
    return 0
