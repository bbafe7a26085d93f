"""A person's decisions on flags: record one, undo one, and what they add up to.

Pure operations on Alignment values (the review views, the web app, the CLI and
``batch`` call them; none of them touches a file).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from aligner.model import Alignment, Decision, Flag, Review, Severity


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


def said(review: Review) -> str:
    """``accepted by mari``: a review's decision and who made it, as every view says it."""
    return f"{review.decision.label} by {review.reviewer or '?'}"


def set_note(alignment: Alignment, key: str, note: str, reviewer: str, at: str = "") -> Alignment:
    """The alignment with the flag ``key``'s note set to ``note`` (empty: removed), as the
    review page edits it. A decision stays as it was, with who made it and when: a note
    by someone else says whose it is (``bob: ...``). An undecided flag with no note has
    no review (an empty note records nothing)."""
    old = next((flag.review for flag in alignment.flags if flag.key == key), None)
    note = note.strip()
    if old is not None and old.decision:
        if note and reviewer and reviewer != old.reviewer and not note.startswith(f"{reviewer}: "):
            note = f"{reviewer}: {note}"
        return set_review(alignment, key, replace(old, note=note))
    if not note:
        return set_review(alignment, key, None)
    return set_review(alignment, key, Review(Decision.NOTE, note, reviewer, at or now()))


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


def reviewed(alignment: Alignment) -> int:
    """How many flags carry a review (after :func:`carry_over`: how many decisions were kept)."""
    return sum(1 for f in alignment.flags if f.review is not None)
