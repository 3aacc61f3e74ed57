"""Find where a key of a parsed TOML document was written, for file:line:col errors.

tomllib reports positions only for syntax errors; for a wrong type or an
unknown key we scan the source for the line that defines the key path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    for path, line, col, _header in _written(source):
        positions.setdefault(path, (line, col))
    return positions


def table_headers(source: str) -> list[tuple[int, KeyPath]]:
    """(line, key path) of every table header, in file order: where each table begins."""
    return [(line, path) for path, line, _col, header in _written(source) if header]


def _written(source: str) -> Iterator[tuple[KeyPath, int, int, bool]]:
    """(key path, line, column, is a table header) of each header and key line."""
    array_counts: dict[KeyPath, int] = {}
    current: KeyPath = ()
    open_quote = ""  # the delimiter of a multi-line string running over the lines
    for number, line in enumerate(source.splitlines(), start=1):
        if open_quote:
            open_quote = _quote_open_after(line, open_quote)
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
            yield current, number, line.index("[") + 1, True
            continue
        key = _KEY.match(line)
        if key:
            path = current + tuple(_split_key(key.group(2)))
            yield path, number, len(key.group(1)) + 1, False
            open_quote = _quote_open_after(line[key.end() :])


def _quote_open_after(text: str, quote: str = "") -> str:
    """The delimiter of the multi-line string still open at the end of `text` (a value, or
    a line inside a string opened before with `quote`), or "". A delimiter inside a comment
    or a one-line string opens nothing."""
    i = 0
    while i < len(text):
        if quote:
            i = _past_closing(text, i, quote)
            if i < 0:
                return quote
            quote = ""
        elif text.startswith(('"""', "'''"), i):
            quote = text[i : i + 3]
            i += 3
        elif text[i] in "\"'":
            i = _past_closing(text, i + 1, text[i])
            if i < 0:
                return ""  # a one-line string left open: tomllib says where
        elif text[i] == "#":
            return ""
        else:
            i += 1
    return quote


def _past_closing(text: str, start: int, quote: str) -> int:
    """The index just past the `quote` that ends a string, searching from `start`; -1 if
    the string does not end in `text`. In basic strings a backslash escapes a quote."""
    at = text.find(quote, start)
    while at >= 0 and quote[0] == '"' and (at - len(text[:at].rstrip("\\"))) % 2 == 1:
        at = text.find(quote, at + 1)
    if at < 0:
        return -1
    end = at + len(quote)
    while len(quote) == 3 and end - at < 5 and text.startswith(quote[0], end):
        end += 1  # up to two more quotes still belong to the content
    return end


def locate(source: str, path: KeyPath) -> tuple[int, int] | None:
    """The position of `path`, or of its nearest written ancestor.

    A table that is never written itself (`[a.b.c]` or `a.b.c = 1` make `a.b`) is
    where its first written descendant is.
    """
    positions = key_positions(source)
    for length in range(len(path), 0, -1):
        prefix = path[:length]
        found = positions.get(prefix)
        if found is None:
            inside = [pos for key, pos in positions.items() if key[:length] == prefix]
            found = min(inside, default=None)
        if found is not None:
            return found
    return None


_CLOSING = {"[": "]", "{": "}"}


def deepest_nesting(source: str) -> tuple[int, int, int]:
    """(depth, line, column) where brackets and braces outside strings and comments
    first reach their deepest; for a file too deeply nested for tomllib to read."""
    depth = deepest = 0
    where = (1, 1)
    line, column = 1, 0
    quote = ""  # the delimiter of the string being read, if any
    i, end = 0, len(source)
    while i < end:
        char = source[i]
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        elif quote:
            if char == "\\" and quote[0] == '"':
                i += 1  # an escaped character never ends the string
                if source[i : i + 1] == "\n":
                    line, column = line + 1, 0
                else:
                    column += 1
            elif source.startswith(quote, i):
                run = len(quote)
                if run == 3:  # up to two more quotes still belong to the content
                    while run < 5 and source.startswith(quote[0], i + run):
                        run += 1
                i += run - 1
                column += run - 1
                quote = ""
        elif char == "#":
            newline = source.find("\n", i)
            i = (newline if newline >= 0 else end) - 1
        elif char in "'\"":
            quote = char * 3 if source.startswith(char * 3, i) else char
            i += len(quote) - 1
            column += len(quote) - 1
        elif char in _CLOSING:
            depth += 1
            if depth > deepest:
                deepest, where = depth, (line, column)
        elif char in _CLOSING.values():
            depth = max(0, depth - 1)
        i += 1
    return deepest, where[0], where[1]
