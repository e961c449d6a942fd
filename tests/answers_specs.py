"""Quantity, choice and drug specs for the answer-parser tests, built like the dialog file's."""

from __future__ import annotations

from assistant.trial.specs import (
    ChoiceSpec,
    DrugSpec,
    GlucocorticoidTable,
    LocalText,
    QuantitySpec,
    UnitSpec,
)

CREATININE = QuantitySpec(base="mg/dL", units={
    "mg/dL": UnitSpec(per_base=1, plausible=(0.1, 15)),
    "umol/L": UnitSpec(per_base=88.4, aliases=["µmol/L", "微摩尔/升"], plausible=(20, 1300)),
})
BILIRUBIN = QuantitySpec(base="mg/dL", units={
    "mg/dL": UnitSpec(per_base=1, aliases=["毫克/分升"], plausible=(0.05, 30)),
    "umol/L": UnitSpec(per_base=17.1, aliases=["微摩尔/升"], plausible=(1, 500)),
})
PLATELETS = QuantitySpec(base="x10^9/L", units={
    "x10^9/L": UnitSpec(per_base=1, aliases=["10^9/L", "G/L"], plausible=(1, 1500)),
    "/uL": UnitSpec(per_base=1000, aliases=["/µL", "/mm3"], plausible=(1000, 1500000)),
})
LYMPHOCYTES = QuantitySpec(base="x10^9/L", units={
    "x10^9/L": UnitSpec(per_base=1, plausible=(0.01, 50)),
    "/uL": UnitSpec(per_base=1000, plausible=(50, 50000)),
})
PROTEINURIA = QuantitySpec(base="g/day", units={
    "g/day": UnitSpec(per_base=1, aliases=["g/24h"], plausible=(0, 30)),
    "mg/day": UnitSpec(per_base=1000, aliases=["mg/24h"], plausible=(31, 30000)),
})
ALT = QuantitySpec(base="U/L", units={"U/L": UnitSpec(plausible=(1, 5000))})
SPO2 = QuantitySpec(base="%", units={"%": UnitSpec(plausible=(50, 100))})
EGFR = QuantitySpec(base="mL/min/1.73m2", units={"mL/min/1.73m2": UnitSpec(plausible=(1, 200))})
CRCL = QuantitySpec(base="mL/min", units={"mL/min": UnitSpec(plausible=(1, 250))})
QTC = QuantitySpec(base="ms", units={"ms": UnitSpec(plausible=(250, 700))})
DURATION = QuantitySpec(base="months", units={
    "days": UnitSpec(per_base=30.4375),
    "weeks": UnitSpec(per_base=4.348214286),
    "months": UnitSpec(per_base=1),
    "years": UnitSpec(per_base=1 / 12),
})

ALL_QUANTITIES = [CREATININE, BILIRUBIN, PLATELETS, LYMPHOCYTES, PROTEINURIA, ALT, SPO2, EGFR,
                  CRCL, QTC, DURATION]

GROUPS = [
    ChoiceSpec(value="nephritis", label=LocalText(en="Lupus nephritis", zh="狼疮肾炎"),
               synonyms=["kidney", "kidneys", "renal", "LN", "肾炎", "肾脏", "肾"]),
    ChoiceSpec(value="thrombocytopenia", label=LocalText(en="Low platelets (thrombocytopenia)",
                                                         zh="血小板减少"),
               synonyms=["low platelets", "thrombocytopenia", "platelets", "ITP", "血小板低",
                         "血小板"]),
    ChoiceSpec(value="neither", label=LocalText(en="Neither", zh="都不是"),
               synonyms=["none", "neither of them", "no", "都没有", "以上都不是"]),
]
SEX = [
    ChoiceSpec(value="female", label=LocalText(en="Female", zh="女"),
               synonyms=["f", "woman", "女性"]),
    ChoiceSpec(value="male", label=LocalText(en="Male", zh="男"), synonyms=["m", "man", "男性"]),
]

STEROIDS = GlucocorticoidTable(drugs={
    "prednisone": DrugSpec(equivalent_mg=5, names=["prednisone", "pred", "泼尼松", "强的松"]),
    "prednisolone": DrugSpec(equivalent_mg=5, names=["prednisolone", "泼尼松龙"]),
    "methylprednisolone": DrugSpec(equivalent_mg=4, names=["methylprednisolone", "Medrol",
                                                           "甲泼尼龙", "甲强龙"]),
    "dexamethasone": DrugSpec(equivalent_mg=0.75, names=["dexamethasone", "地塞米松"]),
    "hydrocortisone": DrugSpec(equivalent_mg=20, names=["hydrocortisone", "氢化可的松"]),
})
