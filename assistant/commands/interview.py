"""`prescreen interview`: the coordinator's guided interview (Textual).

The interview always collects every reason (engine mode `collect`): it asks every applicable
question even after a criterion fails, whatever the kiosk configuration says.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp


def build_app(ns: argparse.Namespace) -> PrescreenApp:
    """The interview app for parsed CLI arguments (raises DialogError/CommandError/ConfigError)."""
    from assistant.app import create_app, ui_args  # deferred: Textual only for the screen

    today, kiosk_config = ui_args(ns)
    # The interview always collects every reason, whatever the kiosk configuration says.
    config = kiosk_config.model_copy(update={"stop_at_first_fail": False})
    return create_app(
        "interview",
        dialog=ns.dialog,
        transcripts=ns.transcripts,
        lang=ns.lang,
        today=today,
        config=config,
        coordinator=getattr(ns, "coordinator", None),
        screening_number=getattr(ns, "screening_number", None),
        resume=getattr(ns, "resume", None),
        resume_reason=getattr(ns, "reason", None),
    )


def run(ns: argparse.Namespace) -> int:
    """Open the interview; exit 2 with a message on a bad dialog, date or config."""
    from assistant.commands.common import CommandError, fail
    from assistant.config import ConfigError
    from assistant.dialog import DialogError

    if getattr(ns, "resume", None) is not None and not (getattr(ns, "reason", None) or "").strip():
        return fail("--resume needs --reason: say why the session is resumed")
    from assistant.app import ui_args
    from assistant.preflight import preflight

    try:
        problems = preflight(ui_args(ns)[1], ns.transcripts)
        if problems:
            return fail("cannot open the interview:\n" + "\n".join(problems))
        app = build_app(ns)
    except DialogError as e:
        return fail("invalid dialog file:\n" + "\n".join(e.problems))
    except (CommandError, ConfigError) as e:
        return fail(str(e))
    result = app.run()
    return app.return_code or int(result or 0)  # 1 after an unexpected error
