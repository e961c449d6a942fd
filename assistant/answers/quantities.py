"""Reading measured quantities: a number with an optional unit, one or several of them.

Units, their aliases, conversions and plausible ranges come from a `QuantitySpec`; a few
common spellings of the standard unit names (including Chinese ones) are built in so that a
dialog file need not list every way a person writes "umol/L".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.answers.base import Parsed, invalid, ok
from assistant.answers.numbers import NUMBER, divide, exact, fmt_number, to_decimal
from assistant.trial.specs import QuantitySpec

# Extra spellings of the standard unit names; used only for units the spec defines.
BUILTIN_ALIASES: dict[str, list[str]] = {
    "mg/dL": ["mg/dl", "mg%", "毫克/分升", "mg/100ml"],
    "umol/L": ["µmol/L", "μmol/L", "micromol/L", "micromoles/L", "微摩尔/升", "微摩/升",
               "umol", "µmol"],
    "x10^9/L": ["10^9/L", "*10^9/L", "x10e9/L", "10e9/L", "e9/L", "G/L", "x10^9", "10^9",
                "x 10^9/L", "×10^9/L", "10^9/升", "x10^9/升"],
    "/uL": ["/µL", "/μL", "/mm3", "/mm^3", "cells/uL", "/ul", "个/微升", "/微升", "per uL",
            "per microliter", "/microliter", "uL", "/cumm"],
    "g/day": ["g/24h", "g/24 h", "g/24hr", "g/24hrs", "g/24 hours", "g/d", "g per day",
              "g/day", "grams/day", "g", "克/天", "克/日", "克/24小时", "g/天", "g/24小时",
              "克", "g/24H"],
    "mg/day": ["mg/24h", "mg/24 h", "mg/24hr", "mg/24 hours", "mg/d", "mg per day",
               "毫克/天", "毫克/日", "毫克/24小时", "mg/天", "mg/24小时", "mg", "毫克"],
    "U/L": ["IU/L", "u/l", "iu/l", "units/L", "单位/升", "U/升"],
    "%": ["percent", "per cent", "pct", "％"],
    "ms": ["msec", "milliseconds", "millisecond", "毫秒"],
    "mL/min": ["ml/min", "ml/minute", "毫升/分钟", "毫升/分", "ml/分钟"],
    "mL/min/1.73m2": ["ml/min/1.73m^2", "ml/min/1.73 m2", "ml/min/1.73平方米",
                      "毫升/分钟/1.73平方米", "ml/min/1.73m²", "ml/min per 1.73m2",
                      "ml/min/1.73"],
    "days": ["day", "d", "天", "日", "days"],
    "weeks": ["week", "wk", "wks", "w", "周", "星期", "个星期", "礼拜", "个礼拜", "个周"],
    "months": ["month", "mo", "mos", "mon", "m", "月", "个月", "个多月"],
    "years": ["year", "yr", "yrs", "y", "年", "周岁"],
}

# Chinese unit words, rewritten to the English symbols the keys use.
_CN_UNIT_WORDS = [("微摩尔", "umol"), ("微摩", "umol"), ("毫摩尔", "mmol"), ("毫克", "mg"),
                  ("微克", "ug"), ("克", "g"), ("分升", "dl"), ("毫升", "ml"), ("微升", "ul"),
                  ("升", "l"), ("每", "/")]


def unit_key(text: str) -> str:
    """Canonical spelling of a unit for comparison: case, spaces, µ/μ/u, 'per' and '/',
    '^', '×'/'x'/'*' before 10^n all made the same."""
    k = text.lower().replace("µ", "u").replace("μ", "u").replace("×", "x")
    k = re.sub(r"\s*\bper\b\s*", "/", k)
    k = "".join(k.split())
    for cn, en in _CN_UNIT_WORDS:
        k = k.replace(cn, en)
    k = k.replace("^", "").replace("*", "x")
    k = k.lstrip("x")
    k = re.sub(r"/(?:24hours?|24hrs?|24h|d|天|日|24小时)$", "/day", k)
    k = re.sub(r"/day(?:s)?$", "/day", k)
    return k


@dataclass(frozen=True)
class UnitTable:
    """Alias keys of a spec's units, longest first for greedy matching."""

    keys: dict[str, str]
    order: tuple[str, ...]


def unit_table(spec: QuantitySpec) -> UnitTable:
    """Every spelling of every unit of `spec`, by key. Spec aliases win over built-in ones."""
    keys: dict[str, str] = {}
    for name in spec.units:
        for alias in BUILTIN_ALIASES.get(name, []):
            keys.setdefault(unit_key(alias), name)
    for name, u in spec.units.items():
        for alias in [name, *u.aliases]:
            k = unit_key(alias)
            if k:
                keys[k] = name
    keys.pop("", None)
    return UnitTable(keys, tuple(sorted(keys, key=len, reverse=True)))


# Words between numbers that are not units ("42 and 45", "38、41").
_CONNECTORS = {"and", "or", "&", "then", "to", "vs", "和", "及", "与", "跟", "以及", "或",
               "/", "-", "~", "x", "were", "was", "is", "are", "on", "about", "approximately",
               "around", "approx", "roughly", "左右", "大约", "约", "次", "later",
               "before", "after", "last", "this", "at", "in", "of", "the",
               # SpO2 "on room air" written short: "99 RA", "98% RA".
               "ra"}
_UNIT_WORDS = {"mg", "g", "kg", "ug", "mcg", "mmol", "umol", "mol", "l", "dl", "ml", "iu",
               "u", "meq", "mm", "cm", "s", "sec", "min", "hr", "h", "bpm", "mmhg", "ng",
               "pg", "nmol", "pmol", "毫克", "克", "毫摩尔", "微摩尔", "秒", "毫升", "升"}
_TOKEN = re.compile(r"[^\s\d,;]+")
_DATES = re.compile(
    r"(?<![\d.])(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*[日号]?)?(?![\d.])"
    r"|(?<![\d.])\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)?\d\d(?![\d.])"
    r"|\b(?:on|at|dated|from)\s+\d{1,2}\s*[/.-]\s*\d{1,2}\b"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{1,2}\s*月(?:份)?",
    re.I)
# When a result was taken, written beside a single value: "2.3 g/24h (Dec 2024)",
# "0.9 mg/dL, March 3, 2024", "35 U/L (2024)". Not values.
_WHEN = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+"
    r"(?:19|20)\d\d\b"
    r"|\(\s*(?:in\s+|on\s+)?(?:19|20)\d\d\s*\)"
    r"|\b(?:in|on|from|dated)\s+(?:19|20)\d\d\b",
    re.I)


def strip_dates(text: str) -> str:
    """`text` without the dates written beside a value."""
    return _WHEN.sub(" ", _DATES.sub(" ", text))


@dataclass(frozen=True)
class Reading:
    """One number found in an answer, with the unit written after it (if any)."""

    number: Decimal
    unit: str | None
    unknown_unit: str | None
    text: str


def scan(text: str, table: UnitTable) -> list[Reading]:
    """Every number in `text` with the unit that follows it. Digits inside a recognised unit
    (the 9 of x10^9/L, the 24 of g/24h) are part of the unit, not numbers."""
    out: list[Reading] = []
    pos = 0
    while True:
        m = NUMBER.search(text, pos)
        if not m:
            return out
        number = to_decimal(m.group(0))
        pos = m.end()
        if number is None:
            continue
        rest = text[pos:pos + 40]
        unit, used = _match_unit(rest, table)
        unknown = None
        if unit is None:
            tok = _TOKEN.match(rest.lstrip())
            word = tok.group(0).strip(".") if tok else ""
            if word and word.lower() not in _CONNECTORS and _looks_like_unit(word):
                unknown = word
        else:
            pos += used
        out.append(Reading(number, unit, unknown, m.group(0)))


def _looks_like_unit(word: str) -> bool:
    w = word.lower()
    return ("/" in w or "%" in w or "^" in w or w in _UNIT_WORDS
            or (w.isascii() and w.isalpha() and len(w) <= 3))


def _match_unit(rest: str, table: UnitTable) -> tuple[str | None, int]:
    """The longest unit spelled at the start of `rest`: (unit name, characters used)."""
    lead = len(rest) - len(rest.lstrip())
    body = rest[lead:]
    for end in range(len(body), 0, -1):
        # A unit ends where a word ends: "m" (months) must not match the "m" of "mg".
        if end < len(body) and body[end - 1].isascii() and body[end - 1].isalpha() \
                and body[end].isascii() and body[end].isalpha():
            continue
        name = table.keys.get(unit_key(body[:end]))
        if name is not None:
            return name, lead + end
    return None, 0


def quantity_value(number: Decimal, unit: str, spec: QuantitySpec) -> dict[str, object]:
    """The value dict the record keeps: value in the given unit, unit, value in the base unit."""
    return {"value": exact(number), "unit": unit,
            "base_value": divide(number, spec.units[unit].per_base)}


def _units_list(spec: QuantitySpec) -> str:
    return ", ".join(spec.units)


def _example(spec: QuantitySpec, unit: str | None = None) -> str:
    u = unit or spec.base
    rng = spec.units[u].plausible
    # A typical value: geometric middle of the plausible range, to two significant digits.
    mid = math.sqrt(max(rng[0], rng[1] / 1000) * rng[1]) if rng and rng[1] > 0 else 10.0
    return f"{fmt_number(float(f'{mid:.2g}'))} {u}"


def resolve(r: Reading, spec: QuantitySpec) -> Parsed:
    """Settle the unit of one reading: named, or inferred from the plausible ranges."""
    n = fmt_number(r.number)
    if r.unknown_unit:
        return invalid(
            f"I do not know the unit \"{r.unknown_unit}\" here. Please use one of: "
            f"{_units_list(spec)}, for example {_example(spec)}.",
            f"无法识别单位“{r.unknown_unit}”。请使用以下单位之一：{_units_list(spec)}，"
            f"例如 {_example(spec)}。",
        )
    if r.number < 0:
        return invalid(f"{n} cannot be negative. Please type the value again.",
                       f"{n} 不能是负数。请重新输入数值。")
    if r.unit is not None:
        rng = spec.units[r.unit].plausible
        if rng and not (Decimal(repr(rng[0])) <= r.number <= Decimal(repr(rng[1]))):
            return invalid(
                f"{n} {r.unit} does not look right (expected {fmt_number(rng[0])} to "
                f"{fmt_number(rng[1])} {r.unit}). Please check the number and the unit.",
                f"{n} {r.unit} 看起来不对（通常在 {fmt_number(rng[0])} 到 "
                f"{fmt_number(rng[1])} {r.unit} 之间）。请核对数值和单位。",
            )
        return ok(quantity_value(r.number, r.unit, spec), r.unit)
    if len(spec.units) == 1:
        (only,) = spec.units
        rng = spec.units[only].plausible
        if rng is None or Decimal(repr(rng[0])) <= r.number <= Decimal(repr(rng[1])):
            return ok(quantity_value(r.number, only, spec), only,
                      [f"no unit given; {n} read as {only}, the only unit"])
        return invalid(
            f"{n} {only} does not look right (expected {fmt_number(rng[0])} to "
            f"{fmt_number(rng[1])}). Please check the number.",
            f"{n} {only} 看起来不对（通常在 {fmt_number(rng[0])} 到 {fmt_number(rng[1])} 之间）。"
            "请核对数值。",
        )
    fits = [u for u, s in spec.units.items()
            if s.plausible and Decimal(repr(s.plausible[0])) <= r.number
            <= Decimal(repr(s.plausible[1]))]
    if len(fits) == 1:
        return ok(quantity_value(r.number, fits[0], spec), fits[0],
                  [f"no unit given; {n} read as {fits[0]}, the only plausible unit"])
    if fits:
        alts = " or ".join(fits)
        return invalid(
            f"I could not tell whether {n} is in {alts}. Please add the unit, for example "
            f"{n} {fits[-1]}.",
            f"无法判断 {n} 的单位是 {' 还是 '.join(fits)}。请加上单位，例如 {n} {fits[-1]}。",
        )
    return invalid(
        f"{n} does not look right in any unit I know ({_units_list(spec)}). Please check the "
        f"number and add the unit, for example {_example(spec)}.",
        f"{n} 在已知单位（{_units_list(spec)}）下都不合理。请核对数值并加上单位，例如 "
        f"{_example(spec)}。",
    )


def parse_quantity(text: str, spec: QuantitySpec) -> Parsed:
    """One number with an optional unit ("97 umol/L", "1.6", "1.2x10^9/L"). A date written
    beside it ("2.3 g/24h (Dec 2024)") is not a value."""
    readings = scan(strip_dates(text), unit_table(spec))
    if len(readings) > 1 and all(r.unit for r in readings):
        # The same value in two units ("1.6 mg/dL (141 umol/L)"): fine when they agree.
        first = resolve(readings[0], spec)
        others = [resolve(r, spec) for r in readings[1:]]
        if first.status == "ok" and all(
                o.status == "ok" and abs(o.value["base_value"] - first.value["base_value"])
                <= 0.05 * abs(first.value["base_value"]) for o in others):
            return Parsed("ok", first.value, first.unit,
                          (*first.inferences, "the same value was given in several units; "
                           f"{fmt_number(readings[0].number)} {readings[0].unit} was used"))
    if not readings:
        return invalid(f"Please type a number, for example {_example(spec)}.",
                       f"请输入一个数字，例如 {_example(spec)}。")
    if len(readings) > 1:
        return invalid(f"Please type just one value, for example {_example(spec)}.",
                       f"请只输入一个数值，例如 {_example(spec)}。")
    return resolve(readings[0], spec)


def parse_quantity_list(text: str, spec: QuantitySpec, min_count: int) -> Parsed:
    """Several values of one quantity ("42, 45", "38 and 41", "4.2万, 4.5万"). A unit written
    only after the last value applies to every value without one. Dates written beside the
    values ("42 on 3/10") are not values."""
    readings = scan(strip_dates(text), unit_table(spec))
    if len(readings) < min_count:
        need = f"{min_count} values" if min_count > 1 else "a value"
        return invalid(
            f"Please type {need}, separated by commas, for example "
            f"{', '.join([_example(spec).split()[0]] * max(min_count, 1))}.",
            f"请输入 {min_count} 个数值，用逗号分开，例如 "
            f"{'，'.join([_example(spec).split()[0]] * max(min_count, 1))}。",
        )
    units = {r.unit for r in readings if r.unit}
    notes: list[str] = []
    if len(units) == 1 and readings[-1].unit and any(r.unit is None for r in readings):
        (u,) = units
        readings = [Reading(r.number, r.unit or u, r.unknown_unit, r.text) for r in readings]
        notes.append(f"the unit {u} given once was applied to every value")
    values, seen_units = [], []
    for r in readings:
        p = resolve(r, spec)
        if p.status != "ok":
            return p
        values.append(p.value)
        seen_units.append(p.unit)
        notes.extend(p.inferences)
    unit = seen_units[0] if len(set(seen_units)) == 1 else spec.base
    return ok(values, unit, notes)
