"""A small grammar over clauses: how negations, hedges and form-style values reach a mention.

The ConText pass (`assistant.freetext.context`) gives each mention the cues around it. This pass
then applies rules that need the clause structure rather than one more cue word:

- **double negation** cancels ("not true that I don't have ...", "不是没有");
- a leading negation does **not cross a comma into a phrase with its own verb or subject**
  ("no fever, had a stent put in last week");
- **post-mention negation**: what was planned did not happen ("... but it never happened");
- **ruling out** ("ruled out", "excluded", "排除了") negates what it governs;
- a later result **overturns** an earlier one ("positive in 2019, negative on repeat"): the
  latest wins;
- a **trailing hedge** governs its sentence ("..., not 100% sure though"), or the sentence
  before when it stands alone; a **leading hedge** governs the claim after it in its sentence
  ("I believe they said I have ...") up to "but";
- **form-style answers** ("Seizures: none.", "心脏病：否认"): the label names the item, the value
  decides it, and a label with no value never affirms.

A marker after its mentions governs the mentions of its own phrase, or else those of the phrase
of the nearest mention before it. The patterns are language data (`resources/lang/*.yaml`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from assistant.freetext.context import NEG_POST, NEG_POST_END, NEG_PRE, Clauses, Context, Cue
from assistant.text.langdata import GrammarData, lang_data

_SENT_END = re.compile(r"(?<!\d)[.](?!\d)|[!?;\n。！？；]")
_SEG_END = re.compile(r"(?<!\d)[.](?!\d)|[,;\n。，；!！]")
_LABEL_SEP = re.compile(r"[:?=]| [-–] ")


def _alt(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@dataclass(frozen=True)
class _Rules:
    double_negation: re.Pattern[str] | None
    cancelled: re.Pattern[str] | None
    not_excluded: re.Pattern[str] | None
    ruled_out_pre: re.Pattern[str] | None
    ruled_out_post: re.Pattern[str] | None
    overturned: re.Pattern[str] | None
    overturned_positive: re.Pattern[str] | None
    trailing_hedge: re.Pattern[str] | None
    leading_hedge: re.Pattern[str] | None
    stop: re.Pattern[str] | None
    own_clause: frozenset[str]
    form_no: frozenset[str]
    form_yes: frozenset[str]
    form_unknown: frozenset[str]
    label_lead: frozenset[str]


def _compile(g: GrammarData) -> _Rules:
    return _Rules(
        _alt(g.double_negation),
        _alt(g.cancelled),
        _alt(g.not_excluded),
        _alt(g.ruled_out_pre),
        _alt(g.ruled_out_post),
        _alt(g.overturned),
        _alt(g.overturned_positive),
        _alt(g.trailing_hedge),
        _alt(g.leading_hedge),
        _alt(g.stop),
        frozenset(g.own_clause),
        frozenset(g.form_no),
        frozenset(g.form_yes),
        frozenset(g.form_unknown),
        frozenset(g.label_lead),
    )


@functools.cache
def rules_for(lang: str) -> tuple[_Rules, ...]:
    """The compiled rules for a text's language: Chinese text also gets the English rules
    (code-switching: "乙肝 ruled out")."""
    en = _compile(lang_data("en").grammar)
    return (en,) if lang == "en" else (_compile(lang_data("zh").grammar), en)


def _finds(rx: re.Pattern[str] | None, norm: str) -> list[tuple[int, int, str]]:
    if rx is None:
        return []
    return [
        (m.start(), m.end(), m.group(0).strip()) for m in rx.finditer(norm) if m.group(0).strip()
    ]


class TextGrammar:
    """The grammar's markers in one text, applied mention by mention with `apply`."""

    def __init__(
        self,
        norm: str,
        units: list[str],
        spans: list[tuple[int, int]],
        clauses: Clauses,
        cues: list[Cue],
        mentions: list[tuple[int, int, str]],
        unit_of_char: list[int],
        lang: str,
    ) -> None:
        self.norm, self.units, self.spans, self.clauses = norm, units, spans, clauses
        self.cues, self.unit_of_char = cues, unit_of_char
        self.mentions = sorted({(st, en) for st, en, _i in mentions})
        # an item's family: "E5.syphilis_test" speaks of "E5.syphilis" (a result and its disease)
        self.family = {(st, en): i.removesuffix("_test") for st, en, i in mentions}
        self.rules = rules_for(lang)
        self._bounds = [m.start() for m in _SENT_END.finditer(norm)]
        self.marks: dict[str, list[tuple[int, int, str]]] = {}
        for kind in (
            "double_negation",
            "cancelled",
            "not_excluded",
            "ruled_out_pre",
            "ruled_out_post",
            "overturned",
            "overturned_positive",
            "trailing_hedge",
            "leading_hedge",
            "stop",
        ):
            self.marks[kind] = [f for r in self.rules for f in _finds(getattr(r, kind), norm)]

    # -- geometry --------------------------------------------------------------------------
    def sentence(self, ch: int) -> int:
        """The sentence number of character `ch`."""
        return bisect.bisect_left(self._bounds, ch)

    def _unit(self, ch: int) -> int:
        return self.unit_of_char[min(ch, len(self.unit_of_char) - 1)]

    def governed(self, ch: int, same_sentence: bool) -> set[tuple[int, int]]:
        """The mentions a marker starting at character `ch` speaks of: those of its own phrase
        before it, or else those of the phrase of the nearest mention before it."""
        u = self._unit(ch)
        ph = self.clauses.phrase
        before = [m for m in self.mentions if self.spans[m[1] - 1][1] <= ch]
        if same_sentence:
            before = [m for m in before if self.sentence(self.spans[m[0]][0]) == self.sentence(ch)]
        if not before:
            return set()
        own = {m for m in before if ph[m[0]] == ph[u]}
        if own:
            return own
        last = max(before, key=lambda m: m[1])
        return {m for m in before if ph[m[0]] == ph[last[0]]}

    # -- the rules ---------------------------------------------------------------------------
    def apply(self, ctx: Context, st: int, en: int) -> None:
        """Adjust the context of the mention at units [st, en) in place."""
        a, b = self.spans[st][0], self.spans[en - 1][1]
        sent = self.sentence(a)
        if ctx.negated:
            for ra, rb, _t in self.marks["double_negation"]:
                if rb <= a + 2 and self.sentence(ra) == sent and a - rb <= 60:
                    ctx.negated = None
                    break
        if ctx.negated and self._own_clause(st, en, ctx.negated):
            ctx.negated = None
        if self._not_excluded(ctx, st, en, a, b, sent):
            self._hedges(ctx, st, en, a, b, sent)
            return
        if not ctx.negated:
            for ra, rb, t in self.marks["ruled_out_pre"]:
                if (
                    rb <= a
                    and self.sentence(ra) == sent
                    and a - rb <= 25
                    and "," not in (self.norm[rb:a])
                ):
                    ctx.negated = t
            for kind, same in (("ruled_out_post", True), ("cancelled", True)):
                for ra, _rb, t in self.marks[kind]:
                    if ra >= b and (st, en) in self.governed(ra, same):
                        ctx.negated = t
                        break
                if ctx.negated:
                    break
        self._latest(ctx, st, en, b)
        self._hedges(ctx, st, en, a, b, sent)
        self._form(ctx, a, b)

    def _not_excluded(self, ctx: Context, st: int, en: int, a: int, b: int, sent: int) -> bool:
        """ "Pneumonia cannot be excluded", "不排除结核": a possibility (uncertain), before or after
        the mention in its sentence."""
        for ra, rb, t in self.marks["not_excluded"]:
            after = ra >= b and (st, en) in self.governed(ra, True)
            before = rb <= a and self.sentence(ra) == sent and a - rb <= 25
            if after or before:
                ctx.negated, ctx.hedged = None, t
                return True
        return False

    def _latest(self, ctx: Context, st: int, en: int, b: int) -> None:
        """Results in time order: the last result after the mention that speaks of it (or of
        another mention of its family before it) decides."""
        fam = self.family.get((st, en))
        last: tuple[int, str, bool] | None = None
        for kind, positive in (("overturned", False), ("overturned_positive", True)):
            for ra, _rb, t in self.marks[kind]:
                if ra < b:
                    continue
                gov = self.governed(ra, False)
                if (st, en) in gov or (fam and any(self.family.get(m) == fam for m in gov)):
                    if last is None or ra > last[0]:
                        last = (ra, t, positive)
        if last is None:
            return
        if last[2]:
            ctx.negated = None
            ctx.groups.add("positive")  # the result is the test's own ("HCV test ... positive")
        elif not ctx.negated:
            ctx.negated = last[1]

    def _own_clause(self, st: int, en: int, negation: str) -> bool:
        """The negation comes from an earlier comma-phrase and the mention's phrase has a verb
        or subject of its own before the mention (and no trailing negation of its own)."""
        cl, units = self.clauses, self.units
        neg = [c for c in self.cues if NEG_PRE in c.kinds and c.end <= st and c.text == negation]
        if not neg or cl.phrase[neg[-1].end - 1] == cl.phrase[st]:
            return False
        if any(
            c.kinds & {NEG_POST, NEG_POST_END}
            and c.start >= en
            and cl.phrase[c.start] == cl.phrase[en - 1]
            for c in self.cues
        ):
            return False
        i = st
        while i > 0 and cl.phrase[i - 1] == cl.phrase[st]:
            i -= 1
        if any(NEG_PRE in c.kinds and i <= c.start < st for c in self.cues):
            return False  # "no dialysis, and I'm not pregnant": its own phrase negates it
        head = units[i:st]
        joined = "".join(head)
        for r in self.rules:
            if any(u in r.own_clause for u in head):
                return True
            if any(len(w) > 1 and w in joined for w in r.own_clause if not w.isascii()):
                return True
        return False

    def _hedges(self, ctx: Context, st: int, en: int, a: int, b: int, sent: int) -> None:
        for ra, _rb, t in self.marks["trailing_hedge"]:
            if ra < b:
                continue
            own = self.sentence(ra)
            lo = self._bounds[own - 1] if own else 0
            alone = not any(lo <= self.spans[m[0]][0] < ra for m in self.mentions)
            if own == sent or (alone and own == sent + 1):
                ctx.hedged = ctx.hedged or t
        for _ra, rb, t in self.marks["leading_hedge"]:
            if (
                rb <= a
                and self.sentence(rb) == sent
                and not any(rb <= sa < a for sa, _sb, _t in self.marks["stop"])
            ):
                ctx.hedged = ctx.hedged or t

    def _form(self, ctx: Context, a: int, b: int) -> None:
        """ "Label: value": the value after the mention's label decides it."""
        norm = self.norm
        end = _SENT_END.search(norm, b)
        stop = end.start() + 1 if end and end.group(0) == "?" else end.start() if end else len(norm)
        sep = _LABEL_SEP.search(norm, b, stop)
        zh = not norm[a:b].isascii()
        comma = False
        if (
            sep is None
            or len(norm[b : sep.start()].split()) > 6
            or (zh and len(norm[b : sep.start()]) > 8)
            or ("," in norm[b : sep.start()] and not self._list_label(b, sep.start()))
        ):
            # "Dialysis, never" / "透析，从来没有": a whole value after a comma ends the sentence
            seg = _SEG_END.search(norm, b)
            if seg is None or seg.group(0) != "," or norm[b : seg.start()].strip(" 这个的"):
                return
            nxt = _SEG_END.search(norm, seg.end())
            if nxt is not None and nxt.group(0) == ",":
                return
            sep, comma = seg, True
        starts = [m.end() for m in _SEG_END.finditer(norm, 0, a)]
        head = norm[starts[-1] if starts else 0 : a].strip()
        leads = frozenset().union(*(r.label_lead for r in self.rules))
        if (
            head
            and sep.group(0) != "?"
            and not all(w in leads for w in head.replace("?", " ").split())
            and not (zh and (len(head) <= 4 and any(head.startswith(w) for w in leads)))
        ):
            return
        nxt = _SEG_END.search(norm, sep.end())
        value = norm[sep.end() : nxt.start() if nxt else len(norm)].strip().strip("?!.")
        kind = self._value_kind(value, whole=comma)
        if kind == "no":
            ctx.negated = value
        elif kind == "yes":
            ctx.negated = None
        elif kind == "unknown" or (not value and sep.group(0) == ":"):
            ctx.hedged = value or "label without a value"

    def _list_label(self, b: int, sep: int) -> bool:
        """Between a mention and its label's colon only other mentions and list glue
        ("Tuberculosis, pneumonia, sepsis: none")."""
        rest = self.norm[b:sep]
        for st, en in self.mentions:
            ma, mb = self.spans[st][0], self.spans[en - 1][1]
            if b <= ma and mb <= sep:
                rest = rest.replace(self.norm[ma:mb], " ")
        for glue in (",", " or ", " and ", "/", "&", "、", "和", "或", "及"):
            rest = rest.replace(glue, " ")
        return not rest.strip()

    def _value_kind(self, value: str, whole: bool = False) -> str | None:
        """ "no", "yes" or "unknown" for a form value; None for anything else. With `whole`,
        the value must be one of the listed values (or, in Chinese, begin with one)."""
        v = value.strip()
        if not v or (whole and len(v.split()) > 4):
            return None
        first = v.split()[0].strip(",.;") if v.split() else v
        kinds = (("unknown", "form_unknown"), ("no", "form_no"), ("yes", "form_yes"))
        for kind, attr in kinds:
            for r in self.rules:
                if v in getattr(r, attr):
                    return kind
        for kind, attr in kinds:
            for r in self.rules:
                words: frozenset[str] = getattr(r, attr)
                if not whole and first in words and first.isascii() and len(v.split()) <= 3:
                    return kind
                if not v.isascii() and any(v.startswith(w) for w in words if not w.isascii()):
                    return kind
        return None
