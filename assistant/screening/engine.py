"""The screening engine: which question comes next, what each answer means, and the decisions.

UI-free and deterministic: given the dialog, the screening date and the answers so far, it gives
the next prompt, every criterion's status (pass / fail / unknown / n/a) and the outcome. The
kiosk, the coordinator's interview, `prescreen screen` and the replay all drive this one class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from assistant.answers.parse import Parsed, parse_answer
from assistant.screening import reading
from assistant.screening.decisions import (
    Decision,
    Override,
    convert_quantity,
    evaluate_all,
    summary,
)
from assistant.screening.steps import (  # noqa: F401 (re-exported: the engine's public types)
    Answer,
    Confirmation,
    MatcherLike,
    Prompt,
    Step,
)
from assistant.trial.dialog import Dialog, Question
from assistant.trial.rules import Context, Truth, evaluate, facts_read
from assistant.trial.specs import LocalText

Mode = Literal["collect", "first_fail"]
MAX_ANSWER_CHARS = reading.MAX_ANSWER_CHARS


class Screening:
    """One person's screening in progress (mutable; every decision is recomputed from answers)."""

    def __init__(
        self,
        dialog: Dialog,
        *,
        today: date,
        lang: str = "en",
        mode: Mode = "collect",
        matcher: MatcherLike | None = None,
        matcher_factory: Callable[[], MatcherLike] | None = None,
    ) -> None:
        self.dialog = dialog
        self.today = today
        self.lang = lang
        self.mode: Mode = mode
        self._matcher = matcher
        self._matcher_factory = matcher_factory
        self.answers: dict[str, Answer] = {}
        self.confirmations: dict[str, Confirmation] = {}
        self.overrides: dict[str, Override] = {}
        self.rejected: dict[str, Parsed] = {}
        self.asked: list[str] = []
        quantity_of = {f: q.quantity for q in dialog.questions for f in q.sets if q.quantity}
        self._convert = convert_quantity(dialog, quantity_of)

    # -- facts -------------------------------------------------------------------------------
    def value(self, fact: str) -> Any:
        """A fact's value, or None while unknown (a question's `default` fills a don't-know)."""
        q = self.dialog.setter_of.get(fact)
        a = self.answers.get(q.id) if q else None
        if a is None:
            return self._skipped_default(q) if q is not None else None
        if a.parsed.status == "ok":
            return a.parsed.value
        return None

    def _skipped_default(self, q: Question) -> Any:
        """A limit not asked because the value decides for every plausible one (an ALT far
        below 3 x 30 U/L): the plausible span, as if the person did not know it."""
        if q.default is None or q.default_range is None or q.when is None:
            return None
        if self.applies(q) is not False:
            return None
        dflt = self._parse(q, q.default)
        if dflt.status != "ok" or not isinstance(dflt.value, dict):
            return None
        low, high = q.default_range
        return {**dflt.value, "low": low, "high": high}

    def without_document(self) -> bool:
        """True when the person said they do not have their test results with them."""
        fact = self.dialog.document_fact
        return fact is not None and self.value(fact) is False

    def confirmed(self, criterion: str) -> Truth:
        """Kleene OR over this criterion's confirmations: any yes is true; none raised is false."""
        truths = [c.truth for c in self.confirmations.values() if c.criterion == criterion]
        if any(t is True for t in truths):
            return True
        return None if any(t is None for t in truths) else False

    def _confirmations_for(self, criterion: str) -> list[dict[str, Any]]:
        return [
            {
                "item": c.item,
                "source": c.source,
                "evidence": c.evidence,
                "hit": c.hit_status,
                "answer": c.answer.raw if c.answer else None,
                "confirmed": c.truth,
            }
            for c in self.confirmations.values()
            if c.criterion == criterion
        ]

    # -- decisions ---------------------------------------------------------------------------
    def decisions(self) -> dict[str, Decision]:
        """Every criterion's decision from the answers so far."""
        out = evaluate_all(
            self.dialog, self.value, self.confirmed, self._confirmations_for, self.overrides
        )
        if self.without_document():
            # Say why the lab criteria are open: not the person's not knowing, the report.
            need = {f for q in self.dialog.questions if q.needs_document for f in q.sets}
            why = "to be checked by the study team: no test results at hand"
            for cid, d in out.items():
                if d.status == "unknown" and need & set(d.facts):
                    out[cid] = replace(d, why=why)
        return out

    def summary(self) -> dict[str, Any]:
        """Outcome, failed and unknown IDs, and every criterion's status."""
        return summary(self.dialog, self.decisions())

    # -- flow --------------------------------------------------------------------------------
    def applies(self, q: Question) -> Truth:
        """Whether a question applies given the answers so far (None: not known yet)."""
        if q.when is None:
            return True
        ctx_decisions: dict[str, Decision] | None = None

        def criterion(cid: str) -> Truth:
            nonlocal ctx_decisions
            ctx_decisions = ctx_decisions or self.decisions()
            return {"pass": True, "fail": False, "n/a": False}.get(ctx_decisions[cid].status)

        ctx = Context(self.value, self._convert, criterion, self.confirmed)
        return evaluate(q.when, ctx)

    def pending_questions(self) -> list[Question]:
        """Questions that apply (or may apply) and are not answered yet, in file order."""
        out = []
        no_document = self.without_document()
        for q in self.dialog.questions:
            if q.id in self.answers or (q.needs_document and no_document):
                continue
            a = self.applies(q)
            if a is True or (a is None and q.when_unknown == "ask"):
                out.append(q)
        return out

    def stopped(self) -> bool:
        """True in kiosk mode once any criterion definitely fails."""
        return self.mode == "first_fail" and self.summary()["outcome"] == "fail"

    def next_prompt(self) -> Prompt | None:
        """The next thing to ask, or None when the screening is over."""
        if self.stopped():
            return None
        for c in self.confirmations.values():
            if c.answer is None:
                return self._confirmation_prompt(c)
        pending = self.pending_questions()
        return self._question_prompt(pending[0]) if pending else None

    def progress(self) -> tuple[int, int]:
        """(answered, answered + still to ask) over the questions that apply."""
        answered = sum(
            1
            for q in self.dialog.questions
            if q.id in self.answers and self.applies(q) is not False
        )
        return answered, answered + len(self.pending_questions())

    def finished(self) -> bool:
        """True when there is nothing left to ask."""
        return self.next_prompt() is None

    def _question_prompt(self, q: Question) -> Prompt:
        units: list[str] = []
        if q.quantity:
            units = list(self.dialog.quantities[q.quantity].units)
        rejected = self.rejected.get(q.id)
        return Prompt(
            id=q.id,
            kind=q.kind,
            question=q,
            confirmation=None,
            text=q.text.get(self.lang),
            help=q.help.get(self.lang),
            why=q.why.get(self.lang) if q.why else None,
            section=q.section,
            choices=[(c.value, c.label.get(self.lang)) for c in q.choices],
            units=units,
            reask=rejected.reason.get(self.lang) if rejected and rejected.reason else None,
        )

    def _confirmation_prompt(self, c: Confirmation) -> Prompt:
        src = self.dialog.question_by_id[c.source]
        lead = (
            self.dialog.message("confirm_prefix", self.lang, evidence=c.evidence)
            if "confirm_prefix" in self.dialog.messages
            else ""
        )
        text = _one_mention(lead, self._matcher_obj().confirmation(c.item, self.lang), self.lang)
        rejected = self.rejected.get(c.id)
        help_text = (
            self.dialog.message("dont_know_hint", self.lang)
            if "dont_know_hint" in self.dialog.messages
            else ""
        )
        return Prompt(
            id=c.id,
            kind="yesno",
            question=None,
            confirmation=c,
            text=text,
            help=help_text,
            why=None,
            section=src.section,
            choices=[],
            units=[],
            reask=rejected.reason.get(self.lang) if rejected and rejected.reason else None,
        )

    def _matcher_obj(self) -> MatcherLike:
        if self._matcher is None:
            if self._matcher_factory is None:
                from assistant.freetext.matcher import Matcher  # deferred: builds the lexicon index

                self._matcher = Matcher(self.dialog.lexicon)
            else:
                self._matcher = self._matcher_factory()
        return self._matcher

    # -- answering ---------------------------------------------------------------------------
    def parse(self, q: Question, text: str) -> Parsed:
        """Read `text` as an answer to `q` (no state change; see `assistant.screening.reading`)."""
        return reading.read_answer(self.dialog, q, text, self.today)

    def _parse(self, q: Question, text: str) -> Parsed:
        return reading.parse_one(self.dialog, q, text, self.today)

    def answer(self, prompt_id: str, text: str) -> Step:
        """Answer the question or confirmation `prompt_id` with `text` as typed."""
        self.asked.append(prompt_id)
        if prompt_id in self.confirmations:
            c = self.confirmations[prompt_id]
            parsed = parse_answer("yesno", text, today=self.today)
            if parsed.status == "invalid":
                self.rejected[prompt_id] = parsed
                return Step(prompt_id, text, parsed, accepted=False)
            self.rejected.pop(prompt_id, None)
            c.answer = Answer(prompt_id, text, parsed)
            return Step(prompt_id, text, parsed, accepted=True)
        q = self.dialog.question_by_id[prompt_id]
        parsed = self.parse(q, text)
        if (
            q.yes_needs_details is not None
            and parsed.status == "ok"
            and isinstance(parsed.value, dict)
            and parsed.value.get("answer") == "yes"
        ):
            parsed = Parsed("invalid", reason=q.yes_needs_details)
        if parsed.status == "invalid":
            self.rejected[q.id] = parsed
            return Step(q.id, text, parsed, accepted=False)
        self.rejected.pop(q.id, None)
        default_used = None
        if parsed.status == "unknown" and q.default is not None:
            dflt = self.parse(q, q.default)
            if dflt.status == "ok":
                note = f"not known; the dialog's default {q.default} was used"
                value = dflt.value
                if q.default_range is not None and isinstance(value, dict):
                    low, high = q.default_range
                    value = {**value, "low": low, "high": high}
                    note += f", deciding only where every value from {low} to {high} agrees"
                parsed = Parsed("ok", value, dflt.unit, (*dflt.inferences, note))
                default_used = q.default
        hits: list[Any] = []
        raised: list[Confirmation] = []
        # A changed free-text answer takes back the confirmations the old text raised.
        for cid in [k for k, c in self.confirmations.items() if c.source == q.id]:
            del self.confirmations[cid]
        if q.kind == "text" and parsed.status == "ok" and parsed.value.get("answer") == "text":
            result = self._matcher_obj().match(
                text, self.lang, self.today, groups=frozenset(q.match_groups)
            )
            hits = list(result.hits)
            parsed = self._read_details(q, text, parsed, hits, getattr(result, "ignored", []))
            if parsed.status == "invalid":
                self.rejected[q.id] = parsed
                return Step(q.id, text, parsed, accepted=False, hits=hits)
            raised = self._raise_confirmations(q, hits)
        self.answers[q.id] = Answer(q.id, text, parsed, hits)
        return Step(q.id, text, parsed, True, hits, raised, default_used)

    def _read_details(
        self,
        q: Question,
        text: str,
        parsed: Parsed,
        hits: list[Any],
        ignored: list[dict[str, str]],
    ) -> Parsed:
        """What a free-text answer says about its own criterion (`reading.read_details`)."""
        before = getattr(self._matcher_obj(), "dated_before_window", None)
        return reading.read_details(self.dialog, q, text, parsed, hits, ignored, before, self.today)

    def _raise_confirmations(self, q: Question, hits: list[Any]) -> list[Confirmation]:
        raised = []
        for h in hits:
            if h.status not in ("affirmed", "uncertain"):
                continue
            cid = f"confirm:{q.id}:{h.item}"
            if cid in self.confirmations or self._already_answered(q, h.item):
                continue
            c = Confirmation(cid, q.id, h.item, h.criterion, h.status, h.evidence, int(h.score))
            self.confirmations[cid] = c
            raised.append(c)
        return raised

    def _already_answered(self, q: Question, item: str) -> bool:
        """True when another question already gave a known value for a fact the mention speaks
        to (HBsAg "negative" earlier, then "I had hepatitis B"): never ask it again."""
        items = self.dialog.lexicon.items()
        speaks_to = items[item][1].speaks_to if item in items else []
        return any(f not in q.sets and self.value(f) is not None for f in speaks_to)

    def override(self, criterion: str, status: str, reason: str, by: str) -> Decision:
        """A coordinator's override of a criterion, with a required reason."""
        if not reason.strip():
            raise ValueError("an override needs a reason")
        if criterion not in self.dialog.criterion_by_id:
            raise KeyError(criterion)
        if status not in ("pass", "fail", "unknown", "n/a"):
            raise ValueError(f"unknown status {status!r}")
        self.overrides[criterion] = Override(criterion, status, reason.strip(), by)  # type: ignore[arg-type]
        return self.decisions()[criterion]

    def facts_of(self, question_id: str) -> set[str]:
        """Facts that `question_id`'s condition reads (for the dialog check and the UI)."""
        q = self.dialog.question_by_id[question_id]
        return facts_read(q.when) if q.when else set()


def _one_mention(lead: str, question: str, lang: str) -> str:
    """The lead quoting the person's words, then the question without its own "You mentioned
    X." opening: the mention is said once."""
    opening = "您提到了" if lang == "zh" else "You mentioned "
    if lead and question.startswith(opening):
        end = question.find("。" if lang == "zh" else ". ")
        if end > 0:
            question = question[end + 1 :].strip()
    return f"{lead} {question}".strip()


def reask_text(parsed: Parsed, lang: str) -> str:
    """The reason an answer was not accepted, in `lang`."""
    reason = parsed.reason or LocalText(en="Please try again.", zh="请再试一次。")
    return reason.get(lang)
