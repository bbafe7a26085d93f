"""Review of flags: select and order them, record decisions, carry decisions over a re-alignment.

Functions over Alignment values; the terminal and HTML renderings live in ``text.py`` and
``html.py``, and the interaction with a person in the CLI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aligner.alignfile import flag_to_json
from aligner.model import Alignment, Decision, Flag, FlagType, Review, Severity


def ordered(flags: tuple[Flag, ...] | list[Flag]) -> list[Flag]:
    """Most severe first; in document order within a severity."""
    return sorted(flags, key=lambda f: f.severity.rank)


def tally(flags: tuple[Flag, ...] | list[Flag]) -> str:
    """How many flags of each severity: ``2 errors, 1 warnings, 0 info``."""
    counts = Counter(f.severity for f in flags)
    return f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} info"


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


def now() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def decide(alignment: Alignment, key: str, decision: Decision, note: str, reviewer: str, at: str = "") -> Alignment:
    """The alignment with a decision recorded on the flag ``key``.

    A note without a decision (``Decision.NOTE``) keeps an earlier decision; a decision
    keeps an earlier note unless a new one is given.
    """
    old = next((flag.review for flag in alignment.flags if flag.key == key), None)
    review = Review(
        decision=decision or (old.decision if old else Decision.NOTE),
        note=note or (old.note if old else ""),
        reviewer=reviewer,
        at=at or now(),
    )
    return set_review(alignment, key, review)


def set_review(alignment: Alignment, key: str, review: Review | None) -> Alignment:
    """The alignment with the flag ``key``'s review replaced (by ``None``: none; an undo
    puts back what was there)."""
    if not any(flag.key == key for flag in alignment.flags):
        raise KeyError(key)
    flags = tuple(replace(flag, review=review) if flag.key == key else flag for flag in alignment.flags)
    return replace(alignment, flags=flags)


def blocking(alignment: Alignment) -> list[Flag]:
    """Errors nobody has accepted: what keeps a publishing pipeline from going on."""
    return [f for f in alignment.flags if f.severity is Severity.ERROR and not accepted(f)]


def accepted(flag: Flag) -> bool:
    """Whether a reviewer accepted the flag as it is."""
    return flag.review is not None and flag.review.decision is Decision.ACCEPTED


def carry_over(previous: Alignment, current: Alignment) -> Alignment:
    """``current`` with the decisions of ``previous`` on every flag whose sentences did not change.

    A flag is the same when its type and the texts of its sentences are (its ``key``).
    """
    reviews = {f.key: f.review for f in previous.flags if f.review is not None and f.key}
    flags = tuple(replace(flag, review=reviews[flag.key]) if flag.key in reviews else flag for flag in current.flags)
    return replace(current, flags=flags)


def reviewed(alignment: Alignment) -> int:
    """How many flags carry a review (after :func:`carry_over`: how many decisions were kept)."""
    return sum(1 for f in alignment.flags if f.review is not None)


def flags_json(alignment: Alignment, flags: list[Flag]) -> list[dict[str, Any]]:
    """The flags as ``aligner review --json`` prints them: each as the alignment file
    stores it, with the text of its source and target sentences."""
    return [
        {**flag_to_json(f), "src_text": alignment.source.text(f.src), "tgt_text": alignment.target.text(f.tgt)}
        for f in flags
    ]
