"""Staff sign-in, PIN policy, the growing persistent lockout (fake clock), owner-only config,
and the kiosk clipboard (Pilot)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from app_helpers import SIZE, asynctest, kiosk, type_text, wait_for
from conftest import ROOT

from assistant.app.screens.confirm import ConfirmScreen
from assistant.app.screens.conversation import ConversationScreen
from assistant.app.screens.pin import PinScreen
from assistant.app.screens.welcome import WelcomeScreen
from assistant.audit.lockout import Lockout
from assistant.audit.staff import StaffError, add_staff, load_staff, sign_in
from assistant.audit.station_log import LOG_NAME, StationLog
from assistant.station.config import (
    ConfigError,
    check_config_private,
    check_pin,
    hash_pin,
    pin_hash_is_weak,
    validate_new_pin,
)


class Clock:
    """A fake wall clock."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


# -- PIN policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pin,ok",
    [
        ("482193", True),
        ("4821937", True),
        ("48219", False),
        ("12", False),
        ("abcdef", False),
        ("48 219", False),
        ("111111", False),
        ("123456", False),
        ("654321", False),
        ("４８２１９３", False),
    ],
)
def test_new_pin_needs_six_digits(pin: str, ok: bool) -> None:
    assert (validate_new_pin(pin) is None) == ok


def test_pin_hash_iterations_and_old_hashes() -> None:
    new = hash_pin("482193")
    assert new.startswith("pbkdf2_sha256$600000$") and not pin_hash_is_weak(new)
    old = hash_pin("482193", iterations=200_000)  # made before issue 9
    assert check_pin("482193", old) and pin_hash_is_weak(old)  # still verifies, but flagged
    assert not check_pin("482194", old)


def test_lockout_grows_and_persists(tmp_path: Path) -> None:
    clock = Clock()
    lock = Lockout(tmp_path / "state.json", clock=clock)
    assert [lock.failure("a") for _ in range(3)] == [(1, 0.0), (2, 0.0), (3, 30.0)]
    assert lock.locked_for("a") == 30.0
    clock.now += 29.9
    assert lock.locked_for("a") > 0  # one side of the threshold...
    clock.now += 0.1
    assert lock.locked_for("a") == 0  # ...and the other
    for _ in range(2):
        lock.failure("a")
    assert lock.failure("a") == (3, 120.0)  # the second lock is longer
    again = Lockout(tmp_path / "state.json", clock=clock)  # a restart
    assert again.locked_for("a") == 120.0
    clock.now += 120
    for _ in range(2):
        again.failure("a")
    assert again.failure("a") == (3, 600.0)
    assert again.locked_for("b") == 0  # per person
    again.success("a")
    assert Lockout(tmp_path / "state.json", clock=clock).tries_left("a") == 3
    assert (tmp_path / "state.json").stat().st_mode & 0o777 == 0o600


def test_config_must_be_owner_only(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.yaml"
    cfg.write_text("station: lobby-1\n", encoding="utf-8")
    cfg.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        check_config_private(cfg)
    r = cli("kiosk", "--config", str(cfg), "--transcripts", str(tmp_path / "t"))
    assert r.returncode == 2 and "does not start" in r.stderr and "chmod 600" in r.stderr
    cfg.chmod(0o600)
    check_config_private(cfg)  # no error


# -- staff --------------------------------------------------------------------------------


def test_staff_add_and_sign_in(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    add_staff("CRC-7", "482193", path=staff, iterations=1000)
    assert staff.stat().st_mode & 0o777 == 0o600
    text = staff.read_text(encoding="utf-8")
    assert "482193" not in text and "pbkdf2_sha256$1000$" in text
    with pytest.raises(StaffError, match="already has a PIN"):
        add_staff("CRC-7", "731946", path=staff)
    with pytest.raises(StaffError, match="6 digits"):
        add_staff("CRC-8", "1234", path=staff)
    with pytest.raises(StaffError, match="staff id"):
        add_staff("bad id!", "482193", path=staff)
    clock = Clock()
    lock = Lockout(tmp_path / "lock.json", clock=clock)
    from assistant.audit import signing

    key = signing.load_private_key(signing.generate_keypair(tmp_path / "st")[0])
    log = StationLog(tmp_path / "t", key)
    warning = sign_in("CRC-7", "482193", log=log, lockout=lock, path=staff)
    assert "fewer iterations" in warning  # 1000 < 600,000: flagged for a reset
    for _ in range(2):
        with pytest.raises(StaffError, match="wrong staff id or PIN$"):
            sign_in("CRC-7", "000000", log=log, lockout=lock, path=staff)
    with pytest.raises(StaffError, match="locked for 30 s"):
        sign_in("CRC-7", "000000", log=log, lockout=lock, path=staff)
    with pytest.raises(StaffError, match="too many wrong PINs"):
        sign_in("CRC-7", "482193", log=log, lockout=lock, path=staff)  # right PIN, but locked
    clock.now += 30
    sign_in("CRC-7", "482193", log=log, lockout=lock, path=staff)
    entries = [json.loads(x) for x in (tmp_path / "t" / LOG_NAME).read_text().splitlines()]
    assert [e["type"] for e in entries] == ["signed_in"] + ["pin_failed"] * 3 + ["signed_in"]
    assert entries[3]["payload"] == {"who": "staff:CRC-7", "failures": 3, "locked_seconds": 30.0}


def test_staff_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    add_staff("CRC-7", "482193", path=staff, iterations=1000)
    staff.chmod(0o644)
    with pytest.raises(StaffError, match="readable by others"):
        load_staff(staff)


def test_staff_cli_and_interview_sign_in(tmp_path: Path) -> None:
    r = cli("staff", "add", "CRC-7", stdin="4821\n")
    assert r.returncode == 2 and "6 digits" in r.stderr
    r = cli("staff", "add", "CRC-7", stdin="482193\n")
    assert r.returncode == 0, r.stderr
    assert cli("staff", "list").stdout.split() == ["CRC-7"]
    t = tmp_path / "t"
    r = cli("interview", "--transcripts", str(t))
    assert r.returncode == 2 and "--coordinator ID is required" in r.stderr
    r = cli("interview", "--coordinator", "CRC-7", "--transcripts", str(t), stdin="000000\n")
    assert r.returncode == 2 and "sign-in refused: wrong staff id or PIN" in r.stderr
    r = cli("interview", "--coordinator", "nobody", "--transcripts", str(t), stdin="482193\n")
    assert r.returncode == 2 and "wrong staff id or PIN" in r.stderr
    entries = [json.loads(x) for x in (t / LOG_NAME).read_text().splitlines()]
    assert [(e["type"], e["payload"]["who"]) for e in entries] == [
        ("pin_failed", "staff:CRC-7"),
        ("pin_failed", "staff:nobody"),
    ]


# -- kiosk exit PIN: lockout persists and failures are logged ------------------------------


@asynctest
async def test_exit_pin_failures_logged_and_lock_survives_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    stored = hash_pin("246813", iterations=1000)
    app = kiosk(tmp_path, exit_pin_hash=stored)
    app.pin_lockout = Lockout(tmp_path / "lock.json", clock=clock)  # type: ignore[attr-defined]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        for _ in range(3):
            await type_text(pilot, "000000")
            await pilot.press("enter")
        await pilot.pause()
        assert "Too many wrong tries" in app.screen.query_one("#pin-message").render().plain
    entries = [json.loads(x) for x in (tmp_path / LOG_NAME).read_text().splitlines()]
    assert [e["payload"]["failures"] for e in entries if e["type"] == "pin_failed"] == [1, 2, 3]
    # A restarted kiosk is still locked; after the 30 s the right PIN leaves.
    app = kiosk(tmp_path, exit_pin_hash=stored)
    app.pin_lockout = Lockout(tmp_path / "lock.json", clock=clock)  # type: ignore[attr-defined]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PinScreen))
        await type_text(pilot, "246813")
        await pilot.press("enter")
        await pilot.pause()
        assert (
            app.is_running
            and "Too many wrong tries" in app.screen.query_one("#pin-message").render().plain
        )
        clock.now += 30
        await type_text(pilot, "246813")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_value == 0)


# -- kiosk clipboard ----------------------------------------------------------------------


@asynctest
async def test_next_person_cannot_paste_the_previous_ones_text(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await type_text(pilot, "my secret answer")
        await pilot.press("shift+home", "ctrl+c")  # select it all and copy
        await pilot.pause()
        assert app.clipboard == ""  # copy is disabled in the kiosk
        app._clipboard = "the previous person's text"  # however it got there
        app.action_restart()  # the reset between two people (Restart asks first)
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ConfirmScreen) and bool(app.screen.query("#confirm-yes"))
            ),
        )
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.clipboard == ""
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert app.screen.bar.input.value == ""


@asynctest
async def test_copy_still_works_outside_the_kiosk(tmp_path: Path) -> None:
    """The guard is what stops the copy: the same keys copy in the interview."""
    from conftest import DIALOG, TODAY

    from assistant.app import create_app
    from assistant.station.config import KioskConfig

    app = create_app(
        "interview",
        dialog=DIALOG,
        transcripts=tmp_path,
        lang="en",
        today=TODAY,
        config=KioskConfig(),
        coordinator="CRC-7",
        cursor_blink=False,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.copy_to_clipboard("copied")
        assert app.clipboard == "copied"
