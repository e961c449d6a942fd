"""Numbers inside free text: "LVEF 35%", "ejection fraction was about 40 percent",
"creatinine clearance 22 ml/min", "射血分数35%", "QTc 480 ms", judged by the lexicon's thresholds.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from assistant.freetext.context import Clauses, Cue, assess
from assistant.freetext.hit import Hit
from assistant.text.numerals import chinese_amount
from assistant.trial.lexicon import Criterion, Item, Lexicon, NumericRule

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
# Words allowed between a name and its number ("EF was only about 35").
_FILL = (
    r"(?:\s|[:=~≈<>≤≥\(\)]|(?:is|was|of|at|about|around|approx|approximately|only|just|"
    r"measured|reading|value|level|down|to|now|currently|recently|last|most|my|roughly|less|"
    r"than|below|under|were|are|be|estimated|calculated|came|back|as|low|high|up|showed|"
    r"shows|result|results|around|maybe|like|ms|ml|min|prolonged|elevated|increased|interval|"
    r"borderline|long|may|might|somewhat|slightly|bit|a|little|probably|perhaps|possibly|"
    r"say|said|told|the|time|just|pump|pumps|pumping|"
    # verbs of change and report between a name and its value ("ejection fraction dropped to
    # 35% after the flare", "EF has gone down to 40"): a bounded gap inside one clause
    r"dropped|drop|drops|fell|fallen|falls|went|gone|go|goes|decreased|reduced|declined|dipped|"
    r"sank|slipped|sunk|has|had|have|been|got|gotten|stayed|stays|remained|remains|still|sits|"
    r"sitting|reads|read|measures|measuring|recorded|reported|noted|shown|showing|found|"
    r"checked|tested|last|latest|recent|echo|on|by|into|only|even|further|again|lower|"
    r"worse|it|its|it's|is|under|around)\b|百分之|好像|似乎|估计|差不多|将近|大约|应该|"
    r"不到|低于|小于|少于|还不到|才|降到|降至|下降到|掉到|跌到|减到|降低到|只剩|只剩下|最近|上次|"
    r"检查|查|测|测的|测出|测出来|结果|显示|提示|[为是只有约大概仅在了左右的：:仅达]){0,12}?"
)
_NUM = (
    r"(\d+(?:\.\d+)?|[一二两三四五六七八九]?十[一二三四五六七八九几]?"
    r"|[一二两三四五六七八九]百[零一二三四五六七八九十]*)"
)
_APPROX = ("大概", "约", "差不多", "将近", "左右", "上下", "大约")


def _value(s: str) -> float:
    """A number in digits or Chinese ("二十几" 25, "一百零五" 105): the shared reader."""
    v = chinese_amount(s)
    return float(s) if v is None and s[0].isdigit() else float(v or 0.0)


_LESS = re.compile(r"less|below|under|<|≤|低于|小于|不到")
# The person's sex when the text states it ("male, qtc 455", "40 yo M", "45F").
_MALE = re.compile(
    r"\b(?:male|man|gentleman|guy)\b|\b\d{1,3}\s*(?:yo|y/o|y\.o\.|yr old|"
    r"years? old|year-old)?\s*m\b(?!\.\w)"
    r"|(?:^|[,;(/]\s*|\bsex\s*[:=]?\s*)m(?=\s*(?:[,;)/]|\.(?!\w)|$))"
)
_FEMALE = re.compile(
    r"\b(?:female|woman|lady)\b|\b\d{1,3}\s*(?:yo|y/o|y\.o\.|yr old|"
    r"years? old|year-old)?\s*f\b(?!\.\w)"
    r"|(?:^|[,;(/]\s*|\bsex\s*[:=]?\s*)f(?=\s*(?:[,;)/]|\.(?!\w)|$))"
)


# "我是男的", "男性", "性别：女", "本人女，45岁" (not 男朋友, 女儿, 女士们' children…)
_MALE_ZH = re.compile(
    r"(?:我是|本人|性别[:：]?\s*|患者|病人)男(?!朋友|友|儿|孩|生|方|人|科)"
    r"|男性|男士|男患者|(?:^|[,;(/:\s])男(?=$|[,;)/\s]|\d)|\d\s*岁的?男(?!朋友|友|儿|孩|生|方|人|科)"
)
_FEMALE_ZH = re.compile(
    r"(?:我是|本人|性别[:：]?\s*|患者|病人)女(?!朋友|友|儿|孩|生|方|人|科)"
    r"|女性|女士|女患者|(?:^|[,;(/:\s])女(?=$|[,;)/\s]|\d)|\d\s*岁的?女(?!朋友|友|儿|孩|生|方|人|科)"
)


def sex_of(norm: str) -> str | None:
    """'male' or 'female' when the text says so (and not both), else None."""
    m, f = bool(_MALE.search(norm)), bool(_FEMALE.search(norm))
    if not norm.isascii():  # Chinese, or Chinese mixed with English ("35yo F，QTc 460")
        m = m or bool(_MALE_ZH.search(norm))
        f = f or bool(_FEMALE_ZH.search(norm))
    return "male" if m and not f else "female" if f and not m else None


def _name_pattern(names: list[str], normalize: Callable[[str], str]) -> str:
    parts = []
    for n in sorted({normalize(x) for x in names}, key=len, reverse=True):
        p = re.escape(n).replace(r"\ ", r"\s*")
        if n[0].isascii() and n[0].isalnum():
            p = r"(?<![a-z0-9])" + p
        if n[-1].isascii() and n[-1].isalnum():
            p += r"(?![a-z])"
        parts.append(p)
    return "(?:" + "|".join(parts) + ")"


class NumericMatcher:
    """All numeric rules of a lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon, normalize: Callable[[str], str]) -> None:
        self._rules: list[tuple[Criterion, Item, NumericRule, re.Pattern[str], re.Pattern[str]]]
        self._rules = []
        for crit in lexicon.criteria:
            for it in crit.items:
                for rule in it.numeric:
                    name = _name_pattern(rule.names.en + rule.names.zh, normalize)
                    fwd = re.compile(name + "(" + _FILL + ")" + _NUM)
                    back = re.compile(r"(?<![\d.])" + _NUM + r"\s*(?:%|percent)\s*" + name)
                    self._rules.append((crit, it, rule, fwd, back))

    def find(
        self,
        norm: str,
        text: str,
        spans: list[tuple[int, int]],
        units: list[str],
        cues: list[Cue],
        clauses: Clauses,
        scope: int,
        post: int,
        patient: frozenset[str] = frozenset(),
    ) -> list[Hit]:
        """Hits for every number that follows (or precedes) one of the rules' names."""
        out: list[Hit] = []
        if not any(ch.isdigit() or ch in "十百" for ch in norm):
            return out
        sex = sex_of(norm)
        for crit, it, rule, fwd, back in self._rules:
            for m, less in [(m, bool(_LESS.search(m.group(1)))) for m in fwd.finditer(norm)] + [
                (m, False) for m in back.finditer(norm)
            ]:
                num_group = 2 if m.re is fwd else 1
                value = _value(m.group(num_group))
                if not rule.min_value <= value <= rule.max_value:
                    continue
                if less:
                    value -= 1e-6  # "less than 30" satisfies "< 30"
                a, b = m.span()
                if b < len(norm) and norm[b] == "%":
                    b += 1
                st = next((i for i, (s, e) in enumerate(spans) if e > a), 0)
                en = next((i for i, (s, e) in enumerate(spans) if s >= b), len(spans))
                ctx = assess(st, max(en, st + 1), cues, units, clauses, scope, post)
                if ctx.experiencer and any(x.lower() not in patient for x in ctx.experiencers):
                    continue
                status, note = "negated", "value outside the criterion"
                for th in rule.thresholds:
                    if th.sex and th.sex != sex:
                        continue
                    if _OPS[th.op](value, th.limit):
                        status, note = th.status, th.note or f"{th.op} {th.limit:g}"
                        break
                if (
                    status == "negated"
                    and not norm.isascii()
                    and any(w in norm[a : b + 3] for w in _APPROX)
                    and any(abs(value - th.limit) <= 0.1 * th.limit for th in rule.thresholds)
                ):
                    status, note = "uncertain", "about the limit"  # "肌酐清除率大概30左右"
                if status != "negated" and (ctx.hedged or ctx.hypothetical):
                    status, note = "uncertain", f"hedged: '{ctx.hedged or ctx.hypothetical}'"
                out.append(
                    Hit(crit.id, it.id, status, 100, text[a:b], m.group(0), note, None, a, b, False)
                )
        return out
