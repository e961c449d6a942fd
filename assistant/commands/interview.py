"""`prescreen interview`: the coordinator's guided interview (Textual)."""

from __future__ import annotations

import argparse


def run(ns: argparse.Namespace) -> int:
    """Open the interview on `ns.dialog`; exit 2 with a message on a bad dialog, date or config."""
    from assistant.app import create_app  # deferred: Textual is only needed for the screen
    from assistant.commands.common import CommandError, fail, screening_date
    from assistant.config import ConfigError, load_config
    from assistant.dialog import DialogError

    try:
        today = screening_date(getattr(ns, "today", None))
        config = load_config(getattr(ns, "config", None))
        app = create_app(
            "interview",
            dialog=ns.dialog,
            transcripts=ns.transcripts,
            lang=ns.lang,
            today=today,
            config=config,
            coordinator=getattr(ns, "coordinator", None),
        )
    except DialogError as e:
        return fail("invalid dialog file:\n" + "\n".join(e.problems))
    except (CommandError, ConfigError) as e:
        return fail(str(e))
    return int(app.run() or 0)
