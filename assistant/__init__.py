"""prescreen: a terminal pre-screening assistant for clinical trial NCT05930314."""

__version__ = "0.1.0"
