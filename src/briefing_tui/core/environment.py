"""What every command and the app run in: the configuration, the store and the clock.

The CLI builds one `Environment` and hands it to a headless command or the app.
The clock is the one place that reads the wall clock; everything else is given it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from .config import Config
from .store import Store


class Clock:
    """Says what time it is: the wall clock, or a moment fixed by `--as-of`."""

    __slots__ = ("_fixed",)

    def __init__(self, fixed: datetime | None = None) -> None:
        self._fixed = fixed

    def now(self) -> datetime:
        return self._fixed if self._fixed is not None else datetime.now().astimezone()

    @property
    def is_fixed(self) -> bool:
        """A replay of old news: it ticks no countdown and records no briefing."""
        return self._fixed is not None

    def __repr__(self) -> str:
        return f"Clock(fixed={self._fixed!r})"


@dataclass(frozen=True, slots=True)
class Environment:
    config: Config
    config_origin: str
    """Where the configuration came from: "--config", "$BRIEFING_CONFIG", ..."""
    store: Store
    clock: Clock
    notes: tuple[str, ...] = ()
    """Things to tell the user once (e.g. that a damaged store was set aside)."""

    @property
    def read_only(self) -> bool:
        """The store cannot be written: stories can be read, marks made now are not kept."""
        return self.store.read_only


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(text: str, zone: tzinfo | None) -> datetime:
    """`--as-of`: an ISO datetime (naive ones in `zone`), or a date meaning its last second.

    Raises ValueError with a message for the user.
    """
    text = text.strip()
    local = zone or Clock().now().tzinfo
    if _DATE_ONLY.match(text):
        day = date.fromisoformat(text)
        return datetime.combine(day, time(23, 59, 59), local)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"--as-of {text!r} is not an ISO date or datetime (e.g. 2019-08-07 or "
            "2019-08-07T18:00:00+09:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=local)
