"""The transcript writer: chain, durability, file safety, errors, resume, crash (SIGKILL)."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.audit import signing, transcript
from assistant.audit.transcript import (
    GENESIS,
    TranscriptError,
    TranscriptWriter,
    canonical,
    dialog_hash,
    event_hash,
    read_events,
    store_dialog_copy,
)
from assistant.audit.verify import scan_file, verify_file

REPO = Path(__file__).resolve().parents[2]
START = {
    "dialog_id": "nct05930314", "dialog_version": "1.0.0", "dialog_hash": "ab" * 32,
    "mode": "kiosk", "lang": "en", "station": "kiosk-1", "screening_date": "2026-11-25",
}
Q = {"question_id": "age", "facts": ["age"], "text": "How old are you?", "lang": "en"}
A = {"question_id": "age", "raw": "45 years", "value": 45, "unit": "years", "accepted": True}
OUTCOME = {"outcome": "review", "failed": [], "unknown": ["I3"],
           "criteria": {"I2": "pass", "I3": "unknown"}}


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_create_writes_session_start_with_safe_modes(tmp_path: Path) -> None:
    d = tmp_path / "transcripts"
    w = TranscriptWriter.create(d, START)
    assert stat.S_IMODE(d.stat().st_mode) == 0o700
    assert stat.S_IMODE(w.path.stat().st_mode) == 0o600
    assert w.path == d / f"{w.session_id}.jsonl"
    assert len(w.session_id) == len("20261125T221855Z-") + 8 and w.session_id[15] == "Z"
    (ev,) = lines(w.path)
    assert ev["seq"] == 1 and ev["prev"] == GENESIS and ev["type"] == "session_start"
    assert ev["payload"]["session_id"] == w.session_id
    assert ev["payload"]["app_version"] and ev["ts"].endswith("Z")
    assert w.head == ev["hash"]


def test_chain_and_canonical_lines(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("question", Q)
    ev = w.append("answer", A)
    assert ev.seq == 3 and ev.hash == w.head
    w.finish(OUTCOME)
    raw = w.path.read_text("utf-8").splitlines()
    evs = [json.loads(x) for x in raw]
    assert [e["type"] for e in evs] == ["session_start", "question", "answer", "outcome",
                                        "session_end"]
    prev = GENESIS
    for i, (line, e) in enumerate(zip(raw, evs, strict=True), 1):
        assert line == canonical(e) and e["seq"] == i and e["prev"] == prev
        assert e["hash"] == event_hash(e["seq"], e["ts"], e["type"], e["payload"], e["prev"])
        prev = e["hash"]
    assert verify_file(w.path).status == "unsigned"
    assert [e.type for e in read_events(w.path)] == [e["type"] for e in evs]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=60))
def test_raw_answer_kept_exactly(tmp_path: Path, raw: str) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("answer", {**A, "raw": raw})
    w.finish(None)
    assert read_events(w.path)[1].payload["raw"] == raw
    assert verify_file(w.path, allow_unsigned=True).ok


def test_unicode_and_line_separators_stay_one_line(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    raw = "乙肝 阳性\u2028 maybe\n  "
    w.append("answer", {**A, "raw": raw})
    w.finish(None)
    assert read_events(w.path)[1].payload["raw"] == raw
    assert len(w.path.read_bytes().split(b"\n")) == 4
    assert verify_file(w.path, allow_unsigned=True).ok


@pytest.mark.parametrize("type_, payload, needle", [
    ("bogus", {}, "unknown event type"),
    ("answer", {"question_id": "age", "raw": "x"}, "accepted"),
    ("answer", {**A, "accepted": False}, "reason"),
    ("correction", {"corrects": 3, "question_id": "age", "raw": "46", "reason": "", "by": "c1"},
     "reason"),
    ("correction", {"corrects": 2, "question_id": "age", "raw": "46", "reason": "typo",
                    "by": "c1"}, "not an earlier answer"),
    ("override", {"criterion": "I2", "from": "unknown", "to": "pass", "reason": " "[:0],
                  "by": "c1"}, "reason"),
    ("outcome", {**OUTCOME, "outcome": "pass"}, "contradicts"),
    ("decision", {"criterion": "I2", "status": "maybe", "rule": {}, "facts": {},
                  "record_text": "age"}, "status"),
    ("answer", {**A, "value": float("nan")}, "not plain JSON"),
    ("session_end", {"reason": "finished"}, "writer itself"),
    ("signature", {}, "writer itself"),
])
def test_append_rejects_bad_events(tmp_path: Path, type_: str, payload: dict,
                                   needle: str) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("question", Q)
    w.append("answer", A)
    size = w.path.stat().st_size
    with pytest.raises(TranscriptError, match=needle) as ei:
        w.append(type_, payload)
    assert str(w.path) in str(ei.value)
    assert w.path.stat().st_size == size  # nothing half-written


def test_correction_and_override_are_new_events(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("question", Q)
    ans = w.append("answer", A)
    w.append("correction", {"corrects": ans.seq, "question_id": "age", "raw": "46", "value": 46,
                            "reason": "person misspoke", "by": "coord-7"})
    w.append("override", {"criterion": "I2", "from": "unknown", "to": "pass",
                          "reason": "age confirmed from ID", "by": "coord-7"})
    w.finish(None)
    evs = read_events(w.path)
    assert evs[2].payload["raw"] == "45 years"  # the earlier value is still there, unchanged
    assert evs[4].payload["from"] == "unknown" and evs[4].payload["to"] == "pass"
    assert verify_file(w.path, allow_unsigned=True).ok


def test_session_start_takes_no_personal_fields(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="name"):
        TranscriptWriter.create(tmp_path, {**START, "name": "Jane Doe"})
    with pytest.raises(TranscriptError, match="session_id"):
        TranscriptWriter.create(tmp_path, {**START, "session_id": "mine"})
    with pytest.raises(TranscriptError, match="mode"):
        TranscriptWriter.create(tmp_path, {**START, "mode": "web"})


def test_never_overwrites_an_existing_file(tmp_path: Path, monkeypatch) -> None:
    tokens = iter(["deadbeef", "deadbeef", "cafebabe"])
    monkeypatch.setattr(transcript.secrets, "token_hex", lambda n: next(tokens))
    first = TranscriptWriter.create(tmp_path, START)
    before = first.path.read_bytes()
    second = TranscriptWriter.create(tmp_path, START)  # same id drawn: must pick another
    assert second.path != first.path and second.path.name.endswith("-cafebabe.jsonl")
    assert first.path.read_bytes() == before


def test_append_only_after_finish(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.finish(None, reason="abandoned")
    with pytest.raises(TranscriptError, match="closed"):
        w.append("question", Q)
    assert lines(w.path)[-1]["payload"] == {"reason": "abandoned"}


@pytest.mark.parametrize("err, cause", [
    (errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system"),
    (errno.ENOSPC, "disk full"),
])
def test_create_errors_are_transcript_errors(tmp_path: Path, monkeypatch, err: int,
                                             cause: str) -> None:
    def refuse(path, *a, **k):
        raise OSError(err, os.strerror(err), str(path))
    monkeypatch.setattr(transcript.os, "open", refuse)
    with pytest.raises(TranscriptError, match=cause) as ei:
        TranscriptWriter.create(tmp_path, START)
    assert str(tmp_path) in str(ei.value) and "cannot create transcript" in str(ei.value)


def test_write_error_stops_the_writer(tmp_path: Path, monkeypatch) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    real = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(transcript.os, "write", full)
    with pytest.raises(TranscriptError, match=f"{w.path}: cannot write question event: disk"):
        w.append("question", Q)
    monkeypatch.setattr(transcript.os, "write", real)
    with pytest.raises(TranscriptError, match="stopped after an error"):
        w.append("question", Q)


def test_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(TranscriptError, match="cannot create transcript folder"):
        TranscriptWriter.create(tmp_path / "f" / "t", START)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_folder_real(tmp_path: Path) -> None:
    d = tmp_path / "ro"
    d.mkdir(mode=0o500)
    with pytest.raises(TranscriptError, match="Permission denied"):
        TranscriptWriter.create(d, START)


def test_signed_session(tmp_path: Path) -> None:
    priv, pub = signing.generate_keypair(tmp_path / "station")
    w = TranscriptWriter.create(tmp_path / "t", START, signing_key=priv)
    w.append("question", Q)
    w.finish(OUTCOME)
    evs = lines(w.path)
    fp = signing.fingerprint(signing.load_public_key(pub))
    assert evs[0]["payload"]["signing_key"] == fp
    assert evs[-1]["type"] == "signature" and evs[-1]["payload"]["signed_hash"] == evs[-2]["hash"]
    assert verify_file(w.path, pub).status == "signed_ok"


def test_resume_continues_the_chain(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("question", Q)
    w.close()  # crash: no session_end
    assert verify_file(w.path).status == "interrupted"
    r = TranscriptWriter.resume(w.path, by="coord-7", reason="kiosk rebooted")
    assert r.session_id == w.session_id
    r.append("answer", A)
    r.finish(None)
    evs = lines(w.path)
    assert [e["type"] for e in evs] == ["session_start", "question", "resume", "answer",
                                        "session_end"]
    assert evs[2]["seq"] == 3 and evs[2]["prev"] == evs[1]["hash"]
    assert evs[2]["payload"] == {"by": "coord-7", "reason": "kiosk rebooted",
                                 "meaning": "resumed"}
    assert verify_file(w.path, allow_unsigned=True).ok


def test_resume_refusals(tmp_path: Path) -> None:
    done = TranscriptWriter.create(tmp_path, START)
    done.finish(None)
    with pytest.raises(TranscriptError, match="cannot resume"):
        TranscriptWriter.resume(done.path, by="c", reason="r")
    open_ = TranscriptWriter.create(tmp_path, START)
    with pytest.raises(TranscriptError, match="another process"):
        TranscriptWriter.resume(open_.path, by="c", reason="r")
    open_.close()
    with pytest.raises(TranscriptError, match="reason"):
        TranscriptWriter.resume(open_.path, by="c", reason="")
    priv, _ = signing.generate_keypair(tmp_path / "k")
    with pytest.raises(TranscriptError, match="signing key"):
        TranscriptWriter.resume(open_.path, by="c", reason="r", signing_key=priv)
    with open(open_.path, "ab") as f:
        f.write(b'{"seq":2,"ts"')  # torn last line
    with pytest.raises(TranscriptError, match="incomplete"):
        TranscriptWriter.resume(open_.path, by="c", reason="r")


def test_resume_signed_session_needs_same_key(tmp_path: Path) -> None:
    priv, pub = signing.generate_keypair(tmp_path / "k")
    w = TranscriptWriter.create(tmp_path / "t", START, signing_key=priv)
    w.close()
    with pytest.raises(TranscriptError, match="signing key"):
        TranscriptWriter.resume(w.path, by="c", reason="r")
    r = TranscriptWriter.resume(w.path, by="c", reason="r", signing_key=priv)
    r.finish(None)
    assert verify_file(w.path, pub).status == "signed_ok"


def test_dialog_copy_and_hash(tmp_path: Path) -> None:
    dialog = tmp_path / "d.yaml"
    dialog.write_bytes("id: x\nversion: 1\ntext: 你好\n".encode())
    h = dialog_hash(dialog)
    p = store_dialog_copy(dialog, tmp_path / "t")
    assert p == tmp_path / "t" / "dialogs" / f"{h}.yaml"
    assert p.read_bytes() == dialog.read_bytes()
    assert stat.S_IMODE(p.stat().st_mode) == 0o400
    assert store_dialog_copy(dialog, tmp_path / "t") == p  # idempotent
    assert [x.name for x in p.parent.iterdir()] == [p.name]  # no temp files left


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from assistant.audit.transcript import TranscriptWriter
    start = {start!r}
    w = TranscriptWriter.create(Path(sys.argv[1]), start)
    print("shown 1", flush=True)
    for i in range(100000):
        ev = w.append("question", {{"question_id": f"q{{i}}", "facts": ["age"],
                                   "text": "How old are you? " * 5, "lang": "en"}})
        print(f"shown {{ev.seq}}", flush=True)
""")


def test_sigkill_mid_session_loses_nothing_shown(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(start=START))
    out = tmp_path / "t"
    proc = subprocess.Popen([sys.executable, str(script), str(out)], stdout=subprocess.PIPE,
                            text=True, cwd=REPO)
    shown = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        shown = int(line.split()[1])
        if shown >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()  # lines printed before the kill landed
    proc.wait()
    for line in rest.splitlines():
        shown = max(shown, int(line.split()[1]))
    assert proc.returncode == -signal.SIGKILL
    (path,) = out.glob("*.jsonl")
    sc = scan_file(path)
    assert sc.status == "interrupted", sc.reason
    assert sc.last_seq >= shown  # every event whose "shown" line was printed is on disk
    r = verify_file(path)
    assert not r.ok and r.status == "interrupted"


def test_resume_refuses_a_tampered_file(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path, START)
    w.append("question", Q)
    w.close()
    data = w.path.read_bytes()
    w.path.write_bytes(data.replace(b"How old", b"How OLD"))
    with pytest.raises(TranscriptError, match="cannot resume: tampered: line 2: hash mismatch"):
        TranscriptWriter.resume(w.path, by="c", reason="r")
    assert w.path.read_bytes() == data.replace(b"How old", b"How OLD")  # left as found


def test_correction_of_a_correction(tmp_path: Path) -> None:
    """As the session layer does it: the second correction points at the first."""
    w = TranscriptWriter.create(tmp_path, {**START, "engine_mode": "collect",
                                           "coordinator": "coord-7"})
    ans = w.append("answer", A)
    c1 = w.append("correction", {"corrects": ans.seq, "question_id": "age", "raw": "46",
                                 "reason": "misheard", "by": "coord-7"})
    w.append("correction", {"corrects": c1.seq, "question_id": "age", "raw": "47",
                            "reason": "checked ID card", "by": "coord-7"})
    w.finish(None)
    assert verify_file(w.path, allow_unsigned=True).ok
