"""The coordinator's summary for the referral letter: per-criterion table, outcome, reasons.

UI-free (no Textual): the summary screen, the interview's detail pane and the tests all use these
functions. Everything comes from the session's engine and its transcript (corrections and
overrides are read back from the recorded events, so the summary shows what was recorded).
Exports are created exclusively (never overwriting) with mode 0o600 in the transcripts folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from assistant.audit.transcript import Event, TranscriptError, read_events
from assistant.screening.decisions import Decision
from assistant.screening.session import Session
from assistant.trial.dialog import Dialog

# Icon AND word for every status, so colour is never the only signal.
ICONS = {"pass": "✔", "fail": "✘", "unknown": "?", "n/a": "–"}
OUTCOME_WORDS = {
    "pass": "✔ pass: refer for screening",
    "fail": "✘ fail: not eligible on at least one criterion",
    "review": "? review: information missing, a coordinator must check",
}


def status_label(status: str) -> str:
    """`✔ pass`, `✘ fail`, `? unknown`, `– n/a`."""
    return f"{ICONS.get(status, '?')} {status}"


def fact_text(value: Any) -> str:
    """A fact's value as short text (`not known` for None)."""
    if value is None:
        return "not known"
    if isinstance(value, dict) and "value" in value and "unit" in value:
        return f"{value['value']} {value['unit']}"
    if isinstance(value, dict) and "answer" in value:
        text = value.get("text")
        return str(value["answer"]) + (f" ({text})" if text and text != value["answer"] else "")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def facts_text(facts: dict[str, Any]) -> str:
    """`age = 34; sex = female` (empty string when none)."""
    return "; ".join(f"{k} = {fact_text(v)}" for k, v in facts.items())


def transcript_events(path: Path) -> list[Event]:
    """The transcript's events (empty when it cannot be read)."""
    try:
        return read_events(path)
    except TranscriptError:
        return []


def reasons(events: list[Event]) -> list[dict[str, Any]]:
    """Every correction and override recorded, in order, with its reason and who made it."""
    out: list[dict[str, Any]] = []
    for ev in events:
        p = ev.payload
        if ev.type == "correction":
            out.append({"type": "correction", "seq": ev.seq, "question_id": p.get("question_id"),
                        "corrects": p.get("corrects"), "raw": p.get("raw"),
                        "accepted": p.get("accepted"), "reason": p.get("reason"),
                        "by": p.get("by")})
        elif ev.type == "override":
            out.append({"type": "override", "seq": ev.seq, "criterion": p.get("criterion"),
                        "from": p.get("from"), "to": p.get("to"), "reason": p.get("reason"),
                        "by": p.get("by")})
    return out


def reason_line(r: dict[str, Any]) -> str:
    """One reason as a line of plain text."""
    if r["type"] == "correction":
        return (f"#{r['seq']} correction of {r['question_id']} (answer #{r['corrects']}) to "
                f"\"{r['raw']}\" by {r['by']}: {r['reason']}")
    return (f"#{r['seq']} override of {r['criterion']} {r['from']} → {r['to']} by {r['by']}: "
            f"{r['reason']}")


def decision_detail(dialog: Dialog, d: Decision, lang: str = "en") -> str:
    """Everything behind one decision as plain text (for the detail pane; shown literally)."""
    c = dialog.criterion_by_id[d.criterion]
    lines = [f"{d.criterion} ({d.list}) {status_label(d.status)}: {d.why}",
             f"Summary: {c.summary.get(lang)}", "", "Record text (literal):", d.text, ""]
    rule = json.dumps(d.rule, ensure_ascii=False, default=str) if d.rule is not None else "none"
    lines += [f"Rule: {rule}", "Facts used:"]
    lines += [f"  {k} = {fact_text(v)}" for k, v in d.facts.items()] or ["  (none)"]
    if d.confirmations:
        lines.append("Confirmations:")
        for conf in d.confirmations:
            answer = conf.get("answer")
            lines.append(f"  {conf.get('item')}: \"{conf.get('evidence')}\" ({conf.get('hit')}) "
                         f"answered {answer!r}, confirmed {conf.get('confirmed')}")
    if d.override is not None:
        lines.append(f"Override: {d.computed} → {d.status} by {d.override.by}: "
                     f"{d.override.reason}")
    notes = [n for n in dialog.notes if n.id in d.notes or d.criterion in n.criteria]
    if notes:
        lines += ["", "Notes on the record's defects:"]
        for n in notes:
            lines += [f"  {n.id} literal: {n.literal}", f"     interpretation: {n.interpretation}",
                      f"     reason: {n.reason}"]
    return "\n".join(lines)


def build_summary(session: Session) -> dict[str, Any]:
    """The summary of a session as JSON-ready data (the referral letter's content)."""
    engine = session.engine
    events = transcript_events(session.path)
    start = events[0].payload if events else {}
    decisions = engine.decisions()
    top = engine.summary()
    criteria = []
    for c in engine.dialog.criteria:
        d = decisions[c.id]
        row: dict[str, Any] = {
            "id": c.id, "list": c.list, "parent": c.parent, "summary": c.summary.get(engine.lang),
            "status": d.status, "why": d.why,
            "facts": json.loads(json.dumps(d.facts, default=str, ensure_ascii=False)),
        }
        if d.override is not None:
            row["override"] = {"from": d.computed, "reason": d.override.reason,
                               "by": d.override.by}
        criteria.append(row)
    all_reasons = reasons(events)
    answered, total = engine.progress()
    return {
        "session_id": session.writer.session_id,
        "transcript": str(session.path),
        "dialog": {"id": start.get("dialog_id"), "version": start.get("dialog_version"),
                   "hash": start.get("dialog_hash")},
        "screening_date": engine.today.isoformat(),
        "coordinator": start.get("coordinator"),
        "complete": engine.finished(),
        "questions": {"answered": answered, "total": total},
        "outcome": top["outcome"], "failed": top["failed"], "unknown": top["unknown"],
        "criteria": criteria,
        "corrections": [r for r in all_reasons if r["type"] == "correction"],
        "overrides": [r for r in all_reasons if r["type"] == "override"],
    }


def _cell(text: Any) -> str:
    """Text for a Markdown table cell: literal (special characters escaped), one line."""
    s = str(text).replace("\\", "\\\\").replace("\n", " ").replace("\r", " ")
    for ch in "|*_`[]<>#":
        s = s.replace(ch, "\\" + ch)
    return s


def to_markdown(summary: dict[str, Any]) -> str:
    """The summary as Markdown for the referral letter."""
    dl = summary["dialog"]
    out = [
        f"# Pre-screening summary: {_cell(dl['id'])}", "",
        f"- Session: {_cell(summary['session_id'])}",
        f"- Dialog version: {_cell(dl['version'])} (sha256 {_cell(str(dl['hash'])[:12])})",
        f"- Screening date: {summary['screening_date']}",
        f"- Coordinator: {_cell(summary['coordinator'] or 'not recorded')}",
        f"- Questions answered: {summary['questions']['answered']} of "
        f"{summary['questions']['total']}" + ("" if summary["complete"] else " (incomplete)"),
        f"- **Outcome: {_cell(OUTCOME_WORDS[summary['outcome']])}**",
        f"- Failed: {_cell(', '.join(summary['failed']) or 'none')}",
        f"- Unknown: {_cell(', '.join(summary['unknown']) or 'none')}",
        "", "## Criteria", "", "| ID | Status | Why | Facts |", "|---|---|---|---|",
    ]
    for c in summary["criteria"]:
        why = c["why"] + (f" (override: {c['override']['reason']})" if "override" in c else "")
        out.append(f"| {_cell(c['id'])} | {_cell(status_label(c['status']))} | {_cell(why)} | "
                   f"{_cell(facts_text(c['facts']))} |")
    out += ["", "## Corrections", ""]
    out += [f"- {_cell(reason_line(r))}" for r in summary["corrections"]] or ["- none"]
    out += ["", "## Overrides", ""]
    out += [f"- {_cell(reason_line(r))}" for r in summary["overrides"]] or ["- none"]
    return "\n".join(out) + "\n"


def _write_exclusive(path: Path, text: str) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def export(session: Session, directory: Path | None = None) -> tuple[Path, Path]:
    """Write `<session_id>.summary.md` and `.summary.json` (exclusively, mode 0o600).

    Raises FileExistsError when a summary of this session was already exported.
    """
    folder = Path(directory) if directory else session.path.parent
    summary = build_summary(session)
    sid = summary["session_id"]
    md, js = folder / f"{sid}.summary.md", folder / f"{sid}.summary.json"
    for p in (md, js):
        if p.exists():
            raise FileExistsError(f"{p} already exists")
    _write_exclusive(md, to_markdown(summary))
    _write_exclusive(js, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return md, js
