"""The thresholds of the checks (``FlagConfig``), each with the reason for its value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aligner.model import check_ranges

TYPICAL_MIN_PAIRS = 5
"""With fewer 1-1 pairs than this, a document has no typical pair (median cosine) to
compare with, and the checks that need one stay silent."""
PARTIAL_MIN_EXPECTED = 60
"""A translation expected to be shorter than this many characters is not judged by its
length alone: the length of a short sentence varies too much with its wording."""
COPY_MIN_WORDS = 3
"""A target with fewer lower-case words than this (names, numbers, a title) is never a copy
left untranslated: names and numbers look alike in every language."""
COPY_SHARED_WORDS = 0.5
"""A target of which fewer words than this share of the similarity asked for (0.5 x 0.9)
are words of its source is no copy, and its characters are not compared (a sentence that
is 90 % its source's characters shares nearly all its words)."""


@dataclass(frozen=True)
class FlagConfig:
    """Thresholds of the checks; written into the alignment's signature."""

    low_confidence: float = 0.5
    """An aligned bead scoring below this is flagged low-confidence."""
    unrelated_drop: float = 0.08
    """A pair this much less similar (cosine) than the document's median 1-1 pair...
    (e5-small: true pairs come within 0.09 of it on textberg-de-fr-dev, 0.11 on bible-et-en)"""
    unrelated_rank: int = 3
    """...whose source is more similar to this many other target sentences, and its target
    to this many other source sentences, looks unrelated: more likely a dropped sentence and
    an added one in the same place (a last paragraph cut, a footer added) than a translation."""
    partial_length: float = 0.9
    """A translation of several source sentences shorter than this share of its expected
    length (the source's length times the aligned pairs' length ratio)... (0.9: no flag
    on bible-et-en, one on the 26 merged beads of a seed-7 perturbed dev set)"""
    partial_gap: float = 0.06
    """...where one source sentence is this much less similar (cosine) to the translation
    than the best of them, and the rest alone would explain the length, has dropped it."""
    partial_single_length: float = 0.5
    """A translation shorter than this share of its expected length, of one source sentence
    or of several where no one of them stands out as the left-out one. (0.5: no flag on
    bible-et-en, textberg-de-fr-dev or the seed-7 perturbed variant's merged beads.)"""
    added_gap: float = 0.06
    """A target sentence of a pair this much less similar (cosine) to the source than the
    pair's best target sentence..."""
    added_rest_length: float = 0.75
    """...while the others are at least this share of the source's expected length..."""
    added_min_letters: int = 30
    """...and it has this many letters (a short fragment of a split sentence, "il faut se
    hâter .", resembles nothing much), is added, if it also looks unrelated to its source
    (see ``unrelated_drop`` and ``unrelated_rank``)."""
    untranslated_probability: float = 0.95
    """Language identification must be this sure that a target sentence is in the source language."""
    untranslated_min_letters: int = 15
    """Shorter clauses (names, numbers) are not judged by their language alone..."""
    sentence_min_letters: int = 20
    """...and shorter whole sentences not at all: a headline of three words ("Chaga
    mushroom tea") is too short for language identification to be sure."""
    copy_similarity: float = 0.9
    """A target at least this similar, character by character, to its source is a copy."""
    clause_min_letters: int = 20
    """An untranslated run of clauses inside a sentence must have this many letters."""
    boilerplate: tuple[str, ...] = field(default=())
    """Regular expressions of known boilerplate: an added span matching one is only ``info``."""

    def __post_init__(self) -> None:
        shares = ("low_confidence", "untranslated_probability", "copy_similarity")
        check_ranges(self, {}, {name: 1 for name in shares})
        if isinstance(self.boilerplate, str) or not all(isinstance(p, str) for p in self.boilerplate):
            raise ValueError(f"boilerplate must be a sequence of patterns, not {self.boilerplate!r}")
        for pattern in self.boilerplate:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"boilerplate pattern {pattern!r} is not a valid regular expression: {exc}") from None
