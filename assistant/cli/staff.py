"""`prescreen staff add ID` / `prescreen staff list`: coordinators' personal PINs.

The PIN is read without echo from the terminal (twice), or as one line of stdin.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.cli.common import fail


def read_pin(prompt: str, confirm: bool) -> str:
    """A PIN from the terminal (not echoed) or one line of stdin."""
    if sys.stdin.isatty():
        pin = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != pin:
            raise ValueError("the two PINs differ")
        return pin
    return sys.stdin.readline().rstrip("\r\n")


def run(ns: argparse.Namespace) -> int:
    """Add a staff member's PIN, or list the staff ids."""
    from assistant.audit.staff import StaffError, add_staff, load_staff, staff_file

    try:
        if ns.action == "list":
            for sid in sorted(load_staff()):
                print(sid)
            return 0
        if not ns.id:
            return fail("staff add needs an ID, e.g. prescreen staff add CRC-7")
        try:
            pin = read_pin(f"New PIN for {ns.id} (at least 6 digits): ", confirm=True)
        except ValueError as e:
            return fail(str(e))
        path = add_staff(ns.id, pin, replace=ns.replace)
    except StaffError as e:
        return fail(str(e))
    print(f"{ns.id}: PIN set up in {path} (owner-only, PBKDF2-SHA256 hash)")
    print(f"sign in with: prescreen interview --coordinator {ns.id}")
    print(f"(staff file: {staff_file()})")
    return 0
