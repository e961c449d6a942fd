"""Text utilities shared by answers and free text: normalizing, numerals, dates, answer words."""
