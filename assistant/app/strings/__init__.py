"""The app's own strings: one JSON catalogue per language (en.json, zh.json)."""
