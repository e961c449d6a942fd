"""The one calendar: month names, month arithmetic, and one policy for numeric dates.

A date such as 2/3/2024 reads as 2 March or 3 February. The policy is the same for answers and
free text: a date is taken only where its readings agree (a day above 12, or equal numbers).
An answer with an ambiguous date is refused and asked again (`find_date` raises DateProblem);
free text keeps both readings as one interval (`numeric_date_interval`), so a window check
decides only where both agree and is uncertain otherwise.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = [
    "FAR_PAST",
    "MONTHS",
    "MONTH_PATTERN",
    "DateProblem",
    "add_months",
    "completed_years",
    "day_month_readings",
    "find_date",
    "months_between",
    "numeric_date_interval",
    "shift",
]

FAR_PAST = dt.date(1900, 1, 1)

# English month names and abbreviations (and "sept"), lower case -> month number.
MONTHS: dict[str, int] = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))

_ISO = re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?(?!\d)")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_D_MON_Y = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN})\.?,?\s+(\d{{4}})", re.I
)
_MON_D_Y = re.compile(rf"\b({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_MON_Y = re.compile(rf"\b({MONTH_PATTERN})\.?,?\s+(\d{{4}})\b", re.I)


class DateProblem(ValueError):
    """A date that was written but cannot be used; carries the reason in both languages."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


def add_months(d: dt.date, n: int) -> dt.date:
    """`d` moved by `n` calendar months, the day clamped to the month's last (31 Jan + 1 = 28/29
    Feb)."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(d: dt.date, amount: float, unit: str) -> dt.date:
    """`d` moved by `amount` days, weeks, months or years (negative: back in time).

    Days and weeks are rounded to whole days; months and years move by calendar months (the day
    clamped), a fraction of a month adding 30 days per month. Dates before year 1 are FAR_PAST.
    """
    if unit == "day":
        return d + dt.timedelta(days=round(amount))
    if unit == "week":
        return d + dt.timedelta(days=round(amount * 7))
    months = amount * (12 if unit == "year" else 1)
    whole = int(months)
    frac = months - whole
    y, m = divmod(d.month - 1 + whole, 12)
    year, month = d.year + y, m + 1
    if year < 1:
        return FAR_PAST
    out = dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
    return out + dt.timedelta(days=round(frac * 30))


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from `start` to `end` (whole months, plus the fraction of the month
    under way), so that the same day six months later is exactly 6.0."""
    n = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, n) > end:
        n -= 1
    anchor, nxt = add_months(start, n), add_months(start, n + 1)
    return round(n + (end - anchor).days / (nxt - anchor).days, 4)


def completed_years(born: dt.date, today: dt.date) -> int:
    """Age in completed years; a birthday falling on `today` counts."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def day_month_readings(a: int, b: int, year: int) -> list[dt.date]:
    """The valid dates `a/b/year` may mean: a-th of month b, and b-th of month a (once if
    equal, none if neither exists). Two dates mean the writing is ambiguous."""
    out: list[dt.date] = []
    for day, month in ((a, b), (b, a)):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d not in out:
            out.append(d)
    return sorted(out)


def numeric_date_interval(a: int, b: int, year: int) -> tuple[dt.date, dt.date] | None:
    """Free text's `a/b/year`: the one date it means, or the span between its two readings
    (so a window check decides only where both agree); None when no reading is a date."""
    readings = day_month_readings(a, b, year)
    if not readings:
        return None
    return readings[0], readings[-1]


def find_date(text: str) -> tuple[dt.date, bool] | None:
    """The calendar date written in an answer, and whether its day was given; None if there
    is none. Raises DateProblem for dates that are ambiguous (2/3/1979) or impossible."""
    y = mo = d = None
    m = _CN_DATE.search(text) or _ISO.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    elif m := _DMY.search(text):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a <= 12 and b <= 12 and a != b:  # both readings are dates (day_month_readings)
            raise DateProblem(
                f"I cannot tell whether {m.group(0)} is day/month or month/day. Please write "
                f"the date as year-month-day, for example {y}-{b:02d}-{a:02d}.",
                f"无法判断 {m.group(0)} 是日/月还是月/日。请按 年-月-日 填写，例如 "
                f"{y}-{b:02d}-{a:02d}。",
            )
        d, mo = (a, b) if a > 12 else (b, a)
    elif m := _D_MON_Y.search(text):
        d, mo, y = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    elif m := _MON_D_Y.search(text):
        mo, d, y = MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
    elif m := _MON_Y.search(text):
        mo, y = MONTHS[m.group(1).lower()], int(m.group(2))
    else:
        return None
    try:
        return dt.date(y, mo, d or 1), d is not None
    except ValueError:
        raise DateProblem(
            f"{m.group(0)} is not a valid date. Please write it as year-month-day, for "
            "example 1979-03-02.",
            f"{m.group(0)} 不是有效日期。请按 年-月-日 填写，例如 1979-03-02。",
        ) from None
