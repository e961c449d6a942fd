"""Re-running a recorded session: its answers, confirmations, corrections and overrides, in order.

Resume rebuilds the engine this way, and replay uses it to check that every recorded decision
and the outcome are reproduced (it passes its report to collect the mismatches).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from assistant.audit.transcript import Event
from assistant.screening.engine import Screening
from assistant.trial.dialog import LoadedDialog


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def rerun(
    loaded: LoadedDialog, events: list[Event], report: Any | None = None
) -> Screening:
    """Feed a transcript's answers, corrections and overrides to a new engine, in order.

    With a `report`, each recorded decision and the outcome are compared as they come.
    """
    start = events[0].payload
    engine = Screening(
        loaded.dialog,
        today=date.fromisoformat(str(start["screening_date"])),
        lang=str(start.get("lang", "en")),
        mode=start.get("engine_mode", "collect"),
    )
    for ev in events[1:]:
        p = ev.payload
        try:
            if ev.type in ("answer", "correction"):
                qid = p["question_id"]
                known = qid in engine.confirmations or qid in loaded.dialog.question_by_id
                if not known:
                    if report is not None:
                        report.mismatches.append(
                            f"line {ev.seq}: {qid} was not asked on replay (mention not raised?)"
                        )
                    continue
                step = engine.answer(qid, p["raw"])
                if report is not None and step.accepted != p.get("accepted", True):
                    report.mismatches.append(
                        f"line {ev.seq}: answer to {qid} accepted="
                        f"{step.accepted}, recorded {p.get('accepted')}"
                    )
                elif (
                    report is not None
                    and step.accepted
                    and not _same(step.parsed.value, p.get("value"))
                ):
                    report.mismatches.append(
                        f"line {ev.seq}: {qid} read as "
                        f"{step.parsed.value!r}, recorded {p.get('value')!r}"
                    )
            elif ev.type == "override":
                engine.override(p["criterion"], p["to"], p["reason"], p["by"])
            elif ev.type == "decision" and report is not None:
                report.checked += 1
                got = engine.decisions()[p["criterion"]].status
                if got != p["status"]:
                    report.mismatches.append(
                        f"line {ev.seq}: {p['criterion']} is {got} on "
                        f"replay, recorded {p['status']}"
                    )
            elif ev.type == "outcome" and report is not None:
                report.checked += 1
                summary = engine.summary()
                for key in ("outcome", "failed", "unknown", "criteria"):
                    if not _same(summary[key], p.get(key)):
                        report.mismatches.append(
                            f"line {ev.seq}: {key} {summary[key]} on replay, recorded {p.get(key)}"
                        )
        except (KeyError, ValueError) as e:
            if report is not None:
                report.mismatches.append(f"line {ev.seq}: cannot replay {ev.type}: {e}")
    return engine
