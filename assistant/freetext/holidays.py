"""Holidays and festivals as dates ("at Easter", "after Christmas", "春节", "去年中秋").

The names and dates are language data (`resources/lang/*.yaml`). A holiday without a year is
the most recent one on or before the screening date, or the next one when its sentence speaks
of a plan ("will", "打算"); "last year's" / "去年" / "2023年" pick the year. Returns plain
tuples so that `assistant.freetext.times` can wrap them without importing this module's callers.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from assistant.text.langdata import HolidayData, lang_data

Found = tuple[int, int, dt.date, dt.date, str]  # start, end, lo, hi, text


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` (Mon=0) of a month; n = -1 for the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return nxt - dt.timedelta(days=(nxt.weekday() - weekday) % 7)


_MOVABLE = {
    "easter": easter,
    "good_friday": lambda y: easter(y) - dt.timedelta(days=2),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "memorial_day": lambda y: _nth_weekday(y, 5, 0, -1),
    "labor_day": lambda y: _nth_weekday(y, 9, 0, 1),
}


def _date_in(data: HolidayData, name: str, year: int) -> dt.date | None:
    if name in data.fixed:
        mo, d = data.fixed[name].split("-")
        return dt.date(year, int(mo), int(d))
    if name in data.movable:
        return _MOVABLE[data.movable[name]](year)
    if name in data.lunar:
        lu = data.lunar[name]
        md = data.lunar_dates.get(lu.of, {}).get(year)
        if md is None:
            return None
        mo, d = md.split("-")
        return dt.date(year, int(mo), int(d)) + dt.timedelta(days=lu.offset)
    return None


@functools.cache
def _patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str] | None, HolidayData]:
    data = lang_data(lang).holidays
    names = sorted({*data.fixed, *data.movable, *data.lunar}, key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    fut = "|".join(data.future_cues)
    if lang == "en":
        rx = re.compile(
            r"(?:\b(last year's|the year before's|last|this|next|this coming|the "
            r"coming|upcoming) )?\b(" + alt + r")\b(?:,? (\d{4})\b)?"
        )
    else:
        rx = re.compile(
            r"(?:(\d{4})年的?|(去年|前年|今年|明年)的?)?(" + alt + r")(?![月号日岁天年点个])"
        )
    return rx, (re.compile(fut) if fut else None), data


def _sentence(norm: str, a: int, b: int) -> str:
    lo = max(norm.rfind(ch, 0, a) for ch in ".!?;\n。") + 1
    his = [i for i in (norm.find(ch, b) for ch in ".!?;\n。") if i >= 0]
    return norm[lo : min(his) if his else len(norm)]


def find_holidays(norm: str, today: dt.date) -> list[Found]:
    """Every holiday named in `norm` with the date it stands for."""
    out: list[Found] = []
    for lang in ("en", "zh"):
        if lang == "zh" and norm.isascii():
            continue
        rx, fut, data = _patterns(lang)
        for m in rx.finditer(norm):
            if lang == "en":
                rel, name, year_s = m.group(1), m.group(2), m.group(3)
            else:
                year_s, rel, name = m.group(1), m.group(2), m.group(3)
            shift = {
                "last year's": -1,
                "the year before's": -2,
                "去年": -1,
                "前年": -2,
                "今年": 0,
                "明年": 1,
            }.get(rel or "")
            if year_s:
                year = int(year_s)
                d = _date_in(data, name, year) if 1900 < year < 2100 else None
            elif shift is not None:
                d = _date_in(data, name, today.year + shift)
            else:
                ahead = rel in ("next", "this coming", "the coming", "upcoming") or (
                    rel != "last"
                    and fut is not None
                    and bool(fut.search(_sentence(norm, m.start(), m.end())))
                )
                d = _nearest(data, name, today, ahead)
            if d is None:
                continue
            span = (
                (d - dt.timedelta(days=1), d + dt.timedelta(days=6))
                if (name in ("春节", "过年"))
                else (d, d)
            )
            out.append((m.start(), m.end(), span[0], span[1], m.group(0)))
    return out


def _nearest(data: HolidayData, name: str, today: dt.date, ahead: bool) -> dt.date | None:
    """The most recent occurrence on or before today, or the next one on or after it."""
    years = range(today.year, today.year + 2) if ahead else range(today.year, today.year - 2, -1)
    for y in years:
        d = _date_in(data, name, y)
        if d is not None and (d >= today if ahead else d <= today):
            return d
    return None


def planned(norm: str, start: int, end: int) -> bool:
    """The sentence around characters [start, end) speaks of a plan ("will", "打算")."""
    sent = _sentence(norm, start, end)
    for lang in ("en", "zh"):
        if lang == "zh" and sent.isascii():
            continue
        fut = _patterns(lang)[1]
        if fut is not None and fut.search(sent):
            return True
    return False
