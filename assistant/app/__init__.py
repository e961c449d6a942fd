"""The Textual user interface (kiosk, interview, replay). Only this package imports textual."""
