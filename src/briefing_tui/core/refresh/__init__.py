"""A refresh: which feeds are due, fetching, parsing and analysing in a process pool,
and storing one transaction per source, with a report per source (`models.SourceReport`).
"""

from .pool import parse_pool
from .refresher import Refresher

__all__ = ["Refresher", "parse_pool"]
