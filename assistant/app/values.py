"""Facts and reasons as a person writes them, for the coordinator's screens (both languages).

`{"classes": ["IV"]}` reads "class IV", `{"value": 2.4, "unit": "g/day"}` reads "2.4 g/day",
`True` reads "yes"; a correction reads with its old and its new answer and the reason.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.app.texts import t, unit_name

YES_NO = {"en": ("yes", "no"), "zh": ("是", "否")}
CLASS = {"en": "class {}", "zh": "{}型"}


def _number(x: Any) -> str:
    """3.0 -> "3", 2.40 -> "2.4"."""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def human_value(value: Any, lang: str = "en") -> str:
    """One fact's value as short plain text in `lang`."""
    zh = "zh" if lang == "zh" else "en"
    if value is None:
        return t(lang, "not_known")
    if isinstance(value, bool):
        return YES_NO[zh][0 if value else 1]
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(human_value(v, lang) for v in value)
    if isinstance(value, dict):
        if "value" in value and "unit" in value:
            return f"{_number(value['value'])} {unit_name(lang, str(value['unit']))}"
        if "classes" in value:
            return ", ".join(CLASS[zh].format(c) for c in value["classes"]) or t(lang, "not_known")
        if "answer" in value:
            text, answer = value.get("text"), str(value["answer"])
            shown = {"yes": YES_NO[zh][0], "no": YES_NO[zh][1]}.get(answer, answer)
            return shown + (f" (“{text}”)" if text and text != answer else "")
        if "drug" in value and "per_day_mg" in value:
            return (
                f"{value['drug']} {_number(value['per_day_mg'])} mg/{'天' if zh == 'zh' else 'day'}"
            )
        if "qtcb_ms" in value:
            return f"QTcB {_number(value['qtcb_ms'])} ms"
    return json.dumps(value, ensure_ascii=False, default=str)


def facts_line(facts: dict[str, Any], lang: str = "en") -> str:
    """`age 34; sex female; biopsy class IV`."""
    return "; ".join(f"{k}: {human_value(v, lang)}" for k, v in facts.items())


def reason_lines(events: list[Any], lang: str = "en") -> list[str]:
    """Every correction (old and new answer) and override (old and new status) with its reason."""
    raw_at = {e.seq: e.payload.get("raw") for e in events if e.type in ("answer", "correction")}
    out = []
    for e in events:
        p = e.payload
        if e.type == "correction":
            out.append(
                t(
                    lang,
                    "reason_correction",
                    seq=e.seq,
                    qid=p.get("question_id"),
                    old=raw_at.get(p.get("corrects"), "?"),
                    new=p.get("raw"),
                    by=p.get("by"),
                    reason=p.get("reason"),
                )
            )
        elif e.type == "override":
            out.append(
                t(
                    lang,
                    "reason_override",
                    seq=e.seq,
                    cid=p.get("criterion"),
                    old=status_word(str(p.get("from")), lang),
                    new=status_word(str(p.get("to")), lang),
                    by=p.get("by"),
                    reason=p.get("reason"),
                )
            )
    return out


def status_word(status: str, lang: str = "en") -> str:
    """`✔ pass`, `✘ fail`, `? unknown`, `– n/a` in `lang`."""
    key = f"status_{status}"
    from assistant.app.texts import has

    return t(lang, key) if has(lang, key) else status


def why_text(why: str, lang: str = "en") -> str:
    """The engine's reason for a status ("criterion met") in `lang` (as is when not listed)."""
    from assistant.app.texts import has

    key = "why_" + "_".join(why.replace(":", "").split())
    return t(lang, key) if has(lang, key) else why
