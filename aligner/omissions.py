"""Clauses of a source sentence that its translation leaves out (an attribution, a second fact).

A translation clearly shorter than its source is expected to be (the document's length
ratio) may be a tight one or a partial one. The model tells them apart where it can: the
source is embedded again without each of its clauses in turn, and a clause whose removal
makes the lengths fit and leaves the source at least as alike to the translation is the
part the translation does not cover ("ütles keskpanga asepresident Ülle Tamm",
"sest lauluväljaku laval on ruumi umbes 11 000 lauljale").

Model time is spent only on 1-1 pairs whose translation is under ``SHORT`` of its
expected length (on newsroom-et-en-dev's gold pairs, 101 of 749), a few texts each.
(``benchmarks/newsroom.py`` on newsroom-et-en-dev's 12 partial drops: 7 found, against 2
by length alone, with 1 partially-dropped flag where the gold has none; the coverage of
each clause by the translation, without embedding the rest again, separated them worse
in a first look at the gold pairs.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aligner.align import SideData
from aligner.clauses import AT_CONJUNCTIONS, pieces
from aligner.model import Bead, Side

SHORT = 0.8
"""A translation under this share of its expected length is looked at."""
FITS = (0.85, 1.25)
"""Without the clause, the translation's length over the rest's expected length must fall
in this range: the clause is what the missing length is."""
LOSS = 0.008
"""The source without the clause may be at most this much less alike (cosine) to the
translation than the whole source (e5-small: a left-out clause's removal raises the
likeness or leaves it within this; a translated clause's removal lowers it more)."""
TYPICAL_WITHIN = 0.03
"""...and the rest must be about as alike to the translation as the document's typical 1-1
pair (its median cosine less at most this): else the translation is no translation of the
rest either, but another sentence (a same-story substitution kept as a pair) or a part
of a wrongly aligned one. (newsroom-et-en-dev: the rest of the 7 left-out clauses found
comes within 0.025, the 5 kept substitutions and misaligned pairs fall 0.034-0.054 short.)"""
MIN_CHARS = 12
"""A shorter piece (a name, "ta ütles") is never judged on its own: it joins its neighbour."""


@dataclass(frozen=True)
class Omission:
    """A clause of source sentence ``src`` that target sentence ``tgt`` leaves out."""

    src: int
    tgt: int
    text: str
    start: int
    """Where the clause starts and ends in the sentence's text."""
    end: int
    length_ratio: float
    """The translation's length over the whole source's expected length."""
    rest_ratio: float
    """...and over the rest's, without the clause."""
    change: float
    """How much more alike the rest is to the translation than the whole (cosine)."""


def find_omissions(
    source: Side,
    target: Side,
    beads: tuple[Bead, ...],
    src: SideData,
    tgt: SideData,
    embed: Callable[[list[str]], np.ndarray],
    scale: float,
    typical: float,
) -> dict[tuple[int, int], Omission]:
    """The clause each short 1-1 pair's translation leaves out, by (source, target) sentence;
    ``embed`` turns texts into unit vectors with the alignment's model, ``scale`` is the
    target's length over the source's and ``typical`` the median cosine of the 1-1 pairs
    (the flags' ``Context`` has both)."""
    candidates = []
    for k, bead in enumerate(beads):
        if k == 0 or len(bead.src) != 1 or len(bead.tgt) != 1:
            continue  # a headline is translated freely
        i, j = bead.src[0], bead.tgt[0]
        ratio = float(tgt.lengths[j]) / max(float(src.lengths[i]) * scale, 1.0)
        spans = pieces(source.sentences[i].text, AT_CONJUNCTIONS, MIN_CHARS)
        if ratio < SHORT and len(spans) > 1:
            candidates.append((i, j, ratio, spans))
    if not candidates:
        return {}
    texts = []
    for i, _, _, spans in candidates:
        text = source.sentences[i].text
        texts += [(text[:a].rstrip() + " " + text[b:].lstrip()).strip() for a, b in spans]
    vectors = embed(texts)
    found: dict[tuple[int, int], Omission] = {}
    row = 0
    for i, j, ratio, spans in candidates:
        text = source.sentences[i].text
        whole = float(src.vectors[i] @ tgt.vectors[j])
        best: Omission | None = None
        for a, b in spans:
            rest = float(tgt.lengths[j]) / max((float(src.lengths[i]) - (b - a)) * scale, 1.0)
            change = float(vectors[row] @ tgt.vectors[j]) - whole
            row += 1
            alike = whole + change >= typical - TYPICAL_WITHIN
            fits = FITS[0] <= rest <= FITS[1] and b - a >= MIN_CHARS and change >= -LOSS and alike
            if fits and (best is None or change > best.change):
                best = Omission(i, j, text[a:b], a, b, round(ratio, 3), round(rest, 3), round(change, 4))
        if best is not None:
            found[(i, j)] = best
    return found
