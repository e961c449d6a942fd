"""Reading ages, durations and dates, QTc and glucocorticoid doses from typed answers."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal

from assistant.answers.base import Parsed, invalid, ok
from assistant.answers.numbers import NUMBER, exact, fmt_number, to_decimal
from assistant.answers.quantities import quantity_value, scan, unit_table
from assistant.text.dates import (  # noqa: F401 - DateProblem, find_date: this module's API
    DateProblem,
    completed_years,
    find_date,
    months_between,
)
from assistant.text.words import APPROXIMATE
from assistant.trial.specs import QuantitySpec

# ---------------------------------------------------------------- age

_AGE_WORDS = re.compile(r"^(?:i am|i'm|im|age|aged|我|今年|年龄|:|\s)*", re.I)
_AGE_UNITS = re.compile(
    r"^\s*(?:years?(?: old)?|yrs?(?: old)?|y/?o|y|岁|周岁|歲|years of age)?"
    r"\s*(?:old|了|啦)?\s*[.!]?$",
    re.I,
)


def parse_age(text: str, today: date) -> Parsed:
    """Age in years ("45", "45岁", "四十五岁") or a date of birth ("1979-03-02")."""
    try:
        found = find_date(text)
    except DateProblem as p:
        return invalid(p.en, p.zh)
    if found:
        born, has_day = found
        if not has_day:
            return invalid(
                "Please give the full date of birth (year-month-day) or your age in "
                "years, for example 45.",
                "请填写完整的出生日期（年-月-日）或年龄，例如 45岁。",
            )
        if born > today:
            return invalid(
                "That date of birth is in the future. Please check it.",
                "出生日期晚于今天，请核对。",
            )
        years = completed_years(born, today)
        if years > 120:
            return invalid(
                "That date of birth gives an age over 120. Please check it.",
                "按此出生日期年龄超过 120 岁，请核对。",
            )
        return ok(
            years,
            "years",
            [f"age {years} computed from date of birth {born.isoformat()} at {today.isoformat()}"],
        )
    body = _AGE_WORDS.sub("", APPROXIMATE.sub(" ", text.lower()).strip())
    m = NUMBER.match(body)
    if not m or not _AGE_UNITS.match(body[m.end() :]):
        return invalid(
            "Please type your age in years, for example 45, or your date of birth, "
            "for example 1979-03-02.",
            "请输入年龄（例如 45岁）或出生日期（例如 1979-03-02）。",
        )
    n = to_decimal(m.group(0))
    if n is not None and 1900 <= n <= 2100 and n == int(n):
        return invalid(
            "Please give the full date of birth (year-month-day), for example "
            f"{int(n)}-03-02, or your age in years.",
            f"请填写完整的出生日期（年-月-日），例如 {int(n)}-03-02，或填写年龄。",
        )
    if n is None or n < 0 or n > 120:
        return invalid(
            "That age does not look right. Please type your age in years, for example 45.",
            "年龄看起来不对。请输入周岁年龄，例如 45。",
        )
    notes = []
    if n != int(n):
        notes.append(f"age {fmt_number(n)} read as {int(n)} completed years")
    return ok(int(n), "years", notes)


# ---------------------------------------------------------------- duration

_NOW = re.compile(
    r"^(?:now|right now|currently|current|today|this week|during screening|"
    r"at screening|ongoing|just now|recently done|现在|目前|今天|本周|这周|这个星期|"
    r"筛选期间|筛选期|正在|刚刚|当前)$"
)
_RELATIVE = [
    (re.compile(r"\b(?:last|previous|past) week\b|上周|上个星期|上个礼拜|上星期"), 1, "weeks"),
    (re.compile(r"\b(?:last|previous|past) month\b|上个月|上月"), 1, "months"),
    (re.compile(r"\b(?:last|previous|past) year\b|去年"), 1, "years"),
    (re.compile(r"\byesterday\b|昨天"), 1, "days"),
]


def parse_duration(text: str, today: date, spec: QuantitySpec) -> Parsed:
    """A length of time or "how long ago" ("4 months", "半年", "2024-10-01"), in months."""
    low = " ".join(APPROXIMATE.sub(" ", text.lower()).split()).strip(" .")
    if _NOW.match(low):
        return ok(_dur(Decimal(0), spec.base, spec), spec.base, ['"now" read as 0'])
    try:
        found = find_date(text)
    except DateProblem as p:
        return invalid(p.en, p.zh)
    if found:
        when, has_day = found
        if when > today:
            return invalid(
                "That date is in the future. Please give a past date or how long "
                "ago, for example 3 months.",
                "该日期晚于今天。请填写过去的日期或多久以前，例如 3个月。",
            )
        months = months_between(when, today)
        notes = [
            f"date {when.isoformat()} converted to {fmt_number(months)} months before "
            f"{today.isoformat()}"
        ]
        if not has_day:
            notes.insert(0, f"no day given; took the 1st of the month ({when.isoformat()})")
        return ok(_dur(Decimal(repr(months)), "months", spec), "months", notes)
    if re.fullmatch(r"\d{4}\s*年?", low):
        return invalid(
            "Please give the month too (for example 2024-10), or how long ago, for "
            "example 3 months.",
            "请同时填写月份（例如 2024年10月）或多久以前，例如 3个月。",
        )
    for rx, n, rel_unit in _RELATIVE:
        if rx.search(low) and not NUMBER.search(low) and rel_unit in spec.units:
            return ok(
                _dur(Decimal(n), rel_unit, spec), rel_unit, [f'"{text}" read as {n} {rel_unit} ago']
            )
    # "a year", "an month", "half a year", "1 and a half years", "一年半", "两个半月".
    low = re.sub(r"\bhalf (?:a |an )?(year|month|week|day)", r"0.5 \1", low)
    low = re.sub(r"\b(?:a|an|one)\s+(?=(?:year|month|week|day)s?\b)", "1 ", low)
    low = re.sub(r"(\d+(?:\.\d+)?)\s*(?:and a half|个半)\s*", lambda m: _plus_half(m, ""), low)
    low = re.sub(
        r"(\d+(?:\.\d+)?)\s*(年|个月|月|周|天)半", lambda m: _plus_half(m, m.group(2)), low
    )
    low = re.sub(r"^半\s*(?=年|个月|月|个?星期|周|天)", "0.5", low)
    low = re.sub(r"\s*(?:ago|before|back|previously|earlier|以前|之前|前)\s*\.?$", "", low)
    readings = scan(low, unit_table(spec))
    if len(readings) > 1 and all(r.unit and not r.unknown_unit for r in readings):
        # "1 year and 2 months": the parts add up.
        total = sum(
            (
                Decimal(repr(quantity_value(r.number, r.unit or spec.base, spec)["base_value"]))
                for r in readings
            ),
            Decimal(0),
        )
        parts = " + ".join(f"{fmt_number(r.number)} {r.unit}" for r in readings)
        return ok(
            _dur(total, spec.base, spec),
            spec.base,
            [f"{parts} added up to {fmt_number(total)} {spec.base}"],
        )
    if (
        len(readings) == 1
        and readings[0].unit is None
        and re.fullmatch(r"(?:19|20)\d\d", readings[0].text)
    ):
        return invalid(
            "Please give the month too (for example 2024-10), or how long ago, for "
            "example 3 months.",
            "请同时填写月份（例如 2024年10月）或多久以前，例如 3个月。",
        )
    if len(readings) != 1 or readings[0].unknown_unit:
        return invalid(
            "Please type how long, for example 3 months, 2 weeks, or a date such as 2024-10-01.",
            "请输入时长，例如 3个月、2周，或日期，例如 2024-10-01。",
        )
    r = readings[0]
    if r.number < 0:
        return invalid(
            "A length of time cannot be negative. Please type it again, for example 3 months.",
            "时长不能为负数。请重新输入，例如 3个月。",
        )
    notes = []
    unit = r.unit
    if unit is None:
        # Words left beside a bare number ("3 parsecs") are an unknown unit, not months.
        if re.search(r"[^\W\d_]", low.replace(r.text, "", 1)):
            return invalid(
                "Please type how long with a unit, for example 3 months or 2 weeks.",
                "请输入时长并带上单位，例如 3个月 或 2周。",
            )
        unit = spec.base
        notes.append(f"no unit given; {fmt_number(r.number)} read as {unit}")
    return ok(_dur(r.number, unit, spec), unit, notes)


def _plus_half(m: re.Match[str], unit: str) -> str:
    return fmt_number(Decimal(m.group(1)) + Decimal("0.5")) + " " + unit


def _dur(n: Decimal, unit: str, spec: QuantitySpec) -> dict[str, object]:
    return quantity_value(n, unit, spec)


# ---------------------------------------------------------------- QTc

_LABELLED = re.compile(
    r"(?<![a-z])(qtcb|qtc|qt|hr|heart rate|pulse|rate|rr interval|rr|心率|脉搏|rr间期)"
    r"(?:\s*interval|\s*间期)?"
    r"\s*[:=]?\s*(?:is|of|was)?\s*(" + NUMBER.pattern + r")"
    r"\s*(ms|msec|毫秒|s|sec|秒|bpm|/min|次/分钟?|beats/min)?",
    re.I,
)


def parse_qtc(text: str) -> Parsed:
    """QTcB in ms ("430", "QTcB 455ms"), or QT with heart rate or RR ("QT 400, HR 75"),
    corrected with Bazett's formula QTcB = QT / sqrt(RR)."""
    low = text.lower()
    found: dict[str, float] = {}
    for m in _LABELLED.finditer(low):
        label, num, unit = m.group(1), to_decimal(m.group(2)), (m.group(3) or "")
        if num is None:
            continue
        key = {
            "qtcb": "qtc",
            "qtc": "qtc",
            "qt": "qt",
            "rr interval": "rr",
            "rr": "rr",
            "rr间期": "rr",
        }.get(label, "hr")
        found.setdefault(key, float(num))
        if key == "rr" and unit in ("ms", "msec", "毫秒"):
            found["rr"] = float(num) / 1000
    # Another correction (Fridericia, Framingham, Hodges) is not QTcB: a QTcF of 440 can be a
    # QTcB over 470. Without QTcB or QT and heart rate, ask for those.
    other_fix = re.search(
        r"qtc\s*[\(（]?\s*(?:f|fri|fra|h)\b|qtcf|fridericia|framingham|hodges", low
    )
    if other_fix and "qtcb" not in low and not ("qt" in found and ("hr" in found or "rr" in found)):
        return invalid(
            "The study uses the Bazett-corrected QTc (QTcB). Please type the QTcB, or the QT "
            "and the heart rate (for example QT 400 ms, HR 75).",
            "本研究使用 Bazett 校正的 QTc（QTcB）。请填写 QTcB，或 QT 间期和心率"
            "（例如 QT 400 毫秒，心率 75）。",
        )
    if not found:
        nums = NUMBER.findall(low)
        bpm = re.search(r"(" + NUMBER.pattern + r")\s*(?:bpm|beats|次/分)", low)
        if bpm and len(nums) == 2:
            other = [n for n in nums if n != bpm.group(1)]
            if other and (qt_read := to_decimal(other[0])) is not None:
                found = {"qt": float(qt_read), "hr": float(to_decimal(bpm.group(1)) or 0)}
        elif len(nums) == 1 and (n := to_decimal(nums[0])) is not None:
            found = {"qtc": float(n)}
    notes: list[str] = []
    value: dict[str, float] = {}
    if "qtc" in found:
        q = found["qtc"]
        if q < 3:
            notes.append(f"{fmt_number(q)} read as seconds: {fmt_number(q * 1000)} ms")
            q *= 1000
        value["qtcb_ms"] = exact(Decimal(repr(q)))
    elif "qt" in found and ("hr" in found or "rr" in found):
        qt = found["qt"] * (1000 if found["qt"] < 3 else 1)
        if "rr" in found:
            rr = found["rr"] / 1000 if found["rr"] > 3 else found["rr"]
        else:
            if found["hr"] <= 0:
                return invalid("The heart rate must be above 0.", "心率必须大于 0。")
            rr = 60 / found["hr"]
            value["hr_bpm"] = found["hr"]
        if rr <= 0:
            return invalid("The RR interval must be above 0.", "RR 间期必须大于 0。")
        value.update(qt_ms=qt, rr_s=round(rr, 6), qtcb_ms=round(qt / math.sqrt(rr), 1))
        notes.append(
            f"QTcB computed by Bazett: {fmt_number(qt)} / sqrt({fmt_number(round(rr, 4))}"
            f" s) = {fmt_number(value['qtcb_ms'])} ms"
        )
    elif "qt" in found:
        return invalid(
            "Please also give the heart rate (for example QT 400 ms, HR 75), or type "
            "the QTc in ms, for example 430.",
            "请同时填写心率（例如 QT 400 心率 75），或直接输入 QTc（毫秒），例如 430。",
        )
    else:
        return invalid(
            "Please type the QTc in ms, for example 430, or QT and heart rate, for "
            "example QT 400 ms, HR 75.",
            "请输入 QTc（毫秒），例如 430；或 QT 和心率，例如 QT 400 心率 75。",
        )
    if not 250 <= value["qtcb_ms"] <= 700:
        return invalid(
            f"A QTc of {fmt_number(value['qtcb_ms'])} ms does not look right "
            "(expected 250 to 700 ms). Please check the ECG report.",
            f"QTc {fmt_number(value['qtcb_ms'])} 毫秒看起来不对"
            "（通常在 250 到 700 之间）。请核对心电图报告。",
        )
    return ok(value, "ms", notes)
