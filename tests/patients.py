"""Clean patients for the tests: each test changes one or two facts of these."""

from __future__ import annotations

# A Group 1 (lupus nephritis) patient who meets every criterion; tests change one fact at a time.
CLEAN_G1: dict[str, str] = {
    "age": "34", "sex": "female", "sle_diagnosis": "yes", "group": "lupus nephritis",
    "ln_biopsy_class": "IV", "ln_biopsy_months_ago": "3", "proteinuria_24h": "2.4 g/24h",
    "ln_refractory": "yes", "pregnant": "no", "breastfeeding": "no", "alt": "25",
    "alt_uln": "40", "ast": "30", "ast_uln": "40", "bilirubin_total": "0.6 mg/dL",
    "gilbert": "no", "egfr": "78", "creatinine": "0.9 mg/dL", "spo2": "98",
    "lymphocytes": "0.9", "steroid_dose": "prednisone 7.5 mg", "steroid_months": "3",
    "steroid_intolerance": "no", "dialysis": "no", "crcl": "85", "active_infection": "no",
    "hbsag": "negative", "hcv_ab": "negative", "hiv": "negative", "syphilis": "negative",
    "surgery": "no", "malignancy": "no", "lvef": "62", "heart": "no", "qtcb": "420",
    "vaccine": "no", "other_trial": "no", "cns": "no", "hypersensitivity": "no",
    "prior_car_t": "no", "medical_history": "nothing else",
}
GROUP1 = ("ln_biopsy_class", "ln_biopsy_months_ago", "proteinuria_24h", "ln_refractory")
CLEAN_G2: dict[str, str] = {
    **{k: v for k, v in CLEAN_G1.items() if k not in GROUP1},
    "group": "thrombocytopenia", "tp_refractory": "yes", "platelets": "42, 45",
    "tp_other_causes_excluded": "yes",
}
