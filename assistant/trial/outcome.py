"""The overall outcome of a screening, defined once, over top-level criterion statuses.

Pure functions of the dialog and the statuses: the engine, the transcript's consistency check,
replay, the coordinator's summary and the screening log all come through `outcome_from`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from assistant.trial.dialog import Dialog

Outcome = Literal["pass", "review", "fail"]


def outcome_from(statuses: Iterable[str]) -> Outcome:
    """The one definition of the overall outcome, over top-level criterion statuses.

    `fail` if any is `fail`, else `review` if any is `unknown`, else `pass` (`n/a` never decides).
    A sub-criterion (I3.G1) is already folded into its parent, so it is not passed here; an
    override is the criterion's status, so it decides. The engine, the transcript's consistency
    check, replay and the coordinator's summary all come through this function.
    """
    seen = set(statuses)
    if "fail" in seen:
        return "fail"
    return "review" if "unknown" in seen else "pass"


def top_level(dialog: Dialog) -> list[str]:
    """The dialog's top-level criterion ids (those without a parent), in order."""
    return [c.id for c in dialog.criteria if c.parent is None]
