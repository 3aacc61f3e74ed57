"""Date mentions in a story: found, resolved against its publication time and the
desk's zone, and classified as deadline, event or past, with a short label for
the upcoming ones. `find_dates` is the entry point.
"""

from . import label, plans
from .find import find_dates

PREFILTERS = plans.PREFILTERS + label.PREFILTERS
"""(pattern, words): every match of the pattern contains one of the words, so text
without any of them skips the pattern. A speed shortcut, public so tests can hold it."""

__all__ = ["PREFILTERS", "find_dates"]
