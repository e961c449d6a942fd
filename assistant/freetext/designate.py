"""Who is the patient in Chinese text: a relative the writer answers for is the person
screened ("病人是我老婆", "我替我媳妇答"), and a writer who says she is not the patient
("我是病人家属") is someone else. Turns such cues into PATIENT cues for
`assistant.freetext.context`."""

from __future__ import annotations

import re

from assistant.freetext.context import _SELF, EXP_PRE, PATIENT, Cue

# -- who is the patient (Chinese) ----------------------------------------------------------------
# A relative the writer answers for is the person screened: "病人是我老婆", "我妈就是病人",
# "我替我媳妇答：她…", "她（我妈）…"; she/he then refer to that person. A writer who says she is
# not the patient ("我是病人的丈夫", "我是病人家属", "我不是病人", "我是她女儿，替她填的") is
# someone else: her own 我/我自己 become another person's. A bare 她/他 with nobody else named is
# the person. Designated cues become PATIENT cues: they carry nothing, but stop another person's
# dropped-subject reach ("我是病人的丈夫，我自己没事，她有乙肝").
_PT = r"(?:病人|患者|病患)"
_IS_PATIENT_AFTER = re.compile(_PT + r"(?:本人)?(?:就|也|其实)?是")  # 病人是|我老婆
_IS_PATIENT_BEFORE = re.compile(r"(?:就|才|其实)?是" + _PT + r"(?!的|家属)")  # 我妈|就是病人
_FOR = re.compile(r"(?:替|帮|给|代)(?=我)")  # 我替|我媳妇|答
_ANSWER = re.compile(r"(?:答|填|回答|写|问|报名|咨询|申请)")
_NOT_ME = re.compile(
    r"我(?:是|就是)"
    + _PT
    + r"(?:的|家属)|我是家属|我们是家属|我不是"
    + _PT
    + r"|我(?:是|就是)(?:她|他)(?:的)?|(?:替|帮|给|代)(?:她|他)(?:填|答|回答|写)"
    r"|陪(?:我|她|他)\S{0,3}来的"
)
_PRONOUN_ZH = {"她", "他"}
_NOT_KIN = {
    "孩子",
    "小孩",
    "宝宝",
    "他们",
    "别人",
    "家人",
    "家里人",
    "家族史",
    "家族",
    "朋友",
    "邻居",
    "同事",
    "照顾",
    "照料",
    "陪护",
    "护理过",
    "病友",
    "老乡",
    "亲戚",
    "室友",
    "同学",
    "她",
    "他",
}


def designate(units: list[str], cues: list[Cue]) -> list[Cue]:
    """The cues of a Chinese text with the patient's own relatives and pronouns made PATIENT
    cues, and the writer's 我 made another person when she says she is not the patient."""
    pos, at = [], 0
    for x in units:
        pos.append(at)
        at += len(x)
    s = "".join(units)
    if not any(
        w in s for w in ("病人", "患者", "病患", "替", "帮", "给", "代", "她", "他", "家属", "陪")
    ):
        return cues
    unit_at = {p: i for i, p in enumerate(pos)}
    exp = [c for c in cues if EXP_PRE in c.kinds]
    if not exp and "我" not in s:
        return cues

    def ui(ch: int) -> int:
        while ch not in unit_at and ch < len(s):
            ch += 1
        return unit_at.get(ch, len(units))

    patient: set[int] = set()  # indexes into cues
    role: set[int] = set()  # the writer's own role word ("病人的丈夫"): nobody's conditions
    regions: list[tuple[int, int]] = []

    def chain_after(i: int) -> None:
        first = next((k for k, c in enumerate(cues) if c in exp and i <= c.start <= i + 1), None)
        while first is not None:
            patient.add(first)
            end = cues[first].end
            first = next((k for k, c in enumerate(cues) if c in exp and c.start == end), None)

    for m in _IS_PATIENT_AFTER.finditer(s):
        chain_after(ui(m.end()))
        regions.append((ui(m.start()), ui(m.end())))
    for m in _IS_PATIENT_BEFORE.finditer(s):
        i = ui(m.start())
        k = next(
            (
                k
                for k, c in enumerate(cues)
                if c in exp
                and (c.end == i or (c.end == i - 1 and units[c.end] == units[c.end - 1]))
            ),
            None,
        )
        while k is not None:
            patient.add(k)
            st = cues[k].start
            k = next((k for k, c in enumerate(cues) if c in exp and c.end == st), None)
        regions.append((i, ui(m.end())))
    for m in _FOR.finditer(s):
        i = ui(m.end())
        cand = [k for k, c in enumerate(cues) if c in exp and i <= c.start <= i + 1]
        if cand and _ANSWER.match(
            s, pos[cues[cand[0]].end] if cues[cand[0]].end < len(units) else len(s)
        ):
            chain_after(i)
            a = ui(m.start())
            regions.append((a - 1 if a and units[a - 1] == "我" else a, i))
    for k, c in enumerate(cues):  # 她（我妈）
        if (
            c in exp
            and units[c.start] in _PRONOUN_ZH
            and c.end - c.start == 1
            and (c.end < len(units) and units[c.end] in ("(", "（"))
        ):
            inner = [j for j, d in enumerate(cues) if d in exp and c.end < d.start <= c.end + 2]
            if inner:
                patient.update([k, inner[0]])
    not_me = bool(patient)
    for m in _NOT_ME.finditer(s):
        not_me = True
        a, b = ui(m.start()), ui(m.end())
        regions.append((a, b))
        for k, c in enumerate(cues):
            if (
                c in exp
                and a <= c.start < b + 3
                and units[c.start] not in _PRONOUN_ZH
                and (k not in patient and c.start <= b + 1)
            ):
                role.add(k)
    words = {"".join(units[cues[k].start : cues[k].end]) for k in patient}
    words = {w[1:] if w[:1] == "我" and len(w) > 1 else w for w in words}
    if not_me and not (words - _PRONOUN_ZH):  # 我是病人家属，我妈的…: the first relative named
        first = next(
            (
                k
                for k, c in enumerate(cues)
                if c in exp and k not in role and "".join(units[c.start : c.end]) not in _NOT_KIN
            ),
            None,
        )
        if first is not None:
            patient.add(first)
            words.add("".join(units[cues[first].start : cues[first].end]).lstrip("我"))
    others = [
        c
        for k, c in enumerate(cues)
        if c in exp
        and k not in patient
        and k not in role
        and "".join(units[c.start : c.end]) not in _PRONOUN_ZH
        and "".join(units[c.start : c.end]).lstrip("我") not in words
    ]
    pronoun_is_patient = (
        not_me or bool(patient) or not others and not any(x in _SELF for x in units)
    )
    out: list[Cue] = []
    for k, c in enumerate(cues):
        w = "".join(units[c.start : c.end])
        if c in exp and (
            k in patient or w.lstrip("我") in words or (w in _PRONOUN_ZH and pronoun_is_patient)
        ):
            out.append(Cue(c.start, c.end, frozenset({PATIENT}), c.text))
        elif k in role:
            continue
        else:
            out.append(c)
    if not_me:
        covered = {i for c in out for i in range(c.start, c.end) if c.kinds & {EXP_PRE, PATIENT}}
        covered |= {i for a, b in regions for i in range(a, b)}
        starts = {c.start for c in out if c.kinds & {EXP_PRE, PATIENT}}
        for i, x in enumerate(units):
            if (
                x in ("我", "俺")
                and i not in covered
                and i + 1 not in starts
                and not (
                    i + 1 < len(units)
                    and (units[i + 1] == "们" or (units[i + 1] == "的" and i + 2 in starts))
                )
            ):
                end = i + 3 if "".join(units[i + 1 : i + 3]) == "自己" else i + 1
                out.append(Cue(i, end, frozenset({EXP_PRE}), "".join(units[i:end])))
            elif x == "本" and "".join(units[i : i + 2]) == "本人" and i not in covered:
                out.append(Cue(i, i + 2, frozenset({EXP_PRE}), "本人"))
        out.sort(key=lambda c: c.start)
    return out
