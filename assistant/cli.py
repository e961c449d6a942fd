"""Command-line entry point: builds the argument parser and dispatches to `assistant.commands`.

Each command's module is imported only when that command runs, so `prescreen match` never pays
for Textual and `prescreen` (the kiosk) never pays for the matcher until it needs it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

BUNDLED_DIALOG = Path(__file__).resolve().parent.parent / "dialogs" / "nct05930314.yaml"


def default_dialog() -> Path:
    """The bundled NCT05930314 dialog file (from a checkout or an editable install)."""
    return BUNDLED_DIALOG


def _add_dialog(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dialog", type=Path, default=None, help="dialog file (default: bundled NCT05930314)"
    )


def _add_ui(p: argparse.ArgumentParser) -> None:
    _add_dialog(p)
    p.add_argument("--lang", choices=["en", "zh"], default=None, help="start language")
    p.add_argument(
        "--transcripts", type=Path, default=Path("transcripts"), help="transcript folder"
    )
    p.add_argument("--config", type=Path, default=None, help="kiosk configuration file (YAML)")
    p.add_argument("--today", default=None, help="screening date YYYY-MM-DD (default: today)")


def build_parser() -> argparse.ArgumentParser:
    """The `prescreen` argument parser; every sub-command names the module that runs it."""
    parser = argparse.ArgumentParser(prog="prescreen", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("kiosk", help="self-screening kiosk (the default)")
    _add_ui(p)
    p.set_defaults(module="kiosk")

    p = sub.add_parser("interview", help="coordinator's guided interview")
    _add_ui(p)
    p.add_argument("--coordinator", default=None, help="coordinator id recorded with corrections")
    p.add_argument("--screening-number", default=None, help="the study's screening number")
    p.add_argument("--resume", type=Path, default=None, help="continue an interrupted transcript")
    p.add_argument("--reason", default=None, help="why the session is resumed (with --resume)")
    p.set_defaults(module="interview")

    p = sub.add_parser("check", help="validate a dialog file")
    p.add_argument("file", type=Path)
    p.set_defaults(module="check")

    p = sub.add_parser("screen", help="run the whole dialog from an answers file, no screen")
    p.add_argument("--answers", type=Path, required=True)
    _add_dialog(p)
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.add_argument("--today", default=None)
    p.add_argument("--transcripts", type=Path, default=Path("transcripts"))
    p.add_argument("--stop-at-first-fail", action="store_true", help="kiosk behaviour")
    p.add_argument("--signing-key", type=Path, default=None, help="station key to sign with")
    p.set_defaults(module="screen")

    p = sub.add_parser("match", help="map free text onto exclusion criteria")
    _add_dialog(p)
    p.add_argument("--lang", choices=["auto", "en", "zh"], default="auto")
    p.add_argument("--today", default=None)
    p.add_argument("text", nargs="*")
    p.set_defaults(module="match")

    p = sub.add_parser("verify", help="check transcripts' integrity")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--public-key", type=Path, default=None)
    p.set_defaults(module="verify")

    p = sub.add_parser("replay", help="reviewer's replay of a transcript")
    p.add_argument("file", type=Path)
    p.add_argument("--check", action="store_true", help="re-run and confirm every decision")
    p.add_argument("--dialog", type=Path, default=None, help="current dialog, for drift")
    p.add_argument("--public-key", type=Path, default=None)
    p.set_defaults(module="replay")

    p = sub.add_parser("pin-hash", help="hash a staff PIN for the kiosk configuration")
    p.set_defaults(module="pin_hash")

    p = sub.add_parser("keygen", help="make an Ed25519 station key pair")
    p.add_argument("--out", type=Path, default=Path("station"), help="path prefix for the keys")
    p.set_defaults(module="keygen")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `prescreen`; returns the process exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args or args[0].startswith("-") and args[0] not in ("-h", "--help"):
        args = ["kiosk", *args]
    ns = parser.parse_args(args)
    if getattr(ns, "dialog", "absent") is None:
        ns.dialog = default_dialog()
    module = importlib.import_module(f"assistant.commands.{ns.module}")
    try:
        return int(module.run(ns) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: no traceback (its text can quote answers), non-zero status
        import os

        if os.environ.get("PRESCREEN_DEBUG"):
            raise
        from assistant.errorlog import stack_hash, where

        print(f"prescreen: unexpected error ({type(e).__name__} at {where(e)}, ref "
              f"{stack_hash(e)}); set PRESCREEN_DEBUG=1 for the traceback", file=sys.stderr)
        return 70
