"""`verify`: every kind of tampering is caught at the right line; the CLI's exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.audit import signing
from assistant.audit.transcript import GENESIS, TranscriptWriter, canonical, event_hash
from assistant.audit.verify import verify_file, verify_paths

REPO = Path(__file__).resolve().parents[2]
START = {
    "dialog_id": "nct05930314", "dialog_version": "1.0.0", "dialog_hash": "cd" * 32,
    "mode": "screen", "lang": "zh", "station": "desk-2", "screening_date": "2026-11-25",
}


def session(directory: Path, key: Path | None = None, n: int = 3) -> Path:
    """A finished session: start, n question/answer pairs, outcome, end (+ signature)."""
    w = TranscriptWriter.create(directory, START, signing_key=key)
    for i in range(n):
        w.append("question", {"question_id": f"q{i}", "facts": ["age"], "text": "年龄?",
                              "lang": "zh"})
        w.append("answer", {"question_id": f"q{i}", "raw": f"{40 + i} 岁", "value": 40 + i,
                            "unit": "years", "accepted": True})
    w.finish({"outcome": "pass", "failed": [], "unknown": [], "criteria": {"I2": "pass"}})
    return w.path


def raw_lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def write_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(x + b"\n" for x in lines))


def rechain(events: list[dict], start: int = 0) -> list[bytes]:
    """Recompute seq/prev/hash from `start` on: a forger who knows the format."""
    prev = events[start - 1]["hash"] if start else GENESIS
    out = []
    for i, e in enumerate(events):
        if i >= start:
            e = {**e, "seq": i + 1, "prev": prev}
            e["hash"] = event_hash(e["seq"], e["ts"], e["type"], e["payload"], prev)
        prev = e["hash"]
        out.append(canonical(e).encode())
    return out


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return signing.generate_keypair(tmp_path / "station")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return session(tmp_path / "t")


def check(p: Path, status: str, line: int | None, word: str, key: Path | None = None,
          allow: bool = True) -> None:
    # Signed by default: only signed_ok is ok, or unsigned when allowed and no key was given.
    r = verify_file(p, key, allow_unsigned=allow)
    assert (r.ok, r.status, r.line) == (status == "signed_ok" or
                                        (status == "unsigned" and allow and not key),
                                        status, line), r
    assert word in r.reason, r.reason


def test_untouched_files(tmp_path: Path, keys) -> None:
    priv, pub = keys
    plain = session(tmp_path / "a")
    signed = session(tmp_path / "b", priv)
    check(plain, "unsigned", None, "unsigned")
    check(plain, "unsigned", None, "--allow-unsigned", allow=False)  # unsigned is not ok by default
    check(signed, "unchecked", 10, "signature not checked")  # no key given, none beside: not ok
    check(signed, "signed_ok", None, "signature valid", pub)
    check(plain, "unsigned", None, "signature is required", pub)  # a key was given: not ok
    r = verify_file(signed, pub)
    assert r.events == 10 and r.fingerprint == signing.fingerprint(signing.load_public_key(pub))


def test_one_byte_edited(path: Path) -> None:
    data = path.read_bytes()
    i = data.index("41 岁".encode())
    path.write_bytes(data[:i] + b"9" + data[i + 1:])
    check(path, "tampered", 5, "hash mismatch")


def test_every_single_byte_flip_is_caught_on_its_line(tmp_path: Path, keys) -> None:
    p = session(tmp_path / "t", keys[0], n=1)
    data = p.read_bytes()
    for i in range(len(data)):
        line = data[:i].count(b"\n") + 1
        p.write_bytes(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:])
        r = verify_file(p)
        assert not r.ok and r.line == line, (i, r)
    p.write_bytes(data)
    assert verify_file(p, keys[1]).ok


def test_whitespace_added_is_an_edit(path: Path) -> None:
    lines = raw_lines(path)
    lines[2] = lines[2].replace(b'"seq":', b'"seq": ')
    write_lines(path, lines)
    check(path, "tampered", 3, "canonical")


def test_line_removed(path: Path) -> None:
    lines = raw_lines(path)
    del lines[3]
    write_lines(path, lines)
    check(path, "tampered", 4, "removed")


def test_first_line_removed(path: Path) -> None:
    write_lines(path, raw_lines(path)[1:])
    check(path, "tampered", 1, "removed")


def test_line_inserted_as_duplicate(path: Path) -> None:
    lines = raw_lines(path)
    lines.insert(4, lines[3])
    write_lines(path, lines)
    check(path, "tampered", 5, "inserted")


def test_forged_line_inserted_is_named(path: Path) -> None:
    events = [json.loads(x) for x in raw_lines(path)]
    fake = {**events[3], "payload": {**events[3]["payload"], "raw": "no"}}
    lines = raw_lines(path)
    lines.insert(4, rechain(events[:4] + [fake])[4])  # valid seq/prev/hash for its place
    write_lines(path, lines)
    check(path, "tampered", 5, "inserted")


def test_two_lines_swapped(path: Path) -> None:
    lines = raw_lines(path)
    lines[3], lines[4] = lines[4], lines[3]
    write_lines(path, lines)
    check(path, "tampered", 4, "reordered")


def test_tail_cut_mid_line(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 30])
    n = len(raw_lines(path)) + 1
    check(path, "interrupted", n, "cut off")


def test_closing_event_removed(path: Path) -> None:
    lines = raw_lines(path)
    write_lines(path, lines[:-1])
    check(path, "interrupted", len(lines), "no session_end")


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_bytes(b"")
    check(p, "interrupted", 1, "empty")


def test_unknown_event_type(path: Path) -> None:
    events = [json.loads(x) for x in raw_lines(path)]
    events[2]["type"] = "note"
    write_lines(path, rechain(events, 2))
    check(path, "tampered", 3, "unknown event type 'note'")


def test_rewritten_chain_passes_only_without_a_key(path: Path, keys) -> None:
    """Without a signature a full rewrite is undetectable: hence signatures, and `--public-key`."""
    events = [json.loads(x) for x in raw_lines(path)]
    events[2]["payload"]["raw"] = "edited"
    write_lines(path, rechain(events, 2))
    check(path, "unsigned", None, "unsigned")
    check(path, "unsigned", None, "signature is required", keys[1])


def test_signed_file_rewritten(tmp_path: Path, keys) -> None:
    p = session(tmp_path / "t", keys[0])
    events = [json.loads(x) for x in raw_lines(p)]
    events[2]["payload"]["raw"] = "edited"
    write_lines(p, rechain(events, 2))
    check(p, "tampered", 10, "another chain head")


def test_signature_removed(tmp_path: Path, keys) -> None:
    p = session(tmp_path / "t", keys[0])
    write_lines(p, raw_lines(p)[:-1])
    check(p, "bad_signature", 10, "signature missing")


def test_signature_from_another_key(tmp_path: Path, keys) -> None:
    other_priv, other_pub = signing.generate_keypair(tmp_path / "other")
    p = session(tmp_path / "t", other_priv)
    check(p, "bad_signature", 10, "another key", keys[1])
    check(p, "signed_ok", None, "valid", other_pub)


def test_signature_bytes_forged(tmp_path: Path, keys) -> None:
    p = session(tmp_path / "t", keys[0])
    events = [json.loads(x) for x in raw_lines(p)]
    sig = events[-1]["payload"]["signature"]
    events[-1]["payload"]["signature"] = ("0" if sig[0] != "0" else "1") + sig[1:]
    write_lines(p, rechain(events, len(events) - 1))
    check(p, "bad_signature", 10, "does not verify", keys[1])


def test_signature_swapped_in_from_another_key(tmp_path: Path, keys) -> None:
    """A forger re-signs with their own key: the fingerprint no longer matches session_start."""
    other_priv, _ = signing.generate_keypair(tmp_path / "other")
    p = session(tmp_path / "t", keys[0])
    events = [json.loads(x) for x in raw_lines(p)]
    key = signing.load_private_key(other_priv)
    events[-1]["payload"] = signing.signature_payload(events[-2]["hash"], key)
    write_lines(p, rechain(events, len(events) - 1))
    check(p, "bad_signature", 10, "differs")


def test_event_after_end(path: Path) -> None:
    events = [json.loads(x) for x in raw_lines(path)]
    events.append({**events[1]})
    write_lines(path, rechain(events, len(events) - 1))
    check(path, "tampered", len(events), "after session_end")


def test_unreadable(tmp_path: Path) -> None:
    r = verify_file(tmp_path / "missing.jsonl")
    assert (r.ok, r.status) == (False, "unreadable") and "No such file" in r.reason


def test_verify_paths_recurses(tmp_path: Path) -> None:
    good = [session(tmp_path / "a"), session(tmp_path / "a" / "b")]
    (tmp_path / "a" / "dialogs").mkdir()
    (tmp_path / "a" / "dialogs" / "x.yaml").write_text("not a transcript")
    results = verify_paths([tmp_path / "a"], allow_unsigned=True)
    assert sorted(r.path for r in results) == sorted(good) and all(r.ok for r in results)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=60)


def test_cli_verify(tmp_path: Path, keys) -> None:
    good = session(tmp_path / "t", keys[0])
    # No station log here (written by TranscriptWriter directly): --allow-unsigned accepts that.
    r = cli("verify", str(tmp_path / "t"), "--public-key", str(keys[1]), "--allow-unsigned")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        f"OK {good} (10 events, signed by {signing.key_id(verify_file(good).fingerprint)},"
        " signature valid)", "1 files: 1 ok, 0 bad"]
    bad = session(tmp_path / "t")
    lines = raw_lines(bad)
    lines[1], lines[2] = lines[2], lines[1]
    write_lines(bad, lines)
    r = cli("verify", str(tmp_path / "t"), "--allow-unsigned", "--public-key", str(keys[1]))
    assert r.returncode == 1
    assert f"TAMPERED {bad} line 2: lines reordered" in r.stdout
    assert r.stdout.splitlines()[-1] == "2 files: 1 ok, 1 bad"
    # Without a key (none beside the folder) the signed file is not reported OK.
    r = cli("verify", str(tmp_path / "t"), "--allow-unsigned")
    assert r.returncode == 1 and f"SIGNATURE NOT CHECKED {good} line 10" in r.stdout
    assert r.stdout.splitlines()[-1] == "2 files: 0 ok, 2 bad"


def test_cli_verify_interrupted_and_errors(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path / "t", START)
    w.close()
    r = cli("verify", str(w.path))
    assert r.returncode == 1 and f"INTERRUPTED {w.path} line 2: no session_end" in r.stdout
    r = cli("verify", str(w.path), "--public-key", str(tmp_path / "nope.pub"))
    assert r.returncode == 2 and "nope.pub" in r.stderr
    (tmp_path / "empty").mkdir()
    r = cli("verify", str(tmp_path / "empty"))
    assert r.returncode == 1 and "no transcripts found" in r.stderr


def test_cli_keygen(tmp_path: Path) -> None:
    r = cli("keygen", "--out", str(tmp_path / "st"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "st.key").stat().st_mode & 0o777 == 0o600
    fp = signing.fingerprint(signing.load_public_key(tmp_path / "st.pub"))
    assert f"fingerprint: {fp}" in r.stdout
    before = (tmp_path / "st.key").read_bytes()
    r = cli("keygen", "--out", str(tmp_path / "st"))
    assert r.returncode == 1 and "refusing to overwrite" in r.stderr
    assert (tmp_path / "st.key").read_bytes() == before


def test_keys_refused_when_unsafe(tmp_path: Path, keys) -> None:
    priv, pub = keys
    with pytest.raises(signing.SigningError, match="private key"):
        signing.load_public_key(priv)
    priv.chmod(0o644)
    with pytest.raises(signing.SigningError, match="readable by others"):
        signing.load_private_key(priv)
