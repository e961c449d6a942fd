"""`prescreen pin-hash`: read a staff PIN (not echoed) and print its hash for `exit_pin_hash`."""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.cli.common import fail
from assistant.station.config import hash_pin, validate_new_pin


def run(ns: argparse.Namespace) -> int:
    """Print the PBKDF2 hash of a PIN read from the terminal (or one line of stdin)."""
    if sys.stdin.isatty():
        pin = getpass.getpass("New staff PIN: ")
        if getpass.getpass("Again: ") != pin:
            return fail("the two PINs differ")
    else:
        pin = sys.stdin.readline().rstrip("\n")
    problem = validate_new_pin(pin)
    if problem:
        return fail(problem)
    print(hash_pin(pin))
    return 0
