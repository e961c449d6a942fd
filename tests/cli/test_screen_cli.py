"""`prescreen screen` as the contract fixes it: one JSON line, a transcript, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DIALOG, SHARED
from patients import CLEAN_G1

from assistant.cli import main


def run_screen(
    tmp_path: Path,
    answers: dict[str, str] | str | bytes,
    *extra: str,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    path = tmp_path / "answers.json"
    if isinstance(answers, bytes):
        path.write_bytes(answers)
    else:
        path.write_text(
            answers if isinstance(answers, str) else json.dumps(answers, ensure_ascii=False),
            encoding="utf-8",
        )
    code = main(
        [
            "screen",
            "--answers",
            str(path),
            "--dialog",
            str(DIALOG),
            "--today",
            "2025-01-15",
            "--transcripts",
            str(tmp_path / "t"),
            *extra,
        ]
    )
    out = capsys.readouterr()
    return code, out.out, out.err


def test_prints_one_json_line_with_the_contract_keys(tmp_path, capsys):
    code, out, err = run_screen(tmp_path, CLEAN_G1, capsys=capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) >= {"outcome", "failed", "unknown", "criteria", "transcript"}
    assert result["outcome"] == "pass"
    assert Path(result["transcript"]).exists()


def test_transcript_is_owner_only_and_verifies(tmp_path, capsys):
    _, out, _ = run_screen(tmp_path, CLEAN_G1, capsys=capsys)
    transcript = Path(json.loads(out)["transcript"])
    assert transcript.stat().st_mode & 0o777 == 0o600
    assert main(["verify", str(transcript)]) == 0
    events = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]
    # Signed by default: session_end, then the station key's signature.
    assert events[0]["type"] == "session_start" and events[-2]["type"] == "session_end"
    assert events[-1]["type"] == "signature"
    raws = [e["payload"]["raw"] for e in events if e["type"] == "answer"]
    assert "2.4 g/24h" in raws  # exactly as typed


def test_replay_check_reproduces_the_screen(tmp_path, capsys):
    _, out, _ = run_screen(
        tmp_path,
        {**CLEAN_G1, "hbsag": "positive", "medical_history": "had hepatitis B years ago"},
        capsys=capsys,
    )
    transcript = json.loads(out)["transcript"]
    assert main(["replay", transcript, "--check", "--dialog", str(DIALOG)]) == 0
    assert "not reproduced: 0" in capsys.readouterr().out


def test_replay_reports_drift_when_a_threshold_changes(tmp_path, capsys):
    _, out, _ = run_screen(tmp_path, {**CLEAN_G1, "age": "65"}, capsys=capsys)
    transcript = json.loads(out)["transcript"]
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        DIALOG.read_text(encoding="utf-8").replace(
            "{fact: age, op: le, value: 70}", "{fact: age, op: le, value: 60}"
        ),
        encoding="utf-8",
    )
    assert main(["replay", transcript, "--check", "--dialog", str(changed)]) == 0
    text = capsys.readouterr().out
    assert "DRIFT I2: recorded pass, current dialog fail" in text


def test_replay_check_fails_on_a_tampered_transcript(tmp_path, capsys):
    _, out, _ = run_screen(tmp_path, CLEAN_G1, capsys=capsys)
    transcript = Path(json.loads(out)["transcript"])
    data = transcript.read_bytes().replace(b'"raw":"34"', b'"raw":"84"', 1)
    copy = transcript.parent / "copy.jsonl"
    copy.write_bytes(data)
    assert main(["replay", str(copy), "--check", "--dialog", str(DIALOG)]) != 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON file"),
        ("[1, 2]", "expected a JSON object"),
        ('{"age": ["34"]}', "fact 'age'"),
    ],
)
def test_bad_answers_file_is_a_clear_error(tmp_path, capsys, content, message):
    code, out, err = run_screen(tmp_path, content, capsys=capsys)
    assert code != 0 and out == "" and message in err


def test_bad_today_is_a_clear_error(tmp_path, capsys):
    code, out, err = run_screen(tmp_path, CLEAN_G1, "--today", "15/01/2025", capsys=capsys)
    assert code != 0 and "--today" in err


def test_bad_dialog_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("trial: {id: x}\n", encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    code = main(["screen", "--answers", str(answers), "--dialog", str(bad)])
    err = capsys.readouterr().err
    assert code != 0 and "bad.yaml:1" in err


def test_numbers_in_the_answers_file_are_read_as_text(tmp_path, capsys):
    code, out, _ = run_screen(
        tmp_path, json.dumps({**CLEAN_G1, "age": 34, "spo2": 98}), capsys=capsys
    )
    assert code == 0 and json.loads(out)["outcome"] == "pass"


def test_python_m_assistant_runs_the_same_cli(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(CLEAN_G1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(DIALOG.parent.parent)}
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "screen",
            "--answers",
            str(answers),
            "--dialog",
            str(DIALOG),
            "--today",
            "2025-01-15",
            "--transcripts",
            str(tmp_path / "t"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["outcome"] == "pass"


def test_public_vignettes(tmp_path):
    """Every public vignette gives its expected outcome and failed set (score_vignettes.py)."""
    script = SHARED / "eval" / "score_vignettes.py"
    prescreen = Path(sys.executable).parent / "prescreen"
    if not script.exists() or not prescreen.exists():
        pytest.skip("the shared eval scripts or the installed prescreen are not here")
    p = subprocess.run(
        [sys.executable, str(script), str(prescreen), str(SHARED / "eval" / "vignettes")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "(1.000)" in p.stdout


def test_transcripts_folder_is_owner_only(tmp_path, capsys):
    run_screen(tmp_path, CLEAN_G1, capsys=capsys)
    assert (tmp_path / "t").stat().st_mode & 0o777 == 0o700


def test_signed_screen_verifies_only_with_its_key(tmp_path, capsys):
    assert main(["keygen", "--out", str(tmp_path / "station")]) == 0
    capsys.readouterr()
    code, out, err = run_screen(
        tmp_path, CLEAN_G1, "--signing-key", str(tmp_path / "station.key"), capsys=capsys
    )
    assert code == 0, err
    transcript = json.loads(out)["transcript"]
    assert main(["verify", transcript, "--public-key", str(tmp_path / "station.pub")]) == 0
    assert main(["keygen", "--out", str(tmp_path / "other")]) == 0
    assert main(["verify", transcript, "--public-key", str(tmp_path / "other.pub")]) != 0


def test_pin_hash_reads_stdin(tmp_path):
    from assistant.station.config import check_pin

    def pin_hash(pin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", "pin-hash"],
            input=pin + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(DIALOG.parent.parent)},
        )

    # PIN policy (issue 9): at least 6 digits, PBKDF2 at 600,000 iterations.
    p = pin_hash("482193")
    assert p.returncode == 0, p.stderr
    stored = p.stdout.strip()
    assert stored.startswith("pbkdf2_sha256$600000$")
    assert check_pin("482193", stored) and not check_pin("482194", stored)
    for bad in ("12", "48219", "abcdef", "111111"):
        short = pin_hash(bad)
        assert short.returncode != 0 and "PIN" in short.stderr, bad


def test_answers_file_with_bom_and_unknown_fact(tmp_path, capsys):
    data = b"\xef\xbb\xbf" + json.dumps({**CLEAN_G1, "hbsAg": "neg"}).encode()
    code, out, err = run_screen(tmp_path, data, capsys=capsys)
    assert code == 0 and json.loads(out)["outcome"] == "pass"
    assert "warning" in err and "hbsAg" in err


def test_answer_that_is_not_text_is_a_clear_error(tmp_path, capsys):
    code, out, err = run_screen(tmp_path, '{"age": "\\ud800"}', capsys=capsys)
    assert code != 0 and out == "" and "fact 'age'" in err
