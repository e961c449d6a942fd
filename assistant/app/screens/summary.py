"""The interview's summary: every criterion (ID, status, why, facts), the outcome, corrections and
overrides with their reasons; `e` exports Markdown and JSON for the referral letter.

Exporting closes the session when every question has been asked (the transcript then records the
outcome) and writes `<session_id>.summary.md` / `.summary.json` into the transcripts folder,
created exclusively with mode 0o600 (see `assistant.review.summary`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant.app.texts import t
from assistant.app.values import facts_line, reason_lines, status_word, why_text
from assistant.review import summary as report
from assistant.screening.session import Session

STATUS_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow", "n/a": "dim"}
OUTCOME_STYLE = {"pass": "bold green", "fail": "bold red", "review": "bold yellow"}


class SummaryScreen(Screen[None]):
    """The summary of one session, with export."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("e", "export", "Export MD + JSON"),
        Binding("escape", "back", "Back to interview"),
    ]

    def __init__(self, session: Session, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
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
        table.add_column(t(self.lang, "iv_col_id"), key="id")
        table.add_column(t(self.lang, "iv_col_status"), key="status", width=10)
        # Fixed widths so long cells wrap (rows grow) instead of running off the screen.
        table.add_column(t(self.lang, "sum_col_why"), key="why", width=28)
        table.add_column(
            t(self.lang, "sum_col_facts"), key="facts", width=max(20, self.app.size.width - 60)
        )
        self.query_one("#reasons-box").border_title = t(self.lang, "sum_reasons")
        table.border_title = t(self.lang, "sum_criteria")
        self.refresh_summary()
        table.focus()

    def refresh_summary(self) -> None:
        """Fill the outcome, table and reasons from the session now."""
        lang = self.lang
        s = report.build_summary(self.session)
        events = report.transcript_events(self.session.path)
        stopped = next(
            (e.payload.get("stopped_early") for e in events if e.type == "outcome"), None
        )
        done = s["questions"]
        if stopped:
            state = t(lang, "sum_state_stopped", reason=stopped.get("reason", ""))
        elif s["complete"]:
            state = t(lang, "sum_state_complete")
        else:
            state = t(lang, "sum_state_incomplete", answered=done["answered"], total=done["total"])
        none = t(lang, "sum_none")
        line = Text.assemble(
            (t(lang, "sum_outcome"), "bold"),
            (t(lang, f"outcome_{s['outcome']}"), OUTCOME_STYLE[s["outcome"]]),
            f"  ({state}; {t(lang, 'sum_failed', ids=', '.join(s['failed']) or none)}; "
            f"{t(lang, 'sum_unknown', ids=', '.join(s['unknown']) or none)})",
        )
        self.query_one("#outcome", Static).update(line)
        table = self.query_one("#criteria", DataTable)
        table.clear()
        for c in s["criteria"]:
            # An override decides the status, so it is the "why": never the computed reason.
            why = why_text(c["why"], lang)
            if "override" in c:
                o = c["override"]
                why = t(lang, "why_override", by=o["by"], reason=o["reason"])
            table.add_row(
                Text(c["id"]),
                Text(status_word(c["status"], lang), style=STATUS_STYLE.get(c["status"], "")),
                Text(why),
                Text(facts_line(c["facts"], lang)),
                key=c["id"],
                height=None,
            )
        lines = reason_lines(events, lang)
        self.query_one("#reasons", Static).update(Content("\n".join(lines) or none))

    def action_export(self) -> None:
        """Write the Markdown and JSON summaries (closing a complete session first)."""
        if self.session.engine.finished() and not self.session.closed:
            self.session.finish()
        try:
            md, js = report.export(self.session)
        except FileExistsError as e:
            self.notify(t(self.lang, "sum_already", error=e), severity="warning")
            return
        except OSError as e:
            self.notify(t(self.lang, "sum_failed_export", error=e), severity="error")
            return
        self.exported = (str(md), str(js))
        self.query_one("#export-status", Static).update(
            Content(t(self.lang, "sum_exported", md=md.name, js=js.name, folder=md.parent)))
        self.refresh_summary()

    def action_back(self) -> None:
        """Back to the interview."""
        self.dismiss(None)
