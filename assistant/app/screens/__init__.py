"""The app's screens, one per file with its stylesheet beside it."""
