"""``aligner review -i``: a person decides on each flag in turn, at a terminal or any
pair of ``ask`` and ``say`` functions; every decision is saved at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aligner.errors import InputError
from aligner.model import Decision

if TYPE_CHECKING:
    from aligner.model import Alignment, Flag, Review

CHOICES = "[a]ccept  [r]eject  [n]ote  [s]kip  [p]revious  [u]ndo last  [q]uit"


Ask = Callable[[str, str], "str | None"]
"""Asks a question with a default answer; None at the end of the input."""
Say = Callable[[str, bool], None]
"""Shows a line (``True``: on the error stream)."""


def decide_each(
    alignment: Alignment, chosen: list[Flag], path: str, reviewer: str, context: int, ask: Ask, say: Say
) -> Alignment:
    """Ask about each flag; record every decision in the file at once. End of input is a quit.

    Each decision is merged into the file as it is on disk (``alignfile.update``), so two
    reviewers on one file both keep their decisions; a flag that another run took out of
    the file meanwhile (re-aligned) is skipped with a word."""
    from aligner.alignfile import update
    from aligner.decisions import decide, set_review
    from aligner.review.text import format_flag

    if not reviewer:
        raise InputError("no reviewer name: give --reviewer or set ALIGNER_REVIEWER", path)
    decisions = {"a": Decision.ACCEPTED, "r": Decision.REJECTED, "n": Decision.NOTE}
    done: list[tuple[int, str, Review | None]] = []  # (position, flag key, review before) for undo

    def record(key: str, review: Review | None) -> bool:
        nonlocal alignment
        try:
            alignment = update(path, lambda fresh: set_review(fresh, key, review))
        except KeyError:
            say("This flag is no longer in the file (it was re-aligned meanwhile): not recorded.", True)
            return False
        return True

    # A later session resumes at the first flag no one has decided ([p]revious goes back).
    position = next((n for n, flag in enumerate(chosen) if flag.review is None), 0)
    if position:
        say(f"{position} of {len(chosen)} flags are decided already: resuming at #{position + 1}.", True)
    while True:
        at_end = position >= len(chosen)
        if at_end and not done:
            break
        if not at_end:
            current = next((f for f in alignment.flags if f.key == chosen[position].key), None)
            if current is None:
                position += 1
                continue
            say(format_flag(alignment, current, position + 1, context, total=len(chosen)) + "\n", False)
        choices = ("p", "u", "q") if at_end else ("a", "r", "n", "s", "p", "u", "q")
        question = "End of the flags. [p]revious  [u]ndo last  [q]uit" if at_end else CHOICES
        answer: str | None = ""
        while answer is not None and answer not in choices:
            answer = ask(question, "q" if at_end else "s")
            answer = None if answer is None else answer.lower()[:1]
        if answer is None or answer == "q":
            break
        if answer == "s":
            position += 1
            continue
        if answer == "p":
            position = max(position - 1, 0)
            continue
        if answer == "u":
            if not done:
                say("Nothing to undo.", True)
                continue
            position, key, before = done.pop()
            if record(key, before):
                say("Undone.", True)
            continue
        note = ask("Note", "")
        if note is None:
            break
        assert current is not None
        decided = decide(alignment, current.key, decisions[answer], note, reviewer)
        review = next(f.review for f in decided.flags if f.key == current.key)
        if record(current.key, review):
            done.append((position, current.key, current.review))
        position += 1
    return alignment
