"""The reviewer's dashboard over a transcripts folder (`prescreen replay DIR`).

The same counts as `prescreen report` (from `assistant.review`, through the folder's index),
bar charts in the terminal (failures and unknowns by criterion, outcomes) drawn as text, and a
table of sessions (outcome, criteria, date, station, reference code) filtered by what is typed
in the filter box. Selecting a session opens its replay screen. Files that did not verify are
listed under the table and never counted. `l` switches English / Chinese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from assistant.review.collect import Collected, collect
from assistant.review.screening_log import OUTCOMES, SessionRow, aggregate

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Screening log of {folder} (read-only)",
        "loading": "Reading transcripts…",
        "counts": "{n} sessions counted · {v} verified of {f} files · {r} not counted",
        "pass": "pass",
        "review": "review",
        "fail": "fail",
        "abandoned": "abandoned",
        "interrupted": "interrupted",
        "failed": "Failures by criterion",
        "unknown": "Unknown by criterion",
        "outcomes": "Outcomes",
        "none": "(none)",
        "filter": "Filter: outcome, criterion, date, station or code (e.g. fail E5 2025-01)",
        "col_date": "Date",
        "col_station": "Station",
        "col_outcome": "Outcome",
        "col_failed": "Failed",
        "col_unknown": "Unknown",
        "col_code": "Code",
        "rejected": "Not counted (did not verify):",
        "shown": "{k} of {n} sessions shown",
        "lang": "中文",
        "open": "Open replay",
    },
    "zh": {
        "title": "{folder} 的筛查记录（只读）",
        "loading": "正在读取记录…",
        "counts": "计入 {n} 人次 · {f} 个文件中 {v} 个已验证 · {r} 个未计入",
        "pass": "通过",
        "review": "待复核",
        "fail": "未通过",
        "abandoned": "已放弃",
        "interrupted": "已中断",
        "failed": "各标准未通过人数",
        "unknown": "各标准未知人数",
        "outcomes": "结果",
        "none": "（无）",
        "filter": "筛选：结果、标准、日期、站点或编号（如 fail E5 2025-01）",
        "col_date": "日期",
        "col_station": "站点",
        "col_outcome": "结果",
        "col_failed": "未通过",
        "col_unknown": "未知",
        "col_code": "编号",
        "rejected": "未计入（未通过验证）：",
        "shown": "显示 {k} / {n} 人次",
        "lang": "English",
        "open": "打开回放",
    },
}
BAR_WIDTH = 30


def bars(
    counts: dict[str, int],
    label: dict[str, str] | None = None,
    width: int = BAR_WIDTH,
    none: str = "(none)",
) -> str:
    """Horizontal bars made of block characters: `I2          ████████ 12`."""
    if not counts or not any(counts.values()):
        return none
    top = max(counts.values())
    name_w = max(len((label or {}).get(k, k)) for k in counts)
    lines = []
    for k, n in counts.items():
        cells = round(width * n / top) if top else 0
        if n and not cells:
            cells = 1  # a count of one still shows
        lines.append(
            f"{(label or {}).get(k, k):<{name_w}} {'█' * cells}{' ' * (width - cells)} {n}"
        )
    return "\n".join(lines)


def row_words(row: SessionRow) -> str:
    """What the filter searches in a row (lower case)."""
    return " ".join(
        [
            row.outcome,
            row.screening_date,
            row.station,
            row.code,
            row.lang,
            row.screening_number or "",
            *row.failed,
            *row.unknown,
            Path(row.file).name,
        ]
    ).lower()


def matches(row: SessionRow, query: str) -> bool:
    """Every word of the query is found in the row (outcome, criterion, date, station, code)."""
    words = row_words(row).split()
    return all(any(q in w for w in words) for q in query.lower().split())


class DashboardScreen(Screen[None]):
    """Counts, charts and the filterable session table over one folder."""

    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("l", "toggle_lang", "English/中文", show=False),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(
        self,
        folder: Path,
        current_dialog: Path | None = None,
        *,
        public_key: Path | None = None,
        lang: str = "en",
    ) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.current_dialog = current_dialog
        self.public_key = public_key
        self.lang = "zh" if lang == "zh" else "en"
        self.collected: Collected | None = None
        self.shown: list[SessionRow] = []

    def t(self, key: str, **values: Any) -> str:
        """A label in the dashboard's language."""
        text = LABELS[self.lang][key]
        return text.format(**values) if values else text

    def compose(self) -> ComposeResult:
        yield Static(Content(self.t("title", folder=str(self.folder))), id="title")
        yield Static(Content(self.t("loading")), id="counts")
        with Horizontal(id="charts"):
            yield Static("", id="chart-outcomes", markup=False)
            yield Static("", id="chart-failed", markup=False)
            yield Static("", id="chart-unknown", markup=False)
        yield Input(placeholder=self.t("filter"), id="filter")
        yield Static("", id="shown", markup=False)
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="rejected-box"):
            yield Static("", id="rejected", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sessions", DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="dashboard-load")
    def load(self) -> None:
        """Read the folder through its index (in a thread: a big folder takes a while)."""
        got = collect([self.folder], public_key=self.public_key, rows=True)
        self.app.call_from_thread(self._loaded, got)

    def _loaded(self, got: Collected) -> None:
        self.collected = got
        self.refresh_view()

    def action_reload(self) -> None:
        """Read the folder again (new sessions since it was opened)."""
        self.load()

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#filter", Input).focus()

    def action_toggle_lang(self) -> None:
        """Switch the labels between English and Chinese."""
        self.lang = "en" if self.lang == "zh" else "zh"
        self.query_one("#title", Static).update(Content(self.t("title", folder=str(self.folder))))
        self.query_one("#filter", Input).placeholder = self.t("filter")
        self.refresh_view()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Counts, charts and the table for the rows that match the filter."""
        got = self.collected
        if got is None:
            return
        query = self.query_one("#filter", Input).value
        self.shown = [r for r in got.rows if matches(r, query)]
        result = aggregate(
            self.shown, files=got.files, verified=len(got.rows), rejected=got.rejected
        )
        o = result["outcomes"]
        counts = self.t(
            "counts",
            n=result["counted"],
            v=result["verified"],
            f=got.files,
            r=len(got.rejected),
        )
        counts += "  ·  " + "  ".join(f"{self.t(k)} {o[k]}" for k in OUTCOMES)
        self.query_one("#counts", Static).update(Content(counts))
        out_label = {k: self.t(k) for k in OUTCOMES}
        none = self.t("none")
        self.query_one("#chart-outcomes", Static).update(
            self.t("outcomes") + "\n" + bars(o, out_label, width=16, none=none)
        )
        self.query_one("#chart-failed", Static).update(
            self.t("failed") + "\n" + bars(result["failed_by_criterion"], width=16, none=none)
        )
        self.query_one("#chart-unknown", Static).update(
            self.t("unknown") + "\n" + bars(result["unknown_by_criterion"], width=16, none=none)
        )
        self.query_one("#shown", Static).update(self.t("shown", k=len(self.shown), n=len(got.rows)))
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        table.add_columns(
            *(
                self.t(c)
                for c in (
                    "col_date",
                    "col_station",
                    "col_outcome",
                    "col_failed",
                    "col_unknown",
                    "col_code",
                )
            )
        )
        for i, r in enumerate(self.shown):
            # rich Text, not str: a str cell would be read as markup (a station named "[b]").
            cells = (
                r.screening_date,
                r.station,
                self.t(r.outcome),
                " ".join(r.failed),
                " ".join(r.unknown),
                r.code,
            )
            table.add_row(*(Text(c) for c in cells), key=str(i))
        rejected = "\n".join(f"✘ {x['file']}: {x['why']}" for x in got.rejected)
        self.query_one("#rejected", Static).update(
            (self.t("rejected") + "\n" + rejected) if rejected else ""
        )

    @on(DataTable.RowSelected, "#sessions")
    def _open(self, event: DataTable.RowSelected) -> None:
        index = int(str(event.row_key.value))
        if 0 <= index < len(self.shown):
            self.open_session(self.shown[index])

    def language_changed(self, lang: str) -> None:
        """The app's language switch (ctrl+l) reaches the dashboard too."""
        if lang != self.lang:
            self.action_toggle_lang()

    def open_session(self, row: SessionRow) -> None:
        """Open the session's replay screen (Esc there comes back here)."""
        dialog = self.current_dialog or getattr(getattr(self.app, "loaded", None), "path", None)
        self.app.push_screen(session_replay(Path(row.file), dialog, self.public_key))


def session_replay(path: Path, dialog: Path | None, public_key: Path | None) -> Screen[None]:
    """The existing replay screen, with Esc to go back to the dashboard."""
    from assistant.app.screens.replay import ReplayScreen

    class SessionReplay(ReplayScreen):
        BINDINGS = [Binding("escape", "back", "Back to the log")]

        def action_back(self) -> None:
            """Back to the dashboard."""
            self.dismiss()

    return SessionReplay(path, dialog, public_key=public_key)
