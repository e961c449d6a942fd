"""Generate `assistant/resources/vocab/zh_pinyin.json`: the toneless pinyin of every GB2312
character (6,763, the characters a Chinese input method types) and of every character of the
bundled dialogs' Chinese phrases, from the `pypinyin` package (MIT).

The matcher reads this table instead of importing pypinyin (about 350 ms to import), so that
homophones typed through an input method ("新脏病") and typed pinyin ("dianxian") are matched
against the Chinese lexicon without slowing the first question.

usage: python scripts/gen_pinyin.py   (needs `pip install pypinyin`)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypinyin
from pypinyin import Style, pinyin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assistant" / "resources" / "vocab" / "zh_pinyin.json"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def gb2312() -> list[str]:
    """The GB2312 hanzi, levels 1 and 2."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if _CJK.match(ch):
                out.append(ch)
    return out


def main() -> None:
    """Write the table (sorted, one JSON document)."""
    chars = set(gb2312())
    for dialog in (ROOT / "dialogs").glob("*.yaml"):
        chars |= set(_CJK.findall(dialog.read_text(encoding="utf-8")))
    table = {}
    for ch in sorted(chars):
        reading = pinyin(ch, style=Style.NORMAL, heteronym=False)[0][0]
        if reading.isascii() and reading.isalpha():
            table[ch] = reading
    doc = {
        "source": f"pypinyin {pypinyin.__version__} (MIT), default reading, tones dropped",
        "generator": "scripts/gen_pinyin.py",
        "chars": table,
    }
    OUT.write_text(
        json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(table)} characters")


if __name__ == "__main__":
    main()
