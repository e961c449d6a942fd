"""Dates from time expressions: the month and number tables, date arithmetic, and the interval
each kind of pattern of `assistant.freetext.times` stands for (the dispatch behind `find_times`)."""

# ruff: noqa: E501 - tables read best one entry group a line
from __future__ import annotations

import calendar
import datetime as dt
import re

from assistant.text.dates import FAR_PAST, shift
from assistant.text.dates import MONTHS as _MONTHS
from assistant.text.numerals import chinese_amount as _zh_number

add = shift  # the shared date arithmetic (assistant.text.dates)

_EN_NUM = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
    "half a": 0.5,
    "a half": 0.5,
    "many": 8,
}
_UNIT = {
    "day": "day",
    "days": "day",
    "d": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "month": "month",
    "months": "month",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
    "天": "day",
    "日": "day",
    "周": "week",
    "星期": "week",
    "礼拜": "week",
    "月": "month",
    "个月": "month",
    "年": "year",
    "个星期": "week",
    "个礼拜": "week",
    "个周": "week",
    "个年": "year",
    "个多月": "month",
    "个多星期": "week",
    "个多礼拜": "week",
}


def _month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _season_end(year: int, first: int) -> dt.date:
    """Last day of the three-month season starting in month `first` of `year`."""
    m = first + 2
    return _month_interval(year + (m - 1) // 12, (m - 1) % 12 + 1)[1]


def _recent_month(month: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The most recent `month` not after today ("in March")."""
    year = today.year if month <= today.month else today.year - 1
    lo, hi = _month_interval(year, month)
    return lo, min(hi, today)


_NOW_AGE = re.compile(
    r"\b(?:i'm|i am|im|now|currently|turned|aged?)\s+(\d{1,3})\b(?!\s*(?:%|mg|ms|kg|cm))"
    r"|\b(\d{1,3})\s*(?:yo|y/o|years? old|yrs? old|year old)\b"
    r"|(?:现在|今年|目前|如今)\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*岁|(\d{1,3})\s*岁了"
)


def _current_age(m: re.Match[str]) -> float | None:
    """The writer's age now, when the text says it (outside the matched expression)."""
    for a in _NOW_AGE.finditer(m.string):
        if m.start() <= a.start() < m.end():
            continue
        v = next(x for x in a.groups() if x)
        n = _zh_number(v) if not v.isdigit() else float(v)
        if n is not None and 1 <= n <= 120:
            return n
    return None


def _num(s: str) -> float:
    s = s.strip()
    if s in _EN_NUM:
        return float(_EN_NUM[s])
    try:
        return float(s)
    except ValueError:
        return 1.0


def interval(kind: str, m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The date interval meant by one match, or None when it is not a usable time."""
    g = m.groups()
    t = today
    if kind == "remote":
        return FAR_PAST, add(t, -1, "year")
    if kind == "range_ago":
        d = add(t, -max(float(g[0]), float(g[1])), _UNIT[g[2]])
        return d, add(t, -min(float(g[0]), float(g[1])), _UNIT[g[2]])
    if kind in ("ago", "over_ago", "within"):
        n: float | None
        n, unit = _num(g[0]), _UNIT[g[1]]
        d = add(t, -n, unit)
        return {"ago": (d, d), "over_ago": (FAR_PAST, d), "within": (d, t)}[kind]
    if kind == "within1":
        return add(t, -1, _UNIT[g[0]]), t
    if kind == "years_ago":
        return add(t, -5, "year"), add(t, -2, "year")
    if kind == "long_ago":
        return FAR_PAST, add(t, -6, "year")
    if kind == "childhood":
        return FAR_PAST, add(t, -6, "year")
    if kind in ("age", "zh_age"):
        n = _zh_number(g[0]) if kind == "zh_age" else float(g[0])
        now = _current_age(m)
        if n is not None and now is not None and now > n:  # "at 8 ... I'm 40 now": 32 years ago
            return add(t, -(now - n + 1), "year"), add(t, -(now - n), "year")
        return (FAR_PAST, add(t, -6, "year")) if n is not None and n < 18 else None
    if kind.startswith("d") and kind[1:].isdigit():
        d = t - dt.timedelta(days=int(kind[1:]))
        return d, d
    if kind == "due":
        return t, t
    if kind == "future":
        d = t + dt.timedelta(days=1)
        return d, d + dt.timedelta(days=365)
    if kind == "lastweekday":
        return t - dt.timedelta(days=7), t - dt.timedelta(days=1)
    if kind == "lastweek":
        return t - dt.timedelta(days=14), t - dt.timedelta(days=7)
    if kind == "lastweek2":
        return t - dt.timedelta(days=21), t - dt.timedelta(days=14)
    if kind == "thisweek":
        return t - dt.timedelta(days=6), t
    if kind in ("lastmonth", "lastmonth2"):
        d = add(t.replace(day=1), -1 if kind == "lastmonth" else -2, "month")
        return _month_interval(d.year, d.month)
    if kind in ("lastmonth_end", "lastmonth_start"):
        d = add(t.replace(day=1), -1, "month")
        lo, hi = _month_interval(d.year, d.month)
        if kind == "lastmonth_end":
            return hi - dt.timedelta(days=9), hi
        return lo, lo + dt.timedelta(days=9)
    if kind == "thismonth":
        return t.replace(day=1), t
    if kind == "lastyear":
        return dt.date(t.year - 1, 1, 1), dt.date(t.year - 1, 12, 31)
    if kind == "yearbeforelast":
        return dt.date(t.year - 2, 1, 1), dt.date(t.year - 2, 12, 31)
    if kind == "thisyear":
        return dt.date(t.year, 1, 1), t
    try:
        if kind == "ymd":
            d = dt.date(int(g[0]), int(g[1]), int(g[2]))
            return d, d
        if kind == "mdy":
            a, b, y = int(g[0]), int(g[1]), int(g[2])
            if a > 12:  # day/month/year
                a, b = b, a
            d = dt.date(y, a, b)
            return d, d
        if kind == "mdy2":
            a, b, y = int(g[0]), int(g[1]), 2000 + int(g[2])
            if a > 12:  # day/month/year
                a, b = b, a
            if y > t.year + 1:
                y -= 100
            d = dt.date(y, a, b)
            return d, d
        if kind == "md_num":
            a, b = int(g[0]), int(g[1])
            if not (1 <= a <= 12 and 1 <= b <= 31) or (a, b) == (2, 2):
                return None  # "2/2": "secondary to" in notes
            year = t.year if (a, b) <= (t.month, t.day) else t.year - 1
            d = dt.date(year, a, b)
            return d, d
        if kind == "mdy_name":
            d = dt.date(int(g[2]), _MONTHS[g[0]], int(g[1]))
            return d, d
        if kind == "dmy_name":
            d = dt.date(int(g[2]), _MONTHS[g[1]], int(g[0]))
            return d, d
        if kind == "month_year":
            return _month_interval(int(g[1]), _MONTHS[g[0]])
        if kind == "year_month":
            return _month_interval(int(g[0]), int(g[1]))
        if kind == "month_year_num":
            return _month_interval(int(g[1]), int(g[0]))
    except ValueError:
        return None
    if kind in ("md_recent", "dm_recent"):
        mon, day = (g[0], g[1]) if kind == "md_recent" else (g[1], g[0])
        month, dd = _MONTHS[mon], int(day)
        year = t.year if (month, dd) <= (t.month, t.day) else t.year - 1
        try:
            d = dt.date(year, month, dd)
        except ValueError:
            return None
        return d, d
    if kind == "zh_lastyear_month":
        n = _zh_number(g[0])
        return _month_interval(t.year - 1, int(n)) if n and 1 <= n <= 12 else None
    if kind == "zh_after":
        n = _zh_number(g[0])
        if n is None:
            return None
        d = add(t, -n, _UNIT[g[1]])
        return d, d
    if kind == "month_part":
        lo, hi = _recent_month(_MONTHS[g[1]], t)
        if g[0] in ("early", "beginning of", "start of"):
            return lo, min(lo + dt.timedelta(days=9), hi)
        if g[0] in ("mid", "middle of"):
            return min(lo + dt.timedelta(days=10), hi), min(lo + dt.timedelta(days=19), hi)
        end = _month_interval(lo.year, lo.month)[1]
        return end - dt.timedelta(days=9), min(end, t)
    if kind in ("season", "season_year"):
        name = g[1] if kind == "season" else g[0]
        first = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}[name]
        if kind == "season_year":
            year = int(g[1]) - (1 if first == 12 else 0)
        else:
            year = t.year if (t.month, 1) >= (first, 1) else t.year - 1
            if first == 12 and t.month <= 2:
                year = t.year - 1  # the winter we are in began last December
            if g[0] in ("last", "this past") and _season_end(year, first) >= t:
                year -= 1  # "last winter" in January: the one before this one
        lo, hi = dt.date(year, first, 1), _season_end(year, first)
        return lo, min(hi, t) if lo <= t else hi
    if kind == "zh_year_part":
        y = {"去年": t.year - 1, "今年": t.year, "前年": t.year - 2}.get(g[0]) or int(g[0])
        part = g[1][:1]
        months = {
            "春": (3, 5),
            "夏": (6, 8),
            "秋": (9, 11),
            "冬": (12, 14),
            "年": (0, 0),
            "上": (1, 6),
            "下": (7, 12),
        }[part]
        if part == "年":
            months = (1, 2) if g[1] == "年初" else (11, 12)
        lo = dt.date(y, months[0], 1)
        hi_m = months[1]
        hi = _month_interval(y + (hi_m - 1) // 12, (hi_m - 1) % 12 + 1)[1]
        return lo, min(hi, t) if lo <= t else hi
    if kind == "since_year":
        return dt.date(int(g[0]), 1, 1), t
    if kind == "year":
        y = int(g[0])
        if y < 1920 or y > t.year + 5:
            return None
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if kind == "month":
        return _recent_month(_MONTHS[g[0]], t)
    if kind == "zh_month":
        n = _zh_number(g[0])
        return _recent_month(int(n), t) if n and 1 <= n <= 12 else None
    if kind in ("zh_ago", "zh_within"):
        n = _zh_number(g[0])
        if n is None:
            return None
        unit = _UNIT[g[1]]
        if m.group(0).find("多") > 0 or "半" in m.group(0)[len(g[0]) :]:
            n += 0.5
        d = add(t, -n, unit)
        return (d, d) if kind == "zh_ago" else (d, t)
    return None
