"""Generate `assistant/resources/vocab/icd10cm_en.json`: English candidate terms per exclusion
item from the ICD-10-CM tabular list (CMS), read through the `simple-icd-10-cm` package (MIT).

Every category and subcategory under the blocks mapped below gives its description, its
bracketed synonyms and its inclusion terms, cut to the disease name ("Zoster [herpes zoster]"
-> "zoster", "herpes zoster"; qualifiers such as "unspecified" or "without complication" and
anything after "with"/"due to" dropped), kept when short (one to four words) and specific. The
record's own exceptions are never terms: atrial fibrillation and paroxysmal supraventricular
tachycardia (E8), basal cell carcinoma of the skin and carcinoma in situ (E7).

The matcher adds these as *vague* terms of their item: a generated term alone is at most
`uncertain`, so it raises a confirmation question and never excludes anyone by itself.

usage: python scripts/gen_icd10_vocab.py   (needs `pip install simple-icd-10-cm`)
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import simple_icd_10_cm as cm

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assistant" / "resources" / "vocab" / "icd10cm_en.json"

# item -> code ranges (inclusive, 3-character categories) or single codes
MAP: dict[str, list[str]] = {
    "E3.pregnant": ["O09-O16", "O20-O29", "O30-O48", "Z33", "Z34", "Z3A"],
    "E4.tb": ["A15-A19"],
    "E4.sepsis": ["A40-A41", "R65.2"],
    "E4.pneumonia": ["J12-J18"],
    "E4.other": [
        "A00-A09",
        "A20-A39",
        "A42-A49",
        "A54-A79",
        "A80-A99",
        "B00-B09",
        "B25-B34",
        "B35-B49",
        "B50-B89",
        "J09-J11",
        "L03",
    ],
    "E5.hbv": ["B16", "B18.0", "B18.1", "B19.1"],
    "E5.hcv": ["B17.1", "B18.2", "B19.2"],
    "E5.hiv": ["B20"],
    "E5.syphilis": ["A50-A53"],
    "E7.malignancy": ["C00-C43", "C45-C96"],
    "E8.hf": ["I30-I33", "I40-I43", "I50"],
    "E8.arrhythmia": ["I44-I47", "I49"],
    "E8.mi": ["I21-I22", "I25.2"],
    "E11.epilepsy": ["G40-G41"],
    "E11.cns": ["G00-G09", "G45-G46", "G92-G93", "I60-I64"],
    "E11.cns_chronic": ["G10-G14", "G20-G26", "G30-G32", "G35-G37", "G91"],
}
# The record's exceptions (E7, E8) and codes that name no exclusion.
EXCLUDE_CODES = ("I47.1", "I48", "C44", "D0", "G93.3")  # G93.3: chronic fatigue syndrome
# Pregnancy complications name the pregnancy only with one of these words.
_PREGNANCY = re.compile(
    r"pregnan|gestation|placent|eclampsia|hyperemesis|hellp|gravid|ectopic|"
    r"amnio|chorio|molar|hydatidiform|cervical incompetence"
)
# A single word is a disease name when it has a disease's ending ("tularemia", "leprosy").
_DISEASE_END = re.compile(
    r"(?:itis|osis|oma|emia|aemia|iasis|pathy|plegia|ism|philis|rosy|"
    r"ery|pox|ella|ysm|ucosis|ellosis|fever)$"
)
_DROP_WORDS = {
    "unspecified",
    "specified",
    "elsewhere",
    "classified",
    "other",
    "site",
    "sites",
    "multiple",
    "type",
    "types",
    "part",
    "parts",
    "region",
    "encounter",
    "sequelae",
    "personal",
    "history",
    "carrier",
    "contact",
    "screening",
    "status",
    "presence",
    "complicating",
    "complication",
    "complications",
    "supervision",
    "weeks",
    "trimester",
    "unknown",
    "overlapping",
    "lesion",
    "ill",
    "defined",
    "secondary",
    "fetus",
    "fetuses",
    "newborn",
    "maternal",
    "mother",
    "care",
    "abnormal",
    "abnormality",
    "abnormalities",
    "findings",
    "exposure",
    "observation",
    "left",
    "right",
    "bilateral",
    "unilateral",
    "organs",
    "organ",
    "late",
    "effects",
    "nontraumatic",
    "traumatic",
    "drug",
    "induced",
    "following",
    "agent",
    "agents",
}
_GENERIC = {
    "infection",
    "infections",
    "disease",
    "diseases",
    "disorder",
    "disorders",
    "syndrome",
    "neoplasm",
    "neoplasms",
    "carcinoma",
    "cancer",
    "tumor",
    "pregnancy",
    "failure",
    "block",
    "fever",
    "infestation",
    "poisoning",
    "arrhythmia",
    "tachycardia",
    "bradycardia",
    "heart",
    "lung",
    "brain",
}
# Inflammations named by organ alone: in lupus they are mostly not infections.
_COMMON = {
    "arthritis",
    "dermatitis",
    "conjunctivitis",
    "enteritis",
    "enterocolitis",
    "colitis",
    "hyperkeratosis",
    "gastroenteritis",
    "keratitis",
    "pharyngitis",
    "stomatitis",
    "vaginitis",
    "urethritis",
    "cystitis",
    "prostatitis",
    "myositis",
    "nephritis",
    "hepatitis",
    "pneumonitis",
    "bronchitis",
    "sinusitis",
    "otitis",
    "uveitis",
    "retinitis",
    "vasculitis",
    "lymphadenitis",
    "carditis",
    "serositis",
    "pleurisy",
    "erythema",
    "cellulitis",
    "glomerulonephritis",
    "neuritis",
    "polyneuropathy",
    "neuropathy",
    "alcoholism",
    "myopathy",
    "pancreatitis",
}
_CUT = re.compile(
    r"\s+(?:with|without|due to|in diseases|in pregnancy|of unspecified|not|"
    r"and other|except|following|resulting|associated)\b.*$|,.*$"
)
_WORD = re.compile(r"^[a-z][a-z'\-]*$")


def _codes(spec: str) -> list[str]:
    """The categories and subcategories under a range "A15-A19" or a code "R65.2"."""
    if "-" in spec:
        lo, hi = spec.split("-")
        cats = [c for c in cm.get_all_codes(False) if cm.is_category(c) and lo <= c[:3] <= hi]
    else:
        cats = [spec]
    out = []
    for c in cats:
        if not cm.is_valid_item(c):
            continue
        out.append(c)
        out += [d for d in cm.get_descendants(c) if cm.is_category_or_subcategory(d)]
    return out


def _terms(text: str) -> list[str]:
    """Disease names in one description or inclusion term."""
    names = [text.split("[")[0], *re.findall(r"\[([^\]]+)\]", text)]
    out = []
    for n in names:
        n = re.sub(r"\([^)]*\)", " ", n).lower()
        n = _CUT.sub("", n).strip(" ,.;:")
        n = re.sub(r"\s+", " ", n)
        n = re.sub(r"\s+nos$", "", n)  # "not otherwise specified"
        words = n.split()
        if not 1 <= len(words) <= 4 or not all(_WORD.match(w) for w in words):
            continue
        if any(w in _DROP_WORDS for w in words) or n in _GENERIC:
            continue
        if (
            "in situ" in n
            or "basal cell" in n
            or "atrial fibrillation" in n
            or ("supraventricular" in n and "paroxysmal" in n)
        ):
            continue  # the record's own exceptions
        if len(words) == 1 and not _DISEASE_END.search(n):
            continue
        if len(words) == 1 and n in _COMMON:
            continue
        if "lupus" in words:
            continue  # "lupus vulgaris" (skin tuberculosis) beside lupus, the trial's disease
        out.append(n)
    return out


def main() -> None:
    """Write the vocabulary: item -> sorted [{term, code}]."""
    items: dict[str, list[dict[str, str]]] = {}
    seen: set[str] = set()
    for item, specs in MAP.items():
        found: dict[str, str] = {}
        for spec in specs:
            for code in _codes(spec):
                if code.startswith(EXCLUDE_CODES):
                    continue
                texts = [cm.get_description(code), *cm.get_inclusion_term(code)]
                for t in texts:
                    for term in _terms(t):
                        if item == "E3.pregnant" and not _PREGNANCY.search(term):
                            continue
                        found.setdefault(term, code)
        items[item] = [{"term": t, "code": c} for t, c in sorted(found.items()) if t not in seen]
        seen |= set(found)
    doc = {
        "source": "ICD-10-CM tabular list, April 1 2026 release (CMS), via the PyPI package "
        f"simple-icd-10-cm {importlib.metadata.version('simple-icd-10-cm')} (MIT)",
        "generator": "scripts/gen_icd10_vocab.py",
        "use": "vague terms of their item: at most 'uncertain', a confirmation, never an exclusion",
        "items": items,
    }
    OUT.write_text(
        json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{OUT}: " + ", ".join(f"{k} {len(v)}" for k, v in items.items()))


if __name__ == "__main__":
    main()
