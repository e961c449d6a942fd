"""Free-text reading: clause grammar, language data and generated vocabularies."""
