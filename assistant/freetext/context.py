"""NegEx/ConText-style context of a mention: negation, hedging, hypothetical, experiencer, history.

Cue words come from the lexicon (`cues:`) and are found by the matcher as unit spans. Text is cut
into clauses at terminators ("but", "但是", "I have", ".", "；"): a cue only reaches mentions in
its own clause, and pre-negation / hypothetical cues only within a few units of the mention.
Commas end the reach of trailing negations ("HBsAg positive, HIV negative") and hypothetical
cues, but not of leading negations ("no hepatitis, HIV or syphilis").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NEG_PRE = "negation_pre"
NEG_POST = "negation_post"
NEG_POST_END = "negation_post_end"
PSEUDO = "pseudo"
TERM = "terminators"
WEAK = "weak_terminators"
HEDGE = "hedges"
HYPO = "hypothetical"
EXP_PRE = "experiencer_pre"
EXP_POST = "experiencer_post"
HIST = "history"
PAST = "past"
CURRENT = "current"
# Made by `assistant.freetext.designate`: a cue naming the patient (carries nothing, but stops
# another person's reach).
PATIENT = "patient"
CONTEXT_KINDS = (NEG_PRE, NEG_POST, NEG_POST_END, PSEUDO, HEDGE, HYPO, EXP_PRE, EXP_POST, HIST,
                 PAST, CURRENT)
_COMMAS = {",", "、", "(", ")", "/", "?"}
# "in | my brain", "runs in | my family": a possessive after a preposition continues the clause
_PREPOSITIONS = {"in", "on", "to", "for", "from", "with", "of", "at", "by", "into", "about",
                 "over", "through", "under", "across", "around", "near", "inside", "throughout"}
_QA = {"?", ":", "-", "(", ")", "=", "—"}


@dataclass(frozen=True)
class Cue:
    """A cue found in the text: unit span, the kinds it has, and its words."""

    start: int
    end: int
    kinds: frozenset[str]
    text: str


@dataclass
class Context:
    """What the cues around one mention say; each field holds the deciding cue's words."""

    negated: str | None = None
    hedged: str | None = None
    hypothetical: str | None = None
    experiencer: str | None = None
    experiencers: list[str] = field(default_factory=list)
    history: str | None = None
    past: str | None = None
    current: str | None = None
    history_gap: int = 10**6  # units between the mention and its nearest history cue
    current_gap: int = 10**6
    history_pos: int = -1  # where those cues start (Chinese: the later one wins)
    current_pos: int = -1
    later: str | None = None  # Chinese, cues in different phrases: "history" or "current"
    groups: set[str] = field(default_factory=set)


class Clauses:
    """Clause and comma-phrase numbers for every unit of a text."""

    def __init__(self, units: list[str], terminators: list[Cue], cues: list[Cue]) -> None:
        n = len(units)
        starts = [False] * (n + 1)
        strong = [False] * (n + 1)
        lead_ins = {c.end for c in cues if c.kinds & {HEDGE, HYPO}}
        for c in terminators:
            if WEAK in c.kinds and TERM not in c.kinds and (
                c.start in lead_ins or c.start - 1 in lead_ins
            ):
                continue  # "not sure if | I have": the hedge reaches into the new clause
            if WEAK in c.kinds and TERM not in c.kinds and c.start and (
                units[c.start - 1] in _PREPOSITIONS
            ):
                continue
            at = c.end if not c.text[:1].isalnum() and len(c.text) == 1 else c.start
            starts[at] = True  # punctuation closes the clause after itself; a word opens one
            if TERM in c.kinds:
                strong[at] = True
        self.clause = [0] * n
        self.phrase = [0] * n
        self.sentence = [0] * n  # only strong terminators: "Two years ago | I had ..." is one
        cl = ph = se = 0
        for i in range(n):
            if starts[i] and i:
                cl += 1
                ph += 1
            if strong[i] and i:
                se += 1
            self.clause[i] = cl
            self.phrase[i] = ph
            self.sentence[i] = se
            if units[i] in _COMMAS and not _slash_word(units, i):
                ph += 1

    def same_clause(self, a: int, b: int) -> bool:
        """Units a and b are in one clause."""
        return self.clause[a] == self.clause[b]

    def same_sentence(self, a: int, b: int) -> bool:
        """Units a and b are between the same strong terminators."""
        return self.sentence[a] == self.sentence[b]

    def same_phrase(self, a: int, b: int) -> bool:
        """Units a and b are in one comma-phrase."""
        return self.phrase[a] == self.phrase[b]


def _slash_word(units: list[str], i: int) -> bool:
    """A slash inside an abbreviation ("s/p", "h/o", "Ag/Ab") joins, it does not separate."""
    return (
        units[i] == "/" and 0 < i < len(units) - 1
        and all(units[j].isalpha() and units[j].isascii() and len(units[j]) <= 3
                for j in (i - 1, i + 1))
    )


def _punct(u: str) -> bool:
    return not (u[0].isalnum() or "\u3400" <= u[0] <= "\u9fff")


def _phrase_end(units: list[str], i: int, clauses: Clauses) -> bool:
    """Unit i is the last of its phrase: end of text, punctuation or a new clause follows."""
    if i + 1 >= len(units):
        return True
    nxt = units[i + 1]
    return (not nxt[0].isalnum() and not ("\u3400" <= nxt[0] <= "\u9fff")) or (
        clauses.clause[i + 1] != clauses.clause[i]
    )


_LIST_GLUE = {",", "、", "and", "or", "和", "及", "或", "以及", "/", "&"}


def _list_between(units: list[str], a: int, b: int, listed: frozenset[int]) -> bool:
    """Units a..b-1 are only other mentions and list glue, with at least one mention."""
    if b <= a or not listed:
        return False
    seen = False
    for i in range(a, b):
        if i in listed:
            seen = True
        elif units[i] not in _LIST_GLUE and units[i] not in ("were", "are", "all", "都", "均"):
            return False
    return seen


_SELF = {"我", "本人", "自己", "俺"}
_ALL = {"都", "全", "均", "也", "全部", "全都"}
_REST = ("其他", "其它", "其余", "余", "别的", "另外", "剩下", "其他的")


def _universal(units: list[str], c: Cue, clauses: Clauses) -> bool:
    """A cue that speaks for everything named before it ("…都查过，全是阴性"), but not for
    "the rest" ("乙肝阳性，其他都是阴性")."""
    if not (units[c.start] in _ALL or (c.start and units[c.start - 1] in _ALL)
            or c.text[:1] in ("全", "都", "均")):
        return False
    head = "".join(units[_phrase_start(units, c.start, clauses) : c.start])
    # "抗生素换了两种都没压下去": 都 sums up what its phrase counted, not the conditions
    return not any(w in head for w in _REST) and not _COUNTED.search(head)


_COUNTED = re.compile(r"[一二两三四五六七八九十几好多\d]+(?:种|次|个|回|家|位|样|款|类|遍|轮|针)$")


def _cjk(s: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in s)


def _reaches(c: Cue, start: int, end: int, units: list[str], clauses: Clauses,
             listed: frozenset[int]) -> bool:
    """A Chinese cue in another comma-phrase of the clause reaches the mention only when no other
    mention stands in the cue's phrase or between the two: "可能对DMSO过敏，两年前做过CAR-T"
    (the hedge is the allergy's), "没怀孕，还在喂奶", "腹透半年，上个月肺炎，现在好了".
    A list ("没有乙肝，丙肝") and a cue that speaks for all ("…都查过，全是阴性") still reach."""
    edge = c.end - 1 if c.end <= start else c.start
    if clauses.same_phrase(edge, start) or clauses.same_phrase(edge, end - 1):
        return True
    if c.start >= end and _universal(units, c, clauses):
        return not any(i in listed for i in range(c.end, _phrase_stop(units, c.end, clauses)))
    if c.end <= start:
        if _list_between(units, c.end, start, listed):
            return True
        lo, hi = _phrase_start(units, c.start, clauses), start
    else:
        lo, hi = end, _phrase_stop(units, c.end, clauses)
    return not any(i in listed and not _adverbial(units, i, listed)
                   for i in range(lo, hi) if not start <= i < end)


_DETERMINERS = {"my", "our", "the", "a", "an", "his", "her", "their", "your", "and", "both", "(",
                "-", ":", "also"}
_OPENERS = {"and", "but", "so", "then", "also", "plus", "well", "oh", "yes", "no", "ok", "okay"}


def _subject_reach(units: list[str], c: Cue, start: int, clauses: Clauses,
                   listed: frozenset[int]) -> bool:
    """An English person named in an earlier comma-phrase is the subject of the mention only
    when she opens her phrase ("my mother, who is 70, had ...") or a list joins them: "Took my
    grandson to Disney, got sunburnt, had a melanoma" and "work in IT, run, got the vaccine"
    are the writer's own."""
    if clauses.same_phrase(c.end - 1, start) or _list_between(units, c.end, start, listed):
        return True
    if units[c.end - 1] in _PREPOSITIONS:  # "work in", "caring for": a setting, not a subject
        return False
    i = _phrase_start(units, c.start, clauses)
    if i and units[i - 1][0].isalnum() and units[i - 1] not in _OPENERS:
        return False  # "took | my grandson": an object (a weak terminator opened the phrase)
    return all(units[j] in _DETERMINERS for j in range(i, c.start))


def _attributive(units: list[str], c: Cue, start: int, clauses: Clauses) -> bool:
    """A Chinese hedge inside a modifier of a drug, in another phrase than the mention:
    "QTc 490毫秒，建议停用可能延长QT间期的药物" (可能 is the drugs', not the value's)."""
    if clauses.same_phrase(c.start, start):
        return False
    tail = "".join(units[c.end : _phrase_stop(units, c.end, clauses)])
    return "的药" in tail


def _tested_list(units: list[str], cues: list[Cue], start: int, neg: Cue,
                 clauses: Clauses) -> bool:
    """An English "tested / screened / checked for" opens the sentence's list of mentions
    before a result that speaks for all of them ("..., and all of the results were negative")."""
    if not clauses.same_sentence(start, neg.start):
        return False
    return any(
        HYPO in d.kinds and d.end <= start and clauses.same_sentence(d.start, start)
        and any(w in d.text.lower() for w in ("test", "screen", "check"))
        for d in cues
    )


def _adverbial(units: list[str], i: int, listed: frozenset[int]) -> bool:
    """Mention unit i is part of a time adverbial ("肾移植后就不用了": after the transplant)."""
    while i in listed:
        i += 1
    return i < len(units) and units[i] in ("后", "以后", "之后", "前", "以前", "之前")


def _phrase_start(units: list[str], i: int, clauses: Clauses) -> int:
    while i > 0 and clauses.phrase[i - 1] == clauses.phrase[i]:
        i -= 1
    return i


def _phrase_stop(units: list[str], i: int, clauses: Clauses) -> int:
    n = len(units)
    if i >= n:
        return n
    p = clauses.phrase[i - 1] if i else clauses.phrase[0]
    while i < n and clauses.phrase[i] == p:
        i += 1
    return i


def assess(
    start: int,
    end: int,
    cues: list[Cue],
    units: list[str],
    clauses: Clauses,
    scope: int,
    post_scope: int,
    listed: frozenset[int] = frozenset(),
) -> Context:
    """The context of the mention at units [start, end).

    `listed` are units of other mentions: a trailing negation reaches back over a list of them
    ("hepatitis B, hepatitis C, HIV and syphilis were negative").
    """
    ctx = Context()
    last = end - 1
    ctx.history_pos = ctx.current_pos = -1
    for c in cues:
        zh = _cjk(c.text)
        if (not zh and NEG_POST in c.kinds and c.start >= end and "all" in c.text.split()
                or not zh and NEG_POST in c.kinds and c.start >= end
                and c.text.lower().startswith(("results", "all"))) and _tested_list(
                    units, cues, start, c, clauses):
            ctx.negated = ctx.negated or c.text  # "tested for HBV, HCV, HIV ..., all negative"
            continue
        if not zh and EXP_PRE in c.kinds and units[c.start] == "they" and any(
            u in ("me", "him", "her", "us") for u in units[c.end : c.end + 4]
        ):
            continue  # "they make me operation", "they diagnosed her": clinicians acting
        if not clauses.same_clause(c.start if c.end <= start else c.end - 1, start):
            # Chinese drops the subject of a following clause: "我爸是尿毒症，在做血透" is still
            # the father's, until the person names herself again ("，我在做血透").
            if not (zh and EXP_PRE in c.kinds and c.end <= start
                    and clauses.same_sentence(c.start, start)
                    and not any(units[i] in _SELF for i in range(c.end, start))
                    and not any(PATIENT in d.kinds and c.end <= d.start < start for d in cues)):
                continue
            ctx.experiencer = c.text
            ctx.experiencers.append(c.text)
            continue
        before = c.end <= start
        after = c.start >= end
        k = c.kinds
        if (NEG_PRE in k and PSEUDO not in k and c.start < start < c.end <= end
                and ctx.negated is None):
            ctx.negated = c.text  # "没参加过|试验": the term swallowed the end of the negation
            continue
        if zh and EXP_PRE not in k and not _reaches(c, start, end, units, clauses, listed):
            continue
        for kind in k:
            if kind.startswith("group:"):
                ctx.groups.add(kind[6:])
        if PSEUDO in k and not (k & {HEDGE, HYPO, HIST, CURRENT}):
            continue
        if before:
            gap = start - c.end
            if (
                NEG_PRE in k
                and PSEUDO not in k
                and gap <= scope
                and ctx.negated is None
                and not _punct(units[c.end])  # "no, breastfeeding? yes": an answer, not a scope
            ):
                ctx.negated = c.text
            if HYPO in k and gap <= scope and clauses.same_phrase(c.end - 1, start):
                ctx.hypothetical = c.text
            if EXP_PRE in k and (zh or _subject_reach(units, c, start, clauses, listed)):
                ctx.experiencer = c.text
                ctx.experiencers.append(c.text)
        if after:
            gap = c.start - end
            near = gap <= post_scope and (
                clauses.same_phrase(last, c.start)
                or all(units[i] in _QA for i in range(end, c.start))  # "HIV? No", "HIV (neg)"
            )
            universal = zh and _universal(units, c, clauses)
            if near or universal or _list_between(units, end, c.start, listed):
                if NEG_POST in k or (NEG_POST_END in k and _phrase_end(units, c.end - 1, clauses)):
                    ctx.negated = ctx.negated or c.text
            if EXP_POST in k:
                ctx.experiencer = c.text
                ctx.experiencers.append(c.text)
        # Hedges, history and "current" reach the whole clause, either side (and a cue that
        # overlaps the mention, like "on dialysis"); a bare past tense only what follows it.
        if HEDGE in k and not (zh and _attributive(units, c, start, clauses)):
            ctx.hedged = c.text
        dist = start - c.end if before else c.start - end if after else 0
        if HIST in k and dist < ctx.history_gap:
            ctx.history, ctx.history_gap, ctx.history_pos = c.text, dist, c.start
        if PAST in k and not after and start - c.end <= scope:
            ctx.past = c.text
        if CURRENT in k and dist < ctx.current_gap:
            ctx.current, ctx.current_gap, ctx.current_pos = c.text, dist, c.start
        if zh and after and HIST in k and ctx.history_pos < c.start:
            ctx.history, ctx.history_pos = c.text, c.start  # the last word on it
        if zh and after and CURRENT in k and ctx.current_pos < c.start:
            ctx.current, ctx.current_pos = c.text, c.start
    if ctx.history_pos >= 0 and ctx.current_pos >= 0 and (
        _cjk(ctx.history or "") and _cjk(ctx.current or "")
        and not clauses.same_phrase(ctx.history_pos, ctx.current_pos)
    ):
        ctx.later = "history" if ctx.history_pos > ctx.current_pos else "current"
    return ctx
