"""How the checks name sentences and quote text in their messages."""

from __future__ import annotations

from aligner.printable import number, span_range

__all__ = ["clip", "number", "sentences", "span_range"]


def clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def sentences(n: int, side: str) -> str:
    """``1 source sentence`` / ``3 target sentences``."""
    return f"{n} {side} sentence{'s' if n > 1 else ''}"
