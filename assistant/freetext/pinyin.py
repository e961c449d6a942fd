"""Chinese by sound: homophones typed through an input method and pinyin typed as Latin letters.

The toneless pinyin of each character comes from `resources/vocab/zh_pinyin.json`, generated
from `pypinyin` by `scripts/gen_pinyin.py` (read on first use, about 2 ms; pypinyin itself is
not imported at run time). `sound(ch)` is the key homophone matching compares; `PinyinReader`
rewrites a text typed in pinyin ("wo you yigan", "dianxian") as the Chinese phrases of the
lexicon it spells, keeping where each came from so that the evidence quotes the text as typed.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

VOCAB = Path(__file__).resolve().parent.parent / "resources" / "vocab" / "zh_pinyin.json"
_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@functools.cache
def table() -> dict[str, str]:
    """Character -> toneless pinyin (read once)."""
    doc = json.loads(VOCAB.read_text(encoding="utf-8"))
    return dict(doc["chars"])


def sound(ch: str) -> str:
    """The toneless pinyin of a character, or the character itself when it has none."""
    return table().get(ch, ch)


@functools.cache
def syllables() -> frozenset[str]:
    """Every pinyin syllable of the table."""
    return frozenset(table().values())


def segment(word: str) -> list[str] | None:
    """A Latin word cut into pinyin syllables ("dianxian" -> dian, xian), longest syllables
    first with backtracking; None when it is not pinyin."""
    syl = syllables()
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + 6), i, -1):
            rest = best[j]
            if rest is not None and word[i:j] in syl:
                best[i] = [word[i:j], *rest]
                break
    return best[0]


class PinyinReader:
    """Reads typed pinyin as the Chinese phrases (terms and cue words) of a lexicon."""

    def __init__(self, phrases: list[str], fallback: dict[str, str] | None = None) -> None:
        self._fallback = fallback or {}
        self._index: dict[tuple[str, ...], str] = {}
        for p in phrases:
            chars = _CJK.findall(p)
            if len(chars) >= 1 and len(chars) == len(p):
                key = tuple(sound(c) for c in chars)
                self._index.setdefault(key, p)
        self._lens = sorted({len(k) for k in self._index}, reverse=True)

    def read(self, norm: str) -> tuple[str, list[tuple[int, int]]] | None:
        """The Chinese reading of `norm` and, per character of it, the span of `norm` it came
        from; None unless most words are pinyin and a lexicon phrase of two or more syllables
        is spelt."""
        words = list(_WORD.finditer(norm))
        if not words:
            return None
        syl: list[tuple[str, int, int]] = []  # syllable, span in norm
        pinyin_words = 0
        for m in words:
            if m.group(0)[0].isdigit():  # numbers stay ("2022 nian" -> "2022年")
                syl.append((m.group(0), m.start(), m.end()))
                continue
            cut = segment(m.group(0))
            if cut is None:
                continue
            pinyin_words += 1
            at = m.start()
            for s in cut:
                syl.append((s, at, at + len(s)))
                at += len(s)
        latin = sum(1 for m in words if not m.group(0)[0].isdigit())
        if not latin or pinyin_words * 4 < latin * 3:
            return None
        # Reverse maximum matching (the longest phrase ending at each point, right to left):
        # it reads "wo mei you yigan" as 我|没有|乙肝 where left to right gives 我妹|有|乙肝.
        pieces: list[tuple[int, int, str | None]] = []  # syllable range, phrase (None: none)
        j, found = len(syl), False
        while j > 0:
            for n in self._lens:
                key = tuple(s for s, _a, _b in syl[max(0, j - n) : j])
                phrase = self._index.get(key) if len(key) == n else None
                if phrase:
                    found = found or n >= 2
                    pieces.append((j - n, j, phrase))
                    j -= n
                    break
            else:
                pieces.append((j - 1, j, None))
                j -= 1
        out: list[str] = []
        origin: list[tuple[int, int]] = []
        for i, _k, phrase in reversed(pieces):
            if i and syl[i - 1][2] != syl[i][1] and norm[syl[i - 1][2] : syl[i][1]].strip():
                out.append("，")  # punctuation between words is a comma; spaces are nothing
                origin.append((syl[i - 1][2], syl[i][1]))
            if phrase is not None:
                for q, ch in enumerate(phrase):
                    out.append(ch)
                    origin.append((syl[i + q][1], syl[i + q][2]))
                continue
            s, a, b = syl[i]
            if s[0].isdigit():  # numbers stay ("2022 nian" -> "2022年")
                out.append(s)
                origin.extend((a + m, a + m + 1) for m in range(len(s)))
            elif s in self._fallback:  # a number or time word
                out.append(self._fallback[s])
                origin.extend([(a, b)] * len(self._fallback[s]))
            else:  # as typed
                out.append(f" {s} ")
                origin.extend([(a, a), *[(a + m, a + m + 1) for m in range(len(s))], (b, b)])
        return ("".join(out), origin) if found else None
