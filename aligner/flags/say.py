"""How the checks count sentences in their messages (they number and quote them with
``aligner.printable``: ``span_range``, ``number``, ``clip``)."""

from __future__ import annotations


def sentences(n: int, side: str) -> str:
    """``1 source sentence`` / ``3 target sentences``."""
    return f"{n} {side} sentence{'s' if n > 1 else ''}"
