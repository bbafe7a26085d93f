"""The evidence of every 1-1 pair of an alignment: how it compares with what its document
says a translation looks like. The relatedness and same-story models (``relate.py``,
``story.py``) read it.

* ``typical``: its cosine less the median cosine of the document's 1-1 pairs;
* ``margin``: its cosine less the mean of each side's two best other partners (CSLS);
* ``local``: its cosine less the median cosine of the 1-1 pairs within four beads;
* ``topic``: how much less the target belongs to its document (cosine with the rest of
  the target side's centroid) than the source to its own;
* ``flow``: how much less the target follows from its neighbours than the source does;
* ``first``: whether it is the document's first pair (a headline, translated freely);
* ``shorter``: the shorter side's length (a short sentence's cosine varies more).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.measures import pair_cosines
from aligner.model import Bead
from aligner.sides import SideData

MIN_PAIRS = 5
"""With fewer 1-1 pairs, a document says too little about its typical translation: a pair
is judged by the margin, the topic and the flow alone (``SHORT_COEFFICIENTS``)."""
NEIGHBOURHOOD = 4
"""Beads either side whose pairs make the local comparison."""


@dataclass(frozen=True)
class PairEvidence:
    """The five differences of every 1-1 pair of an alignment (see the module docstring),
    one array each, in the order of ``beads``; ``index`` gives each pair's bead."""

    index: np.ndarray
    i: np.ndarray
    """Each pair's source sentence."""
    j: np.ndarray
    """Each pair's target sentence."""
    short: bool
    """Too few pairs to know the typical one: ``typical`` and ``local`` are 0."""
    typical: np.ndarray
    margin: np.ndarray
    local: np.ndarray
    topic: np.ndarray
    flow: np.ndarray
    first: np.ndarray
    """Whether the pair is the document's first (its headline, as a rule)."""
    shorter: np.ndarray
    """Log of the shorter side's length in characters over 60."""

    def design(self) -> np.ndarray:
        """The model's inputs, an intercept column first (of the short model for a short document)."""
        columns = [self.typical, self.margin, self.local, self.topic, self.flow]
        if self.short:
            columns = [self.margin, self.topic, self.flow]
        return np.column_stack([np.ones(len(self.index)), *columns])

    def story_design(self) -> np.ndarray:
        """The same-story model's inputs (an intercept, margin, local, first, shorter side)."""
        columns = [self.margin, self.local, self.first, self.shorter]
        return np.column_stack([np.ones(len(self.index)), *columns])

    def short_design(self) -> np.ndarray:
        """The short model's inputs (an intercept, margin, topic, flow), for any document."""
        return np.column_stack([np.ones(len(self.index)), self.margin, self.topic, self.flow])


CHUNK = 512
"""Rows of a similarity matrix computed at once (memory stays small on long documents)."""


@dataclass(frozen=True)
class Nearest:
    """Each sentence's three most alike sentences of the other side, most alike first
    (cosines and indices): all a pair's margin needs, read once per alignment for every
    pair that is judged (the path's, its merged beads' members, the final path's)."""

    src_cos: np.ndarray
    src_idx: np.ndarray
    tgt_cos: np.ndarray
    tgt_idx: np.ndarray

    @classmethod
    def of(cls, src: SideData, tgt: SideData, k: int = 3) -> Nearest:
        """Both sides' nearest sentences, from one pass over the similarity matrix in blocks
        of rows (each block gives its rows' best and a candidate best for every column)."""
        n, m = len(src), len(tgt)
        k_row, k_col = min(k, m), min(k, n)
        src_cos, src_idx = np.empty((n, k_row), np.float32), np.empty((n, k_row), np.int64)
        tgt_cos, tgt_idx = np.empty((m, 0), np.float32), np.empty((m, 0), np.int64)
        for start in range(0, n, CHUNK):
            sims = src.vectors[start : start + CHUNK] @ tgt.vectors.T
            src_cos[start : start + len(sims)], src_idx[start : start + len(sims)] = _best(sims, k_row)
            cos, idx = _best(sims.T, min(k_col, len(sims)))
            tgt_cos, tgt_idx = _best_of(np.hstack([tgt_cos, cos]), np.hstack([tgt_idx, idx + start]), k_col)
        return cls(src_cos.astype(np.float64), src_idx, tgt_cos.astype(np.float64), tgt_idx)

    def margin(self, i: np.ndarray, j: np.ndarray, cos: np.ndarray) -> np.ndarray:
        """Each pair's cosine less the mean of each side's two best other partners (CSLS)."""
        return (
            cos
            - 0.5 * _best_others(self.src_cos, self.src_idx, i, j, cos)
            - 0.5 * _best_others(self.tgt_cos, self.tgt_idx, j, i, cos)
        )


def _best(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` largest values and their columns, largest first."""
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return _best_of(np.take_along_axis(sims, top, axis=1), top, k)


def _best_of(values: np.ndarray, idx: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Of candidate values and their indices, each row's ``k`` largest, largest first."""
    order = np.argsort(-values, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(values, order, axis=1), np.take_along_axis(idx, order, axis=1)


def _best_others(
    cos: np.ndarray, idx: np.ndarray, rows: np.ndarray, partners: np.ndarray, own: np.ndarray, k: int = 2
) -> np.ndarray:
    """For each ``rows[n]``, the mean cosine of its ``k`` most alike sentences other than
    ``partners[n]`` (``own[n]``, the pair's cosine, when the other side has no other)."""
    values, others = cos[rows], idx[rows] != partners[:, None]
    order = np.argsort(~others, axis=1, kind="stable")  # the others first, best first
    values, others = np.take_along_axis(values, order, axis=1)[:, :k], np.take_along_axis(others, order, axis=1)[:, :k]
    count = others.sum(axis=1)
    total = np.where(others, values, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), own)


def _belonging(vectors: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """How alike each sentence ``idx`` is to the centroid of the other sentences of its side."""
    rest = vectors.sum(axis=0)[None, :] - vectors[idx]
    norms = np.linalg.norm(rest, axis=1)
    alike = np.einsum("kd,kd->k", vectors[idx], rest).astype(np.float64)
    return np.where(norms > 1e-9, alike / np.maximum(norms, 1e-9), 0.0)


def _flow(vectors: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each sentence ``idx`` with the sentences before and after it, and
    whether it has any."""
    n = len(vectors)
    total, count = np.zeros(len(idx)), np.zeros(len(idx))
    for step in (-1, 1):
        other = idx + step
        ok = (other >= 0) & (other < n)
        total[ok] += np.einsum("kd,kd->k", vectors[idx[ok]], vectors[other[ok]])
        count[ok] += 1
    return total / np.maximum(count, 1), count > 0


def pair_evidence(
    src: SideData,
    tgt: SideData,
    beads: tuple[Bead, ...],
    pairs: list[tuple[int, int, int]] | None = None,
    near: Nearest | None = None,
) -> PairEvidence | None:
    """The evidence of every 1-1 pair, or of the given ``(source, target, bead)`` pairs (a
    member of a bigger bead against the other side, say), or None when the document has
    no 1-1 pair or a side of one sentence. ``near``: :meth:`Nearest.of` the two sides,
    when the caller has it already."""
    ones = np.array([k for k, b in enumerate(beads) if len(b.src) == 1 and len(b.tgt) == 1], dtype=np.int64)
    cosines = pair_cosines(src, tgt, beads)
    if len(ones) == 0 or min(len(src), len(tgt)) < 2:
        return None
    short = len(ones) < MIN_PAIRS
    typical = float(np.median(cosines))
    if pairs is None:
        pairs = [(beads[k].src[0], beads[k].tgt[0], int(k)) for k in ones]
    i = np.array([p[0] for p in pairs], dtype=np.int64)
    j = np.array([p[1] for p in pairs], dtype=np.int64)
    index = np.array([p[2] for p in pairs], dtype=np.int64)
    cos = np.einsum("kd,kd->k", src.vectors[i], tgt.vectors[j]).astype(np.float64)
    margin = (near or Nearest.of(src, tgt)).margin(i, j, cos)
    local = np.empty(len(pairs))
    for n, k in enumerate(index):
        lo, hi = np.searchsorted(ones, k - NEIGHBOURHOOD), np.searchsorted(ones, k + NEIGHBOURHOOD, side="right")
        around = cosines[lo:hi][ones[lo:hi] != k]
        local[n] = cos[n] - (float(np.median(around)) if len(around) else typical)
    flow_s, has_s = _flow(src.vectors, i)
    flow_t, has_t = _flow(tgt.vectors, j)
    flow = np.where(has_s & has_t, flow_t - flow_s, 0.0)
    topic = _belonging(tgt.vectors, j) - _belonging(src.vectors, i)
    first = ((i == 0) & (j == 0)).astype(np.float64)
    shorter = np.log(np.minimum(src.lengths[i], tgt.lengths[j]) / 60.0)
    zeros = np.zeros(len(index))
    if short:
        return PairEvidence(index, i, j, True, zeros, margin, zeros, topic, flow, first, shorter)
    return PairEvidence(index, i, j, False, cos - typical, margin, local, topic, flow, first, shorter)
