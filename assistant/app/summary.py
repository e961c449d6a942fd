"""The interview's summary: every criterion (ID, status, why, facts), the outcome, corrections and
overrides with their reasons; `e` exports Markdown and JSON for the referral letter.

Exporting closes the session when every question has been asked (the transcript then records the
outcome) and writes `<session_id>.summary.md` / `.summary.json` into the transcripts folder,
created exclusively with mode 0o600 (see `assistant.report`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant import report
from assistant.session import Session

STATUS_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow", "n/a": "dim"}
OUTCOME_STYLE = {"pass": "bold green", "fail": "bold red", "review": "bold yellow"}


class SummaryScreen(Screen[None]):
    """The summary of one session, with export."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("e", "export", "Export MD + JSON"),
        Binding("escape", "back", "Back to interview"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.exported: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="outcome")
        yield DataTable(id="criteria", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="reasons-box"):
            yield Static("", id="reasons", markup=False)
        yield Static("", id="export-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#criteria", DataTable)
        table.add_column("ID", key="id")
        table.add_column("Status", key="status", width=9)
        # Fixed widths so long cells wrap (rows grow) instead of running off the screen.
        table.add_column("Why", key="why", width=28)
        table.add_column("Facts", key="facts", width=max(20, self.app.size.width - 60))
        self.query_one("#reasons-box").border_title = "Corrections and overrides (reasons)"
        table.border_title = "Criteria"
        self.refresh_summary()
        table.focus()

    def refresh_summary(self) -> None:
        """Fill the outcome, table and reasons from the session now."""
        s = report.build_summary(self.session)
        done = s["questions"]
        state = "all questions asked" if s["complete"] else (
            f"{done['answered']} of {done['total']} questions answered: incomplete")
        line = Text.assemble(
            ("Outcome: ", "bold"),
            (report.OUTCOME_WORDS[s["outcome"]], OUTCOME_STYLE[s["outcome"]]),
            f"  ({state}; failed: {', '.join(s['failed']) or 'none'}; "
            f"unknown: {', '.join(s['unknown']) or 'none'})")
        self.query_one("#outcome", Static).update(line)
        table = self.query_one("#criteria", DataTable)
        table.clear()
        for c in s["criteria"]:
            why = c["why"] + (f" (override: {c['override']['reason']})" if "override" in c else "")
            table.add_row(Text(c["id"]),
                          Text(report.status_label(c["status"]),
                               style=STATUS_STYLE.get(c["status"], "")),
                          Text(why), Text(report.facts_text(c["facts"])), key=c["id"],
                          height=None)
        lines = [report.reason_line(r) for r in s["corrections"] + s["overrides"]]
        self.query_one("#reasons", Static).update(Content("\n".join(lines) or "none"))

    def action_export(self) -> None:
        """Write the Markdown and JSON summaries (closing a complete session first)."""
        if self.session.engine.finished() and not self.session.closed:
            self.session.finish()
        try:
            md, js = report.export(self.session)
        except FileExistsError as e:
            self.notify(f"Already exported: {e}", severity="warning")
            return
        except OSError as e:
            self.notify(f"Export failed: {e}", severity="error")
            return
        self.exported = (str(md), str(js))
        self.query_one("#export-status", Static).update(
            Content(f"✔ Exported {md.name} and {js.name} to {md.parent}"))
        self.refresh_summary()

    def action_back(self) -> None:
        """Back to the interview."""
        self.dismiss(None)
