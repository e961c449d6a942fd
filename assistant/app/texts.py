"""The app's own UI strings: one JSON catalogue per language in `assistant/app/strings/`.

Strings about the screening itself (re-ask lead, questions, criteria) come from the dialog file;
these are the screen furniture that no dialog needs to change. The catalogues are plain JSON so
the welcome can read them before anything heavy is imported, and `prescreen check` can compare
them with the languages the dialog declares without importing the app.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

STRINGS = Path(__file__).resolve().parent / "strings"
LANGS = ("en", "zh")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every UI string of `lang` (read once)."""
    data: dict[str, str] = json.loads((STRINGS / f"{lang}.json").read_text(encoding="utf-8"))
    return data


def t(lang: str | None, key: str, **values: object) -> str:
    """The UI string `key` in `lang` (English unless Chinese), with `{name}` fields filled."""
    table = catalogue("zh" if lang == "zh" else "en")
    text = table[key] if key in table else catalogue("en")[key]
    return text.format(**values) if values else text


def has(lang: str | None, key: str) -> bool:
    """True when the catalogue of `lang` has `key`."""
    return key in catalogue("zh" if lang == "zh" else "en")


def unit_name(lang: str | None, unit: str) -> str:
    """A unit as a person reads it in `lang` (`months` -> `月`); symbols stay as they are."""
    key = f"unit_{unit}"
    return t(lang, key) if has(lang, key) else unit


def binding_key(action: str) -> str:
    """The catalogue key of a binding's description: `key_` + the action's name."""
    name = action.split("(", 1)[0].removeprefix("app.").removeprefix("screen.")
    if "(" in action:  # start('en') -> start_en
        name += "_" + "".join(ch for ch in action.split("(", 1)[1] if ch.isalnum())
    return f"key_{name}"


def localize_bindings(node: Any, lang: str | None) -> None:
    """Give `node`'s key bindings (an App, Screen or widget) their descriptions in `lang`.

    Textual reads a binding's description when it draws the footer, so swapping the frozen
    `Binding` objects for copies with the catalogue's description and refreshing the bindings is
    enough; keys without a catalogue entry keep their description.
    """
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=t(lang, binding_key(b.action)))
            if b.description and has(lang, binding_key(b.action))
            else b
            for b in bindings
        ]
    refresh = getattr(node, "refresh_bindings", None)
    if refresh is not None and getattr(node, "is_attached", True):
        try:
            refresh()
        except Exception:  # noqa: BLE001 - not mounted yet: the footer reads them when it is
            pass
