"""A count and its noun, agreeing: "1 story", "2 stories"."""

from __future__ import annotations


def plural_of(noun: str) -> str:
    """The plural of a regular noun (the last word takes -s, or -ies after a consonant)."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    return noun + "s"


def counted(n: int, noun: str, plural: str = "") -> str:
    """`n` and the noun in the number it needs; `plural` where `plural_of` would be wrong."""
    return f"{n} {noun if n == 1 else plural or plural_of(noun)}"
