"""The station: kiosk configuration, staff PINs."""
