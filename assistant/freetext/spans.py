"""Span bookkeeping for the matcher: greedy longest-first selection, dating mentions, merging
hits. Units are the matcher's tokens (a Latin word, a Chinese character, a punctuation mark).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.freetext.context import Clauses
from assistant.freetext.hit import Hit

RANK = {"affirmed": 3, "uncertain": 2, "outside_window": 1, "negated": 0}


def natural_key(criterion_id: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for free-form criterion ids: numbers by value (E2 < E10), other parts as text."""
    parts = re.split(r"(\d+)", criterion_id)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def greedy(spans: list, tie: Callable[[Any], int] | None = None) -> list:
    """Non-overlapping spans, longest first (then `tie` order, then leftmost)."""
    order = sorted(
        spans, key=lambda x: (-(x[1] - x[0]), tie(x[2]) if tie else 0, x[0])
    )
    taken: list[Any] = []
    used: set[int] = set()
    for sp in order:
        rng = range(sp[0], sp[1])
        if any(i in used for i in rng):
            # identical span, other entry (e.g. two items share a phrase): keep both
            if not any(t[0] == sp[0] and t[1] == sp[1] for t in taken):
                continue
            if tie and any(t[0] == sp[0] and t[1] == sp[1] and tie(t[2]) != tie(sp[2])
                           for t in taken):
                continue
        taken.append(sp)
        used.update(rng)
    return taken


def char_to_unit(spans: list[tuple[int, int]], n: int) -> list[int]:
    out = [0] * (n + 1)
    j = 0
    for c in range(n + 1):
        while j + 1 < len(spans) and spans[j][1] <= c:
            j += 1
        out[c] = j
    return out


def claim_times(
    mentions: list[tuple[int, int]], times: list, clauses: Clauses, scope: int, units: list[str]
) -> dict:
    """Each time expression dates the mention(s) nearest to it in its clause; a mention takes
    the nearest of the times it was given ("on dialysis and had a heart attack 2 months ago":
    the time dates the heart attack, not the dialysis)."""
    given: dict[tuple[int, int], tuple[int, object]] = {}
    for ts, te, t in times:
        dists = []
        for st, en in mentions:
            if not (clauses.same_sentence(ts, st) or clauses.same_sentence(te, en - 1)):
                continue
            d = ts - (en - 1) if ts >= en else st - te if te < st else 0
            if d and "\u3400" <= units[st][0] <= "\u9fff" and not (
                clauses.same_phrase(ts, st) or clauses.same_phrase(te, en - 1)
            ):
                # Chinese: a time opening a later comma-phrase is that phrase's own ("，一周前
                # 拔了牙", "，以后不打算再生了"), unless it is all the phrase says ("，两周前。")
                if ts >= en and te + 1 < len(units) and units[te + 1][0].isalnum() and (
                    units[te + 1] not in ("的", "了", "吧", "左", "之", "以")  # "，是2021年的事了"
                ) and not _cleft(units, ts, clauses):
                    continue
                d += 4
            if d <= scope:
                dists.append((d, (st, en)))
        if not dists:
            continue
        low = min(d for d, _ in dists)
        near = {m for d, m in dists if d == low}
        # mentions written next to a dated one share its date ("肺癌手术", "cancer surgery")
        grew = True
        while grew:
            grew = False
            for _d, m in dists:
                if m not in near and any(_adjacent(units, m, n) for n in near):
                    near.add(m)
                    grew = True
        for d, m in dists:
            if m in near and (m not in given or d < given[m][0]):
                given[m] = (d, t)
    return {m: t for m, (d, t) in given.items()}


def _cleft(units: list[str], ts: int, clauses: Clauses) -> bool:
    """"，是2024年5月入组的": 是…的 dates the event already named, not a new one."""
    if not ts or units[ts - 1] != "是":
        return False
    i = ts
    while i + 1 < len(units) and clauses.same_phrase(i + 1, ts) and units[i + 1][0].isalnum():
        i += 1
    return units[i] == "的"


_GLUE = {",", "、", "and", "&", "和", "及", "or", "/", "+"}


def _adjacent(units: list[str], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Mentions a and b are side by side, or separated by list glue only."""
    lo, hi = (a[1], b[0]) if a[0] < b[0] else (b[1], a[0])
    return lo <= hi and all(units[i] in _GLUE for i in range(lo, hi))


def merge(hits: list[Hit]) -> list[Hit]:
    """One hit per item (the strongest status), and vague hits dropped beside specific ones."""
    best: dict[str, Hit] = {}
    for h in hits:
        cur = best.get(h.item)
        if cur is None or (RANK[h.status], h.score) > (RANK[cur.status], cur.score):
            best[h.item] = h
    out = list(best.values())
    top: dict[str, int] = {}
    for h in out:
        if not h.vague:
            top[h.criterion] = max(top.get(h.criterion, -1), RANK[h.status])
    out = [h for h in out if not (h.vague and RANK[h.status] <= top.get(h.criterion, -1))]
    out.sort(key=lambda h: (natural_key(h.criterion), h.start))
    return out
