"""How the checks name sentences and quote text in their messages."""

from __future__ import annotations


def span_range(idx: tuple[int, ...]) -> str:
    """Sentences as a person reads them: numbered from 1 on each side (``(3)``, ``(3-5)``),
    as the review pages number them; the alignment file's indices count from 0."""
    return str(idx[0] + 1) if len(idx) == 1 else f"{idx[0] + 1}-{idx[-1] + 1}"


def number(i: int) -> str:
    """One sentence's number as a person reads it (from 1)."""
    return str(i + 1)


def clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def sentences(n: int, side: str) -> str:
    """``1 source sentence`` / ``3 target sentences``."""
    return f"{n} {side} sentence{'s' if n > 1 else ''}"
