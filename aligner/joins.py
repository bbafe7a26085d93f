"""A sentence left out next to a pair whose other side translates it in a clause: a join
or a split the DP did not make.

A translator joins two short sentences into one with a clause ("... 60,000 tourists,
which is a record for the county") or splits one ("That is a record for the county.").
The DP scores the joined bead by the run's one vector, which a short second sentence
hardly moves, and leaving the sentence out looks cheaper; the relatedness model then sees
a short anaphoric sentence ("That is the highest number in the event's history.") that
says little alone. Both end as a false ``dropped`` or ``added`` error.

A clause tells them apart: the neighbour's partner is cut into clauses (as for a partial
drop, ``clauses.AT_CONJUNCTIONS``), each embedded with the alignment's model, and the
left-out sentence joins the pair when it is clearly more alike to one of them than the
pair's own sentence is (by ``CLOSER``), and the partner without that clause is still as
alike to the pair's own sentence (within ``REST_KEEPS``): the clause is the left-out
sentence's, and the rest the pair's. Model time: a few clauses per left-out sentence
next to a pair whose partner has more than one clause.

Measured on the one-unit-per-line files of newsroom-et-en-dev and news-et-en-dev (232
left-out sentences next to a 1-1 pair, 5 of them members of a gold join or split): 3 of
the 5 are more alike to a clause by ``CLOSER``, none of the 219 that the gold leaves out.
Below it lie the left-out sentences that merely share a subject with a clause ("Samuti
palutakse jahimeestel teatada ..." against "and to report any unusual deaths ...",
0.040). In aligner's runs on those files it makes 6 joins, all in the gold
(``benchmarks/README.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.clauses import AT_CONJUNCTIONS, pieces
from aligner.measures import length_ratio
from aligner.omissions import FITS, SHORT
from aligner.sides import SideData, Span, beads_of

CLOSER = 0.045
"""How much more alike (cosine) the left-out sentence must be to a clause of the partner
than the pair's own sentence is."""
CLOSER_WHEN_SHORT = 0.01
"""...or this much, when the pair's own sentence is under ``omissions.SHORT`` of the length
its partner needs and, with the left-out sentence, fits it (``omissions.FITS``): the
length the pair misses is the left-out sentence's (newsroom-et-en-dev's "The navies will
also share real-time information ..." beside a pair 70% of its expected length, 118%
with it; no sentence the gold leaves out is so short beside its pair)."""
JOINED_FITS = 2.0
"""The joined pair's lengths must fit within this factor of each other (with the
document's length ratio): a long sentence is no translation of a short clause
(perturbed-et-en's added verse beside "Ja nii me teemegi, kui Jumal lubab.")."""
REST_KEEPS = 0.006
"""The partner without that clause may be at most this much less alike to the pair's own
sentence than the whole partner."""
MIN_CHARS = 12
"""A shorter piece (a name, "ta ütles") is never a clause of its own: it joins its neighbour."""


@dataclass(frozen=True)
class Texts:
    """Both sides' sentence texts and the alignment's model (``embed``: texts to unit
    vectors); :meth:`part` views a stretch of them with its own numbering."""

    src: Sequence[str]
    tgt: Sequence[str]
    embed: Callable[[list[str]], np.ndarray]
    src_start: int = 0
    tgt_start: int = 0

    def part(self, src_start: int, tgt_start: int) -> Texts:
        """The same texts numbered from ``src_start`` and ``tgt_start``."""
        return replace(self, src_start=self.src_start + src_start, tgt_start=self.tgt_start + tgt_start)

    def text(self, source: bool, k: int) -> str:
        return self.src[self.src_start + k] if source else self.tgt[self.tgt_start + k]


@dataclass(frozen=True)
class _Candidate:
    null: int
    """The null bead's place in the path."""
    pair: int
    """The neighbouring 1-1 pair's place."""
    source: bool
    """Whether the left-out sentence is a source sentence."""
    clauses: list[str]
    rests: list[str]


def rejoin(spans: list[Span], src: SideData, tgt: SideData, texts: Texts) -> list[Span]:
    """The path with every left-out sentence that translates a clause of its neighbouring
    pair's partner joined to that pair (see the module's docstring)."""
    scale = length_ratio(src, tgt, beads_of(spans))
    judged = []  # (candidate, own side, other side, own sentence, partner, left-out sentence, bar)
    for c in _candidates(spans, texts):
        pair, null = spans[c.pair], spans[c.null]
        own_side, other_side = (src, tgt) if c.source else (tgt, src)
        own, partner, x = (
            (pair.src_start, pair.tgt_start, null.src_start)
            if c.source
            else (pair.tgt_start, pair.src_start, null.tgt_start)
        )
        needed = float(other_side.lengths[partner])
        needed = needed / scale if c.source else needed * scale
        alone, joined = (
            float(own_side.lengths[own]) / needed,
            float(own_side.lengths[own] + own_side.lengths[x]) / needed,
        )
        if abs(np.log(joined)) <= np.log(JOINED_FITS):  # else no clause is worth embedding
            bar = CLOSER_WHEN_SHORT if alone < SHORT and FITS[0] <= joined <= FITS[1] else CLOSER
            judged.append((c, own_side, other_side, own, partner, x, bar))
    if not judged:
        return spans
    wanted = list(dict.fromkeys(t for c, *_ in judged for t in c.clauses + c.rests))  # a pair's clauses once
    vectors = dict(zip(wanted, texts.embed(wanted), strict=True))
    joins: dict[int, tuple[int, float]] = {}  # null bead -> (pair, margin)
    for c, own_side, other_side, own, partner, x, bar in judged:
        clause_vectors = np.array([vectors[t] for t in c.clauses])
        rest_vectors = np.array([vectors[t] for t in c.rests])
        margin = _margin(
            clause_vectors, rest_vectors, own_side.vectors[x], own_side.vectors[own], other_side.vectors[partner], bar
        )
        if margin is not None and margin > joins.get(c.null, (0, -1.0))[1]:
            joins[c.null] = (c.pair, margin)
    return _joined(spans, {pair: null for null, (pair, _) in joins.items()})  # a pair takes in one sentence


def translates_clause(
    left_out: np.ndarray,
    own: np.ndarray,
    partner: np.ndarray,
    partner_text: str,
    embed: Callable[[list[str]], np.ndarray],
) -> bool:
    """Whether a clause of ``partner_text`` (vector ``partner``) is the translation of the
    sentence ``left_out`` rather than of ``own`` (vectors), the rest of it ``own``'s: the
    test :func:`rejoin` joins by, for a merged pair's member that looks left out."""
    cut = _cut(partner_text)
    if cut is None:
        return False
    clauses, rests = cut
    vectors = embed(clauses + rests)
    return _margin(vectors[: len(clauses)], vectors[len(clauses) :], left_out, own, partner, CLOSER) is not None


def _margin(
    clauses: np.ndarray, rests: np.ndarray, left_out: np.ndarray, own: np.ndarray, partner: np.ndarray, bar: float
) -> float | None:
    """How much more alike ``left_out`` is than ``own`` to the clause it is most alike to,
    when that is at least ``bar`` and the partner without the clause keeps ``own``'s
    likeness (``REST_KEEPS``); else None."""
    margins = clauses @ left_out - clauses @ own
    best = int(np.argmax(margins))
    keeps = float(rests[best] @ own) - float(own @ partner) >= -REST_KEEPS
    return float(margins[best]) if margins[best] >= bar and keeps else None


def _cut(text: str) -> tuple[list[str], list[str]] | None:
    """A text's clauses and the text without each, or None when it has one clause."""
    cuts = pieces(text, AT_CONJUNCTIONS, MIN_CHARS)
    if len(cuts) < 2:
        return None
    clauses = [text[a:b] for a, b in cuts]
    return clauses, [(text[:a].rstrip() + " " + text[b:].lstrip()).strip() for a, b in cuts]


def _candidates(spans: list[Span], texts: Texts) -> list[_Candidate]:
    """Each left-out sentence with the 1-1 pair before and after it (past the other side's
    left-out sentences: a dropped sentence and an added one stand between a pair and the
    next in either order), where the pair's partner has more than one clause."""
    out = []
    for k, span in enumerate(spans):
        if not span.is_null or (span.src_end - span.src_start) + (span.tgt_end - span.tgt_start) != 1:
            continue
        source = span.src_end > span.src_start
        for step in (-1, 1):
            nb = k + step
            while 0 <= nb < len(spans) and spans[nb].is_null and (spans[nb].src_end > spans[nb].src_start) != source:
                nb += step
            if not 0 <= nb < len(spans) or not spans[nb].is_pair:
                continue
            cut = _cut(texts.text(not source, spans[nb].tgt_start if source else spans[nb].src_start))
            if cut is not None:
                out.append(_Candidate(k, nb, source, *cut))
    return out


def _joined(spans: list[Span], joins: dict[int, int]) -> list[Span]:
    """``spans`` with each pair of ``joins`` (pair -> left-out sentence's bead) taking in
    the left-out sentence (the other side's null beads between them keep their place)."""
    merged = {}
    for k, null in joins.items():
        pair, x = spans[k], spans[null]
        if x.src_end > x.src_start:
            merged[k] = Span(
                min(pair.src_start, x.src_start), max(pair.src_end, x.src_end), pair.tgt_start, pair.tgt_end
            )
        else:
            merged[k] = Span(
                pair.src_start, pair.src_end, min(pair.tgt_start, x.tgt_start), max(pair.tgt_end, x.tgt_end)
            )
    gone = set(joins.values())
    kept = [merged.get(k, span) for k, span in enumerate(spans) if k not in gone]
    out, i, j = [], spans[0].src_start, spans[0].tgt_start  # the null beads' empty sides moved too
    for span in kept:
        a, b = span.src_end - span.src_start, span.tgt_end - span.tgt_start
        out.append(Span(i, i + a, j, j + b))
        i, j = i + a, j + b
    return out
