"""prescreen: a terminal pre-screening assistant for clinical trials, each one a dialog file."""

__version__ = "0.1.0"
