"""The tampering table: every attack on a transcripts folder is caught, naming the file and line.

Sessions are made through the public Session API (signed by default with the station key under
the test's own PRESCREEN_HOME) and checked with `prescreen verify DIR` exactly as a reviewer runs
it: no options, the station key and station log found beside the transcripts.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, shared_matcher
from patients import CLEAN_G1

from assistant.audit import signing
from assistant.audit.station_log import HEAD_NAME, LOG_NAME, StationLog
from assistant.audit.transcript import (
    GENESIS,
    TranscriptError,
    TranscriptWriter,
    canonical,
    event_hash,
)
from assistant.cli import main
from assistant.cli.screen import scripted_answer
from assistant.screening.session import Session


def new_session(loaded, folder: Path) -> Session:
    return Session(
        loaded,
        transcripts=folder,
        mode="screen",
        lang="en",
        today=TODAY,
        matcher=shared_matcher(loaded),
    )


def answer_until(s: Session, answers: dict[str, str], stop: str | None = None) -> None:
    while (p := s.current()) is not None and p.id != stop:
        if not s.submit(p.id, scripted_answer(s.engine, p, answers)).accepted:
            s.submit(p.id, "don't know")


def finished(loaded, folder: Path, answers: dict[str, str] = CLEAN_G1) -> Path:
    s = new_session(loaded, folder)
    answer_until(s, answers)
    s.finish()
    return s.path


def lines(p: Path) -> list[bytes]:
    return p.read_bytes().split(b"\n")[:-1]


def put(p: Path, ls: list[bytes]) -> None:
    p.write_bytes(b"".join(x + b"\n" for x in ls))


def rechain(events: list[dict]) -> list[bytes]:
    """A forger who knows the format: seq/prev/hash recomputed for every line."""
    prev, out = GENESIS, []
    for i, e in enumerate(events, 1):
        e = {**e, "seq": i, "prev": prev}
        e["hash"] = event_hash(i, e["ts"], e["type"], e["payload"], prev)
        prev = e["hash"]
        out.append(canonical(e).encode())
    return out


def verify(capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["verify", *args])
    return rc, capsys.readouterr().out


@pytest.fixture
def folder(loaded, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A transcripts folder with two finished, signed sessions (a, b)."""
    t = tmp_path / "t"
    return t, finished(loaded, t), finished(loaded, t, {**CLEAN_G1, "age": "71"})


def test_honest_folder_and_file_verify_with_no_options(folder, capsys) -> None:
    t, a, b = folder
    rc, out = verify(capsys, str(t))
    assert rc == 0, out
    assert f"OK {a}" in out and f"OK {b}" in out and "signature valid" in out
    assert "LOG OK" in out and out.splitlines()[-1] == "2 files: 2 ok, 0 bad"
    rc, out = verify(capsys, str(a))  # a single file finds station.pub and the log beside it
    assert rc == 0, out


def _edit_answer(p: Path) -> None:
    ls = lines(p)
    n = next(i for i, x in enumerate(ls) if b'"type":"answer"' in x and b'"raw":"34"' in x)
    ls[n] = ls[n].replace(b'"raw":"34"', b'"raw":"35"', 1)
    put(p, ls)


def _remove(p: Path) -> None:
    ls = lines(p)
    put(p, ls[:5] + ls[6:])


def _insert_foreign(p: Path) -> None:
    ls = lines(p)
    e = json.loads(ls[4])
    e["payload"] = {**e["payload"], "text": "forged"}
    e["hash"] = event_hash(e["seq"], e["ts"], e["type"], e["payload"], e["prev"])
    put(p, ls[:5] + [canonical(e).encode()] + ls[5:])


def _swap(p: Path) -> None:
    ls = lines(p)
    ls[4], ls[5] = ls[5], ls[4]
    put(p, ls)


def _duplicate(p: Path) -> None:
    ls = lines(p)
    put(p, ls[:6] + [ls[5]] + ls[6:])


def _cut_at_line(p: Path) -> None:
    put(p, lines(p)[:-3])


def _cut_mid_line(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) - 40])


def _rechain_dropping_signature(p: Path) -> None:
    """Edit an answer and recompute every hash; the signature line must go (it would not match)."""
    events = [json.loads(x) for x in lines(p)][:-1]
    for e in events:
        if e["type"] == "answer" and e["payload"]["raw"] == "34":
            e["payload"]["raw"] = "35"
            break
    put(p, rechain(events))


def _rechain_and_resign(p: Path, key: Path) -> None:
    """Edit, recompute every hash, declare and sign with the forger's own key."""
    k = signing.load_private_key(key)
    events = [json.loads(x) for x in lines(p)][:-1]
    events[0]["payload"]["signing_key"] = signing.fingerprint(k.public_key())
    for e in events:
        if e["type"] == "answer" and e["payload"]["raw"] == "34":
            e["payload"]["raw"] = "35"
            break
    body = rechain(events)
    head = json.loads(body[-1])["hash"]
    sig = {
        "seq": len(body) + 1,
        "ts": events[-1]["ts"],
        "type": "signature",
        "payload": signing.signature_payload(head, k),
        "prev": head,
    }
    sig["hash"] = event_hash(sig["seq"], sig["ts"], "signature", sig["payload"], head)
    put(p, body + [canonical(sig).encode()])


TAMPER: list[tuple[str, Callable[[Path], None], str, str]] = [
    # (case, attack on file a, label printed, words in the reason)
    ("one byte", _edit_answer, "TAMPERED", "hash mismatch"),
    ("line removed", _remove, "TAMPERED", "removed"),
    ("line inserted", _insert_foreign, "TAMPERED", "inserted"),
    ("lines swapped", _swap, "TAMPERED", "reordered"),
    ("line duplicated", _duplicate, "TAMPERED", "duplicate"),
    ("tail cut at a line boundary", _cut_at_line, "INTERRUPTED", "no session_end"),
    ("tail cut mid-line", _cut_mid_line, "INTERRUPTED", "incomplete"),
    (
        "edit, every hash recomputed",
        _rechain_dropping_signature,
        "BAD SIGNATURE",
        "signature missing",
    ),
]


@pytest.mark.parametrize("case,attack,label,words", TAMPER, ids=[c[0] for c in TAMPER])
def test_tampering_table_single_file(folder, capsys, case, attack, label, words) -> None:
    t, a, b = folder
    attack(a)
    rc, out = verify(capsys, str(t))
    assert rc == 1, out
    bad = next(x for x in out.splitlines() if str(a) in x)
    assert bad.startswith(f"{label} {a} line "), bad
    assert words in bad, bad
    assert f"OK {b}" in out  # the other session is untouched and still OK


@pytest.mark.parametrize("attack", [_cut_at_line, _cut_mid_line], ids=["boundary", "mid-line"])
def test_cut_back_is_named_by_the_station_log(folder, capsys, attack) -> None:
    t, a, _ = folder
    n = len(lines(a))
    attack(a)
    rc, out = verify(capsys, str(t))
    assert rc == 1
    assert f"TAMPERED {a} line" in out and f"records its close after {n} lines" in out


def test_resigned_with_another_key(folder, capsys, tmp_path: Path) -> None:
    t, a, _ = folder
    other, other_pub = signing.generate_keypair(tmp_path / "forger")
    _rechain_and_resign(a, other)
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"BAD SIGNATURE {a} line {len(lines(a))}: signature from another key" in out
    # The forger also puts their public key beside the transcripts: the station log's head,
    # signed by the real station key, no longer verifies, and a pinned key still refuses.
    real_pub = tmp_path / "real.pub"
    shutil.copy(t / "station.pub", real_pub)
    shutil.copy(other_pub, t / "station.pub")
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"LOG {t / HEAD_NAME}: signed head: signature does not verify" in out
    assert f"TAMPERED {a} line 1: replaced" in out and f"OK {a}" not in out
    rc, out = verify(capsys, str(t), "--public-key", str(real_pub))
    assert rc == 1 and f"BAD SIGNATURE {a}" in out


def test_unsigned_edit_with_hashes_recomputed_is_caught_by_the_log(tmp_path: Path, capsys):
    """Even an unsigned (allowed) session cannot be rewritten: the log fixes its last hash."""
    t = tmp_path / "t"
    key = signing.load_private_key(signing.generate_keypair(tmp_path / "st")[0])
    start = {
        "dialog_id": "d",
        "dialog_version": "1",
        "dialog_hash": "ab" * 32,
        "mode": "screen",
        "lang": "en",
        "station": "s",
        "screening_date": "2025-01-15",
    }
    w = TranscriptWriter.create(t, start, log=StationLog(t, key))
    w.append("answer", {"question_id": "age", "raw": "45", "value": 45, "accepted": True})
    w.finish(None)
    from assistant.audit.keys import publish

    publish(t, key)
    rc, out = verify(capsys, str(t), "--allow-unsigned")
    assert rc == 0, out
    events = [json.loads(x) for x in lines(w.path)]
    events[1]["payload"]["raw"] = "35"
    put(w.path, rechain(events))
    rc, out = verify(capsys, str(t), "--allow-unsigned")
    assert rc == 1 and f"TAMPERED {w.path} line 3: differs from the close recorded" in out
    rc, out = verify(capsys, str(t))  # without --allow-unsigned the file is refused anyway
    assert rc == 1 and f"UNSIGNED {w.path}" in out


def test_rollback_then_resume_is_refused(loaded, folder, capsys) -> None:
    t, a, _ = folder
    ls = lines(a)
    keep = next(i for i, x in enumerate(ls) if b'"type":"outcome"' in x)
    put(a, ls[:keep])  # back to before the end, as if interrupted
    with pytest.raises(TranscriptError, match="station log records its close"):
        Session.resume(a, by="CRC-7", reason="kiosk crashed")


def test_rollback_resumed_elsewhere_and_refinished_is_caught(
    loaded, folder, capsys, tmp_path: Path
) -> None:
    """The issue's attack: cut a finished session, resume it in another folder (whose log does
    not know it was closed), finish it with other answers, and copy it back."""
    t, a, _ = folder
    ls = lines(a)
    q = next(i for i, x in enumerate(ls) if b'"question_id":"sex"' in x and b'"question"' in x)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copytree(t / "dialogs", elsewhere / "dialogs")
    put(elsewhere / a.name, ls[: q + 1])
    s = Session.resume(elsewhere / a.name, by="CRC-7", reason="typo")
    answer_until(s, {**CLEAN_G1, "sex": "male"})
    s.finish()
    shutil.copy(elsewhere / a.name, a)
    rc, out = verify(capsys, str(t))
    assert rc == 1, out
    assert f"TAMPERED {a} line" in out and "differs from the close recorded" in out


def test_deleted_session(folder, capsys) -> None:
    t, a, _ = folder
    a.unlink()
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"MISSING {a}: deleted or renamed: opened at {LOG_NAME} line 1" in out
    assert out.splitlines()[-1] == "1 files: 1 ok, 0 bad, 1 missing"


def test_renamed_session(folder, capsys) -> None:
    t, a, _ = folder
    a.rename(a.with_name(a.name + ".bak"))
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"MISSING {a}: deleted or renamed" in out and f"found as {a.name}.bak" in out


def test_renamed_to_another_jsonl_name(folder, capsys) -> None:
    t, a, _ = folder
    new = a.with_name("20990101T000000Z-00000000.jsonl")
    a.rename(new)
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"TAMPERED {new} line 1: session_id" in out and f"MISSING {a}" in out


def test_swapped_session(folder, capsys) -> None:
    """Another session's (signed, intact) file copied over a name."""
    t, a, b = folder
    shutil.copy(b, a)
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"TAMPERED {a} line 1: session_id {b.stem} differs from the file name" in out


def test_older_copy_of_a_session(loaded, tmp_path: Path, capsys) -> None:
    """A copy taken mid-session is restored over the finished file."""
    t = tmp_path / "t"
    s = new_session(loaded, t)
    answer_until(s, CLEAN_G1, stop="sex")
    old = s.path.read_bytes()
    answer_until(s, CLEAN_G1)
    s.finish()
    s.path.write_bytes(old)
    rc, out = verify(capsys, str(t))
    n = len(old.split(b"\n"))
    assert rc == 1 and f"TAMPERED {s.path} line {n}: cut back" in out


def test_file_added_from_elsewhere(loaded, folder, capsys, tmp_path: Path) -> None:
    t, _, _ = folder
    other = finished(loaded, tmp_path / "other")
    shutil.copy(other, t / other.name)
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"TAMPERED {t / other.name} line 1: not in the station log" in out


def test_station_log_cut_back(folder, capsys) -> None:
    t, _, b = folder
    log = t / LOG_NAME
    full = lines(log)
    put(log, full[:2])  # b's opening and close are gone; the signed head still counts 4
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"LOG {log} line 3: station log cut back" in out
    assert f"TAMPERED {b} line 1: not in the station log" in out


def test_station_log_cut_mid_line(folder, capsys) -> None:
    t, _, _ = folder
    log = t / LOG_NAME
    log.write_bytes(log.read_bytes()[:-30])
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"LOG {log} line 4: last line incomplete" in out


def test_station_log_and_head_rolled_back_together_caught_by_a_pinned_head(
    loaded, folder, capsys, tmp_path: Path
) -> None:
    t, _, _ = folder
    old_log, old_head = (t / LOG_NAME).read_bytes(), (t / HEAD_NAME).read_bytes()
    c = finished(loaded, t)
    pinned = tmp_path / "kept-head.json"
    shutil.copy(t / HEAD_NAME, pinned)  # the reviewer keeps the head at close of day
    c.unlink()
    (t / LOG_NAME).write_bytes(old_log)  # the log and its head put back as they were before c
    (t / HEAD_NAME).write_bytes(old_head)
    rc, out = verify(capsys, str(t))
    assert rc == 0, out  # consistent with itself: only a kept head can tell
    rc, out = verify(capsys, str(t), "--head", str(pinned))
    assert rc == 1 and f"LOG {t / LOG_NAME} line 5: station log cut back: the pinned head" in out


def test_station_log_entry_edited(folder, capsys) -> None:
    t, _, _ = folder
    log = t / LOG_NAME
    ls = lines(log)
    ls[1] = ls[1].replace(b'"outcome":"pass"', b'"outcome":"fail"')
    put(log, ls)
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"LOG {log} line 2: hash mismatch" in out


def test_resume_is_in_both_logs(loaded, tmp_path: Path, capsys) -> None:
    t = tmp_path / "t"
    s = new_session(loaded, t)
    answer_until(s, CLEAN_G1, stop="sex")
    s.writer.close()  # the kiosk lost power
    r = Session.resume(s.path, by="CRC-7", reason="power cut")
    answer_until(r, CLEAN_G1)
    r.finish()
    entries = [json.loads(x) for x in lines(t / LOG_NAME)]
    assert [e["type"] for e in entries] == ["opened", "resumed", "closed"]
    assert entries[1]["payload"] | {"from_hash": "", "resume_hash": ""} == {
        "session_id": s.path.stem,
        "by": "CRC-7",
        "meaning": "resumed",
        "reason": "power cut",
        "from_hash": "",
        "resume_hash": "",
    }
    rc, out = verify(capsys, str(t))
    assert rc == 0, out
    # Cut the file back to before the resume: the recorded resume is gone.
    ls = lines(s.path)
    at = next(i for i, x in enumerate(ls) if b'"type":"resume"' in x)
    put(s.path, ls[:at])
    rc, out = verify(capsys, str(t))
    assert rc == 1 and f"TAMPERED {s.path} line {at + 1}: rolled back" in out


def test_unsigned_is_not_ok_without_allow_unsigned(tmp_path: Path, capsys) -> None:
    start = {
        "dialog_id": "d",
        "dialog_version": "1",
        "dialog_hash": "ab" * 32,
        "mode": "screen",
        "lang": "en",
        "station": "s",
        "screening_date": "2025-01-15",
    }
    w = TranscriptWriter.create(tmp_path / "t", start)
    w.finish(None)
    rc, out = verify(capsys, str(tmp_path / "t"))
    assert rc == 1 and f"UNSIGNED {w.path}" in out and "no station log" in out
    rc, out = verify(capsys, str(tmp_path / "t"), "--allow-unsigned")
    assert rc == 0, out


def test_pinned_head_both_sides(loaded, folder, capsys, tmp_path: Path) -> None:
    """A kept head the log still extends passes (as a file or as JSON text); a forged one not."""
    t, _, _ = folder
    kept = (t / HEAD_NAME).read_text(encoding="utf-8")
    finished(loaded, t)  # the log grows after the head was kept
    rc, out = verify(capsys, str(t), "--head", kept)
    assert rc == 0, out
    forged = json.loads(kept)
    forged["size"] = 1  # claims a shorter log: its signature no longer matches
    rc, out = verify(capsys, str(t), "--head", json.dumps(forged))
    assert rc == 1 and "pinned head: signature does not verify" in out
