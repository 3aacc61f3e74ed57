"""Find where a key of a parsed TOML document was written, for file:line:col errors.

tomllib reports positions only for syntax errors; for a wrong type or an
unknown key we scan the source for the line that defines the key path.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""")


def _split_key(dotted: str) -> list[str]:
    return [m.group(1) or m.group(2) or m.group(3) or "" for m in _PART.finditer(dotted)]


def key_positions(source: str) -> dict[KeyPath, tuple[int, int]]:
    """Map each table header and key line to its (line, column), both 1-based."""
    positions: dict[KeyPath, tuple[int, int]] = {}
    array_counts: dict[KeyPath, int] = {}
    current: KeyPath = ()
    in_multiline = False
    for number, line in enumerate(source.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_key(header.group(2))
            resolved: list[str | int] = []
            # Sub-tables of arrays of tables refer to the array's latest element.
            for name in names[:-1]:
                resolved.append(name)
                count = array_counts.get(tuple(resolved))
                if count is not None:
                    resolved.append(count - 1)
            resolved.append(names[-1])
            if header.group(1) == "[[":
                array_key = tuple(resolved)
                array_counts[array_key] = array_counts.get(array_key, 0) + 1
                resolved.append(array_counts[array_key] - 1)
            current = tuple(resolved)
            positions.setdefault(current, (number, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if key:
            path = current + tuple(_split_key(key.group(2)))
            positions.setdefault(path, (number, len(key.group(1)) + 1))
            rest = line[key.end() :]
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_multiline = True
    return positions


def locate(source: str, path: KeyPath) -> tuple[int, int] | None:
    """The position of `path`, or of its nearest written ancestor."""
    positions = key_positions(source)
    for length in range(len(path), 0, -1):
        found = positions.get(path[:length])
        if found is not None:
            return found
    return None
