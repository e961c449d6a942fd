"""The screening report as one self-contained HTML page (opens from a USB stick, no network).

Charts are drawn by pygal (pure Python, maintained, renders SVG strings without a browser or a
native library): the SVG is inlined, pygal's JavaScript (tooltips, loaded from its site by
default) is switched off with `js=[]`, its inline configuration script and its comments are
dropped, so the page references nothing outside itself. All text from sessions and dialogs is
escaped (`html.escape`; pygal builds its SVG with an XML library, which escapes its labels).

Sections: the CONSORT-style flow (pre-screened -> pass / review / fail / abandoned or
interrupted), failures and unknowns by criterion with the criterion's plain summary from the
dialog, outcomes per week, outcomes per station, and rejected files. English or Chinese.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pygal
from pygal.style import Style

from assistant.review.screening_log import OUTCOMES, criterion_order

COLOURS = {  # outcome -> colour (also told apart by the word: never colour alone)
    "pass": "#2e7d32",
    "review": "#f9a825",
    "fail": "#c62828",
    "abandoned": "#6d4c41",
    "interrupted": "#757575",
}
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Pre-screening report",
        "trial": "Trial",
        "period": "Period",
        "filters": "Filters",
        "none": "none",
        "flow": "Flow of pre-screening",
        "prescreened": "Pre-screened (verified transcripts)",
        "completed": "Completed",
        "referred": "Referred to the site (pass + review)",
        "pass": "Pass",
        "review": "Review (some answers unknown)",
        "fail": "Not eligible (fail)",
        "abandoned": "Abandoned",
        "interrupted": "Interrupted",
        "stopped": "Not completed",
        "failed_chart": "Failures by criterion",
        "first_chart": "First failure",
        "unknown_chart": "Unknown by criterion (needs review)",
        "week_chart": "Outcomes per week",
        "station_chart": "Outcomes per station",
        "criterion": "Criterion",
        "summary": "Summary",
        "failed": "Failed",
        "first_failure": "First failure",
        "unknown": "Unknown",
        "sessions": "Sessions",
        "rejected": "Files not counted",
        "file": "File",
        "why": "Why",
        "no_rejected": "Every file verified.",
        "no_data": "No sessions",
        "files": "Files found",
        "verified": "Verified",
        "note": (
            "Counts are of verified transcripts only. Criteria are counted at the top "
            "level (I3.G1 counts as I3), once per session."
        ),
    },
    "zh": {
        "title": "预筛查报告",
        "trial": "试验",
        "period": "时间范围",
        "filters": "筛选条件",
        "none": "无",
        "flow": "预筛查流程",
        "prescreened": "已预筛查（已验证的记录）",
        "completed": "已完成",
        "referred": "转介至研究中心（通过 + 待复核）",
        "pass": "通过",
        "review": "待复核（部分答案未知）",
        "fail": "不符合（未通过）",
        "abandoned": "已放弃",
        "interrupted": "已中断",
        "stopped": "未完成",
        "failed_chart": "各标准未通过人数",
        "first_chart": "首个未通过标准",
        "unknown_chart": "各标准未知人数（需复核）",
        "week_chart": "每周结果",
        "station_chart": "各站点结果",
        "criterion": "标准",
        "summary": "说明",
        "failed": "未通过",
        "first_failure": "首个未通过",
        "unknown": "未知",
        "sessions": "人次",
        "rejected": "未计入的文件",
        "file": "文件",
        "why": "原因",
        "no_rejected": "所有文件均已通过验证。",
        "no_data": "无记录",
        "files": "找到的文件",
        "verified": "已验证",
        "note": "仅统计已验证的记录。标准按顶层计数（I3.G1 计入 I3），每人次计一次。",
    },
}


def criterion_summaries(dialog: Path | None, lang: str) -> dict[str, str]:
    """Criterion id -> plain summary in `lang`, from the dialog (bundled when None)."""
    from assistant.trial.bundled import default_dialog
    from assistant.trial.dialog import DialogError, load_dialog

    try:
        loaded = load_dialog(dialog or default_dialog())
    except (DialogError, OSError):
        return {}
    return {c.id: c.summary.get(lang) for c in loaded.dialog.criteria}


def _style() -> Style:
    return Style(
        font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        value_font_family=FONT,
        title_font_family=FONT,
        legend_font_family=FONT,
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#999",
        colors=tuple(COLOURS[o] for o in OUTCOMES),
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
        title_font_size=16,
    )


def _svg(chart: Any) -> str:
    """The chart as inline SVG: no XML declaration, no script, no comments.

    pygal always writes a small inline `<script>` holding its tooltip configuration, even with
    `js=[]`; without its tooltip code it does nothing, so it is dropped.
    """
    svg = chart.render(is_unicode=True)
    svg = re.sub(r"<script\b[^>]*>.*?</script>", "", svg, flags=re.S)
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S)


def _config(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(
        js=[],
        disable_xml_declaration=True,
        style=_style(),
        width=900,
        print_values=True,
        truncate_label=-1,
        truncate_legend=-1,
    )
    return base | kw


def _ticks(top: int) -> list[int]:
    """Whole-number value ticks (counts of people are never fractional), about eight of them."""
    step = max(1, -(-max(top, 1) // 8))
    return list(range(0, max(top, 1) + step, step))


def criterion_chart(
    counts: dict[str, int],
    title: str,
    summaries: dict[str, str],
    colour: str,
    extra: tuple[str, dict[str, int]] | None = None,
    cut: int = 40,
) -> str:
    """Horizontal bars per criterion, labelled `I2 Aged 18 to 70` (summary cut at `cut` chars)."""
    ids = sorted(set(counts) | set(extra[1] if extra else {}), key=criterion_order)
    style = _style()
    style.colors = (colour, "#ef9a9a")
    height = max(160, 80 + 34 * max(1, len(ids)) * (2 if extra else 1))
    # pygal sizes the label column as if every character were Latin: make room for Chinese.
    wide = max((sum(ord(ch) > 0x2E80 for ch in _label(c, summaries, cut)) for c in ids), default=0)
    chart = pygal.HorizontalBar(
        **_config(
            show_legend=extra is not None,
            legend_at_bottom=True,
            height=height,
            style=style,
            margin_left=10 + 6 * wide,
        )
    )
    chart.title = title
    ids.reverse()  # pygal draws the first label at the bottom: keep I2 at the top
    chart.x_labels = [_label(c, summaries, cut) for c in ids]
    chart.y_labels = _ticks(max([*counts.values(), *(extra[1].values() if extra else []), 1]))
    chart.add(title, [counts.get(c, 0) or None for c in ids])
    if extra:
        chart.add(extra[0], [extra[1].get(c, 0) or None for c in ids])
    chart.no_data_text = "-"
    return _svg(chart)


def _label(cid: str, summaries: dict[str, str], cut: int) -> str:
    s = summaries.get(cid, "")
    return f"{cid} {s[:cut]}{'…' if len(s) > cut else ''}".strip()


def outcome_chart(groups: dict[str, dict[str, int]], title: str, t: dict[str, str]) -> str:
    """Stacked bars of the five outcomes per group (week or station)."""
    many = len(groups) > 16  # a year of weeks: label every few bars, slanted
    every = -(-len(groups) // 12) if many else 1
    chart = pygal.StackedBar(
        **_config(
            legend_at_bottom=True,
            height=400,
            x_label_rotation=40 if many else 0,
            print_values=False,
            x_labels_major_every=every,
            show_minor_x_labels=not many,
        )
    )
    chart.title = title
    chart.x_labels = list(groups)
    chart.y_labels = _ticks(max([sum(c.values()) for c in groups.values()] or [1]))
    for o in OUTCOMES:
        chart.add(t[o], [groups[g].get(o, 0) for g in groups])  # 0, not None: keeps the stack
    return _svg(chart)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _flow(result: dict[str, Any], t: dict[str, str]) -> str:
    o = result["outcomes"]
    done = o["pass"] + o["review"] + o["fail"]

    def box(key: str, n: int, cls: str = "") -> str:
        return f'<div class="box {cls}"><div class="n">{n}</div><div>{_e(t[key])}</div></div>'

    return (
        '<div class="flow">'
        + box("prescreened", result["counted"], "top")
        + '<div class="arrow">↓</div><div class="row">'
        + '<div class="col">'
        + box("completed", done)
        + '<div class="arrow">↓</div><div class="row">'
        + box("pass", o["pass"], "pass")
        + box("review", o["review"], "review")
        + box("fail", o["fail"], "fail")
        + "</div></div>"
        + '<div class="col">'
        + box("stopped", o["abandoned"] + o["interrupted"])
        + '<div class="arrow">↓</div><div class="row">'
        + box("abandoned", o["abandoned"], "abandoned")
        + box("interrupted", o["interrupted"], "interrupted")
        + "</div></div>"
        + "</div>"
        + box("referred", result["referred"], "referred")
        + "</div>"
    )


def _criteria_table(result: dict[str, Any], summaries: dict[str, str], t: dict[str, str]) -> str:
    f, ff, u = (
        result["failed_by_criterion"],
        result["first_failure_by_criterion"],
        result["unknown_by_criterion"],
    )
    ids = sorted(set(f) | set(u), key=criterion_order)
    rows = "".join(
        f"<tr><td>{_e(c)}</td><td>{_e(summaries.get(c, ''))}</td><td>{f.get(c, 0)}</td>"
        f"<td>{ff.get(c, 0)}</td><td>{u.get(c, 0)}</td></tr>"
        for c in ids
    )
    return (
        f'<table class="criteria"><tr><th>{_e(t["criterion"])}</th><th>{_e(t["summary"])}'
        f"</th><th>{_e(t['failed'])}</th><th>{_e(t['first_failure'])}</th>"
        f"<th>{_e(t['unknown'])}</th></tr>{rows}</table>"
    )


CSS = """
body{font-family:FONTS;margin:24px;color:#222;max-width:1000px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc}
.meta{color:#555}.flow{display:flex;flex-direction:column;align-items:center;gap:6px}
.row{display:flex;gap:10px;justify-content:center}.col{display:flex;flex-direction:column;
align-items:center;gap:6px;padding:0 12px}.arrow{font-size:22px;color:#777}
.box{border:2px solid #555;border-radius:6px;padding:8px 14px;text-align:center;min-width:110px}
.box .n{font-size:22px;font-weight:bold}.pass{border-color:#2e7d32}.review{border-color:#f9a825}
.fail{border-color:#c62828}.abandoned{border-color:#6d4c41}.interrupted{border-color:#757575}
.referred{background:#e8f5e9}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.chart svg{width:100%;height:auto}.note{color:#555;font-size:13px}
""".replace("FONTS", FONT)


def render_html(
    result: dict[str, Any],
    *,
    lang: str = "en",
    dialog: Path | None = None,
    trial: str = "NCT05930314",
) -> str:
    """The whole page as a string."""
    t = TEXT.get(lang, TEXT["en"])
    summaries = criterion_summaries(dialog, lang)
    cut = 14 if lang == "zh" else 40  # axis label length (Chinese characters are twice as wide)
    first, last = result["period"]
    filt = result.get("filters") or {}
    filt_text = ", ".join(f"{k}={v}" for k, v in filt.items() if v) or t["none"]
    parts = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{_e(t['title'])} {_e(trial)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(t['title'])}</h1>",
        f'<p class="meta">{_e(t["trial"])}: {_e(trial)} · {_e(t["period"])}: '
        f"{_e(first or '-')} – {_e(last or '-')} · {_e(t['filters'])}: {_e(filt_text)} · "
        f"{_e(t['files'])}: {result['transcripts']} · {_e(t['verified'])}: "
        f"{result['verified']}</p>",
        f"<h2>{_e(t['flow'])}</h2>",
        _flow(result, t),
        f'<p class="note">{_e(t["note"])}</p>',
        f"<h2>{_e(t['failed_chart'])}</h2>",
        '<div class="chart" id="chart-failed">'
        + criterion_chart(
            result["failed_by_criterion"],
            t["failed_chart"],
            summaries,
            "#c62828",
            (t["first_chart"], result["first_failure_by_criterion"]),
            cut,
        )
        + "</div>",
        f"<h2>{_e(t['unknown_chart'])}</h2>",
        '<div class="chart" id="chart-unknown">'
        + criterion_chart(
            result["unknown_by_criterion"], t["unknown_chart"], summaries, "#f9a825", cut=cut
        )
        + "</div>",
        _criteria_table(result, summaries, t),
        f"<h2>{_e(t['week_chart'])}</h2>",
        '<div class="chart" id="chart-week">'
        + outcome_chart(result["by_week"], t["week_chart"], t)
        + "</div>",
        f"<h2>{_e(t['station_chart'])}</h2>",
        '<div class="chart" id="chart-station">'
        + outcome_chart(result["by_station"], t["station_chart"], t)
        + "</div>",
        f"<h2>{_e(t['rejected'])} ({len(result['rejected'])})</h2>",
    ]
    if result["rejected"]:
        parts.append(
            f"<table><tr><th>{_e(t['file'])}</th><th>{_e(t['why'])}</th></tr>"
            + "".join(
                f"<tr><td>{_e(r['file'])}</td><td>{_e(r['why'])}</td></tr>"
                for r in result["rejected"]
            )
            + "</table>"
        )
    else:
        parts.append(f"<p>{_e(t['no_rejected'])}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_html(
    path: Path,
    result: dict[str, Any],
    *,
    lang: str = "en",
    dialog: Path | None = None,
) -> None:
    """Write the page to `path` (owner-only: it lists transcript files)."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as f:
        path.chmod(0o600)
        f.write(render_html(result, lang=lang, dialog=dialog))
