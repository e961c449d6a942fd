"""Kiosk configuration (`prescreen kiosk --config FILE.yaml`) and the staff PIN hash.

UI-free: never imports textual. Example file::

    station: clinic-lobby-1
    idle_seconds: 120
    idle_warning_seconds: 30
    reset_seconds: 20
    exit_pin_hash: "pbkdf2_sha256$600000$<salt hex>$<hash hex>"   # from prescreen pin-hash
    show_reasons: false
    stop_at_first_fail: true
    signing_key: /etc/prescreen/station.key
    max_answer_chars: 500

Make a PIN hash with ``prescreen pin-hash`` (at least 6 digits). The file must be owner-only
(``chmod 600``): the kiosk refuses to start otherwise (`check_config_private`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.text.limits import MAX_TEXT_CHARS
from assistant.text.yamlsafe import YamlError, load_yaml

PIN_SCHEME = "pbkdf2_sha256"
PIN_ITERATIONS = 600_000  # OWASP 2023 for PBKDF2-SHA256; older 200,000 hashes still verify
MIN_PIN_DIGITS = 6


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and field."""


class KioskConfig(BaseModel):
    """How one kiosk station behaves. Every field has a safe default.

    Leaving the kiosk: with `exit_pin_hash` unset the kiosk CANNOT be left from the user
    interface at all (no key, no command, no PIN works); only the supervisor can stop it by
    killing the process. That is deliberate: a public kiosk must never drop to a shell.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    idle_seconds: float = Field(
        120,
        gt=0,
        allow_inf_nan=False,  # `.inf` would mean the screen never resets
        description=(
            "Seconds without any key press, click or tap before 'Are you still there?' is shown."
        ),
    )
    idle_warning_seconds: float = Field(
        30,
        gt=0,
        allow_inf_nan=False,
        description=(
            "Seconds the idle warning counts down before the session is closed as abandoned and "
            "the kiosk returns to the welcome screen."
        ),
    )
    reset_seconds: float = Field(
        20,
        gt=0,
        allow_inf_nan=False,
        description=(
            "Seconds the end message stays before the kiosk returns to the welcome screen "
            "(any key returns sooner)."
        ),
    )
    exit_pin_hash: str | None = Field(
        None,
        description=(
            "Hash of the staff PIN that leaves the kiosk (see hash_pin). None: the kiosk cannot be "
            "left from the UI at all, only by killing the process."
        ),
    )
    show_reasons: bool = Field(
        False,
        description=(
            "Show which criteria were not met at the end. Default false: the person is only told "
            "whether a coordinator will follow up, never medical reasons."
        ),
    )
    stop_at_first_fail: bool = Field(
        True,
        description=(
            "Stop asking as soon as one criterion definitely fails (engine mode first_fail); "
            "false asks everything (collect)."
        ),
    )
    station: str | None = Field(
        None, description=("Station name written into each transcript (default: the host name).")
    )
    signing_key: Path | None = Field(
        None,
        description=(
            "Ed25519 private key file used to sign transcripts (optional; see prescreen keygen)."
        ),
    )
    max_answer_chars: int = Field(
        500,
        ge=20,
        le=MAX_TEXT_CHARS,
        description=("Longest answer accepted; longer pastes are cut with a visible message."),
    )

    @property
    def engine_mode(self) -> str:
        """The engine mode for this configuration: first_fail or collect."""
        return "first_fail" if self.stop_at_first_fail else "collect"

    @property
    def can_exit(self) -> bool:
        """Whether staff can leave the kiosk from the UI (a PIN is configured)."""
        return bool(self.exit_pin_hash)


def load_config(path: Path | str | None) -> KioskConfig:
    """The configuration in `path` (None: all defaults); raises ConfigError naming the field."""
    if path is None:
        return KioskConfig()
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))[0] or {}
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text: {e.reason}") from e
    except YamlError as e:  # bounded loader: aliases, depth, number lengths
        raise ConfigError(f"{path}:{e.line}: {e.field + ': ' if e.field else ''}{e.message}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    try:
        return KioskConfig(**data)
    except ValidationError as e:
        problems = [
            f"{path}: {'.'.join(str(x) for x in err['loc']) or '(top)'}: {err['msg']}"
            for err in e.errors()
        ]
        raise ConfigError("\n".join(problems)) from e


def hash_pin(pin: str, *, iterations: int = PIN_ITERATIONS, salt: bytes | None = None) -> str:
    """A salted PBKDF2-SHA256 hash of `pin`: `pbkdf2_sha256$iterations$salt_hex$hash_hex`."""
    if not pin:
        raise ValueError("an empty PIN cannot be used")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"{PIN_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str | None) -> bool:
    """Whether `pin` matches the `stored` hash (constant-time compare; False if none/garbled)."""
    if not stored or not pin:
        return False
    try:
        scheme, iters, salt_hex, hash_hex = stored.split("$")
        if scheme != PIN_SCHEME:
            return False
        iterations = int(iters)
        salt = bytes.fromhex(salt_hex)
        expected = bytes.fromhex(hash_hex)
    except ValueError:
        return False
    if not 1 <= iterations <= 10_000_000:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)


def validate_new_pin(pin: str) -> str | None:
    """Why `pin` may not be set up (None when it may): at least MIN_PIN_DIGITS digits."""
    if len(pin) < MIN_PIN_DIGITS or not pin.isascii() or not pin.isdigit():
        return f"a PIN needs at least {MIN_PIN_DIGITS} digits (0-9 only)"
    if len(set(pin)) == 1 or pin in "01234567890" or pin in "09876543210":
        return "a PIN must not be one repeated digit or a run such as 123456"
    return None


def pin_hash_is_weak(stored: str | None) -> bool:
    """True for a hash made with fewer than PIN_ITERATIONS iterations (make a new one)."""
    try:
        return int(str(stored).split("$")[1]) < PIN_ITERATIONS
    except (IndexError, ValueError):
        return False


def check_config_private(path: Path | str | None) -> None:
    """Raise ConfigError unless the configuration file is owner-only (it holds the PIN hash)."""
    import stat

    if path is None:
        return
    try:
        mode = Path(path).stat().st_mode
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from e
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: the configuration is readable or writable by others (mode"
            f" {stat.S_IMODE(mode):o}); chmod 600 it"
        )
