"""The free-text matcher: maps what a person wrote onto exclusion criteria E2..E13.

Text is normalized (NFKC, lower case, hyphens between letters as spaces) and cut into units: one
unit per Latin word or number, per Chinese character and per punctuation mark. Lexicon phrases
are unit sequences looked up in one index, longest first; misspelt Latin words are corrected
with rapidfuzz against the lexicon's own words (a corrected match scores below 100). Each
mention then gets a status from its context (`assistant.context`) and time
(`assistant.timewindow`). The lexicon is data in the dialog file; nothing here names a disease.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant.context import CONTEXT_KINDS, Clauses, Cue, assess, designate
from assistant.freetext.grammar import TextGrammar
from assistant.freetext.hit import Hit, MatchResult
from assistant.freetext.langdata import lang_data
from assistant.freetext.pinyin import PinyinReader, sound
from assistant.freetext.source import lexicon_for
from assistant.freetext.vocab import cue_words, vague_terms
from assistant.lexicon import Criterion, Item, Lexicon
from assistant.numeric import NumericMatcher
from assistant.spans import char_to_unit, claim_times, greedy, merge
from assistant.status import decide
from assistant.timewindow import find_times, judge

_UNIT_RE = re.compile(
    r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?[a-z0-9]*|[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\S"
)
# A hyphen inside a word ("car-t", "hep-b", "covid-19") is a space; between digits it is kept
# ("2024-12-20", "2-3 weeks").
_HYPHEN = re.compile(r"(?<=[a-z])[-‐‑–](?=[a-z0-9])|(?<=[0-9])[-‐‑–](?=[a-z])")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TERMS = {"terminators", "weak_terminators"}
# Who is the patient: a relative the writer answers for ("answering for my wife", "my mom is the
# patient", "my husband, the patient,", "I'm her husband") is the person screened, and so are
# he/she/his/her referring to them; a bare he/she with nobody else named is the person too.
_WHO = r"([a-z]+(?: in law)?)"
_PATIENT_RES = (
    re.compile(r"(?:^|[:.;!]\s*)(?:this is |it's |its |here |hi,? )?(?:for|on behalf of) my\s+"
               + _WHO + r"\b"),
    re.compile(r"\b(?:answering|typing|writing|filling|completing|replying|responding|applying|"
               r"asking|enquiring|inquiring|speaking|doing)\b[a-z ]{0,24}?\b(?:for|on behalf of)"
               r" my\s+" + _WHO + r"\b"),
    re.compile(r"\bon behalf of my\s+" + _WHO + r"\b"),
    re.compile(r"\bmy\s+" + _WHO + r"\s*(?:[,(\-\u2014]\s*)?(?:is\s+|who is\s+)?the\s+"
               r"(?:patient|one applying|one being screened|applicant|participant|"
               r"person being screened|one (?:who is )?(?:being )?(?:screened|applying))\b"),
    re.compile(r"\bi(?:'m| am)\s+(?:my\s+)?([a-z]+)'s\s+(?:carer|caregiver|care giver|guardian)\b"),
    re.compile(r"\bthe patient is my\s+" + _WHO + r"\b"),
    re.compile(r"\b(?:carer|caregiver|care giver|guardian)\s+(?:for|of|to)\s+my\s+" + _WHO + r"\b"),
)
_CARER_RE = re.compile(r"\bi(?:'m| am)\s+(?:her|his)\s+[a-z]+")
_OTHER_PERSON = re.compile(r"\b(?:baby|babies|infant|newborn|toddler|boy|girl|man|woman|lady|guy|"
                           r"doctor|dr|nurse|dog|cat|pet)\b")
# "she's pregnant, not me": the writer says the condition is someone else's, so a bare she/he
# is that other person, not the person screened.
_NOT_ME = re.compile(r"\b(?:not|never|isn't|wasn't|n't) (?:me|myself|mine|i)\b|\bnot my own\b|"
                     r"\b(?:rather|other) than me\b|\binstead of me\b")
_NOT_ME_ZH = re.compile(r"(?:不是我|并非我)(?:本人|自己)?的?(?=$|[，。,.;；!！?？\s])")
_SELF_ZH = frozenset({"我", "本人", "自己"})
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "he's", "she's", "her's", "his's"})


def patient_words(norm: str, named: set[str]) -> frozenset[str]:
    """Experiencer words that name the person screened (see _PATIENT_RES); `named` are the
    English experiencer cues of the text, normalized."""
    who: set[str] = set()
    for rx in _PATIENT_RES:
        for m in rx.finditer(norm):
            x = m.group(1)
            who |= {x, x + "'s", "my " + x}
    if who or _CARER_RE.search(norm) or (
        named and named <= _PRONOUNS and not _OTHER_PERSON.search(norm)
        and not _NOT_ME.search(norm)
    ):
        who |= _PRONOUNS
    return frozenset(who)


def normalize(text: str) -> str:
    """NFKC, lower case, curly quotes straightened, hyphens inside words made spaces.

    Each character is normalized on its own when that keeps the length, so offsets into the
    result are offsets into the original text (used to quote the evidence as written).
    """
    if text.isascii():
        out = text.lower()
    else:
        chars = []
        for ch in text:
            n = unicodedata.normalize("NFKC", ch).lower()
            chars.append(n if len(n) == 1 else ch.lower()[:1] or " ")
        out = "".join(chars).replace("’", "'").replace("‘", "'")
    return _HYPHEN.sub(" ", out)


def units_of(norm: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The units of normalized text and their character spans."""
    units, spans = [], []
    for m in _UNIT_RE.finditer(norm):
        units.append(m.group(0))
        spans.append(m.span())
    return units, spans


@dataclass(frozen=True)
class Entry:
    """What a phrase of the lexicon stands for."""

    kind: str  # "term", "vague", "exception", "confusable" or a cue kind
    item: str = ""  # item id for term kinds
    zh_only: bool = False  # an ASCII phrase from the zh list: only used in Chinese text


class Matcher:
    """Build once from a Lexicon; `match` is then fast and thread-safe for reading."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.settings = lexicon.settings
        self._items: dict[str, tuple[Criterion, Item]] = lexicon.items()
        self._index: dict[tuple[str, ...], list[Entry]] = {}
        self._wild: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        self._lengths: dict[str, list[int]] = {}
        cues = lexicon.cues
        for kind in CONTEXT_KINDS + tuple(_TERMS):
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

    # -- index -------------------------------------------------------------------------------
    def _add_vocab(self) -> None:
        """The generated vocabularies: shorthand cue words, and terms of this lexicon's items
        as vague terms. A term that holds a phrase the lexicon already names ("acute hepatitis
        b") is left out: the lexicon's own, more specific reading stands."""
        for kind, lang, phrase in cue_words():
            if kind in CONTEXT_KINDS:
                self._add(phrase, Entry(kind), lang)
        named = {k for k, es in self._index.items() if any(e.item for e in es)}
        for item, lang, phrase in vague_terms():
            if item not in self._items:
                continue
            toks = tuple(units_of(normalize(phrase))[0])
            if toks and not any(toks[i:j] in named for i in range(len(toks))
                                for j in range(i + 1, len(toks) + 1)):
                self._add(phrase, Entry("vague", item), lang)

    def _add(self, phrase: str, entry: Entry, lang: str) -> tuple[str, ...]:
        toks = tuple(units_of(normalize(phrase))[0])
        if not toks:
            return toks
        if lang == "zh" and phrase.isascii() and entry.kind in ("term", "vague"):
            entry = Entry(entry.kind, entry.item, zh_only=True)
        if "*" in toks:  # "in a * study": one Latin word in the gap ("in a belimumab study")
            self._wild.setdefault(toks[0], []).append((toks, entry))
            return toks
        keys = [toks]
        last = toks[-1]
        if lang == "en" and entry.item and last.isalpha() and len(last) >= 4 and last[-1] != "s":
            keys.append(toks[:-1] + (last + "s",))  # plural on the last word
            if last[-1] == "y" and last[-2] not in "aeiou":
                keys.append(toks[:-1] + (last[:-1] + "ies",))  # "other study" -> "studies"
        for key in keys:
            lst = self._index.setdefault(key, [])
            if entry not in lst:
                lst.append(entry)
                lens = self._lengths.setdefault(key[0], [])
                if len(key) not in lens:
                    lens.append(len(key))
        return toks

    def _correct(self, word: str) -> tuple[str, int] | None:
        """A lexicon word for a misspelt Latin word, with the rapidfuzz ratio; None if none."""
        if word in self._fix:
            return self._fix[word]
        res = None
        s = self.settings
        if word.isalpha() and len(word) >= s.fuzzy_min_len and word not in self._known:
            cutoff = max(s.fuzzy_cutoff, 90.0) if len(word) <= 5 else s.fuzzy_cutoff
            best = process.extractOne(word, self._vocab, scorer=fuzz.ratio, score_cutoff=cutoff)
            if best:
                res = (best[0], int(best[1]))
        if len(self._fix) < 100_000:
            self._fix[word] = res
        return res

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
        out = [(k, p) for k in CONTEXT_KINDS + tuple(_TERMS) for p in getattr(cues, k).zh]
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
        ctx_cues = [c for c in cues if c.kinds - _TERMS]
        if not is_zh and "?" in norm:
            ctx_cues = self._query_marks(units, spans, ctx_cues)
        if is_zh:
            ctx_cues = designate(units, ctx_cues)  # who is the patient
        clauses = Clauses(units, [c for c in cues if c.kinds & _TERMS], ctx_cues)
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
                item.split(".")[0] != crit.id and clauses.same_sentence(xs, st)
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

    def _homophones(self, units: list[str], looked: list[str], fuzzy: dict[int, int]) -> None:
        """Read sound-alike typing of distinctive Chinese medical words as those words."""
        can = [sound(self._hrep.get(u, u)) for u in units]
        # a phrase of the lexicon written as it is ("原位癌") is never re-read by sound
        exact = [(s, e) for s, e, _e in self._find(units, True) if e - s >= 2]
        n, i = len(units), 0
        while i < n:
            step = 1
            for length in self._zlens:
                if i + length > n or any(s < i + length and i < e and e - s > length
                                         for s, e in exact):
                    continue
                orig = self._zfix.get(tuple(can[i : i + length]))
                if orig is None:
                    continue
                win = units[i : i + length]
                diff = [k for k in range(length) if win[k] != orig[k]]
                if not diff or tuple(win) in self._index:  # "爱滋病" is a term as written
                    step = length
                    break
                if len(diff) > (1 if length <= 3 else 2) or len(diff) == length or (
                    "".join(win) in self._zskip
                ):
                    continue
                for k in range(length):
                    looked[i + k] = orig[k]
                for k in diff:
                    fuzzy[i + k] = 90
                step = length
                break
            i += step

    def _find(self, units: list[str], is_zh: bool) -> list[tuple[int, int, Entry]]:
        found = []
        wild: list[tuple[int, int, Entry]] = []
        n = len(units)
        for i, u in enumerate(units):
            for length in self._lengths.get(u, ()):
                if i + length > n:
                    continue
                entries = self._index.get(tuple(units[i : i + length]))
                if entries:
                    for e in entries:
                        if is_zh or not e.zh_only:
                            found.append((i, i + length, e))
            for toks, e in self._wild.get(u, ()):
                if i + len(toks) <= n and all(
                    t == units[i + k] or (t == "*" and units[i + k].isalpha())
                    for k, t in enumerate(toks)
                ):
                    wild.append((i, i + len(toks), e))
        # a gap phrase never swallows a confusable of its item ("in a sleep study")
        blocked = [(s, t, e.item) for s, t, e in found if e.kind == "confusable"]
        for s, t, e in wild:
            if not any(b[2] == e.item and s <= b[0] and b[1] <= t for b in blocked):
                found.append((s, t, e))
        return found

    def _split(
        self,
        found: list[tuple[int, int, Entry]],
        units: list[str],
        spans: list[tuple[int, int]],
        text: str,
    ) -> tuple[list[Cue], list]:
        """Cues (longest first, per layer) and the surviving item mentions of each criterion."""
        mentions = [f for f in found if f[2].item]
        term_spans = [(s, e) for s, e, en in mentions if en.kind in ("term", "vague")]
        layers: dict[str, list[tuple[int, int, set[str]]]] = {"t": [], "c": []}
        by_span: dict[tuple[int, int], set[str]] = {}
        for s, e, en in found:
            if not en.item:
                by_span.setdefault((s, e), set()).add(en.kind)
        for (s, e), kinds in by_span.items():
            if kinds & _TERMS:
                layers["t"].append((s, e, kinds & _TERMS))
            rest = kinds - _TERMS
            ctx_kinds = {k for k in rest if not k.startswith("group:")}
            if ctx_kinds and any(ts <= s and e <= te and te - ts > e - s for ts, te in term_spans):
                rest -= ctx_kinds  # a cue word inside a longer term is part of the term
            if rest:
                layers["c"].append((s, e, rest))
        cues: list[Cue] = []
        for layer in layers.values():
            # equal lengths: a pseudo cue ("not sure") beats a negation ("i'm not")
            for s, e, kinds in greedy(layer, tie=lambda k: 0 if "pseudo" in k else 1):
                cues.append(Cue(s, e, frozenset(kinds), text[spans[s][0] : spans[e - 1][1]]))
        by_crit: dict[str, list] = {}
        for s, e, en in mentions:
            by_crit.setdefault(self._items[en.item][0].id, []).append((s, e, en))
        kept: list[tuple[int, int, Entry]] = []
        gap = self.settings.exception_gap
        for group in by_crit.values():
            # a test's name that is a confusable of one item and, with its result in the clause,
            # a term of another ("syphilis test" ... positive): the term decides
            tests = {(s, e) for s, e, en in group
                     if en.kind == "term" and self._items[en.item][1].requires}
            if tests:
                group = [(s, e, en) for s, e, en in group
                         if not (en.kind == "confusable" and (s, e) in tests)]
            chosen = greedy(
                [(s, e, en) for s, e, en in group],
                tie=lambda en: 0 if en.kind in ("exception", "confusable") else 1,
            )
            blockers = [(s, e, en) for s, e, en in chosen if en.kind == "exception"]
            for s, e, en in chosen:
                if en.kind in ("term", "vague") and any(
                    b.item == en.item and (0 <= s - be <= gap or 0 <= bs - e <= gap)
                    for bs, be, b in blockers
                ):
                    continue  # an exception right next to the term ("basal cell ... cancer")
                kept.append((s, e, en))
        kept.sort(key=lambda x: (x[0], x[1]))
        merged: list[tuple[int, int, Entry]] = []
        for s, e, en in kept:
            if merged and merged[-1][2] == en and merged[-1][1] == s and en.kind == "term":
                merged[-1] = (merged[-1][0], e, en)  # "hodgkin's" + "lymphoma": one mention
            else:
                merged.append((s, e, en))
        # a terminator inside a longer cue is part of it ("过不过敏" holds "不过")
        inner = [c for c in cues if c.kinds & _TERMS and any(
            o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start
            and not o.kinds & _TERMS for o in cues)]
        if inner:
            cues = [c for c in cues if c not in inner]
        cues.sort(key=lambda c: c.start)
        return cues, merged


@functools.lru_cache(maxsize=8)
def matcher_for(path: str | Path) -> Matcher:
    """A Matcher for a dialog file, built once per path (raises LexiconError)."""
    return Matcher(lexicon_for(path))
