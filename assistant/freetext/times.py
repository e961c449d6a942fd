"""Time expressions in free text ("2 weeks ago", "in 2019", "三周前", "去年") and look-back windows.

`find_times(norm, today)` works on the matcher's normalized text (NFKC, lower case) and returns
each expression as a date interval [lo, hi]: a point for "3 weeks ago", a whole month for
"last month", a whole year for "in 2019". `judge(interval, window, today)` says whether it
lies inside the window before `today`, outside it, straddles it, or is in the future. The dates
each pattern stands for are worked out in `assistant.freetext.timedates`; holidays in
`assistant.freetext.holidays`.
"""

# ruff: noqa: E501 - the pattern table reads best one pattern a line
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant.freetext.holidays import find_holidays, planned
from assistant.freetext.timedates import _EN_NUM, _MONTHS, add, interval
from assistant.text.limits import mask_long_digit_runs
from assistant.trial.lexicon import Window

_ONGOING = re.compile(r"since\b|从|自")


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

    @property
    def ongoing(self) -> bool:
        """A state that began then and lasts until the screening date ("since 2016", "从2016年
        开始"): it is present inside any look-back window."""
        return self.hi == self._today and self.lo < self._today and bool(
            _ONGOING.match(self.text)
        )


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
    # "since 2016" lasts until now, except a state of being free of it ("cancer free since 2015")
    (re.compile(r"(?<!free )(?<!remission )(?<!clear )(?<!well )(?<!fine )(?<!healthy )(?<!nothing )"
                r"\bsince\s+((?:19|20)\d{2})\b"), "since_year"),
    (re.compile(r"(?:从|自)\s*((?:19|20)\d{2})\s*年(?:\d{1,2}\s*月份?)?(?:起|开始|以来|至今)"), "since_year"),
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
    (re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*岁(?:时|的时候|那年|那会儿?)"), "zh_age"),
    (re.compile(r"(?:前年)"), "yearbeforelast"),
    (re.compile(r"(?:去年|上一年)"), "lastyear"),
    (re.compile(r"(?:今年|本年)"), "thisyear"),
    (re.compile(r"(?:小时候|童年|儿时|幼年|年轻时|年轻的时候|上学时|上学的时候|读书时|小的时候|出生时)"),
     "childhood"),
    (re.compile(r"(?:很多年前|好多年前|多年前|很久以前|很久之前|几十年前|早年|许多年前)"), "long_ago"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd"),
    (re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月"), "year_month"),
    # "s/p appendectomy remote": clinicians' "remote" is long ago (more than a year)
    (re.compile(r"\b(?:remote|remotely|in the remote past)\b"), "remote"),
    (re.compile(r"((?:19|20)\d{2})\s*年"), "year"),
    (re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?(?![前内后])"), "zh_month"),
]


def find_times(norm: str, today: dt.date) -> list[TimeExpr]:
    """All non-overlapping time expressions in `norm`, earliest first.

    An expression that names no real date (month 13, unknown unit) is skipped, never raised.
    """
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    norm = mask_long_digit_runs(norm)  # linear time: no pattern looks into a 20,000-digit run
    for s, e, lo, hi, txt in find_holidays(norm, today):  # "at Easter", "去年春节"
        taken.append((s, e))
        found.append(TimeExpr(s, e, lo, hi, txt, today))
    for pat, kind in _PATTERNS:
        for m in pat.finditer(norm):
            s, e = m.span()
            while s < e and norm[s] == " ":
                s += 1
            if s >= e or any(s < te and ts < e for ts, te in taken):
                continue
            try:
                iv = interval(kind, m, today)
            except (KeyError, ValueError, OverflowError):
                iv = None
            if iv is None:
                continue
            if kind in ("month", "zh_month") and iv[1] <= today and iv[0].month != today.month and (
                not norm[s:e].startswith(("last", "this past", "back in")) and planned(norm, s, e)
            ):  # a month without a year in a plan is the next one ("surgery booked for March")
                nxt = iv[0].replace(year=iv[0].year + 1)
                iv = (nxt, add(nxt, 1, "month") - dt.timedelta(days=1))
            taken.append((s, e))
            found.append(TimeExpr(s, e, iv[0], iv[1], norm[s:e], today))
    found.sort(key=lambda x: x.start)
    return found
