"""Clauses of sentences, with exact offsets into the original text.

Sentences are the alignment's units, but a translator can leave a clause untranslated
inside one (or a unit can hold several sentences): the flag stage identifies the
language clause by clause, splitting at ``, ; :``, dashes and sentence ends.

(Re-aligning suspicious pairs clause by clause with the embedding model, to find dropped
or added clauses, was measured on a seed-7 perturbed dev set and found nothing the
sentence level missed, while its false alarms grew; e5-small's vectors of short
fragments are too noisy for it.)
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from aligner.model import Sentence

_BOUNDARY = re.compile(r"(?<=[,;:.!?…])\s+|\s+(?=[—–]\s)|(?<=\s[—–])\s+")
MIN_CHARS = 20
AT_CONJUNCTIONS = re.compile(
    r"(?<=[,;:“”\"»])\s+|\s+(?=(?:ja|ning|kuid|aga|sest|et|mis|kes|and|but|because|which|who|и|но|что|который)\s)"
    r"|\s+[–—]\s+"
)
"""Finer cuts, for finding what a translation leaves out (``omissions.py``): also before a
conjunction or a relative pronoun (``ning toetus katab ...``, ``mis on kolmandiku võrra
rohkem``) and after a closing quote (``„...,“ ütles minister``)."""


@dataclass(frozen=True)
class Clause:
    """A piece of one sentence: its text, the sentence, and [start, end) in the original text."""

    text: str
    sentence: int
    start: int
    end: int


def char_offsets(original: str, sentence: Sentence) -> list[int]:
    """Where each character of ``sentence.text`` is in ``original``.

    The sentence text is the original span with white space folded (and, for HTML, tags
    and entities resolved), so characters are matched in order; a character that cannot
    be found (an entity's result) keeps the position reached so far.
    """
    out = []
    pos = sentence.start
    for char in sentence.text:
        if char.isspace():
            out.append(pos)
            continue
        found = original.find(char, pos, sentence.end)
        if found >= 0:
            pos = found
        out.append(pos)
        if found >= 0:
            pos += 1
    return out


def pieces(text: str, boundary: re.Pattern[str] = _BOUNDARY, min_chars: int = MIN_CHARS) -> list[tuple[int, int]]:
    """A text cut where ``boundary`` matches, as [start, end) offsets without the white
    space around each piece; a piece shorter than ``min_chars`` joins the next one (the
    last, the one before it)."""
    cuts = [0] + [m.end() for m in boundary.finditer(text)] + [len(text)]
    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        if b <= a:
            continue
        if spans and (spans[-1][1] - spans[-1][0] < min_chars):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < min_chars:
        tail = spans.pop()
        spans[-1] = (spans[-1][0], tail[1])
    out = []
    for a, b in spans:
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + lead + len(piece.strip())))
    return out


def split_clauses(original: str, sentence: Sentence) -> list[Clause]:
    """The clauses of a sentence; pieces shorter than MIN_CHARS join the next one."""
    offsets = char_offsets(original, sentence)
    return [
        Clause(sentence.text[a:b], sentence.index, offsets[a], offsets[b - 1] + 1) for a, b in pieces(sentence.text)
    ]
