"""The phrase index of the matcher: text normalization and units, the index of lexicon (and
vocabulary) phrases, misspelling correction with rapidfuzz, homophones by sound, and the
selection of cues and mentions among the phrases found (longest first)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.freetext.context import CONTEXT_KINDS, Cue
from assistant.freetext.pinyin import sound
from assistant.freetext.spans import greedy
from assistant.freetext.vocab import cue_words, vague_terms
from assistant.text.normalize import normalize_aligned
from assistant.trial.lexicon import Criterion, Item, Settings

_UNIT_RE = re.compile(
    r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?[a-z0-9]*|[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\S"
)
# A hyphen inside a word ("car-t", "hep-b", "covid-19") is a space; between digits it is kept
# ("2024-12-20", "2-3 weeks").
# The free-text normalizer is the shared one (offsets kept): assistant.text.normalize.
normalize = normalize_aligned
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TERMS = {"terminators", "weak_terminators"}


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


class PhraseIndex:
    """The phrase index and its lookups; `assistant.freetext.matcher.Matcher` builds and uses it."""

    settings: Settings
    _items: dict[str, tuple[Criterion, Item]]
    _index: dict[tuple[str, ...], list[Entry]]
    _wild: dict[str, list[tuple[tuple[str, ...], Entry]]]
    _lengths: dict[str, list[int]]
    _known: set[str]
    _vocab: list[str]
    _fix: dict[str, tuple[str, int] | None]
    _hrep: dict[str, str]
    _zfix: dict[tuple[str, ...], tuple[str, ...]]
    _zlens: list[int]
    _zskip: set[str]

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
            if toks and not any(
                toks[i:j] in named for i in range(len(toks)) for j in range(i + 1, len(toks) + 1)
            ):
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

    def _homophones(self, units: list[str], looked: list[str], fuzzy: dict[int, int]) -> None:
        """Read sound-alike typing of distinctive Chinese medical words as those words."""
        can = [sound(self._hrep.get(u, u)) for u in units]
        # a phrase of the lexicon written as it is ("原位癌") is never re-read by sound
        n, i = len(units), 0
        cover = [0] * n  # per unit: the longest phrase written as it is that holds it
        for s, e, _e in self._find(units, True):
            for k in range(s, e):
                cover[k] = max(cover[k], e - s)
        while i < n:
            step = 1
            for length in self._zlens:
                if i + length > n:
                    continue
                orig = self._zfix.get(tuple(can[i : i + length]))
                if orig is None or max(cover[i : i + length]) > length:
                    continue
                win = units[i : i + length]
                diff = [k for k in range(length) if win[k] != orig[k]]
                if not diff or tuple(win) in self._index:  # "爱滋病" is a term as written
                    step = length
                    break
                if (
                    len(diff) > (1 if length <= 3 else 2)
                    or len(diff) == length
                    or ("".join(win) in self._zskip)
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
            if kinds & TERMS:
                layers["t"].append((s, e, kinds & TERMS))
            rest = kinds - TERMS
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
            tests = {
                (s, e)
                for s, e, en in group
                if en.kind == "term" and self._items[en.item][1].requires
            }
            if tests:
                group = [
                    (s, e, en)
                    for s, e, en in group
                    if not (en.kind == "confusable" and (s, e) in tests)
                ]
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
        inner = [
            c
            for c in cues
            if c.kinds & TERMS
            and any(
                o.start <= c.start
                and c.end <= o.end
                and o.end - o.start > c.end - c.start
                and not o.kinds & TERMS
                for o in cues
            )
        ]
        if inner:
            cues = [c for c in cues if c not in inner]
        cues.sort(key=lambda c: c.start)
        return cues, merged
