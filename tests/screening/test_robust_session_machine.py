"""A hypothesis state machine over the session API (issue 8): random interleavings of answers
(valid, invalid, free text, "don't know", English and Chinese), corrections, overrides, resume
and finish.

Invariants after every step: nothing raises; the file verifies (interrupted while open,
intact once finished). At finish: exactly one outcome event, equal to `outcome_from` over the
top-level statuses, and `replay --check` reproduces every recorded decision.

Size: 12 examples of up to 30 steps (about 20-40 s on one core). The examples that found the
crashes fixed here (both groups with one met; override then finish) need 3-5 steps.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import DIALOG, TODAY, shared_matcher
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from patients import CLEAN_G1, CLEAN_G2

from assistant.audit.transcript import read_events
from assistant.audit.verify import scan_file
from assistant.cli.screen import scripted_answer
from assistant.review.replay import replay
from assistant.screening.decisions import outcome_from, top_level
from assistant.screening.session import Session
from assistant.trial.dialog import load_dialog

LOADED = load_dialog(DIALOG)
BOTH = {**CLEAN_G1, **CLEAN_G2, "group": "both", "platelets": "12, 15"}
PATIENTS = [CLEAN_G1, CLEAN_G2, BOTH, {**CLEAN_G1, "ln_biopsy_class": "II"}]
INVALID = ["banana", "[bold]x[/bold]", "\x1b[31m", "???", "-", "45female", "两者", "abc" * 50]
DONT_KNOW = ["don't know", "not sure", "不知道", "不清楚"]
FREE = [
    "I had hepatitis B",
    "both lupus nephritis and low platelets",
    "两者都有",
    "flu shot last week",
    "乙肝是我老公的，不是我",
    "1" * 500,
    "surgery 2 weeks ago",
]
STATUSES = ["pass", "fail", "unknown", "n/a"]
CRITERIA = [c.id for c in LOADED.dialog.criteria]


class SessionMachine(RuleBasedStateMachine):
    """One session, driven at random; `finish` ends it and the machine starts another."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="robust-sm-"))
        self.patient = CLEAN_G1
        self.session: Session | None = None
        self.finished: list[Path] = []

    def _new(self, lang: str) -> Session:
        return Session(
            LOADED,
            transcripts=self.folder,
            mode="interview",
            lang=lang,
            today=TODAY,
            matcher=shared_matcher(LOADED),
        )

    @precondition(lambda self: self.session is None)
    @rule(lang=st.sampled_from(["en", "zh"]), patient=st.sampled_from(PATIENTS))
    def start(self, lang: str, patient: dict[str, str]) -> None:
        self.session = self._new(lang)
        self.patient = patient

    @precondition(lambda self: self.session is not None)
    @rule(
        kind=st.sampled_from(["valid", "valid", "valid", "invalid", "dont_know", "free"]),
        pick=st.integers(0, 100),
    )
    def answer(self, kind: str, pick: int) -> None:
        s = self.session
        assert s is not None
        prompt = s.current()
        if prompt is None:
            return
        if kind == "valid":
            text = scripted_answer(s.engine, prompt, self.patient)
        else:
            pool = {"invalid": INVALID, "dont_know": DONT_KNOW, "free": FREE}[kind]
            text = pool[pick % len(pool)]
        s.submit(prompt.id, text)

    @precondition(lambda self: self.session is not None)
    @rule(n=st.integers(1, 40))
    def answer_many(self, n: int) -> None:
        s = self.session
        assert s is not None
        for _ in range(n):
            prompt = s.current()
            if prompt is None:
                return
            s.submit(prompt.id, scripted_answer(s.engine, prompt, self.patient))

    @precondition(lambda self: self.session is not None and bool(self.session.engine.answers))
    @rule(pick=st.integers(0, 1000), text=st.sampled_from([*INVALID, *DONT_KNOW, *FREE, "no"]))
    def correct(self, pick: int, text: str) -> None:
        s = self.session
        assert s is not None
        qids = [q for q in s.engine.answers if q in s._answer_seq]
        if qids:
            s.correct(qids[pick % len(qids)], text, "coordinator re-asked", "CRC-7")

    @precondition(lambda self: self.session is not None)
    @rule(criterion=st.sampled_from(CRITERIA), status=st.sampled_from(STATUSES))
    def override(self, criterion: str, status: str) -> None:
        assert self.session is not None
        self.session.override(criterion, status, "chart reviewed", "CRC-7")

    @precondition(lambda self: self.session is not None)
    @rule()
    def resume(self) -> None:
        s = self.session
        assert s is not None
        s.writer.close()  # the process died here
        self.session = Session.resume(s.path, by="CRC-7", reason="after a crash")

    @precondition(lambda self: self.session is not None)
    @rule(complete=st.booleans())
    def finish(self, complete: bool) -> None:
        s = self.session
        assert s is not None
        if complete:
            while (prompt := s.current()) is not None:
                s.submit(prompt.id, scripted_answer(s.engine, prompt, self.patient))
        summary = s.finish()
        self.session = None
        outcomes = [e for e in read_events(s.path) if e.type == "outcome"]
        assert len(outcomes) == 1
        top = top_level(LOADED.dialog)
        statuses = s.engine.decisions()
        assert outcomes[0].payload["outcome"] == outcome_from(statuses[c].status for c in top)
        assert outcomes[0].payload["outcome"] == summary["outcome"]
        sc = scan_file(s.path)
        assert sc.status == "complete", (sc.line, sc.reason)
        report = replay(s.path)
        assert report.reproduced and report.integrity.ok, (report.error, report.mismatches)
        self.finished.append(s.path)

    @invariant()
    def file_sound(self) -> None:
        if self.session is not None:
            sc = scan_file(self.session.path)
            assert sc.status == "interrupted" and not sc.partial_tail, (sc.line, sc.reason)


SessionMachine.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSessionMachine = SessionMachine.TestCase
