"""`prescreen screen`: run the whole dialog from an answers file, without a screen.

Each question asked is answered with the file's text for the fact it sets ("don't know" when the
file has none). A confirmation raised by a free-text mention is answered with the file's answer
for the fact the mention speaks to, unless that is the very answer that raised it; otherwise "yes"
for an affirmed mention and "don't know" for an uncertain one. An answer that cannot be read is
recorded as rejected and then answered "don't know", so the fact stays unknown, never passes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.audit.transcript import TranscriptError
from assistant.cli.common import CommandError, fail, open_dialog, screening_date
from assistant.screening.engine import Prompt, Screening
from assistant.screening.reading import text_for_fact
from assistant.screening.session import Session
from assistant.text.limits import MAX_TEXT_CHARS, cap_text

DONT_KNOW = "don't know"


def read_answers(path: Path) -> dict[str, str]:
    """The answers file as {fact: text}; numbers are taken as typed text."""
    try:
        # utf-8-sig: an answers file saved with a byte-order mark is still UTF-8 JSON.
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror or e}") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CommandError(f"{path}: not a JSON file: {e}") from e
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        raise CommandError(f"{path}: a number in the file cannot be read: {e}") from e
    if not isinstance(data, dict):
        raise CommandError(f'{path}: expected a JSON object {{"fact": "answer text", ...}}')
    out: dict[str, str] = {}
    for fact, text in data.items():
        if isinstance(text, bool) or not isinstance(text, str | int | float):
            raise CommandError(f"{path}: fact {fact!r}: the answer must be text, got {text!r}")
        value = str(text)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise CommandError(
                f"{path}: fact {fact!r}: the answer is not valid text ({e.reason})"
            ) from e
        value, cut = cap_text(value)
        if cut:  # the contract: longer input is cut with a message, never a crash
            print(f"prescreen screen: {path}: fact {fact!r}: answer cut to {MAX_TEXT_CHARS} "
                  "characters", file=sys.stderr)
        out[str(fact)] = value
    return out


def scripted_answer(engine: Screening, prompt: Prompt, answers: dict[str, str]) -> str:
    """The text `screen` types for `prompt`, per the contract."""
    q = prompt.question
    if q is not None:
        fact = q.sets[0]
        if fact in answers:
            return text_for_fact(engine.dialog, q, answers[fact], engine.today, engine.lang)
        if q.screen_from is not None:
            # A part of an earlier fact's dictionary meaning (ln_refractory includes the
            # proteinuria/antibody part): answered as that fact's value.
            v = engine.value(q.screen_from)
            if isinstance(v, bool):
                return "yes" if v else "no"
        return q.screen_default if q.screen_default is not None else DONT_KNOW
    conf = prompt.confirmation
    assert conf is not None
    source_facts = set(engine.dialog.question_by_id[conf.source].sets)
    items = engine.dialog.lexicon.items()
    speaks_to = items[conf.item][1].speaks_to if conf.item in items else []
    for fact in speaks_to:
        if fact in answers and fact not in source_facts:
            return answers[fact]
    return "yes" if conf.hit_status == "affirmed" else DONT_KNOW


def screen_engine(engine: Screening, answers: dict[str, str]) -> dict[str, Any]:
    """Run a whole screening on the engine alone (no transcript) and return its summary."""
    while (prompt := engine.next_prompt()) is not None:
        if not engine.answer(prompt.id, scripted_answer(engine, prompt, answers)).accepted:
            if not engine.answer(prompt.id, DONT_KNOW).accepted:
                raise CommandError(f'{prompt.id}: not even "don\'t know" was accepted')
    return engine.summary()


def run(ns: argparse.Namespace) -> int:
    """Run `prescreen screen`."""
    try:
        loaded = open_dialog(ns.dialog)
        today = screening_date(ns.today)
        answers = read_answers(ns.answers)
        session = Session(
            loaded,
            transcripts=ns.transcripts,
            mode="screen",
            lang=ns.lang,
            today=today,
            engine_mode="first_fail" if ns.stop_at_first_fail else "collect",
            signing_key=ns.signing_key,
        )
    except (CommandError, TranscriptError) as e:
        return fail(str(e))
    if session.station.published:  # first session in this folder: tell the reviewer (stderr)
        from assistant.audit.station import announce

        print(f"prescreen: {announce(session.station, ns.transcripts)}", file=sys.stderr)
    unknown = sorted(set(answers) - set(loaded.dialog.setter_of))
    if unknown:
        # A typo in a fact name would silently become "don't know": say so (not an error).
        print(f"prescreen: warning: no question sets {', '.join(unknown)}", file=sys.stderr)
    try:
        while (prompt := session.current()) is not None:
            step = session.submit(prompt.id, scripted_answer(session.engine, prompt, answers))
            if not step.accepted and not session.submit(prompt.id, DONT_KNOW).accepted:
                raise CommandError(f'{prompt.id}: not even "don\'t know" was accepted')
        summary: dict[str, Any] = session.finish()
    except TranscriptError as e:
        return fail(f"stopped, the transcript cannot be written: {e}")
    except CommandError as e:
        session.finish("interrupted")
        return fail(str(e))
    except Exception as e:  # never leave a transcript open without saying why
        session.finish("interrupted")
        return fail(
            f"stopped by an unexpected error ({type(e).__name__}: {e}); the transcript "
            f"{session.path} is closed as interrupted"
        )
    summary["transcript"] = str(session.path)
    print(json.dumps(summary, ensure_ascii=False))
    return 0
