"""The screening engine: which question comes next, what each answer means, and the decisions.

UI-free and deterministic: given the dialog, the screening date and the answers so far, it gives
the next prompt, every criterion's status (pass / fail / unknown / n/a) and the outcome. The
kiosk, the coordinator's interview, `prescreen screen` and the replay all drive this one class.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from assistant.answers import Parsed, parse_answer
from assistant.decisions import Decision, Override, convert_quantity, evaluate_all, summary
from assistant.dialog import Dialog, Question
from assistant.rules import Context, Truth, evaluate, facts_read
from assistant.specs import LocalText
from assistant.steps import (  # noqa: F401 (re-exported: the engine's public types)
    Answer,
    Confirmation,
    MatcherLike,
    Prompt,
    Step,
)

Mode = Literal["collect", "first_fail"]
# Longer answers are refused: matching time grows with length, and no answer needs more.
MAX_ANSWER_CHARS = 2000

# "yes, 2023", "Y - DMSO", "有，两周前": a yes with details (Chinese needs the separator: 有点 is
# "a little", not "yes").
_LEADING_YES = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|yup|yea|y|correct|positive|pos)\b[\s,.;:!()\[\]\-–—/]*\S"
    r"|(?:是的|是|有的|有|对|阳性)[\s,.;:!，。；：！、（(\-–—]+\S)",
    re.IGNORECASE,
)
# First-person affirmatives that answer the question itself: "I did", "I am", "had it".
_FIRST_PERSON_YES = re.compile(
    r"^\s*(?:i (?:do|did|am|have|had|was|will)|i'm|i've|i had one|had it|had one|once|twice)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:i think|maybe|probably|possibly|perhaps|not sure|unsure|might|i guess)\b"
    r"|可能|好像|也许|大概|不确定|不清楚|不知道",
    re.IGNORECASE,
)
# "0-40", "3.4 – 20.5 umol/L", "正常值0~40": a reference range typed where one value is asked.
_RANGE = re.compile(
    r"^\s*(?:[^\d\s]{0,8}\s*)?(?P<lo>\d+(?:\.\d+)?)\s*(?:-|–|—|~|～|to|至|到)\s*"
    r"(?P<hi>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s][^\d]*)?\s*$"
)


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
            return None
        if a.parsed.status == "ok":
            return a.parsed.value
        return None

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
        return evaluate_all(
            self.dialog, self.value, self.confirmed, self._confirmations_for, self.overrides
        )

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
        for q in self.dialog.questions:
            if q.id in self.answers:
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
                from assistant.matching import Matcher  # deferred: builds the lexicon index

                self._matcher = Matcher(self.dialog.lexicon)
            else:
                self._matcher = self._matcher_factory()
        return self._matcher

    # -- answering ---------------------------------------------------------------------------
    def parse(self, q: Question, text: str) -> Parsed:
        """Read `text` as an answer to `q` (no state change)."""
        if len(text) > MAX_ANSWER_CHARS:
            return Parsed(
                "invalid",
                reason=LocalText(
                    en=f"That answer is too long ({len(text)} characters). Please keep it under "
                    f"{MAX_ANSWER_CHARS}.",
                    zh=f"回答太长（{len(text)} 个字符）。请控制在 {MAX_ANSWER_CHARS} 个字符以内。",
                ),
            )
        low = text.lower()
        for refusal in q.refuse:
            if any(term.lower() in low for term in refusal.terms):
                return Parsed("invalid", reason=refusal.reason)
        if q.range_means and (m := _RANGE.match(text)):
            end = m["hi"] if q.range_means == "upper" else m["lo"]
            parsed = self._parse(q, f"{end} {m['unit']}".strip())
            note = f"the range {m['lo']}-{m['hi']} was given; its {q.range_means} end {end} used"
            if parsed.status == "ok":
                return Parsed("ok", parsed.value, parsed.unit, (*parsed.inferences, note))
        return self._parse(q, text)

    def _parse(self, q: Question, text: str) -> Parsed:
        return parse_answer(
            q.kind,
            text,
            today=self.today,
            quantity=self.dialog.quantities.get(q.quantity) if q.quantity else None,
            choices=q.choices or None,
            drugs=self.dialog.glucocorticoids,
            min_count=q.min_count,
        )

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
        """What a free-text answer says about its question's own criterion.

        The matcher decides when it recognised something for that criterion (a mention, the
        record's exception, someone else's condition). An answer about something else (another
        criterion, or a common condition that is no exclusion) was read and raises nothing.
        Otherwise a leading yes ("yes, 2023", "I did") is a yes (a hedged one unknown), and an
        answer nothing recognises is asked again, because an unread answer must never pass.
        """
        if q.criterion is None:
            return parsed
        own = q.criterion + "."
        if any(h.criterion == q.criterion for h in hits) or any(
            str(i.get("item", "")).startswith(own) for i in ignored
        ):
            return parsed
        if hits or ignored or self._names_other_condition(text):
            return parsed
        before = getattr(self._matcher_obj(), "dated_before_window", None)
        if before is not None and before(text, q.criterion, self.today):
            return parsed
        if _LEADING_YES.match(text) or _FIRST_PERSON_YES.match(text):
            if _HEDGE.search(text):
                return Parsed("unknown", None, None, ("a hedged yes: not known",))
            if q.yes_needs_details is not None:
                return Parsed("invalid", reason=q.yes_needs_details)
            note = "a yes followed by details the matcher did not recognise: the yes stands"
            return Parsed("ok", {"answer": "yes", "text": text}, None, (*parsed.inferences, note))
        reason = self.dialog.messages.get("unread_details")
        return Parsed(
            "invalid",
            reason=LocalText(
                en=reason.en.format(help=q.help.en) if reason else q.help.en,
                zh=reason.zh.format(help=q.help.zh) if reason else q.help.zh,
            ),
        )

    def _names_other_condition(self, text: str) -> bool:
        """True when `text` names a common condition that is no exclusion item."""
        words = self.dialog.lexicon.not_exclusions
        low = text.lower()
        if any(t in low for t in words.zh):
            return True
        tokens = " " + re.sub(r"[^a-z0-9'\- ]+", " ", low) + " "
        return any(f" {t} " in tokens for t in words.en)

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
