"""Review of flags: select, order and count them, and find their beads, for the views.

Functions over Alignment values; the terminal and HTML renderings live in ``text.py`` and
``html.py``, the web app in ``server.py``, and the interaction with a person in the CLI.
Recording a decision is ``aligner.decisions``; what survives a re-alignment, ``aligner.carry``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aligner.alignfile import flag_to_json
from aligner.model import Alignment, Flag, FlagType, Severity


def ordered(flags: tuple[Flag, ...] | list[Flag]) -> list[Flag]:
    """Most severe first; in document order within a severity."""
    return sorted(flags, key=lambda f: f.severity.rank)


def counted(n: int, word: str) -> str:
    """``1 error``, ``2 errors``; a word with no plural (``info``) stays as it is."""
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def tally(flags: tuple[Flag, ...] | list[Flag]) -> str:
    """How many flags of each severity: ``2 errors, 1 warning, 0 info``."""
    counts = Counter(f.severity for f in flags)
    return ", ".join(
        counted(counts[severity], word)
        for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info"))
    )


def select(
    flags: tuple[Flag, ...] | list[Flag],
    types: list[FlagType] | None = None,
    severities: list[Severity] | None = None,
) -> list[Flag]:
    """The flags of the given types and severities (all when a filter is empty)."""
    return [
        f for f in ordered(flags) if (not types or f.type in types) and (not severities or f.severity in severities)
    ]


BeadPlaces = tuple[dict[int, int], dict[int, int]]
"""For each source and each target sentence, the position of its bead."""


def bead_places(alignment: Alignment) -> BeadPlaces:
    """Where each sentence's bead is: made once, so that finding the bead of every flag
    is linear in flags and beads, not their product."""
    src = {i: k for k, bead in enumerate(alignment.beads) for i in bead.src}
    tgt = {j: k for k, bead in enumerate(alignment.beads) for j in bead.tgt}
    return src, tgt


def bead_of(alignment: Alignment, flag: Flag, places: BeadPlaces | None = None) -> int:
    """The first bead that holds one of the flag's sentences (0 when none does); pass
    :func:`bead_places` when asking for many flags."""
    src, tgt = places or bead_places(alignment)
    found = [src[i] for i in flag.src if i in src] + [tgt[j] for j in flag.tgt if j in tgt]
    return min(found, default=0)


def flags_json(alignment: Alignment, flags: list[Flag]) -> list[dict[str, Any]]:
    """The flags as ``aligner review --json`` prints them: each as the alignment file
    stores it, with the text of its source and target sentences."""
    return [
        {**flag_to_json(f), "src_text": alignment.source.text(f.src), "tgt_text": alignment.target.text(f.tgt)}
        for f in flags
    ]
