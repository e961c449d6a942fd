"""The free-text matcher: maps what a person wrote onto a trial's exclusion criteria.

Text is normalized (NFKC, lower case, hyphens between letters as spaces) and cut into units: one
unit per Latin word or number, per Chinese character and per punctuation mark. Lexicon phrases
are unit sequences looked up in one index, longest first; misspelt Latin words are corrected
with rapidfuzz against the lexicon's own words (a corrected match scores below 100). Each
mention then gets a status from its context (`assistant.freetext.context`) and time
(`assistant.freetext.times`), then the clause grammar (`assistant.freetext.grammar`). The phrase
index lives in `assistant.freetext.phrases`, who the patient is in
`assistant.freetext.experiencer`. The lexicon is data (the dialog file, the language files and
the vocabularies); nothing here names a disease.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from assistant.freetext.context import CONTEXT_KINDS, Clauses, Cue, assess
from assistant.freetext.designate import designate
from assistant.freetext.experiencer import (
    _NOT_ME_ZH,
    _SELF_ZH,
    patient_words,
    spoken_by_writer,
    writer_units,
)
from assistant.freetext.grammar import TextGrammar
from assistant.freetext.hit import Hit, MatchResult
from assistant.freetext.mention_status import decide
from assistant.freetext.numeric import NumericMatcher
from assistant.freetext.phrases import _CJK, TERMS, Entry, PhraseIndex, normalize, units_of
from assistant.freetext.pinyin import PinyinReader, sound
from assistant.freetext.source import lexicon_for
from assistant.freetext.spans import char_to_unit, claim_times, merge
from assistant.freetext.times import find_times, judge
from assistant.text.langdata import lang_data
from assistant.trial.lexicon import Criterion, Item, Lexicon

__all__ = ["Hit", "MatchResult", "Matcher", "matcher_for", "normalize", "units_of"]


class Matcher(PhraseIndex):
    """Build once from a Lexicon; `match` is then fast and thread-safe for reading."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.settings = lexicon.settings
        self._items: dict[str, tuple[Criterion, Item]] = lexicon.items()
        self._index: dict[tuple[str, ...], list[Entry]] = {}
        self._wild: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        self._lengths: dict[str, list[int]] = {}
        cues = lexicon.cues
        for kind in CONTEXT_KINDS + tuple(TERMS):
            for lang, phrase in getattr(cues, kind).all():
                self._add(phrase, Entry(kind), lang)
                if kind == "experiencer_pre" and lang == "en" and phrase.isalpha():
                    self._add(phrase + "'s", Entry(kind), lang)  # "my husband's stent"
        for name, terms in cues.groups.items():
            for lang, phrase in terms.all():
                self._add(phrase, Entry("group:" + name), lang)
        vocab: set[str] = set()
        for crit in lexicon.criteria:
            for it in crit.items:
                for kind in ("terms", "vague_terms", "exceptions", "confusables"):
                    k = {"terms": "term", "vague_terms": "vague"}.get(kind, kind[:-1])
                    for lang, phrase in getattr(it, kind).all():
                        toks = self._add(phrase, Entry(k, it.id), lang)
                        if lang == "en" and k in ("term", "vague"):
                            vocab.update(t for t in toks if t.isalpha() and len(t) >= 4)
        for terms in cues.groups.values():
            vocab.update(t for p in terms.en for t in units_of(normalize(p))[0] if len(t) >= 4)
        self._add_vocab()
        for lst in self._lengths.values():
            lst.sort(reverse=True)
        self._known = {u for key in self._index for u in key} | {
            w.lower() for w in self.settings.fuzzy_skip
        }
        targets = {w.lower() for w in self.settings.fuzzy_targets}
        self._vocab = sorted(targets or vocab)
        self._fix: dict[str, tuple[str, int] | None] = {}
        self._numeric = NumericMatcher(lexicon, normalize)
        self._cased = {w.lower(): w for w in self.settings.case_sensitive}
        self._hrep: dict[str, str] = {}
        for group in self.settings.zh_homophones:
            for ch in group:
                self._hrep.setdefault(ch, group[0])
        # Homophones compare by sound (toneless pinyin, generated from pypinyin); the lexicon's
        # own sound groups add near sounds an input method confuses.
        self._zfix: dict[tuple[str, ...], tuple[str, ...]] = {}
        # the distinctive words, and every Chinese term of three characters or more
        long_zh = [p for _c, it in self._items.values() for p in it.terms.zh
                   if len(p) >= 3 and not p.isascii()]
        for t in [*self.settings.zh_fuzzy_targets, *long_zh]:
            toks = tuple(units_of(normalize(t))[0])
            self._zfix.setdefault(tuple(sound(self._hrep.get(u, u)) for u in toks), toks)
        self._reader: PinyinReader | None = None
        self._zlens = sorted({len(k) for k in self._zfix}, reverse=True)
        self._zskip = set(self.settings.zh_fuzzy_skip)
        self._generic = {
            iid: {tuple(units_of(normalize(t))[0]) for _l, t in it.generic.all()}
            for iid, (_c, it) in self._items.items()
        }
        self._own = {
            iid: {normalize(t) for _l, t in it.not_experiencers.all()}
            for iid, (_c, it) in self._items.items()
        }

    # -- public API ----------------------------------------------------------------------------
    def item(self, item_id: str) -> Item:
        """The lexicon item `item_id` (KeyError if unknown)."""
        return self._items[item_id][1]

    def speaks_to(self, item_id: str) -> list[str]:
        """The facts a confirmation of this item answers (e.g. E5.hbv -> ["hbsag"])."""
        return list(self.item(item_id).speaks_to)

    def dated_before_window(self, text: str, criterion: str, today: dt.date) -> bool:
        """True when `text` has dates and all fall before `criterion`'s look-back window.

        Whatever an unrecognised answer names ("knee arthroscopy 3 months ago" to the 4-week
        surgery question), it happened too long ago for that criterion.
        """
        crit = next((c for c in self.lexicon.criteria if c.id == criterion), None)
        if crit is None or crit.window is None:
            return False
        times = find_times(normalize(text), today)
        return bool(times) and all(
            judge(t.lo, t.hi, crit.window, today) == "outside" for t in times
        )

    def confirmation(self, item_id: str, lang: str) -> str:
        """The item's confirmation question in `lang` ("en" or "zh")."""
        c = self.item(item_id).confirm
        return c.zh if lang == "zh" else c.en

    def match(
        self,
        text: str,
        lang: str = "auto",
        today: dt.date | None = None,
        groups: frozenset[str] = frozenset(),
    ) -> MatchResult:
        """Map `text` onto exclusion items; `today` is the screening date (default: today).

        `groups` are cue groups the question itself supplies: typed to "Have you had any
        vaccine?", "yellow fever 3 weeks ago" needs no word "vaccine" of its own. Latin text
        that names nothing is also read as typed pinyin ("wo you yigan").
        """
        res = self._match(text, lang, today, groups)
        if res.hits or lang == "en" or not text.isascii() or not text.strip():
            return res
        if self._reader is None:
            self._reader = PinyinReader([p for _k, p in self._zh_phrases()],
                                        lang_data("zh").pinyin.fallback)
        read = self._reader.read(normalize(text))
        if read is None:
            return res
        zh, origin = read
        alt = self._match(zh, "zh" if lang == "auto" else lang, today, groups)
        for h in alt.hits:  # quote the text as typed
            h.start, h.end = origin[h.start][0], origin[max(h.start, h.end - 1)][1]
            h.evidence, h.score = text[h.start : h.end], min(h.score, 90)
        return MatchResult(text, alt.lang, alt.hits, alt.ignored) if alt.hits else res

    def _zh_phrases(self) -> list[tuple[str, str]]:
        """Every Chinese phrase of the lexicon (cue words and item phrases), with its kind."""
        cues = self.lexicon.cues
        out = [(k, p) for k in CONTEXT_KINDS + tuple(TERMS) for p in getattr(cues, k).zh]
        out += [("group", p) for terms in cues.groups.values() for p in terms.zh]
        for _c, it in self._items.values():
            for kind in ("terms", "vague_terms", "exceptions", "confusables"):
                out += [(kind, p) for p in getattr(it, kind).zh]
        return out

    def _match(
        self, text: str, lang: str, today: dt.date | None, groups: frozenset[str]
    ) -> MatchResult:
        today = today or dt.date.today()
        norm = normalize(text)
        is_zh = bool(_CJK.search(norm))
        out_lang = ("zh" if is_zh else "en") if lang == "auto" else lang
        units, spans = units_of(norm)
        if not units:
            return MatchResult(text, out_lang, [], [])
        looked = list(units)
        fuzzy: dict[int, int] = {}
        for i, u in enumerate(units):
            if u not in self._known and u[0].isalpha() and u.isascii():
                fix = self._correct(u)
                if fix:
                    looked[i], fuzzy[i] = fix
        if is_zh and self._zfix:
            self._homophones(units, looked, fuzzy)
        found = self._find(looked, is_zh)
        cues, mentions = self._split(found, units, spans, text)
        ctx_cues = [c for c in cues if c.kinds - TERMS]
        if not is_zh and "?" in norm:
            ctx_cues = self._query_marks(units, spans, ctx_cues)
        if is_zh:
            ctx_cues = designate(units, ctx_cues)  # who is the patient
        clauses = Clauses(units, [c for c in cues if c.kinds & TERMS], ctx_cues)
        s = self.settings
        scope = s.scope_zh if is_zh else s.scope_en
        post = s.post_scope_zh if is_zh else s.post_scope_en
        unit_of_char = char_to_unit(spans, len(norm))
        times = [
            (unit_of_char[t.start], unit_of_char[max(t.start, t.end - 1)], t)
            for t in find_times(norm, today)
        ]
        claimed = claim_times(
            [(st, en) for st, en, e in mentions if e.kind in ("term", "vague", "exception")],
            times, clauses, s.time_scope, units,
        )
        self._share_times(mentions, claimed, clauses, s.time_scope)
        listed = frozenset(i for st, en, _e in mentions for i in range(st, en))
        patient = frozenset() if is_zh else patient_words(norm, {
            normalize(c.text) for c in ctx_cues if c.kinds & {"experiencer_pre", "experiencer_post"}
        })
        writer = frozenset() if is_zh else writer_units(norm, units, spans)
        named = [(st, en, e.item) for st, en, e in mentions if e.kind in ("term", "vague")]
        gram = TextGrammar(norm, units, spans, clauses, ctx_cues, named, unit_of_char,
                           "zh" if is_zh else "en")
        hits: list[Hit] = []
        ignored: list[dict[str, str]] = []
        excepted = [(st, en, e.item) for st, en, e in mentions if e.kind == "exception"]
        # "乙肝是我老公的，不是我", "有乙肝的是她，不是我本人": someone named in the sentence has it
        not_me = [unit_of_char[m.start()] for m in _NOT_ME_ZH.finditer(norm)] if is_zh else []
        others = [c for c in ctx_cues if not_me and "experiencer_pre" in c.kinds
                  and not c.kinds & {"patient"}]
        for st, en, entry in mentions:
            crit, it = self._items[entry.item]
            a, b = spans[st][0], spans[en - 1][1]
            evidence = text[a:b]
            if excepted and tuple(looked[st:en]) in self._generic[it.id] and any(
                item.rsplit(".", 1)[0] != crit.id and clauses.same_sentence(xs, st)
                and abs(st - xe if xs < st else xs - en) <= s.time_scope
                and not any(min(xe, en) <= ts and te < max(xs, st) for ts, te, _t in times)
                for xs, xe, item in excepted
            ):  # "basal cell carcinoma, surgically removed": the excepted tumour's excision
                ignored.append({"item": it.id, "kind": "exception", "evidence": evidence})
                continue
            if (en - st == 1 and units[st] in self._cased and evidence != self._cased[units[st]]
                    and not (it.requires and entry.kind == "term")):
                continue  # "it aids digestion" is not AIDS (unless its context is required)
            if entry.kind in ("exception", "confusable"):
                ignored.append({"item": it.id, "kind": entry.kind, "evidence": evidence})
                continue
            ctx = assess(st, en, ctx_cues, units, clauses, scope, post, listed)
            gram.apply(ctx, st, en)  # clause grammar: double negation, cancelled, forms...
            ctx.groups |= groups
            if others and not ctx.experiencer:
                who = next((c.text for c in others for u in not_me
                            if clauses.same_sentence(c.start, st) and clauses.same_sentence(u, st)
                            and c.end <= u and en <= u
                            and not any(units[i] in _SELF_ZH for i in range(c.end, st))),
                           None)
                if who:
                    ctx.experiencer, ctx.experiencers = who, [who]
            if it.requires and it.requires not in ctx.groups and not (
                ctx.negated and entry.kind == "term"
            ):  # without its cue group only a denial speaks ("my syphilis test was negative")
                continue
            if it.unless and it.unless in ctx.groups:
                ignored.append({"item": it.id, "kind": "unless", "evidence": evidence})
                continue
            if writer and not ctx.experiencer and spoken_by_writer(
                st, units, writer, patient, clauses.same_sentence
            ):  # "I'm her husband. I have hepatitis B": the writer's own
                ctx.experiencer, ctx.experiencers = "I (the writer)", ["I (the writer)"]
            if ctx.experiencer and any(
                normalize(x) not in self._own[it.id] and normalize(x) not in patient
                for x in ctx.experiencers
            ):
                ignored.append({"item": it.id, "kind": "experiencer", "evidence": evidence})
                continue
            score = min([100] + [fuzzy[i] for i in range(st, en) if i in fuzzy])
            when = claimed.get((st, en))
            if when is None and times and (ctx.history or ctx.past) and not ctx.current and (
                "uncertain" in (it.on_history, it.on_past)
            ) and (it.window or crit.window) is not None:
                # an undated past only asks; a date further on in its sentence ("enrolled in a
                # trial ... until December") is still its date
                near = [(abs(ts - st), t) for ts, _te, t in times if clauses.same_sentence(ts, st)]
                if near:
                    when = min(near, key=lambda x: x[0])[1]
            status, reason = decide(crit, it, entry.kind == "vague", ctx, when, today, s)
            term = " ".join(looked[st:en]) if not is_zh else "".join(looked[st:en])
            hits.append(Hit(crit.id, it.id, status, score, evidence, term, reason,
                            when.lo if when else None, a, b, entry.kind == "vague"))
        if is_zh:
            hits = self._later_denials(hits)
        for h in self._numeric.find(norm, text, spans, units, ctx_cues, clauses, scope, post,
                                    patient):
            hits.append(h)
        return MatchResult(text, out_lang, merge(hits), ignored)

    # -- internals -----------------------------------------------------------------------------
    def _later_denials(self, hits: list[Hit]) -> list[Hit]:
        """A condition that only counts while active, affirmed and then denied further on, is
        over: "去年十二月查出怀孕，但是胎停了，…没有怀孕了" (the last word on it)."""
        denied: dict[str, int] = {}
        for h in hits:
            if h.status == "negated" and not h.vague:
                denied[h.item] = max(denied.get(h.item, -1), h.start)
        if not denied:
            return hits
        out = []
        for h in hits:
            if h.status == "affirmed" and denied.get(h.item, -1) > h.end:
                crit, it = self._items[h.item]
                if crit.active_only if it.active_only is None else it.active_only:
                    continue
            out.append(h)
        return out

    @staticmethod
    def _query_marks(units: list[str], spans: list, cues: list[Cue]) -> list[Cue]:
        """A "?" written onto the next word ("?prior enrollment", "? TB") is a clinician's
        query: a hedge over its clause. A "?" after a word ("HIV? no") is a question mark."""
        extra = []
        for i, u in enumerate(units[:-1]):
            if u == "?" and units[i + 1][0].isalpha() and (
                i == 0 or spans[i - 1][1] < spans[i][0] or units[i - 1] in ("(", ",", ":")
            ):
                extra.append(Cue(i, i + 1, frozenset({"hedges"}), "?"))
        return sorted(cues + extra, key=lambda c: c.start) if extra else cues

    def _share_times(self, mentions: list, claimed: dict, clauses: Clauses, scope: int) -> None:
        """An undated mention takes the date of a dated mention in its sentence, when near it:
        of the same item either side ("major surgery 5 weeks ago, bowel resection": one
        operation), or of any item before it when its own criterion has a look-back window and
        counts past events ("ovarian cancer in 2023, had surgery and chemo"), or written in
        its phrase ("bypass surgery on my heart in september": the date went to "heart")."""
        dated = [(st, en, e.item) for st, en, e in mentions if (st, en) in claimed]
        if not dated:
            return
        for st, en, e in mentions:
            if e.kind not in ("term", "vague") or (st, en) in claimed:
                continue
            crit, it = self._items[e.item]
            follows = (it.window or crit.window) is not None and not (
                crit.active_only if it.active_only is None else it.active_only
            )
            best = None
            for ds, de, item in dated:
                if not clauses.same_sentence(ds, st):
                    continue
                if item != e.item and not (
                    follows and (de <= st or clauses.same_phrase(en - 1, ds))
                ):
                    continue
                d = st - de if ds < st else ds - en
                d += 0 if item == e.item else 1  # the same item first
                if d <= scope and (best is None or d < best[0]):
                    best = (d, claimed[(ds, de)])
            if best:
                claimed[(st, en)] = best[1]





@functools.lru_cache(maxsize=8)
def matcher_for(path: str | Path) -> Matcher:
    """A Matcher for a dialog file, built once per path (raises LexiconError)."""
    return Matcher(lexicon_for(path))
