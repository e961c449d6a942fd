"""A screening session: the engine plus its transcript.

Every question shown, answer typed, match, confirmation, correction, override and decision is
written (flushed and fsynced by the transcript writer) before the caller shows the next question.
The kiosk, the interview and `prescreen screen` all go through this class.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

from assistant import __version__
from assistant.audit.privacy import DOB_INFERENCE, Prepared, prepare
from assistant.audit.redact import redact
from assistant.audit.station import Station, StationError, open_station
from assistant.audit.transcript import (
    TranscriptError,
    TranscriptWriter,
    read_events,
    store_dialog_copy,
)
from assistant.screening.decisions import Decision, top_level
from assistant.screening.engine import MatcherLike, Mode, Prompt, Screening, Step
from assistant.trial.dialog import LoadedDialog

SessionMode = Literal["kiosk", "interview", "screen"]


def _jsonable(value: Any) -> Any:
    """Values as JSON (dates and other objects as strings)."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _station(transcripts: Path, signing_key: Path | None) -> Station:
    """Every session is signed: the configured key, else the station key made on first use."""
    try:
        return open_station(Path(transcripts), signing_key)
    except StationError as e:
        raise TranscriptError(f"cannot sign this session: {e}") from e


class Session:
    """One person's screening, recorded."""

    def __init__(
        self,
        loaded: LoadedDialog,
        *,
        transcripts: Path,
        mode: SessionMode,
        lang: str,
        today: date,
        engine_mode: Mode = "collect",
        station: str | None = None,
        screening_number: str | None = None,
        coordinator: str | None = None,
        signing_key: Path | None = None,
        matcher: MatcherLike | None = None,
    ) -> None:
        self.loaded = loaded
        self.engine = Screening(
            loaded.dialog, today=today, lang=lang, mode=engine_mode, matcher=matcher
        )
        # The folder is owner-only, like the files in it (created here, before the dialog copy).
        try:
            Path(transcripts).mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as e:
            raise TranscriptError(f"{transcripts}: cannot create the folder: {e.strerror}") from e
        store_dialog_copy(loaded.path, transcripts)
        self.station = _station(transcripts, signing_key)
        start: dict[str, Any] = {
            "dialog_id": loaded.dialog.trial.id,
            "dialog_version": loaded.dialog.trial.version,
            "dialog_hash": loaded.sha256,
            "app_version": __version__,
            "mode": mode,
            "lang": lang,
            "station": station or self.station.default_name,
            "screening_date": today.isoformat(),
            "engine_mode": engine_mode,
        }
        if screening_number:
            start["screening_number"] = screening_number
        if coordinator:
            start["coordinator"] = coordinator
        self.writer = TranscriptWriter.create(
            transcripts, start, signing_key=self.station.key_path, log=self.station.log
        )
        self._attach({})

    def _attach(self, answer_seq: dict[str, int]) -> None:
        self._shown: str | None = None
        self._answer_seq = answer_seq
        self._statuses = {cid: d.status for cid, d in self.engine.decisions().items()}
        self.closed = False

    @classmethod
    def resume(
        cls,
        path: Path,
        *,
        by: str,
        reason: str,
        transcripts: Path | None = None,
        signing_key: Path | None = None,
    ) -> Session:
        """Continue an interrupted session: same file, same chain, a `resume` event first.

        The engine is rebuilt by re-running the recorded answers through the recorded dialog
        version, so the next question is the one the person had not answered yet.
        """
        from assistant.screening.rerun import rerun
        from assistant.trial.dialog import DialogError, load_dialog

        path = Path(path)
        events = read_events(path)
        if not events or events[0].type != "session_start":
            raise TranscriptError(f"{path}: cannot resume: no session_start")
        digest = str(events[0].payload.get("dialog_hash"))
        folder = Path(transcripts) if transcripts else path.parent
        copy = folder / "dialogs" / f"{digest}.yaml"
        if not copy.exists():
            from assistant.trial.bundled import bundled_by_hash

            copy = bundled_by_hash(digest) or copy
        try:
            loaded = load_dialog(copy)
        except DialogError as e:
            raise TranscriptError(f"{path}: cannot resume: {e.problems[0]}") from e
        station = _station(folder, signing_key)
        writer = TranscriptWriter.resume(
            path, by, redact(reason).text, signing_key=station.key_path, log=station.log
        )
        self = cls.__new__(cls)
        self.station = station
        self.loaded = loaded
        self.engine = rerun(loaded, events)
        self.writer = writer
        seqs = {
            str(e.payload["question_id"]): e.seq
            for e in events
            if e.type in ("answer", "correction") and e.payload.get("accepted", True)
        }
        self._attach(seqs)
        return self

    @property
    def path(self) -> Path:
        """The transcript file."""
        return self.writer.path

    def current(self) -> Prompt | None:
        """The prompt to show now; its `question` event is written once, before it is shown."""
        prompt = self.engine.next_prompt()
        if prompt is not None and prompt.id != self._shown:
            facts = prompt.question.sets if prompt.question else []
            payload: dict[str, Any] = {
                "question_id": prompt.id,
                "facts": facts,
                "text": prompt.text,
                "lang": self.engine.lang,
            }
            if prompt.confirmation is not None:
                payload["confirms"] = {
                    "item": prompt.confirmation.item,
                    "criterion": prompt.confirmation.criterion,
                    "source": prompt.confirmation.source,
                }
            self.writer.append("question", payload)
            self._shown = prompt.id
        return prompt

    def submit(self, prompt_id: str, text: str) -> Step:
        """Record and apply the answer `text` to `prompt_id`.

        What is read and stored is `assistant.audit.privacy.prepare`'s: a date of birth becomes
        the age, identifiers are redacted (matching runs on the redacted text).
        """
        prep = prepare(self.engine, prompt_id, text)
        # An unusable date of birth is still read as typed, so the person is told why.
        step = self.engine.answer(prompt_id, text if prep.dob_rejected else prep.text)
        self._record(step, prep)
        if step.accepted:
            self._shown = None
        return step

    def correct(self, question_id: str, text: str, reason: str, by: str) -> Step:
        """A correction of an earlier answer: a new event naming the one it corrects."""
        if not reason.strip():
            raise ValueError("a correction needs a reason")
        if question_id not in self._answer_seq:
            raise KeyError(f"{question_id} has not been answered")
        prep = prepare(self.engine, question_id, text)
        step = self.engine.answer(question_id, text if prep.dob_rejected else prep.text)
        self._shown = None  # a correction may raise the same confirmation with new wording
        payload = {
            "corrects": self._answer_seq[question_id],
            "question_id": question_id,
            "raw": prep.text,
            "value": _jsonable(step.parsed.value),
            "status": step.parsed.status,
            "accepted": step.accepted,
            "reason": redact(reason.strip()).text,  # staff text is screened too
            "by": by,
            "meaning": "corrected",
            **prep.marks,
        }
        ev = self.writer.append("correction", payload)
        if step.accepted:
            self._answer_seq[question_id] = ev.seq
            self._record_hits(step)
            self._record_decisions()
        return step

    def override(self, criterion: str, status: str, reason: str, by: str) -> Decision:
        """A coordinator's override of one criterion's status (reason required)."""
        before = self.engine.decisions()[criterion].status
        decision = self.engine.override(criterion, status, reason, by)
        self.writer.append(
            "override",
            {
                "criterion": criterion,
                "from": before,
                "to": status,
                "reason": redact(reason.strip()).text,
                "by": by,
                "meaning": "overridden",
            },
        )
        self._record_decisions()
        return decision

    def finish(self, reason: str = "finished") -> dict[str, Any]:
        """Close the session: final decisions, outcome (when finished) and the closing event."""
        summary = self.engine.summary()
        if self.closed:
            return summary
        outcome = None
        if reason == "finished":
            for d in self.engine.decisions().values():
                self.writer.append("decision", self._decision_payload(d, final=True))
            outcome = summary | {"top": top_level(self.engine.dialog)}
        self.writer.finish(outcome, reason=reason)
        self.closed = True
        return summary

    def stop_early(self, reason: str, by: str) -> dict[str, Any]:
        """End before every question is asked because a criterion has definitely failed.

        Recorded as a finished session whose outcome carries `stopped_early` (the reason and
        who stopped); the criteria not asked stay unknown. Refused (ValueError) while nothing has
        failed: an early stop is never a way to skip to a result.
        """
        summary = self.engine.summary()
        if not summary["failed"]:
            raise ValueError("nothing has failed: the interview cannot stop early")
        if not reason.strip() or not by.strip():
            raise ValueError("an early stop needs a reason and who stopped")
        if self.closed:
            return summary
        for d in self.engine.decisions().values():
            self.writer.append("decision", self._decision_payload(d, final=True))
        outcome = dict(summary, stopped_early={"reason": reason.strip(), "by": by})
        self.writer.finish(outcome, reason="finished")
        self.closed = True
        return summary

    # -- recording ----------------------------------------------------------------------------
    def _record(self, step: Step, prep: Prepared) -> None:
        p = step.parsed
        payload: dict[str, Any] = {
            "question_id": step.prompt_id,
            "raw": prep.text,  # never the date of birth or an identifier as typed
            "value": _jsonable(p.value),
            "unit": p.unit,
            "inferences": list(p.inferences),
            "status": p.status,
            "accepted": step.accepted,
            **prep.marks,
        }
        if prep.marks.get("from_date_of_birth") and step.accepted:
            payload["inferences"] = [DOB_INFERENCE, *payload["inferences"]]
        if not step.accepted:
            payload["reason"] = p.reason.en if p.reason else "not understood"
            if prep.dob_rejected:  # the reader's reason may quote the date
                payload["reason"] = "a date of birth that could not be used (it is not stored)"
        ev = self.writer.append("answer", payload)
        if not step.accepted:
            return
        self._answer_seq[step.prompt_id] = ev.seq
        conf = self.engine.confirmations.get(step.prompt_id)
        if conf is not None:
            self.writer.append(
                "confirmation",
                {
                    "item": conf.item,
                    "criterion": conf.criterion,
                    "question": self.engine._confirmation_prompt(conf).text,
                    "raw": step.raw,
                    "value": conf.truth,
                    "source": conf.source,
                    "evidence": conf.evidence,
                },
            )
        self._record_hits(step)
        self._record_decisions()

    def _record_hits(self, step: Step) -> None:
        if step.hits:
            self.writer.append(
                "match",
                {
                    "question_id": step.prompt_id,
                    "hits": [
                        h.to_json() | {"item": h.item, "reason": getattr(h, "reason", "")}
                        for h in step.hits
                    ],
                    "confirmations": [c.id for c in step.confirmations],
                },
            )

    def _record_decisions(self) -> None:
        for cid, d in self.engine.decisions().items():
            if self._statuses.get(cid) != d.status:
                self._statuses[cid] = d.status
                self.writer.append("decision", self._decision_payload(d))

    @staticmethod
    def _decision_payload(d: Decision, final: bool = False) -> dict[str, Any]:
        payload = d.to_json()
        payload["record_text"] = payload.pop("text")
        payload["facts"] = _jsonable(payload["facts"])
        payload["final"] = final
        return payload
