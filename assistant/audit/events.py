"""The transcript's event payloads: one pydantic model per event type.

`PAYLOADS` maps each type to its model; the writer validates every payload against it before
anything is written, and the verifier rejects a type it does not list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant import __version__

FORMAT = "prescreen-transcript/1"
Status = Literal["pass", "fail", "unknown", "n/a"]
NonEmpty = Field(min_length=1)


class _Payload(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class SessionStart(_Payload):
    # extra="forbid": this event is where names or contact details would creep in.
    model_config = ConfigDict(extra="forbid")
    format: str = FORMAT
    session_id: str
    dialog_id: str
    dialog_version: str
    dialog_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    app_version: str = __version__
    mode: Literal["kiosk", "interview", "screen"]
    lang: str
    station: str
    screening_date: dt.date
    screening_number: str | None = None
    coordinator: str | None = None  # staff id, not the person screened
    engine_mode: str | None = None  # e.g. collect every reason vs stop at the first fail
    signing_key: str | None = None  # fingerprint: a signature is then required at the end


class Question(_Payload):
    question_id: str
    facts: list[str]
    text: str
    lang: str


class Answer(_Payload):
    question_id: str
    raw: str  # exactly as typed
    value: Any = None
    unit: str | None = None
    inferences: list[Any] = []
    accepted: bool
    reason: str | None = None

    @model_validator(mode="after")
    def _reason_if_rejected(self) -> Answer:
        if not self.accepted and not self.reason:
            raise ValueError("a rejected answer needs a reason")
        return self


class Match(_Payload):
    question_id: str
    hits: list[dict[str, Any]]


class Decision(_Payload):
    criterion: str
    status: Status
    rule: Any
    facts: dict[str, Any]
    record_text: str


class Confirmation(_Payload):
    item: str
    criterion: str
    question: str
    raw: str
    value: Any = None


class Correction(_Payload):
    corrects: int  # seq of the earlier answer (or correction) event; it stays as it was
    question_id: str
    raw: str
    value: Any = None
    reason: str = NonEmpty
    by: str = NonEmpty


class Override(_Payload):
    criterion: str
    from_status: Status = Field(alias="from")
    to_status: Status = Field(alias="to")
    reason: str = NonEmpty
    by: str = NonEmpty


class Outcome(_Payload):
    outcome: Literal["pass", "fail", "review"]
    failed: list[str]
    unknown: list[str]
    criteria: dict[str, Status]
    # The top-level criterion ids the outcome is decided over (sub-criteria such as I3.G1 feed
    # their parent). Written by the session; older files without it fall back on the id form.
    top: list[str] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Outcome:
        from assistant.trial.outcome import outcome_from  # late: keeps `verify` start-up light

        top = self.top if self.top is not None else _top_by_id(self.criteria)
        missing = [c for c in top if c not in self.criteria]
        if missing:
            raise ValueError(f"top-level criteria {missing} have no status")
        want = outcome_from(self.criteria[c] for c in top)
        if self.outcome != want:
            raise ValueError(f"outcome {self.outcome!r} contradicts criteria (expected {want!r})")
        for name, status in (("failed", "fail"), ("unknown", "unknown")):
            listed = set(getattr(self, name))
            expected = {c for c in top if self.criteria[c] == status}
            if listed != expected:
                raise ValueError(f"{name} {sorted(listed)} contradicts criteria {sorted(expected)}")
        return self


def _top_by_id(criteria: dict[str, Status]) -> list[str]:
    # "I3.G1" is a sub-criterion when "I3" is also listed.
    return [c for c in criteria if "." not in c or c.rsplit(".", 1)[0] not in criteria]


class SessionEnd(_Payload):
    reason: Literal["finished", "abandoned", "interrupted", "error"]


class Error(_Payload):
    # An unexpected exception in the app: its type and stack hash only (never its message or
    # locals, which can hold answers). The session is then closed (kiosk) or left resumable.
    model_config = ConfigDict(extra="forbid")
    error: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,99}$")
    stack_hash: str = Field(pattern=r"^[0-9a-f]{16}$")


class Resume(_Payload):
    by: str = NonEmpty
    reason: str = NonEmpty


class Signature(_Payload):
    model_config = ConfigDict(extra="forbid")
    key_id: str
    algorithm: Literal["ed25519"]
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")
    public_key_fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")
    signed_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


PAYLOADS: dict[str, type[_Payload]] = {
    "session_start": SessionStart, "question": Question, "answer": Answer, "match": Match,
    "decision": Decision, "confirmation": Confirmation, "correction": Correction,
    "override": Override, "outcome": Outcome, "session_end": SessionEnd, "resume": Resume,
    "error": Error,
    "signature": Signature,
}
