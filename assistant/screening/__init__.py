"""The screening itself: the engine, its decisions and the recorded session."""
