"""`prescreen interview`: the coordinator's guided interview (Textual).

The coordinator signs in first: `--coordinator ID` and their personal PIN (`prescreen staff
add ID`), so corrections, overrides and resumes carry a proven staff id.

The interview always collects every reason (engine mode `collect`): it asks every applicable
question even after a criterion fails, whatever the kiosk configuration says.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.app.app import PrescreenApp


def build_app(ns: argparse.Namespace) -> PrescreenApp:
    """The interview app for parsed CLI arguments (raises DialogError/CommandError/ConfigError)."""
    from assistant.app import create_app  # deferred: Textual only for the screen
    from assistant.cli.common import ui_args

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


def sign_in(ns: argparse.Namespace) -> str:
    """The coordinator proves their staff id with their PIN (raises StaffError/ConfigError).

    Every failure counts towards the growing lockout and is written to the station log of the
    transcripts folder; so is the sign-in. Returns a warning to show ("" if none).
    """
    from assistant.audit.staff import StaffError
    from assistant.audit.staff import sign_in as check
    from assistant.audit.station import StationError, open_station
    from assistant.cli.staff import read_pin
    from assistant.station.config import check_config_private, load_config

    staff_id = (getattr(ns, "coordinator", None) or "").strip()
    if not staff_id:
        raise StaffError(
            "--coordinator ID is required: sign in with your staff id"
            " (set up with `prescreen staff add ID`)"
        )
    check_config_private(getattr(ns, "config", None))
    config = load_config(getattr(ns, "config", None))
    try:
        station = open_station(ns.transcripts, config.signing_key)
    except StationError as e:
        raise StaffError(f"cannot open the station log: {e}") from e
    return check(staff_id, read_pin(f"PIN for {staff_id}: ", confirm=False), log=station.log)


def run(ns: argparse.Namespace) -> int:
    """Sign in, then open the interview; exit 2 with a message on a bad sign-in, dialog, date
    or config."""
    from assistant.audit.staff import StaffError
    from assistant.cli.common import CommandError, fail
    from assistant.station.config import ConfigError
    from assistant.trial.dialog import DialogError

    if getattr(ns, "resume", None) is not None and not (getattr(ns, "reason", None) or "").strip():
        return fail("--resume needs --reason: say why the session is resumed")
    from assistant.cli.common import ui_args
    from assistant.screening.preflight import preflight

    try:  # the arguments first (nothing is recorded until the app runs), then the PIN
        problems = preflight(ui_args(ns)[1], ns.transcripts)
        if problems:
            return fail("cannot open the interview:\n" + "\n".join(problems))
        app = build_app(ns)
    except DialogError as e:
        return fail("invalid dialog file:\n" + "\n".join(e.problems))
    except (CommandError, ConfigError) as e:
        return fail(str(e))
    try:
        warning = sign_in(ns)
    except (StaffError, ConfigError) as e:
        return fail(f"sign-in refused: {e}")
    if warning:
        print(f"prescreen: warning: {warning}", file=sys.stderr)
    result = app.run()
    from assistant.cli.kiosk import print_head

    print_head(ns.transcripts)
    return app.return_code or int(result or 0)  # 1 after an unexpected error
