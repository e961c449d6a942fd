"""Minimum personal data: a date of birth is stored as the age; identifiers never reach a
transcript, the station log or an export, in English and Chinese; matching runs on the redacted
text; station name not host name; timestamps to the second."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from conftest import TODAY, shared_matcher
from patients import CLEAN_G1

from assistant.audit.redact import redact
from assistant.cli import main
from assistant.cli.screen import scripted_answer
from assistant.review import summary as report
from assistant.screening.session import Session

EN = {
    "age": "1979-03-02",
    "medical_history": "My name is Jane Doe, call me on 13812345678 or +1 (555) 123-4567, "
    "mail jane.doe@example.com, passport E12345678, I live at 12 Main Street. "
    "I had hepatitis B years ago",
}
EN_SECRETS = [
    "1979-03-02",
    "Jane",
    "Doe",
    "13812345678",
    "(555) 123-4567",
    "123-4567",
    "jane.doe",
    "example.com",
    "E12345678",
    "Main Street",
]
ZH = {
    "age": "1979年3月2日",
    "medical_history": "我叫张三，电话138 1234 5678，身份证110101199003074514，"
    "住在北京市朝阳区建国路88号，我有乙肝",
}
ZH_SECRETS = [
    "1979年",
    "3月2日",
    "张三",
    "138 1234 5678",
    "1234 5678",
    "110101199003074514",
    "建国路88号",
    "朝阳区",
]


def run(loaded, folder: Path, answers: dict[str, str], lang: str) -> Session:
    s = Session(
        loaded,
        transcripts=folder,
        mode="interview",
        lang=lang,
        today=TODAY,
        matcher=shared_matcher(loaded),
        coordinator="CRC-7",
    )
    while (p := s.current()) is not None:
        if not s.submit(p.id, scripted_answer(s.engine, p, answers)).accepted:
            s.submit(p.id, "don't know")
    return s


def written(folder: Path) -> str:
    """Every byte the session left on disk under the folder, as text."""
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".yaml"
    )


@pytest.mark.parametrize("lang,extra,secrets", [("en", EN, EN_SECRETS), ("zh", ZH, ZH_SECRETS)])
def test_identifiers_and_dob_never_written(loaded, tmp_path: Path, lang, extra, secrets) -> None:
    s = run(loaded, tmp_path / "t", {**CLEAN_G1, **extra}, lang)
    s.correct("age", extra["age"], "re-typed the date of birth", "CRC-7")
    s.finish()
    report.export(s)  # the summary for the referral letter
    text = written(tmp_path / "t")
    for secret in secrets:
        assert secret not in text, secret
    events = [json.loads(x) for x in s.path.read_text(encoding="utf-8").splitlines()]
    age = next(
        e["payload"]
        for e in events
        if e["type"] == "answer" and e["payload"]["question_id"] == "age"
    )
    assert age["raw"] == "45" and age["value"] == 45 and age["from_date_of_birth"] is True
    assert "from a date of birth" in age["inferences"][0]
    corr = next(e["payload"] for e in events if e["type"] == "correction")
    assert corr["raw"] == "45" and corr["from_date_of_birth"] and corr["meaning"] == "corrected"
    hist = next(
        e["payload"]
        for e in events
        if e["type"] == "answer" and e["payload"]["question_id"] == "medical_history"
    )
    assert "name" in hist["redacted"] and "phone" in hist["redacted"]
    assert "removed" in hist["raw"] or "已删除" in hist["raw"]
    # Matching ran on the redacted text: the hepatitis B mention still raised its question.
    assert any(
        e["type"] == "match" and any(h["criterion"] == "E5" for h in e["payload"]["hits"])
        for e in events
    )
    assert s.engine.decisions()["I2"].status == "pass"  # 45 from the date of birth


def test_unusable_date_of_birth_is_not_stored(loaded, tmp_path: Path) -> None:
    s = Session(
        loaded,
        transcripts=tmp_path,
        mode="interview",
        lang="en",
        today=TODAY,
        matcher=shared_matcher(loaded),
    )
    s.current()
    step = s.submit("age", "2031-05-06")  # in the future: refused, the person told why
    assert not step.accepted and "future" in step.parsed.reason.en
    s.finish("abandoned")
    text = s.path.read_text(encoding="utf-8")
    assert "2031" not in text and "[date of birth removed]" in text


def test_plain_age_is_stored_as_typed(loaded, tmp_path: Path) -> None:
    s = Session(
        loaded,
        transcripts=tmp_path,
        mode="interview",
        lang="en",
        today=TODAY,
        matcher=shared_matcher(loaded),
    )
    s.current()
    s.submit("age", "45 years")
    s.finish("abandoned")
    ev = [json.loads(x) for x in s.path.read_text(encoding="utf-8").splitlines()]
    ans = next(e["payload"] for e in ev if e["type"] == "answer")
    assert ans["raw"] == "45 years" and "from_date_of_birth" not in ans and "redacted" not in ans


def test_screen_cli_stores_no_identifiers(tmp_path: Path, capsys) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({**CLEAN_G1, **ZH}, ensure_ascii=False), encoding="utf-8")
    assert (
        main(
            [
                "screen",
                "--answers",
                str(answers),
                "--transcripts",
                str(tmp_path / "t"),
                "--lang",
                "zh",
                "--today",
                TODAY.isoformat(),
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    text = Path(out["transcript"]).read_text(encoding="utf-8")
    for secret in ZH_SECRETS:
        assert secret not in text, secret
    assert main(["verify", str(tmp_path / "t")]) == 0


def test_station_name_and_seconds(loaded, tmp_path: Path) -> None:
    s = run(loaded, tmp_path, CLEAN_G1, "en")
    s.finish()
    events = [json.loads(x) for x in s.path.read_text(encoding="utf-8").splitlines()]
    assert events[0]["payload"]["station"] != socket.gethostname()
    assert events[0]["payload"]["station"].startswith("station-")
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["ts"]) for e in events)


@pytest.mark.parametrize(
    "text,kind",
    [
        ("my name is Jane Doe", "name"),
        ("I am called Bob", "name"),
        ("我叫李雷", "name"),
        ("我的名字是韩梅梅", "name"),
        ("call 13912345678", "phone"),
        ("+44 20 7946 0958", "phone"),
        ("010-6512-3456", "phone"),
        ("a.b@c.org", "email"),
        ("110101199003074514", "id_card"),
        ("11010119900307451X", "id_card"),
        ("passport no. 123456789", "passport"),
        ("护照 E12345678", "passport"),
        ("12 Baker Street", "address"),
        ("建国路88号", "address"),
        ("阳光小区3栋2单元", "address"),
        ("born 2 March 1979", "date_of_birth"),
        ("出生日期1979年3月2日", "date_of_birth"),
    ],
)
def test_redact_finds(text: str, kind: str) -> None:
    r = redact(text)
    assert kind in r.kinds and r.text != text


@pytest.mark.parametrize(
    "text",
    [
        "42, 45",
        "40000/uL, 44000/uL",
        "2300 mg/day",
        "QT 400 ms, HR 75",
        "hip replacement 2 weeks ago",
        "prednisone 7.5 mg",
        "breast cancer 2019",
        "flu shot last week",
        "我没有乙肝",
        "肌酐 97 umol/L",
        "seizures as a child",
        "QTcB 430",
        "eGFR 85",
        "lymphocytes 1.2",
    ],
)
def test_redact_leaves_screening_text_alone(text: str) -> None:
    assert redact(text) == redact(text).__class__(text, ())
