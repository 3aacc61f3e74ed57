"""Date mentions in a story: found, resolved against its publication time and the
desk's zone, and classified as deadline, event or past, with a short label for
the upcoming ones. `find_dates` is the entry point.
"""

from .find import find_dates

__all__ = ["find_dates"]
