"""The bundled trials: the dialog files shipped as package data, found by trial id or by path.

The top-level `dialogs/` folder of the repository is the package `assistant.dialogs` (mapped in
`pyproject.toml`), so a wheel carries every dialog and `importlib.resources` finds them in a
checkout, an editable install or a site-packages install alike. `dialogs/_bundle.yaml` names the
default trial; files whose names start with `_` are not dialogs.
"""

from __future__ import annotations

import hashlib
import importlib.resources
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

PACKAGE = "assistant.dialogs"
BUNDLE_FILE = "_bundle.yaml"


class TrialNotFound(LookupError):
    """A `--dialog` value that is neither a readable file nor a bundled trial id."""


@dataclass(frozen=True)
class BundledTrial:
    """One bundled dialog: its trial id, version, title, languages and file."""

    id: str
    version: str
    title: str
    languages: tuple[str, ...]
    path: Path


def bundled_dir() -> Path:
    """The folder of the bundled dialogs (package data of `assistant.dialogs`)."""
    try:
        root: Traversable = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        # An editable install made before `assistant.dialogs` was mapped: the checkout's folder.
        return Path(__file__).resolve().parents[2] / "dialogs"
    # Wheels install unzipped, so the package data is a real folder; dialogs are read by path
    # (the transcript records the file and its hash).
    return Path(str(root))


def _dialog_files() -> list[Path]:
    folder = bundled_dir()
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("_")
    )


def bundled_by_hash(digest: str) -> Path | None:
    """The bundled dialog file whose SHA-256 is `digest`, if any: a transcript copied away from
    its folder's dialog copies still finds its version."""
    for candidate in _dialog_files():
        try:
            if hashlib.sha256(candidate.read_bytes()).hexdigest() == digest:
                return candidate
        except OSError:
            continue
    return None


def _languages() -> tuple[str, ...]:
    from assistant.trial.specs import LocalText

    # Every person-facing text of a dialog is a LocalText: its fields are the languages.
    return tuple(LocalText.model_fields)


@cache
def bundled_trials() -> tuple[BundledTrial, ...]:
    """Every bundled dialog that loads, in file-name order (a broken file is left out)."""
    from assistant.trial.dialog import DialogError, load_dialog

    out = []
    for path in _dialog_files():
        try:
            trial = load_dialog(path).dialog.trial
        except DialogError:
            continue
        out.append(BundledTrial(trial.id, trial.version, trial.title, _languages(), path))
    return tuple(out)


def find_bundled(trial_id: str) -> Path | None:
    """The bundled dialog file of `trial_id` (case-insensitive, or its file stem), if any."""
    want = trial_id.strip().casefold()
    for path in _dialog_files():
        if path.stem.casefold() == want:
            return path
    for trial in bundled_trials():
        if trial.id.casefold() == want:
            return trial.path
    return None


def default_dialog() -> Path:
    """The bundled dialog named by `dialogs/_bundle.yaml` (`default: <trial id>`)."""
    bundle = bundled_dir() / BUNDLE_FILE
    try:
        data = yaml.safe_load(bundle.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    name = str(data.get("default", "")) if isinstance(data, dict) else ""
    found = find_bundled(name) if name else None
    if found is None:
        files = _dialog_files()
        if len(files) == 1:  # one bundled trial is its own default
            return files[0]
        raise TrialNotFound(f"{bundle}: no `default:` trial among the bundled dialogs")
    return found


def resolve_dialog(value: str | Path) -> Path:
    """A `--dialog` value as a file: an existing path, else a bundled trial id.

    A value that looks like a path (a folder separator or a .yaml suffix) stays a path, so a
    missing file is reported as "cannot read" by the loader, with its name.
    """
    path = Path(value)
    text = str(value)
    if path.exists() or "/" in text or "\\" in text or path.suffix in (".yaml", ".yml"):
        return path
    found = find_bundled(text)
    if found is None:
        known = ", ".join(t.id for t in bundled_trials()) or "none"
        raise TrialNotFound(f"{text!r} is neither a dialog file nor a bundled trial ({known})")
    return found
