"""Where a matcher's lexicon comes from: a dialog file (through the dialog loader), its
`lexicon:` section read alone, or a `_lexicon.yaml` beside it. Kept apart from
`assistant.trial.lexicon` so that the lexicon's models never import the dialog that contains
them."""

from __future__ import annotations

from pathlib import Path

from assistant.trial.dialog import load_dialog
from assistant.trial.lexicon import Lexicon, LexiconError, load_lexicon


def lexicon_for(path: Path | str) -> Lexicon:
    """The lexicon of a dialog file: via the dialog loader when it accepts the file, else the
    `lexicon:` section read alone (so a dialog whose other sections are in progress still
    works). A file without that section falls back to `_lexicon.yaml` beside it, if any.
    """
    path = Path(path)
    try:
        return load_dialog(path).dialog.lexicon
    except Exception:  # noqa: BLE001 - any failure: read the section ourselves
        pass
    try:
        return load_lexicon(path)
    except LexiconError:
        side = path.with_name("_lexicon.yaml")
        if side.exists() and path.exists():
            return load_lexicon(side)
        raise
