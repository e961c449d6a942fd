"""Reading the current daily glucocorticoid ("prednisone 7.5 mg", "甲泼尼龙 4mg 每日两次")."""

from __future__ import annotations

import re
from decimal import Decimal

from rapidfuzz import fuzz, process

from assistant.answers.base import Parsed, invalid, ok
from assistant.answers.numbers import NUMBER, exact, fmt_number, to_decimal
from assistant.trial.specs import GlucocorticoidTable

# Common names and abbreviations, used only for drugs the table defines (by canonical key).
BUILTIN_NAMES: dict[str, list[str]] = {
    "prednisone": ["prednisone", "pred", "deltasone", "泼尼松", "强的松", "醋酸泼尼松"],
    "prednisolone": ["prednisolone", "泼尼松龙", "强的松龙"],
    "methylprednisolone": ["methylprednisolone", "methylpred", "medrol", "solu-medrol",
                           "甲泼尼龙", "甲强龙", "美卓乐", "甲基强的松龙", "甲基泼尼松龙", "甲泼"],
    "dexamethasone": ["dexamethasone", "dex", "decadron", "地塞米松"],
    "hydrocortisone": ["hydrocortisone", "cortef", "氢化可的松"],
    "cortisone": ["cortisone", "可的松"],
    "betamethasone": ["betamethasone", "倍他米松"],
    "triamcinolone": ["triamcinolone", "曲安西龙", "去炎松"],
    "deflazacort": ["deflazacort", "地夫可特"],
}

_NONE = re.compile(
    r"^(?:no|none|nope|nothing|never|n/a|na|nil|0|0 ?mg|zero|not taking(?: any)?(?: steroids?)?"
    r"|no steroids?|no glucocorticoids?|not on (?:any )?steroids?|i don'?t take (?:any )?"
    r"(?:steroids?)?|stopped|没有|无|没|不吃|不用|不吃激素|没有吃|没吃|没用|不用激素|没有激素|没吃激素"
    r"|没有用|没有用激素|没有服用|未服用|不服用|停了|已停|已经停了|无激素)[ .!。]*$",
    re.I,
)

# Frequency words, most specific first; matched spans are removed before doses are read.
_FREQ: list[tuple[re.Pattern[str], Decimal, str]] = [
    (re.compile(r"every other day|alternate days?|\bq\.?o\.?d\.?\b|隔天|隔日|每两天|每2天",
                re.I), Decimal("0.5"), "every other day"),
    (re.compile(r"four times|\bq\.?i\.?d\.?\b|\b4 ?(?:times|x)\b|4\s*次", re.I), Decimal(4),
     "four times a day"),
    (re.compile(r"three times|thrice|\bt\.?i\.?d\.?\b|\b3 ?(?:times|x)\b|3\s*次", re.I),
     Decimal(3), "three times a day"),
    (re.compile(r"twice|\bb\.?i\.?d\.?\b|\b2 ?(?:times|x)\b|2\s*次", re.I), Decimal(2),
     "twice a day"),
    (re.compile(r"\bonce\b|\bdaily\b|\bq\.?d\.?\b|\bqam\b|\bevery ?day\b|\beach day\b|"
                r"\b(?:a|per) day\b|/\s*d(?:ay)?\b|每天|每日|一天|1天|1\s*次|每早|早上", re.I),
     Decimal(1), "once a day"),
]
_DOSE = re.compile(r"(" + NUMBER.pattern + r")\s*(mg|milligrams?|mgs|毫克|mcg|ug|µg|μg|微克|"
                   r"g|grams?|克|tablets?|tabs?|pills?|片|粒)?", re.I)
_NOT_DOSE = re.compile(
    r"\b(?:for|since|in|from)\s+(?:about\s+)?\d+(?:\.\d+)?\s*(?:years?|months?|weeks?|days?|yrs?|mos?)?\b"
    r"|\d+(?:\.\d+)?\s*(?:years?|months?|weeks?|days?|yrs?|wks?)\b|(?<!\d)(?:19|20)\d\d(?!\d)"
    r"|\d+(?:\.\d+)?\s*(?:个月|年|周|天|星期)", re.I)
_UNIT_FACTOR = {"g": Decimal(1000), "gram": Decimal(1000), "grams": Decimal(1000),
                "克": Decimal(1000), "mcg": Decimal("0.001"), "ug": Decimal("0.001"),
                "µg": Decimal("0.001"), "μg": Decimal("0.001"), "微克": Decimal("0.001")}


def _name_table(table: GlucocorticoidTable) -> list[tuple[str, str]]:
    """(lower-case name, canonical key), longest first, so 泼尼松龙 wins over 泼尼松."""
    names: dict[str, str] = {}
    for key in table.drugs:
        for n in BUILTIN_NAMES.get(key, []):
            names.setdefault(n.lower(), key)
    for key, spec in table.drugs.items():
        names[key.lower()] = key
        for n in spec.names:
            names[n.lower()] = key
    return sorted(names.items(), key=lambda kv: len(kv[0]), reverse=True)


def _find_drugs(low: str, table: GlucocorticoidTable) -> tuple[list[str], str, list[str]]:
    """Drugs named in `low`, the text with their names blanked out, and fuzzy-match notes."""
    found: list[str] = []
    notes: list[str] = []
    for name, key in _name_table(table):
        rx = re.escape(name) if not name.isascii() else rf"(?<![a-z]){re.escape(name)}(?![a-z])"
        if re.search(rx, low):
            found.append(key)
            low = re.sub(rx, " ", low)
    ascii_names = [n for n, _ in _name_table(table) if n.isascii() and len(n) >= 5]
    lookup = dict(_name_table(table))
    for word in re.findall(r"[a-z][a-z-]{4,}", low):
        hit = process.extractOne(word, ascii_names, scorer=fuzz.ratio, score_cutoff=80)
        if hit:
            key = lookup[hit[0]]
            found.append(key)
            notes.append(f"\"{word}\" read as {key} (spelling)")
            low = low.replace(word, " ")
    return list(dict.fromkeys(found)), low, notes


def parse_steroid(text: str, table: GlucocorticoidTable) -> Parsed:
    """Current daily glucocorticoid: drug, dose, frequency -> mg/day and prednisone equivalent.

    A dose without a drug is not assumed to be prednisone: the equivalence differs by drug.
    """
    low = text.lower().strip()
    if _NONE.match(low):
        return ok({"drug": None, "dose_mg": 0, "per_day_mg": 0, "prednisone_eq_mg": 0},
                  "mg/day", ["no glucocorticoid taken"])
    drugs, rest, notes = _find_drugs(low, table)
    if not drugs and not re.search(r"\d", low) and re.search(
            r"^(?:no|none|not|never|nothing)\b|\bstopped\b|停|没|不吃|不用|未用", low):
        return ok({"drug": None, "dose_mg": 0, "per_day_mg": 0, "prednisone_eq_mg": 0},
                  "mg/day", [f"\"{text}\" read as no glucocorticoid now"])
    example_en = "for example prednisone 7.5 mg, or none"
    example_zh = "例如 泼尼松 7.5 mg；如未使用请填“没有”"
    if len(drugs) > 1:
        return invalid(f"Please name one glucocorticoid with its daily dose ({', '.join(drugs)} "
                       f"were named), {example_en}.",
                       f"请只填写一种激素及其每日剂量（您提到了 {'、'.join(drugs)}），"
                       f"{example_zh}。")
    freq, freq_name = Decimal(1), None
    for rx, mult, label in _FREQ:
        if rx.search(rest):
            freq, freq_name = mult, label
            rest = rx.sub(" ", rest)
            break
    for rx, _, _ in _FREQ:  # remaining frequency words ("daily" in "twice daily") are not doses
        rest = rx.sub(" ", rest)
    # How long ("for 3 months", "since 2023") is another question's answer, not a dose.
    rest = _NOT_DOSE.sub(" ", rest)
    doses: list[Decimal] = []
    bare: list[Decimal] = []
    tablets: list[Decimal] = []
    for m in _DOSE.finditer(rest):
        n = to_decimal(m.group(1))
        unit = (m.group(2) or "").lower()
        if n is None:
            continue
        if unit in ("tablet", "tablets", "tab", "tabs", "pill", "pills", "片", "粒"):
            tablets.append(n)
            continue
        if unit:
            doses.append(n * _UNIT_FACTOR.get(unit, Decimal(1)))
        else:
            bare.append(n)
    # Numbers without "mg" count only when no number has it ("prednisone 7.5").
    unit_missing = not doses and bool(bare)
    if unit_missing:
        doses = bare
    if not drugs:
        if doses or tablets:
            return invalid("Which medicine is that dose of? Please name it, for example "
                           "prednisone 7.5 mg or methylprednisolone 4 mg.",
                           "这是哪种药的剂量？请写上药名，例如 泼尼松 7.5 mg 或 甲泼尼龙 4 mg。")
        return invalid(f"Please type the glucocorticoid you take now and its dose, {example_en}.",
                       f"请填写您目前服用的激素及剂量，{example_zh}。")
    drug = drugs[0]
    if not doses:
        return invalid(f"How many mg of {drug} do you take? Please add the dose, for example "
                       f"{drug} 5 mg.",
                       f"请填写 {drug} 的剂量（毫克），例如 {drug} 5 mg。")
    if len(doses) > 1 and freq != 1:
        return invalid("Please give the total dose per day, for example prednisone 10 mg.",
                       "请填写每日总剂量，例如 泼尼松 10 mg。")
    dose = doses[0]
    if len(tablets) == 1 and len(doses) == 1:
        dose = doses[0] * tablets[0]
        notes.append(f"{fmt_number(tablets[0])} tablets of {fmt_number(doses[0])} mg read as "
                     f"{fmt_number(dose)} mg")
    elif len(doses) > 1:
        dose = sum(doses, Decimal(0))
        notes.append(f"doses {' + '.join(fmt_number(d) for d in doses)} mg added up to "
                     f"{fmt_number(dose)} mg a day")
    if unit_missing:
        notes.append(f"no unit given; dose {fmt_number(dose)} read as mg")
    per_day = dose * freq
    if freq_name and freq != 1:
        notes.append(f"{fmt_number(dose)} mg {freq_name} = {fmt_number(per_day)} mg/day")
    if per_day < 0 or per_day > 2000:
        return invalid(f"{fmt_number(per_day)} mg a day does not look right. Please check the "
                       "dose.",
                       f"每日 {fmt_number(per_day)} mg 看起来不对，请核对剂量。")
    spec = table.drugs[drug]
    eq = per_day * Decimal(repr(table.reference_mg)) / Decimal(repr(spec.equivalent_mg))
    if drug != table.reference:
        notes.append(f"{fmt_number(per_day)} mg/day of {drug} = {fmt_number(exact(eq))} mg/day "
                     f"of {table.reference} ({fmt_number(spec.equivalent_mg)} mg = "
                     f"{fmt_number(table.reference_mg)} mg)")
    return ok({"drug": drug, "dose_mg": exact(dose), "per_day_mg": exact(per_day),
               "prednisone_eq_mg": exact(eq)}, "mg/day", notes)
