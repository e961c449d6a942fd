"""PIN lockout that grows and survives a restart.

Three wrong tries lock the PIN for 30 s; every further lock (before a right PIN) lasts longer:
2 min, 10 min, 1 h, then 1 h each time. The count, the level and the end of the lock are kept in
a small owner-only JSON state file per "who" (a staff id, or "kiosk-exit"), so closing the prompt
or restarting the kiosk does not reset them. Times are wall-clock seconds from `clock` (a fake
clock in tests).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

TRIES = 3
SCHEDULE: tuple[float, ...] = (30.0, 120.0, 600.0, 3600.0)


class Lockout:
    """Failure counting and growing locks for PIN prompts, persisted in `path`."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        schedule: Sequence[float] = SCHEDULE,
        tries: int = TRIES,
    ) -> None:
        self.path, self.clock, self.schedule, self.tries = Path(path), clock, schedule, tries

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, dict[str, float]]) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            os.write(fd, json.dumps(data, sort_keys=True).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)

    def _state(self, who: str) -> dict[str, float]:
        st = self._load().get(who)
        if not isinstance(st, dict):
            return {"failures": 0, "level": 0, "locked_until": 0.0}
        return st

    def locked_for(self, who: str) -> float:
        """Seconds left on `who`'s lock (0 when not locked)."""
        return max(0.0, float(self._state(who).get("locked_until", 0.0)) - self.clock())

    def failure(self, who: str) -> tuple[int, float]:
        """Count a wrong PIN; returns (failures so far in this round, seconds now locked)."""
        data = self._load()
        st = dict(self._state(who))
        st["failures"] = int(st.get("failures", 0)) + 1
        locked = 0.0
        if st["failures"] >= self.tries:
            level = int(st.get("level", 0))
            locked = float(self.schedule[min(level, len(self.schedule) - 1)])
            st.update(failures=0, level=level + 1, locked_until=self.clock() + locked)
        data[who] = st
        self._save(data)
        return int(st["failures"]) if not locked else self.tries, locked

    def success(self, who: str) -> None:
        """A right PIN: the count and the level start again."""
        data = self._load()
        if who in data:
            del data[who]
            self._save(data)

    def tries_left(self, who: str) -> int:
        """Wrong tries left before the next lock."""
        return self.tries - int(self._state(who).get("failures", 0))
