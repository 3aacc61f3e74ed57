"""The key of stored analyses: it changes whenever an analysis would come out differently.

Kept apart from `analyze` so that a command can tell whether the store is up to date
without importing the analysers themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict

from ..config import TopicConfig

# Bump when topic matching, summaries or date finding change behaviour.
ANALYZER_VERSION = 11

# Bump when grouping's rules or its stored fingerprints change: every stored story is
# grouped again (with ANALYZER_VERSION, the refresher's meta `groups_key`).
GROUPING_VERSION = 3


def analysis_key(topics: Sequence[TopicConfig], summary_sentences: int) -> str:
    described = json.dumps(
        [ANALYZER_VERSION, summary_sentences, [asdict(t) for t in topics]],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(described.encode()).hexdigest()[:16]
