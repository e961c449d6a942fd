"""One module per CLI command; `assistant.cli` only builds the parser and dispatches."""
