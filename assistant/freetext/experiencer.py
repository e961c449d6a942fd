"""Who is the person screened, in English: a relative the writer answers for keeps the patient
as the experiencer ("I'm answering for my son. He had ...") and he/she then refer to them."""

from __future__ import annotations

import re
from collections.abc import Callable

# Who is the patient: a relative the writer answers for ("answering for my wife", "my mom is the
# patient", "my husband, the patient,", "I'm her husband") is the person screened, and so are
# he/she/his/her referring to them; a bare he/she with nobody else named is the person too.
_WHO = r"([a-z]+(?: in law)?)"
_PATIENT_RES = (
    re.compile(
        r"(?:^|[:.;!]\s*)(?:this is |it's |its |here |hi,? )?(?:for|on behalf of) my\s+"
        + _WHO
        + r"\b"
    ),
    re.compile(
        r"\b(?:answering|typing|writing|filling|completing|replying|responding|applying|"
        r"asking|enquiring|inquiring|speaking|doing)\b[a-z ]{0,24}?\b(?:for|on behalf of)"
        r" my\s+" + _WHO + r"\b"
    ),
    re.compile(r"\bon behalf of my\s+" + _WHO + r"\b"),
    re.compile(
        r"\bmy\s+" + _WHO + r"\s*(?:[,(\-\u2014]\s*)?(?:is\s+|who is\s+)?the\s+"
        r"(?:patient|one applying|one being screened|applicant|participant|"
        r"person being screened|one (?:who is )?(?:being )?(?:screened|applying))\b"
    ),
    re.compile(r"\bi(?:'m| am)\s+(?:my\s+)?([a-z]+)'s\s+(?:carer|caregiver|care giver|guardian)\b"),
    re.compile(r"\bthe patient is my\s+" + _WHO + r"\b"),
    re.compile(r"\b(?:carer|caregiver|care giver|guardian)\s+(?:for|of|to)\s+my\s+" + _WHO + r"\b"),
)
_CARER_RE = re.compile(r"\bi(?:'m| am)\s+(?:her|his)\s+[a-z]+")
_OTHER_PERSON = re.compile(
    r"\b(?:baby|babies|infant|newborn|toddler|boy|girl|man|woman|lady|guy|"
    r"doctor|dr|nurse|dog|cat|pet)\b"
)
# "she's pregnant, not me": the writer says the condition is someone else's, so a bare she/he
# is that other person, not the person screened.
_NOT_ME = re.compile(
    r"\b(?:not|never|isn't|wasn't|n't) (?:me|myself|mine|i)\b|\bnot my own\b|"
    r"\b(?:rather|other) than me\b|\binstead of me\b"
)
_NOT_ME_ZH = re.compile(r"(?:不是我|并非我)(?:本人|自己)?的?(?=$|[，。,.;；!！?？\s])")
_SELF_ZH = frozenset({"我", "本人", "自己"})
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "he's", "she's", "her's", "his's"})


def patient_words(norm: str, named: set[str]) -> frozenset[str]:
    """Experiencer words that name the person screened (see _PATIENT_RES); `named` are the
    English experiencer cues of the text, normalized."""
    who: set[str] = set()
    for rx in _PATIENT_RES:
        for m in rx.finditer(norm):
            x = m.group(1)
            who |= {x, x + "'s", "my " + x}
    if (
        who
        or _CARER_RE.search(norm)
        or (
            named
            and named <= _PRONOUNS
            and not _OTHER_PERSON.search(norm)
            and not _NOT_ME.search(norm)
        )
    ):
        who |= _PRONOUNS
    return frozenset(who)


_FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "myself", "mine"})
_SENTENCE = re.compile(r"(?<!\d)[.](?!\d)|[!?;\n]")


def writer_units(norm: str, units: list[str], spans: list[tuple[int, int]]) -> frozenset[int]:
    """When the writer answers for someone else ("I'm answering for my son.", "I'm her
    husband."), the units where the writer speaks of herself ("I have ...", "my ...") in the
    other sentences: those conditions are the writer's own, not the patient's."""
    proxies = [m.span() for rx in (*_PATIENT_RES, _CARER_RE) for m in rx.finditer(norm)]
    if not proxies:
        return frozenset()
    bounds = [m.start() for m in _SENTENCE.finditer(norm)]

    def sentence(ch: int) -> int:
        return sum(1 for b in bounds if b < ch)

    told = {sentence(a) for a, _b in proxies}
    return frozenset(
        i for i, u in enumerate(units) if u in _FIRST_PERSON and sentence(spans[i][0]) not in told
    )


def spoken_by_writer(
    st: int,
    units: list[str],
    writer: frozenset[int],
    patient: frozenset[str],
    same_sentence: Callable[[int, int], bool],
) -> bool:
    """The person nearest before the mention at unit `st` in its sentence is the writer (a unit
    of `writer`), not the patient (a word of `patient`)."""
    for i in range(st - 1, -1, -1):
        if not same_sentence(i, st):
            return False
        if i in writer:
            return True
        if units[i] in patient or (i and f"{units[i - 1]} {units[i]}" in patient):
            return False
    return False
