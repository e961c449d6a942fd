"""`prescreen report`: counts over a folder of real transcripts, filters, index, CSV and HTML."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from review_helpers import answer_line, mixed_folder, patient, run_session, tamper

from assistant.audit import signing
from assistant.audit.refcode import reference_code
from assistant.cli import main
from assistant.trial.dialog import LoadedDialog

SVG = "{http://www.w3.org/2000/svg}"


def report(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict[str, Any]:
    """Run `prescreen report` in-process; exactly one JSON line on stdout."""
    code = main(["report", *map(str, args)])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def failing(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    """Run it expecting an error: non-zero, nothing on stdout; returns stderr."""
    code = main(["report", *map(str, args)])
    got = capsys.readouterr()
    assert code != 0 and got.out == ""
    return got.err


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, loaded: LoadedDialog) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("mixed") / "transcripts"
    info = mixed_folder(loaded, folder)
    info["folder"] = folder
    return info


@pytest.fixture
def copy(mixed: dict[str, Any], tmp_path: Path) -> Path:
    """A private copy of the mixed folder, for tests that change it."""
    dest = tmp_path / "copy"
    shutil.copytree(mixed["folder"], dest, ignore=shutil.ignore_patterns(".index*"))
    return dest


def tops(ids: list[str]) -> set[str]:
    return {i.split(".")[0] for i in ids}


def test_counts_equal_the_sessions_own_outcomes(mixed: dict[str, Any], capsys: Any) -> None:
    made = mixed["made"]
    r = report(capsys, mixed["folder"])
    assert r["outcomes"] == {o: sum(m.outcome == o for m in made)
                             for o in ("pass", "review", "fail", "abandoned", "interrupted")}
    assert all(r["outcomes"][o] >= 1 for o in r["outcomes"])  # the folder has every kind
    assert r["verified"] == len(made) == r["counted"]
    assert r["transcripts"] == len(made) + 4  # + tampered, unclosed, two foreign files
    failed = Counter(c for m in made if m.summary for c in tops(m.summary["failed"]))
    unknown = Counter(c for m in made if m.summary for c in tops(m.summary["unknown"]))
    assert r["failed_by_criterion"] == dict(failed)
    assert r["unknown_by_criterion"] == dict(unknown)
    assert "I3.G1" not in json.dumps(r["failed_by_criterion"])  # top level only
    # Age is asked before the hepatitis B test, so I2 fails first in the age-75 session (I2, E5).
    assert r["first_failure_by_criterion"] == {"I2": 1, "E13": 1}
    assert r["stations"] == dict(Counter(m.station for m in made))
    days = sorted(m.day.isoformat() for m in made)
    assert r["period"] == [days[0], days[-1]]
    assert r["referred"] == r["outcomes"]["pass"] + r["outcomes"]["review"]
    assert sum(sum(w.values()) for w in r["by_week"].values()) == len(made)


def test_every_other_file_is_rejected_with_why(mixed: dict[str, Any], capsys: Any) -> None:
    r = report(capsys, mixed["folder"])
    why = {Path(x["file"]).name: x["why"] for x in r["rejected"]}
    assert why[mixed["tampered"].name].startswith(f"tampered at line {mixed['bad_line']}:")
    assert why[mixed["unclosed"].name].startswith("interrupted")
    assert why["notes.txt"].startswith("not a transcript")
    assert why["other.jsonl"].startswith("not a transcript")
    assert len(why) == 4  # the dialog copies and the index are not reported
    assert not any("dialogs" in x["file"] or ".index" in x["file"] for x in r["rejected"])


def test_filters_since_until_station(mixed: dict[str, Any], capsys: Any) -> None:
    made = mixed["made"]
    lo, hi = date(2025, 1, 8), date(2025, 1, 14)
    r = report(capsys, mixed["folder"], "--since", lo, "--until", hi)
    inside = [m for m in made if lo <= m.day <= hi]
    assert 0 < len(inside) < len(made)
    assert r["counted"] == len(inside)
    assert r["outcomes"] == {o: sum(m.outcome == o for m in inside) for o in r["outcomes"]}
    assert r["period"] == [min(m.day for m in inside).isoformat(),
                           max(m.day for m in inside).isoformat()]
    # Both sides of each bound: the day itself is in, the day before/after is out.
    assert report(capsys, mixed["folder"], "--since", "2025-01-16")["counted"] == 1
    assert report(capsys, mixed["folder"], "--since", "2025-01-17")["counted"] == 0
    assert report(capsys, mixed["folder"], "--until", "2025-01-06")["counted"] == 1
    assert report(capsys, mixed["folder"], "--until", "2025-01-05")["period"] == [None, None]
    r = report(capsys, mixed["folder"], "--station", "clinic-2")
    assert r["stations"] == {"clinic-2": sum(m.station == "clinic-2" for m in made)}
    assert report(capsys, mixed["folder"], "--station", "nowhere")["counted"] == 0


def test_bad_options_name_the_problem(mixed: dict[str, Any], capsys: Any, tmp_path: Path) -> None:
    assert "--since" in failing(capsys, mixed["folder"], "--since", "15/01/2025")
    assert "after --until" in failing(capsys, mixed["folder"], "--since", "2025-02-01",
                                      "--until", "2025-01-01")
    assert "--tz" in failing(capsys, mixed["folder"], "--tz", "Mars/Olympus")
    assert "no such" in failing(capsys, tmp_path / "absent")
    assert "key" in failing(capsys, mixed["folder"], "--public-key", tmp_path / "nokey.pub")


def test_index_is_incremental_and_the_files_stay_the_truth(copy: Path, capsys: Any) -> None:
    first = report(capsys, copy)
    index = copy / ".index.sqlite"
    assert index.exists() and index.stat().st_mode & 0o777 == 0o600
    assert first["index"]["examined"] == first["transcripts"]
    again = report(capsys, copy)
    assert again["index"] == {"files": [str(index)], "examined": 0, "reused": again["transcripts"]}
    assert {k: v for k, v in again.items() if k != "index"} == {
        k: v for k, v in first.items() if k != "index"}
    # Tamper with a counted file and put its mtime back: the index must not hide it.
    victim = next(p for p in sorted(copy.glob("*.jsonl")) if p.name not in {
        Path(x["file"]).name for x in first["rejected"]})
    st = victim.stat()
    line = answer_line(victim)
    tamper(victim, line)
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = report(capsys, copy)
    assert after["verified"] == first["verified"] - 1
    assert any(x["file"] == str(victim) and x["why"].startswith(f"tampered at line {line}")
               for x in after["rejected"])
    assert after["index"]["examined"] == 1
    # A deleted file leaves the report; a rebuild re-verifies everything from the files.
    victim.unlink()
    gone = report(capsys, copy)
    assert gone["transcripts"] == first["transcripts"] - 1
    rebuilt = report(capsys, copy, "--rebuild-index")
    assert rebuilt["index"]["examined"] == rebuilt["transcripts"]
    assert rebuilt["outcomes"] == gone["outcomes"]
    # The index is only a cache: a corrupt one is replaced, not trusted.
    index.write_bytes(b"not a database at all, just bytes" * 100)
    fixed = report(capsys, copy)
    assert fixed["outcomes"] == gone["outcomes"]
    assert fixed["index"]["examined"] == fixed["transcripts"]
    assert report(capsys, copy)["index"]["examined"] == 0
    assert report(capsys, copy, "--no-index")["outcomes"] == gone["outcomes"]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: spreadsheets read Chinese right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_log_one_row_per_session(mixed: dict[str, Any], capsys: Any, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    report(capsys, mixed["folder"], "--csv", out, "--tz", "+08:00")
    rows = read_csv(out)
    made = {m.path.name: m for m in mixed["made"]}
    assert len(rows) == len(made)
    for row in rows:
        m = made[Path(row["transcript_file"]).name]
        assert row["outcome"] == m.outcome
        assert row["station"] == m.station
        assert row["screening_date"] == m.day.isoformat()
        assert row["reference_code"] == reference_code(m.path.stem)
        if m.summary:
            assert set(row["failed_criteria"].split("; ")) - {""} == tops(m.summary["failed"])
            assert set(row["unknown_criteria"].split("; ")) - {""} == tops(m.summary["unknown"])
        utc = datetime.fromisoformat(f"{row['date_utc']}T{row['time_utc']}")
        local = datetime.fromisoformat(f"{row['date_local']}T{row['time_local']}")
        assert local - utc == timedelta(hours=8) and row["utc_offset"] == "UTC+08:00"
        # Signed or not depends on the station's policy; the two columns must agree.
        assert (row["signed"] == "yes") == (row["verified"] != "unsigned")
        assert row["verified"] in ("signed_ok", "verified", "unsigned")
    assert {r["language"] for r in rows} == {"en", "zh"}
    assert [r["screening_number"] for r in rows if r["screening_number"]] == ["S-0007"]
    assert {r["first_failure"] for r in rows} == {"", "I2", "E13"}


def test_csv_guards_against_formulas_and_keeps_chinese(loaded: LoadedDialog, tmp_path: Path,
                                                       capsys: Any) -> None:
    folder = tmp_path / "t"
    run_session(loaded, folder, patient(), day=date(2025, 3, 3), station="=HYPERLINK(\"x\")",
                screening_number="+1-SUM(A1)")
    run_session(loaded, folder, patient(), day=date(2025, 3, 3), station="大厅一号", lang="zh")
    out = tmp_path / "log.csv"
    report(capsys, folder, "--csv", out, "--tz", "Asia/Shanghai")
    rows = read_csv(out)
    assert {r["station"] for r in rows} == {"'=HYPERLINK(\"x\")", "大厅一号"}
    assert "'+1-SUM(A1)" in {r["screening_number"] for r in rows}
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def svgs(page: str) -> dict[str, ET.Element]:
    """Each chart's SVG by its container id, parsed as XML."""
    out = {}
    for part in page.split('<div class="chart" id="')[1:]:
        cid, rest = part.split('">', 1)
        out[cid] = ET.fromstring(rest[: rest.index("</svg>") + len("</svg>")])
    return out


def bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if "rect" in (r.get("class") or "").split()]


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def test_html_is_self_contained_and_charts_parse(mixed: dict[str, Any], capsys: Any,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = report(capsys, mixed["folder"], "--html", out)
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "src=" not in page and "url(" not in page and "@import" not in page
    assert page.replace("http://www.w3.org/2000/svg", "").count("http") == 0
    charts = svgs(page)
    assert set(charts) == {"chart-failed", "chart-unknown", "chart-week", "chart-station"}
    # One bar per criterion with a count (the first-failure series adds its own bars).
    failed = charts["chart-failed"]
    assert len(bars(failed)) == len(r["failed_by_criterion"]) + len(
        r["first_failure_by_criterion"])
    labels = texts(failed)
    assert "I2 Aged 18 to 70 (both included)" in labels
    assert any(t.startswith("E13 ") for t in labels)
    assert len(bars(charts["chart-unknown"])) == len(r["unknown_by_criterion"])
    assert set(r["by_station"]) <= set(texts(charts["chart-station"]))
    assert set(r["by_week"]) <= set(texts(charts["chart-week"]))
    # The flow boxes carry the counts.
    for word, n in (("Pass", r["outcomes"]["pass"]), ("Abandoned", r["outcomes"]["abandoned"])):
        assert f'<div class="n">{n}</div><div>{word}' in page
    assert mixed["tampered"].name in page  # the rejected files are listed


def test_html_in_chinese_and_escaped(loaded: LoadedDialog, tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "t"
    run_session(loaded, folder, patient(age="80"), day=date(2025, 3, 3),
                station="<img src=x onerror=alert(1)>")
    out = tmp_path / "zh.html"
    report(capsys, folder, "--html", out, "--lang", "zh")
    page = out.read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "预筛查报告" in page and 'lang="zh-CN"' in page
    assert any(t.startswith("I2 年龄18至70岁") for t in texts(svgs(page)["chart-failed"]))


def test_signatures_with_public_key(loaded: LoadedDialog, tmp_path: Path, capsys: Any) -> None:
    priv_a, pub_a = signing.generate_keypair(tmp_path / "a")
    _, pub_b = signing.generate_keypair(tmp_path / "b")
    # Two stations' folders: one signs with key A, the other with its own default (or none).
    signed = run_session(loaded, tmp_path / "s1", patient(), day=date(2025, 3, 3),
                         signing_key=priv_a)
    other = run_session(loaded, tmp_path / "s2", patient(), day=date(2025, 3, 4))
    r = report(capsys, tmp_path / "s1", tmp_path / "s2", "--public-key", pub_a)
    assert r["verified"] == 1 and r["outcomes"]["pass"] == 1
    assert [Path(x["file"]).name for x in r["rejected"]] == [other.path.name]
    assert r["rejected"][0]["why"].startswith(("unsigned", "bad signature"))
    r = report(capsys, tmp_path / "s1", tmp_path / "s2", "--public-key", pub_b)
    assert r["verified"] == 0
    why = {Path(x["file"]).name: x["why"] for x in r["rejected"]}
    assert why[signed.path.name].startswith("bad signature")
    # Without --public-key, each folder's sessions verify as that station recorded them; the
    # index re-verifies when the key changes (A, then B, then none: nothing stale is reused).
    r = report(capsys, tmp_path / "s1", tmp_path / "s2")
    assert r["verified"] == 2 and r["index"]["reused"] == 0


def test_station_files_are_neither_counted_nor_rejected(copy: Path, capsys: Any) -> None:
    before = report(capsys, copy)
    for name in ("station.log", "station-head.json"):
        (copy / name).write_text("{}\n", encoding="utf-8")
    after = report(capsys, copy)
    assert after["transcripts"] == before["transcripts"]
    assert not any(Path(x["file"]).name.startswith("station") for x in after["rejected"])


def test_empty_folder(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "t").mkdir()
    r = report(capsys, tmp_path / "t")
    assert r["transcripts"] == 0 and r["counted"] == 0 and r["period"] == [None, None]
    assert r["outcomes"] == dict.fromkeys(("pass", "review", "fail", "abandoned", "interrupted"), 0)


def test_index_counts_equal_counting_the_rows(mixed: dict[str, Any]) -> None:
    """The database's tally and the rows counted one by one agree, inside filters too."""
    from assistant.review.collect import collect
    from assistant.review.screening_log import Filters, aggregate, report_json

    for f in (Filters(), Filters(since=date(2025, 1, 8)), Filters(station="clinic-2"),
              Filters(until=date(2025, 1, 7), station="lobby-1")):
        got = collect([mixed["folder"]], filters=f, rows=True, use_index=False)
        assert got.rows and all(f.keep(r) for r in got.rows)
        by_sql = report_json(got.tally, files=got.files, verified=got.verified, rejected=[])
        by_rows = aggregate(got.rows, files=got.files, verified=got.verified, rejected=[])
        assert by_sql == by_rows


def test_transcripts_are_what_verify_finds(mixed: dict[str, Any]) -> None:
    """The report's walk picks as transcripts exactly the files `prescreen verify` checks."""
    from assistant.audit.verify import iter_transcripts
    from assistant.review.collect import _walk, is_transcript

    walked = {rel for rel, _ in _walk(mixed["folder"]) if is_transcript(rel)}
    assert walked == {str(p.relative_to(mixed["folder"]))
                      for p in iter_transcripts([mixed["folder"]])}


def test_parallel_verification_gives_the_same_report(mixed: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes (used from 40 files) reach the same verdicts as one process."""
    from assistant.review import collect as c

    one = c.collect([mixed["folder"]], use_index=False, workers=1)
    monkeypatch.setattr(c, "PARALLEL_FROM", {"fork": 1, "spawn": 1})
    two = c.collect([mixed["folder"]], use_index=False, workers=2)
    assert two.examined == one.examined == one.files
    assert (two.tally, two.rejected, two.verified) == (one.tally, one.rejected, one.verified)
