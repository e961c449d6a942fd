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

from assistant.trial.bundled import TrialNotFound, default_dialog, resolve_dialog

__all__ = ["build_parser", "default_dialog", "main"]

DIALOG_HELP = "a bundled trial id (see `prescreen trials`) or a dialog file"


def dialog_arg(value: str) -> Path:
    """`--dialog`: a dialog file, or the id of a bundled trial (argparse type)."""
    try:
        return resolve_dialog(value)
    except TrialNotFound as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _add_dialog(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dialog", type=dialog_arg, default=None, help=DIALOG_HELP)


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
    p.add_argument(
        "--coordinator",
        default=None,
        help="your staff id (prescreen staff add ID); you sign in with its PIN",
    )
    p.add_argument("--screening-number", default=None, help="the study's screening number")
    p.add_argument("--resume", type=Path, default=None, help="continue an interrupted transcript")
    p.add_argument("--reason", default=None, help="why the session is resumed (with --resume)")
    p.set_defaults(module="interview")

    p = sub.add_parser("check", help="validate a dialog file (or a bundled trial)")
    p.add_argument("file", type=dialog_arg, help="a dialog file or a bundled trial id")
    p.set_defaults(module="check")

    p = sub.add_parser("trials", help="list the bundled trials")
    p.set_defaults(module="trials")

    p = sub.add_parser("screen", help="run the whole dialog from an answers file, no screen")
    p.add_argument("--answers", type=Path, required=True)
    _add_dialog(p)
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.add_argument("--today", default=None)
    p.add_argument("--transcripts", type=Path, default=Path("transcripts"))
    p.add_argument("--stop-at-first-fail", action="store_true", help="kiosk behaviour")
    p.add_argument("--signing-key", type=Path, default=None, help="station key to sign with")
    p.set_defaults(module="screen")

    p = sub.add_parser("criteria", help="every criterion as Markdown: record, rule, notes")
    _add_dialog(p)
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(module="criteria")

    p = sub.add_parser("match", help="map free text onto exclusion criteria")
    _add_dialog(p)
    p.add_argument("--lang", choices=["auto", "en", "zh"], default="auto")
    p.add_argument("--today", default=None)
    p.add_argument("text", nargs="*")
    p.set_defaults(module="match")

    p = sub.add_parser("verify", help="check transcripts' integrity")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument(
        "--public-key",
        type=Path,
        default=None,
        help="station public key (default: station.pub beside the transcripts)",
    )
    p.add_argument(
        "--allow-unsigned",
        action="store_true",
        help="accept unsigned files and folders without a station log",
    )
    p.add_argument(
        "--head",
        default=None,
        help="a station head kept earlier (file or JSON): the log must extend it",
    )
    p.set_defaults(module="verify")

    p = sub.add_parser("replay", help="reviewer's replay of a transcript (a folder: dashboard)")
    p.add_argument("file", type=Path, nargs="?", default=None, help="transcript FILE or DIR")
    p.add_argument("--code", default=None, help="find the transcript by its reference code")
    p.add_argument("--check", action="store_true", help="re-run and confirm every decision")
    p.add_argument(
        "--dialog", type=dialog_arg, default=None, help="current dialog, for drift: " + DIALOG_HELP
    )
    p.add_argument("--public-key", type=Path, default=None)
    p.set_defaults(module="replay")

    p = sub.add_parser("report", help="screening log over transcript folders (JSON, CSV, HTML)")
    importlib.import_module("assistant.cli.report").add_arguments(p)
    p.set_defaults(module="report")

    p = sub.add_parser("pin-hash", help="hash a staff PIN for the kiosk configuration")
    p.set_defaults(module="pin_hash")

    p = sub.add_parser("staff", help="set up a coordinator's personal PIN")
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("id", nargs="?", default=None, help="staff id (with add)")
    p.add_argument("--replace", action="store_true", help="reset an existing staff PIN")
    p.set_defaults(module="staff")

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
        try:
            ns.dialog = default_dialog()
        except TrialNotFound as e:
            print(f"prescreen: {e}", file=sys.stderr)
            return 2
    module = importlib.import_module(f"assistant.cli.{ns.module}")
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
        from assistant.audit.errorlog import stack_hash, where

        print(f"prescreen: unexpected error ({type(e).__name__} at {where(e)}, ref "
              f"{stack_hash(e)}); set PRESCREEN_DEBUG=1 for the traceback", file=sys.stderr)
        return 70
