"""The one place that reads the wall clock. Everything else is given `now()`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, tzinfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now().astimezone()


def fixed_clock(moment: datetime) -> Clock:
    return lambda: moment


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(text: str, zone: tzinfo | None) -> datetime:
    """`--as-of`: an ISO datetime (naive ones in `zone`), or a date meaning its last second.

    Raises ValueError with a message for the user.
    """
    text = text.strip()
    local = zone or system_clock().tzinfo
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
