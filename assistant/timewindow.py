"""Time expressions in free text ("2 weeks ago", "in 2019", "三周前", "去年") and look-back windows.

`find_times(norm, today)` works on the matcher's normalized text (NFKC, lower case) and returns
each expression as a date interval [lo, hi]: a point for "3 weeks ago", a whole month for
"last month", a whole year for "in 2019". `judge(interval, window, today)` says whether it
lies inside the window before `today`, outside it, straddles it, or is in the future.
"""

# ruff: noqa: E501 - the pattern table reads best one pattern a line
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from assistant.lexicon import Window
from assistant.limits import mask_long_digit_runs

FAR_PAST = dt.date(1900, 1, 1)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_EN_NUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3,
    "few": 3, "several": 4, "half a": 0.5, "a half": 0.5, "many": 8,
}
_ZH_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_UNIT = {
    "day": "day", "days": "day", "d": "day", "week": "week", "weeks": "week", "wk": "week",
    "wks": "week", "month": "month", "months": "month", "mo": "month", "mos": "month",
    "mth": "month", "mths": "month", "year": "year", "years": "year", "yr": "year",
    "yrs": "year", "天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week",
    "月": "month", "个月": "month", "年": "year", "个星期": "week", "个礼拜": "week",
    "个周": "week", "个年": "year", "个多月": "month", "个多星期": "week", "个多礼拜": "week",
}


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: character span in the normalized text and its date interval."""

    start: int
    end: int
    lo: dt.date
    hi: dt.date
    text: str

    @property
    def future(self) -> bool:
        """True when the whole interval is after the screening date."""
        return self.lo > self._today

    _today: dt.date = dt.date.min


def add(d: dt.date, amount: float, unit: str) -> dt.date:
    """`d` moved by `amount` units (negative: back in time); months clamp the day."""
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
    day = min(d.day, calendar.monthrange(year, month)[1])
    out = dt.date(year, month, day)
    return out + dt.timedelta(days=round(frac * 30))


def window_start(today: dt.date, window: Window) -> dt.date:
    """The first day inside a look-back window ending on `today`."""
    return add(today, -window.amount, window.unit)


def judge(lo: dt.date, hi: dt.date, window: Window, today: dt.date) -> str:
    """'future', 'inside', 'outside' or 'straddles' for interval [lo, hi] against the window."""
    if lo > today:
        return "future"
    cutoff = window_start(today, window)
    if hi < cutoff:
        return "outside"
    if lo >= cutoff:
        return "inside"
    # A period across the boundary ("last month" for a 6-week window) counts by where most of
    # it lies; only a real toss-up stays undecided.
    inside = (min(hi, today) - cutoff).days + 1
    share = inside / ((min(hi, today) - lo).days + 1)
    if share >= 0.75:
        return "inside"
    if share <= 0.25:
        return "outside"
    return "straddles"


def _zh_number(s: str) -> float | None:
    if s.isdigit():
        return float(s)
    if s in ("半",):
        return 0.5
    if s in ("几", "好几"):
        return 3.0
    if s.startswith("十") or "十" in s:
        a, _, b = s.partition("十")
        tens = _ZH_DIGIT.get(a, 1) if a else 1
        ones = 5 if b == "几" else _ZH_DIGIT.get(b, 0) if b else 0
        return float(tens * 10 + ones)
    if len(s) == 1 and s in _ZH_DIGIT:
        return float(_ZH_DIGIT[s])
    if len(s) == 2 and all(c in _ZH_DIGIT for c in s):  # "两三周前": two or three weeks
        return float(max(_ZH_DIGIT[c] for c in s))
    return None


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


_NUM_EN = r"(\d+(?:\.\d+)?|a couple of|a couple|couple of|a few|few|several|half a|many|" + "|".join(
    k for k in _EN_NUM if " " not in k
) + r")"
_UNIT_EN = r"(days?|d|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ZNUM = r"(\d+|[一二两俩三四五六七八九十半几]+|好几)"

# (pattern, kind); kinds are resolved in _interval below. Longer patterns first.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # A due date says the pregnancy is now, whatever month it names ("due in March").
    (re.compile(r"\bdue\s+(?:date\s+)?(?:is\s+)?(?:in|on|around|by|at the end of|early|late|mid)?\s*(?:"
                + _MONTH_RE + r"|\d{1,2}/\d{1,2}|next \w+|\d+ (?:weeks?|months?))"), "due"),
    (re.compile(r"预产期(?:是|在)?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?"), "due"),
    (re.compile(r"\b(\d+)\s*(?:-|–|to|or)\s*(\d+)\s*" + _UNIT_EN + r"\s+(?:ago|back|earlier|prior|before now)\b"),
     "range_ago"),
    (re.compile(r"\b" + _NUM_EN + r"\s*(?:-|\s)?" + _UNIT_EN + r"\s+(?:post[- ]?op|post[- ]?operatively|after (?:the |my )?(?:surgery|operation|procedure))\b"),
     "ago"),
    (re.compile(r"\b(?:more than|over|over a|at least)\s+" + _NUM_EN + r"\s+" + _UNIT_EN
                + r"\s+(?:ago|back|before)\b"), "over_ago"),
    (re.compile(r"\b(?:less than|under|within|not even)\s+" + _NUM_EN + r"\s+" + _UNIT_EN
                + r"\s+(?:ago|back)\b"), "within"),
    (re.compile(r"\b(?:within|in|during|over)\s+the\s+(?:last|past|previous)\s+" + _NUM_EN
                + r"\s+" + _UNIT_EN + r"\b"), "within"),
    (re.compile(r"\b(?:within|in|during|over)\s+the\s+(?:last|past|previous)\s+" + _UNIT_EN
                + r"\b"), "within1"),
    (re.compile(r"\b(?:the\s+)?(?:last|past)\s+" + _NUM_EN + r"\s+" + _UNIT_EN + r"\b"), "within"),
    (re.compile(r"\b(?:about|around|almost|nearly|roughly|approximately|maybe|like|just)?\s*"
                + _NUM_EN + r"\s*(?:-|\s)?" + _UNIT_EN + r"\s+(?:ago|back|earlier|prior|before now)\b"),
     "ago"),
    # "before ten days", "before 3 weeks I had ...": second-language English for "... ago"
    (re.compile(r"\bbefore\s+(?:about\s+|around\s+|almost\s+)?" + _NUM_EN + r"\s*(?:-|\s)?"
                + _UNIT_EN + r"\b(?!\s+(?:of|old|after|into|postpartum|pregnant|later|before|"
                r"from|pregnancy|gestation|age))"), "ago"),
    (re.compile(r"\b(?:a|one|an)?\s*(?:few|couple of|couple)?\s*(?:years|yrs)\s+(?:and\s+a\s+half\s+)?"
                r"ago\b"), "years_ago"),
    (re.compile(r"\b(?:many|several|some|a few|few|a couple of|couple of|lots of)\s+years\s+ago\b"),
     "years_ago"),
    (re.compile(r"\b(?:decades|ages|a long time|long time|a while|long)\s+ago\b"), "long_ago"),
    (re.compile(r"\b(?:remote|distant)\s+(?:history|hx|h/o)?\b"), "long_ago"),
    (re.compile(r"\b(?:as an? (?:child|kid|baby|toddler|teen|teenager|infant|student|youngster)|"
                r"in (?:my )?childhood|during childhood|when i was (?:young|little|small|a child|"
                r"a kid|a baby|a teenager|a teen|in (?:school|high school|college))|in high school|"
                r"in my teens|growing up|at birth)\b"), "childhood"),
    (re.compile(r"\b(?:when i was|at age|aged|at the age of)\s+(\d{1,2})\b"), "age"),
    (re.compile(r"\bthe day before yesterday\b"), "d2"),
    (re.compile(r"\b(?:yesterday|last night)\b"), "d1"),
    (re.compile(r"\b(?:today|this morning|tonight|this afternoon|earlier today)\b"), "d0"),
    (re.compile(r"\b(?:tomorrow|next (?:week|month|year|monday|tuesday|wednesday|thursday|friday|"
                r"saturday|sunday)|in (?:a|one|two|three|\d+) (?:days?|weeks?|months?)(?! ago)|"
                r"later this (?:week|month|year)|upcoming|soon)\b"), "future"),
    (re.compile(r"\b(?:last|this past)\s+(monday|tuesday|wednesday|thursday|friday|saturday|"
                r"sunday|weekend)\b"), "lastweekday"),
    (re.compile(r"\b(?:last|past|previous)\s+week\b|\ba week ago\b"), "lastweek"),
    (re.compile(r"\bthis\s+week\b|\bearlier this week\b"), "thisweek"),
    (re.compile(r"\b(?:(?:at )?the end of last month|late last month)\b"), "lastmonth_end"),
    (re.compile(r"\b(?:(?:at )?the (?:beginning|start) of last month|early last month)\b"),
     "lastmonth_start"),
    (re.compile(r"\b(?:last|previous|past)\s+month\b"), "lastmonth"),
    (re.compile(r"\b(?:this|earlier this)\s+month\b"), "thismonth"),
    (re.compile(r"\b(?:the year before last)\b"), "yearbeforelast"),
    (re.compile(r"\b(?:last|previous|past)\s+year\b"), "lastyear"),
    (re.compile(r"\b(?:this|earlier this)\s+year\b"), "thisyear"),
    (re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "mdy"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2})\b(?![/.]\d)"), "mdy2"),
    (re.compile(r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), "mdy_name"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r")\.?,?\s+(\d{4})\b"), "dmy_name"),
    (re.compile(r"\b(" + _MONTH_RE + r")\.?,?\s+(?:of\s+)?(\d{4})\b"), "month_year"),
    (re.compile(r"\b(\d{4})[-/.](\d{1,2})\b(?![-/.]\d)"), "year_month"),
    (re.compile(r"\b(\d{1,2})/(\d{4})\b"), "month_year_num"),
    # "11/20", "on 1/13": month/day, the most recent such day (notes and US-style answers)
    (re.compile(r"(?<![\d/.])(?<!hiv )(?<!hiv)(?<!type )(\d{1,2})/(\d{1,2})\b(?![/.]\d|\s*(?:mg|ml|ms|%|mm|g|u|iu|units|cells|tabs?|pills?|doses?|times|days|weeks|dose)\b)"), "md_num"),
    (re.compile(r"\b(?:on |in )?(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![:\d])"), "md_recent"),
    (re.compile(r"\b(?:on )?(?:the )?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH_RE + r")\b"), "dm_recent"),
    (re.compile(r"\b(?:in |during )?(?:the )?(early|mid|late|end of|the end of|beginning of|start of|middle of)[\s-]+(" + _MONTH_RE + r")\b(?!\s*\d)"), "month_part"),
    (re.compile(r"\b(?:in |during )?(?:the )?(spring|summer|fall|autumn|winter)\s+(?:of\s+)?((?:19|20)\d{2})\b"), "season_year"),
    (re.compile(r"\b(last|this past|this|over the)\s+(spring|summer|fall|autumn|winter)\b"), "season"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|年初|年底|年末|上半年|下半年)"), "zh_year_part"),
    (re.compile(r"(去年|今年|前年)\s*(春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|年初|年底|年末|上半年|下半年)"), "zh_year_part"),
    (re.compile(r"\bsince\s+((?:19|20)\d{2})\b"), "since_year"),
    (re.compile(r"\b(?:in|during|back in|around|about|from|early|late|mid)?\s*((?:19|20)\d{2})s?\b"
                r"(?!\s*(?:mg|ml|ms|%|mm|g|u|iu|units|cells))"), "year"),
    (re.compile(r"\b(?:in|during|last|this past|back in|until|till|up to|through)\s+(" + _MONTH_RE + r")\b"), "month"),
    # a bare month name in a note ("CABG Dec"); never "may", "march", "mar" (ordinary words)
    (re.compile(r"(?<!since )(?<!until )(?<!till )(?<!from )(?<!by )"
                r"\b(january|february|april|june|july|august|september|october|november|december|"
                r"jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b(?!\s*\d)"), "month"),
    # Chinese
    (re.compile(_ZNUM + r"(?:多)?(个多月|个多星期|个多礼拜|个月|个星期|个礼拜|天|日|周|星期|礼拜|月|年)(?:多|半)?(?:以前|之前|前)"),
     "zh_ago"),
    (re.compile(r"(?:近|最近|过去|这|过去的)" + _ZNUM + r"(个月|个星期|天|周|星期|月|年)(?:内|里|以内|之内)?"),
     "zh_within"),
    (re.compile(_ZNUM + r"(个月|个星期|天|周|星期|月|年)(?:内|以内|之内)"), "zh_within"),
    (re.compile(_ZNUM + r"(个月|个星期|天|周|星期|月|年)(?:后|以后|之后)"), "future"),
    (re.compile(r"(?:大前天)"), "d3"),
    (re.compile(r"(?:前天)"), "d2"),
    (re.compile(r"(?:昨天|昨晚|昨日)"), "d1"),
    (re.compile(r"(?:今天|今早|今晚|今日|上午|早上)"), "d0"),
    (re.compile(r"(?:明天|后天|下周|下个星期|下星期|下个礼拜|下个月|下月|明年|将来|以后|过几天)"), "future"),
    (re.compile(r"(?:上上周|上上个星期)"), "lastweek2"),
    (re.compile(r"(?:上周|上个星期|上星期|上个礼拜|上礼拜|一周前)"), "lastweek"),
    (re.compile(r"(?:这周|本周|这个星期|这星期)"), "thisweek"),
    (re.compile(r"(?:去年|上一年)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?"), "zh_lastyear_month"),
    (re.compile(r"(?:术后|手术后|治疗后|生完|出院)" + _ZNUM + r"(?:多)?(个月|个星期|天|周|星期|月|年)"), "zh_after"),
    (re.compile(r"(?:上个月底|上月底|上个月末|上月末)"), "lastmonth_end"),
    (re.compile(r"(?:上个月初|上月初)"), "lastmonth_start"),
    (re.compile(r"(?:上上个月)"), "lastmonth2"),
    (re.compile(r"(?:上个月|上月)"), "lastmonth"),
    (re.compile(r"(?:这个月|本月)"), "thismonth"),
    (re.compile(r"(?:前年)"), "yearbeforelast"),
    (re.compile(r"(?:去年|上一年)"), "lastyear"),
    (re.compile(r"(?:今年|本年)"), "thisyear"),
    (re.compile(r"(?:小时候|童年|儿时|幼年|年轻时|年轻的时候|上学时|上学的时候|读书时|小的时候|出生时)"),
     "childhood"),
    (re.compile(r"(?:很多年前|好多年前|多年前|很久以前|很久之前|几十年前|早年|许多年前)"), "long_ago"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月"), "year_month"),
    (re.compile(r"((?:19|20)\d{2})\s*年"), "year"),
    (re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?(?![前内后])"), "zh_month"),
]


def _num(s: str) -> float:
    s = s.strip()
    if s in _EN_NUM:
        return float(_EN_NUM[s])
    try:
        return float(s)
    except ValueError:
        return 1.0


def _interval(kind: str, m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The date interval meant by one match, or None when it is not a usable time."""
    g = m.groups()
    t = today
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
    if kind == "age":
        return (FAR_PAST, add(t, -6, "year")) if int(g[0]) < 18 else None
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
        months = {"春": (3, 5), "夏": (6, 8), "秋": (9, 11), "冬": (12, 14), "年": (0, 0),
                  "上": (1, 6), "下": (7, 12)}[part]
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
        if m.group(0).find("多") > 0 or "半" in m.group(0)[len(g[0]):]:
            n += 0.5
        d = add(t, -n, unit)
        return (d, d) if kind == "zh_ago" else (d, t)
    return None


def find_times(norm: str, today: dt.date) -> list[TimeExpr]:
    """All non-overlapping time expressions in `norm`, earliest first.

    An expression that names no real date (month 13, unknown unit) is skipped, never raised.
    """
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    norm = mask_long_digit_runs(norm)  # linear time: no pattern looks into a 20,000-digit run
    for pat, kind in _PATTERNS:
        for m in pat.finditer(norm):
            s, e = m.span()
            while s < e and norm[s] == " ":
                s += 1
            if s >= e or any(s < te and ts < e for ts, te in taken):
                continue
            try:
                iv = _interval(kind, m, today)
            except (KeyError, ValueError, OverflowError):
                iv = None
            if iv is None:
                continue
            taken.append((s, e))
            found.append(TimeExpr(s, e, iv[0], iv[1], norm[s:e], today))
    found.sort(key=lambda x: x.start)
    return found
