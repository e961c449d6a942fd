"""The reviewer's replay: a read-only walk through one recorded session, event by event.

Top: the integrity badge (verified / signed / unsigned / TAMPERED at line N / INTERRUPTED, each
as icon + word + colour) and the reproduction result (every recorded decision re-run through the
recorded dialog version: reproduced, or NOT reproduced with the mismatches) with decision drift
when the current dialog differs. Left: every line of the file; right: the selected event in full
(for a decision: record text, rule, facts, the matched words and scores behind it, whether it was
reproduced). Lines are read leniently so a tampered file can still be inspected; the line that
failed verification is marked. Nothing here changes anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from assistant.review.replay import ReplayReport, replay
from assistant.review.summary import status_label

BADGES = {  # status -> (icon, word, style)
    "signed_ok": ("✔", "SIGNED, signature checked", "bold green"),
    "unchecked": ("⚠", "SIGNATURE NOT CHECKED (no station key)", "bold yellow"),
    "unsigned": ("⚠", "UNSIGNED: intact and complete, but no signature", "bold yellow"),
    "tampered": ("✘", "TAMPERED", "bold red"),
    "interrupted": ("⚠", "INTERRUPTED", "bold yellow"),
    "bad_signature": ("✘", "BAD SIGNATURE", "bold red"),
}


@dataclass(frozen=True)
class Line:
    """One line of the transcript file, parsed leniently."""

    number: int
    event: dict[str, Any] | None
    raw: str

    @property
    def label(self) -> str:
        """`12 answer age` for the event list."""
        ev = self.event
        if ev is None:
            return f"{self.number:>3} (unreadable)"
        p = _payload(ev)
        what = p.get("question_id") or p.get("criterion") or p.get("outcome") or ""
        if ev.get("type") == "decision":
            what = f"{what} {status_label(str(p.get('status')))}"
        return f"{self.number:>3} {ev.get('type', '?')} {what}".rstrip()


def read_lines(path: Path) -> list[Line]:
    """Every line of the file (an unreadable line kept as raw text)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return []
    out = []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw:
            continue
        text = raw.decode("utf-8", errors="replace")
        try:
            obj = json.loads(text)
        except ValueError:
            obj = None
        out.append(Line(n, obj if isinstance(obj, dict) else None, text))
    return out


def _payload(ev: dict[str, Any]) -> dict[str, Any]:
    p = ev.get("payload")
    return p if isinstance(p, dict) else {}


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def badge_text(report: ReplayReport) -> Text:
    """The integrity badge: icon, word and colour, with the line and reason when bad."""
    v = report.integrity
    icon, word, style = BADGES.get(v.status, ("✘", v.status.upper(), "bold red"))
    where = f" at line {v.line}" if v.line and not v.ok else ""
    return Text.assemble((f" {icon} {word}{where} ", f"{style} reverse"), f"  {v.reason}")


def reproduction_text(report: ReplayReport) -> Text:
    """Reproduced or NOT, with mismatches, and drift against the current dialog."""
    out = Text()
    if report.error:
        out.append(f"✘ NOT reproduced: {report.error}", "bold red")
    elif report.reproduced:
        out.append(f"✔ reproduced: all {report.checked} recorded decisions", "bold green")
    else:
        out.append(f"✘ NOT reproduced: {len(report.mismatches)} mismatch(es) in "
                   f"{report.checked} decisions", "bold red")
        for m in report.mismatches:
            out.append(f"\n  {m}")
    if report.dialog_changed:
        out.append(f"\n⚠ the current dialog differs from the recorded version: "
                   f"{len(report.drift)} decision(s) would differ", "yellow")
        for d in report.drift:
            out.append(f"\n  DRIFT {d.criterion}: recorded {d.recorded}, now {d.current}")
    elif report.current_hash:
        out.append("\n= the current dialog is the recorded version: no drift")
    return out


class ReplayScreen(Screen[None]):
    """Read-only replay of one transcript."""

    CSS_PATH = "replay.tcss"
    BINDINGS = [
        Binding("n", "next", "Next event"),
        Binding("p", "previous", "Previous event"),
        Binding("b", "bad_line", "Go to bad line"),
    ]

    def __init__(self, transcript: Path, current_dialog: Path | None = None, *,
                 public_key: Path | None = None) -> None:
        super().__init__()
        self.transcript = Path(transcript)
        self.current_dialog = current_dialog
        self.public_key = public_key
        self.report: ReplayReport | None = None
        self.lines: list[Line] = []

    def compose(self) -> ComposeResult:
        yield Static(Content(f"Replay of {self.transcript.name} (read-only)"), id="title")
        yield Static("", id="badge")
        with VerticalScroll(id="repro-box"):
            yield Static("", id="repro")
        with Horizontal(id="body"):
            yield OptionList(id="events")
            with VerticalScroll(id="detail-box"):
                yield Static("", id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # The shell may not pass these: fall back to its dialog and station key, if any.
        dialog = self.current_dialog or getattr(getattr(self.app, "loaded", None), "path", None)
        key = self.public_key or getattr(self.app, "public_key", None)
        self.report = replay(self.transcript, current_dialog=dialog, public_key=key)
        self.lines = read_lines(self.transcript)
        self.query_one("#badge", Static).update(badge_text(self.report))
        self.query_one("#repro", Static).update(reproduction_text(self.report))
        bad = self.report.integrity.line if not self.report.integrity.ok else None
        events = self.query_one("#events", OptionList)
        events.border_title = f"Events ({len(self.lines)})"
        self.query_one("#detail-box").border_title = "Event"
        events.add_options(
            Option(Content(("✘ " if line.number == bad else "  ") + line.label),
                   id=str(line.number))
            for line in self.lines)
        if self.lines:
            events.highlighted = 0
        events.focus()

    # -- navigation ---------------------------------------------------------------------------
    def action_next(self) -> None:
        """Next event."""
        self.query_one("#events", OptionList).action_cursor_down()

    def action_previous(self) -> None:
        """Previous event."""
        self.query_one("#events", OptionList).action_cursor_up()

    def action_bad_line(self) -> None:
        """Jump to the line that failed verification."""
        assert self.report is not None
        line = self.report.integrity.line
        events = self.query_one("#events", OptionList)
        if line is None or self.report.integrity.ok:
            self.notify("No bad line: the file verified.")
            return
        for i, ln in enumerate(self.lines):
            if ln.number >= line:
                events.highlighted = i
                return

    @on(OptionList.OptionHighlighted, "#events")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.lines):
            self.query_one("#detail", Static).update(Content(self.describe(index)))
            self.query_one("#detail-box", VerticalScroll).scroll_home(animate=False)

    # -- details ------------------------------------------------------------------------------
    def _hits_for(self, criterion: str, upto: int) -> list[dict[str, Any]]:
        """Matcher hits for `criterion` recorded before line `upto`."""
        hits = []
        for line in self.lines[:upto]:
            ev = line.event or {}
            if ev.get("type") == "match":
                hits += [h | {"question_id": ev["payload"].get("question_id")}
                         for h in ev["payload"].get("hits", []) if h.get("criterion") == criterion]
        return hits

    def describe(self, index: int) -> str:
        """The selected line in full, as plain text (shown literally)."""
        assert self.report is not None
        line = self.lines[index]
        v = self.report.integrity
        out = []
        if not v.ok and v.line == line.number:
            out.append(f"✘ THIS LINE FAILED VERIFICATION ({v.status}): {v.reason}\n")
        elif not v.ok and v.line is not None and line.number > v.line:
            out.append(f"⚠ after the bad line {v.line}: not trustworthy\n")
        ev = line.event
        if ev is None:
            return "\n".join(out + [f"Line {line.number}: not readable as JSON.", "", line.raw])
        p = _payload(ev)
        out.append(f"Line {line.number} · seq {ev.get('seq')} · {ev.get('type')} · {ev.get('ts')}")
        typ = ev.get("type")
        if typ == "answer" or typ == "correction":
            out += [f"Question: {p.get('question_id')}", f"Typed: {p.get('raw')}",
                    f"Read as: {_j(p.get('value'))} {p.get('unit') or ''}".rstrip(),
                    f"Accepted: {p.get('accepted')}  status: {p.get('status')}"]
            if p.get("inferences"):
                out.append(f"Inferences: {'; '.join(map(str, p['inferences']))}")
            if typ == "correction":
                out += [f"Corrects line {p.get('corrects')}", f"Reason: {p.get('reason')}",
                        f"By: {p.get('by')}"]
            elif p.get("reason"):
                out.append(f"Why not accepted: {p.get('reason')}")
        elif typ == "match":
            out.append(f"Free text of {p.get('question_id')} matched:")
            for h in p.get("hits", []):
                out.append(f"  {h.get('criterion')} {h.get('item', '')}: {h.get('status')} "
                           f"score {h.get('score')} on \"{h.get('evidence')}\"")
        elif typ == "decision":
            out += self._decision(p, index)
        elif typ == "override":
            out += [f"Override of {p.get('criterion')}: {p.get('from')} → {p.get('to')}",
                    f"Reason: {p.get('reason')}", f"By: {p.get('by')}"]
        else:
            out += [f"{k}: {_j(val) if not isinstance(val, str) else val}" for k, val in p.items()]
        return "\n".join(out)

    def _decision(self, p: dict[str, Any], index: int) -> list[str]:
        assert self.report is not None
        cid = str(p.get("criterion"))
        ev = self.lines[index].event
        seq = ev.get("seq") if ev else None
        out = [f"{cid} ({p.get('list')}): {status_label(str(p.get('status')))}: {p.get('why')}"
               + ("  [final]" if p.get("final") else ""), "", "Record text:",
               str(p.get("record_text")), "", f"Rule: {_j(p.get('rule'))}", "Facts:"]
        out += [f"  {k} = {_j(val)}" for k, val in (p.get("facts") or {}).items()] or ["  (none)"]
        hits = self._hits_for(cid, index)
        if hits:
            out.append("Matched words:")
            out += [f"  \"{h.get('evidence')}\" in {h.get('question_id')}: {h.get('status')} "
                    f"score {h.get('score')}" for h in hits]
        for c in p.get("confirmations") or []:
            out.append(f"Confirmation {c.get('item')}: answered {c.get('answer')!r}, "
                       f"confirmed {c.get('confirmed')}")
        if p.get("override"):
            o = p["override"]
            out.append(f"Override from {o.get('from')} by {o.get('by')}: {o.get('reason')}")
        if p.get("notes"):
            out.append(f"Notes: {', '.join(map(str, p['notes']))}")
        mism = [m for m in self.report.mismatches if m.startswith(f"line {seq}:")]
        out.append("")
        if self.report.error:
            out.append(f"Reproduction: not run ({self.report.error})")
        elif mism:
            out += [f"✘ NOT reproduced: {m}" for m in mism]
        else:
            out.append("✔ reproduced on replay")
        drift = [d for d in self.report.drift if d.criterion == cid]
        if drift and p.get("final"):
            out.append(f"⚠ DRIFT: the current dialog decides {drift[0].current}")
        return out
