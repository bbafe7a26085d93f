"""Clauses of a source sentence that its translation leaves out (an attribution, a second fact).

A translation clearly shorter than its source is expected to be (the document's length
ratio) may be a tight one or a partial one. The model tells them apart where it can: the
source is embedded again without each of its clauses in turn, and a clause whose removal
makes the lengths fit and leaves the source at least as alike to the translation is the
part the translation does not cover ("ütles keskpanga asepresident Ülle Tamm",
"sest lauluväljaku laval on ruumi umbes 11 000 lauljale").

Where the vectors find no such clause and the model gives latent terms (``wording.py``),
the clause whose terms the translation's share least is the left-out one when they share
under ``UNCOVERED`` (and the lengths fit without it): a second fact the translation never
names ("ja järjekorrad on lühenenud"), which the rest's vector does not tell.

Model time is spent only on 1-1 pairs whose translation is under ``SHORT`` of its
expected length (on newsroom-et-en-dev's gold pairs, 101 of 749), a few texts each.
(``benchmarks/newsroom.py`` on newsroom-et-en-dev's 12 partial drops: 7 found by the
vectors, against 2 by length alone, 8 with the terms, with 1 partially-dropped flag where
the gold has none; the coverage of each clause by the translation's *vector*, without
embedding the rest again, separated them worse in a first look at the gold pairs.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aligner.clauses import AT_CONJUNCTIONS, pieces
from aligner.embed import TermEmbedder, terms_cosine
from aligner.model import Bead, Side
from aligner.sides import SideData

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
UNCOVERED = 0.15
"""A clause whose latent terms' cosine with the translation's is under this names what the
translation does not (``wording.py``): on newsroom-et-en-dev's short pairs, 8 of the 12
left-out clauses and 3 of 17 other pairs' least covered clauses (before the length test)."""
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
    terms: TermEmbedder | None = None,
) -> dict[tuple[int, int], Omission]:
    """The clause each short 1-1 pair's translation leaves out, by (source, target) sentence;
    ``embed`` turns texts into unit vectors with the alignment's model, ``scale`` is the
    target's length over the source's and ``typical`` the median cosine of the 1-1 pairs
    (the flags' ``Context`` has both); ``terms``, the model's latent terms when it gives
    them, find the clause the vectors do not."""
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
    changes: list[list[float]] = []
    row = 0
    for i, j, ratio, spans in candidates:
        text = source.sentences[i].text
        whole = float(src.vectors[i] @ tgt.vectors[j])
        changes.append([float(vectors[row + n] @ tgt.vectors[j]) - whole for n in range(len(spans))])
        row += len(spans)
        best: Omission | None = None
        for (a, b), change in zip(spans, changes[-1], strict=True):
            if _fits(src, tgt, i, j, b - a, scale) and change >= -LOSS and whole + change >= typical - TYPICAL_WITHIN:
                if best is None or change > best.change:
                    best = _omission(src, tgt, i, j, text, a, b, ratio, change, scale)
        if best is not None:
            found[(i, j)] = best
    if terms is not None:
        found.update(_by_terms(source, target, src, tgt, candidates, changes, found, terms, scale, typical))
    return found


def _fits(src: SideData, tgt: SideData, i: int, j: int, left_out: int, scale: float) -> bool:
    """Whether the translation's length fits the source without ``left_out`` characters."""
    rest = float(tgt.lengths[j]) / max((float(src.lengths[i]) - left_out) * scale, 1.0)
    return FITS[0] <= rest <= FITS[1] and left_out >= MIN_CHARS


def _omission(
    src: SideData, tgt: SideData, i: int, j: int, text: str, a: int, b: int, ratio: float, change: float, scale: float
) -> Omission:
    rest = float(tgt.lengths[j]) / max((float(src.lengths[i]) - (b - a)) * scale, 1.0)
    return Omission(i, j, text[a:b], a, b, round(ratio, 3), round(rest, 3), round(change, 4))


def _by_terms(
    source: Side,
    target: Side,
    src: SideData,
    tgt: SideData,
    candidates: list[tuple[int, int, float, list[tuple[int, int]]]],
    changes: list[list[float]],
    found: dict[tuple[int, int], Omission],
    terms: TermEmbedder,
    scale: float,
    typical: float,
) -> dict[tuple[int, int], Omission]:
    """The short pairs' left-out clauses the vectors missed, found by the latent terms: the
    clause whose terms the translation's share least, when it shares under ``UNCOVERED``."""
    rest = [(c, change) for c, change in zip(candidates, changes, strict=True) if (c[0], c[1]) not in found]
    if not rest:
        return {}
    texts: list[str] = []
    for (i, j, _, spans), _ in rest:
        text = source.sentences[i].text
        texts += [text[a:b] for a, b in spans] + [target.sentences[j].text]
    read = terms.latent_terms(texts)
    out: dict[tuple[int, int], Omission] = {}
    row = 0
    for (i, j, ratio, spans), change in rest:
        covered = [terms_cosine(read[row + n], read[row + len(spans)]) for n in range(len(spans))]
        row += len(spans) + 1
        k = int(np.argmin(covered))
        (a, b), whole = spans[k], float(src.vectors[i] @ tgt.vectors[j])
        alike = whole + change[k] >= typical - TYPICAL_WITHIN
        if covered[k] < UNCOVERED and alike and _fits(src, tgt, i, j, b - a, scale):
            out[(i, j)] = _omission(src, tgt, i, j, source.sentences[i].text, a, b, ratio, change[k], scale)
    return out
