"""The bundled dialog files (package data; read them with `assistant.trials`)."""
