"""Audit trail and privacy: station keys, the station log, redaction, staff and PIN policy."""
