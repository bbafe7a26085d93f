"""What a bead costs the DP: its settings (``AlignConfig``) and every term of the cost,
read from tables built once per document (``BeadCosts``), so that the search (``align.py``)
and :func:`aligner.align.path_cost` share one formula.

Cost of a bead that aligns ``a`` source to ``b`` target sentences (Vecalign's shape)::

    a * b * (1 - cos) / neighbourhood
      + len_weight * Gale-Church length mismatch
      + merge_penalty + merge_step * (a + b - 3)     (beads beyond 1-1 only)
      + paragraph_penalty * (sides whose sentences straddle a paragraph break)
      + number_weight * min(numbers on one side only, number_cap) / number_cap

Numbers are read language-aware (``numbers.py``: ``7 miljonit`` is ``7 million``) and
compared as sets: a figure both sides mention is the cheapest anchor there is, and it
tells which neighbour a short sentence belongs with. (On textberg-de-fr-dev: 0.916 ->
0.929 strict F1.)

A sentence left out (a 1-0 or 0-1 bead) costs ``skip`` times its ``skip_weight``: 1, a
tenth for a unit with no letter or digit ("--", "...."), less for a unit known to have
its partner elsewhere (a moved paragraph). The DP finds the monotone path of least total
cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.model import check_ranges
from aligner.sides import SideData, weighted_vectors


@dataclass(frozen=True)
class AlignConfig:
    """Settings of the DP. Defaults tuned on textberg-de-fr-dev and bible-et-en only."""

    max_side: int = 5
    """Most sentences on one side of a bead."""
    max_total: int = 6
    """Most sentences in a bead, both sides together (1-5, 2-4 and 3-3 yes, 3-4 no)."""
    skip: float = 1.1
    """Cost of leaving one sentence unaligned (a 1-0 or 0-1 bead)."""
    len_weight: float = 0.3
    """Weight of the length mismatch term."""
    merge_penalty: float = 0.3
    """Extra cost of any bead beyond 1-1 (1-2, 2-1, 2-2, ...)."""
    merge_step: float = 0.05
    """Further cost per sentence beyond the third in a bead (1-3 pays it once, 2-3 twice)."""
    paragraph_penalty: float = 1.0
    """Extra cost for a bead whose sentences on one side straddle a paragraph break."""
    knn: int = 2
    """Neighbours in the margin normaliser."""
    vec_len_power: float = 0.5
    """A run's vector weighs each sentence by length ** this (1: by length, 0: equally)."""
    full_cells: int = 400_000
    """Largest DP (cells) searched whole; larger ones are aligned coarse to fine."""
    band: int = 10
    """Sentences searched either side of the coarse path."""
    open_end_penalty: float = 0.2
    """Extra cost for a bead whose last unit ends open (":", ";", ",") on one side only."""
    number_weight: float = 0.6
    """Extra cost for numbers found on one side of a bead only (at ``number_cap`` of them)."""
    number_cap: int = 2
    """Numbers on one side only beyond this many cost no more (one may be a spelt-out word)."""
    unrelated_below: float = 0.4
    """A 1-1 pair less likely than this to be a translation (``relate.py``) is taken apart
    into a dropped sentence and an added one."""
    same_story_above: float = 0.5
    """A 1-1 pair more likely than this to be a same-story substitution (``story.py``:
    another sentence on the same story in the source sentence's place) is taken apart too.
    (With the doubtful pairs' wording read, ``wording.py``: 0.5 finds 12 of
    newsroom-et-en-dev's 22 substitutions in the aligner's own runs, 0.8 finds 7; held out
    by article group both take apart the same 3 short, loose news-et-en-dev translations
    and 0.5 finds 9 to 0.8's 5. news-et-en-dev is better at 0.5 (dropped 0.939 -> 0.949),
    bible-et-en and perturbed-et-en the same, textberg-de-fr-dev, a literary translation,
    0.928 -> 0.924 strict. 0.2 finds 12 held out and takes apart 15.)"""

    def __post_init__(self) -> None:
        check_ranges(
            self,
            {"max_side": 1, "max_total": 2, "knn": 1, "full_cells": 1, "band": 1, "number_cap": 1},
            # Upper bounds where the search's time or memory grows with the value: a bead
            # of 100,000 sentences a side would never finish.
            {
                "unrelated_below": 1,
                "same_story_above": 1,
                "max_side": 10,
                "max_total": 12,
                "knn": 50,
                "band": 500,
                "full_cells": 50_000_000,
                "number_cap": 50,
            },
        )

    def bead_types(self) -> list[tuple[int, int]]:
        """The (a, b) bead shapes the DP may use; (1, 0) and (0, 1) are the null beads."""
        shapes = [(1, 0), (0, 1)]
        for a in range(1, self.max_side + 1):
            for b in range(1, self.max_side + 1):
                if a + b <= self.max_total:
                    shapes.append((a, b))
        return shapes


def _span_tables(side: SideData, width: int, nb: np.ndarray, power: float) -> tuple[np.ndarray, ...]:
    """For every end position e and run length a, the run of sentences [e - a, e).

    Returns vectors (n+1, width, d), normaliser (n+1, width), lengths (n+1, width), a
    0/1 "straddles a paragraph break" table (n+1, width) and the run's number masks,
    or-ed (n+1, width). Invalid runs (a > e) get a zero vector, normaliser 1 and length 1;
    the DP never reaches them (their origin is outside the band).
    """
    n, dim = side.vectors.shape
    weighted = weighted_vectors(side.vectors, side.lengths, power)
    csum_v = np.zeros((n + 1, dim), np.float32)
    np.cumsum(weighted, axis=0, out=csum_v[1:])
    csum_l = np.concatenate([[0.0], np.cumsum(side.lengths)])
    csum_nb = np.concatenate([[0.0], np.cumsum(nb)])
    vecs = np.zeros((n + 1, width, dim), np.float32)
    norm = np.ones((n + 1, width))
    lens = np.ones((n + 1, width))
    cross = np.zeros((n + 1, width))
    numbers = np.zeros((n + 1, width), np.uint64)
    ored = np.zeros(n + 1, np.uint64)  # after step a: ored[e] = or of units [e - a, e)
    for a in range(1, width + 1):
        ends = np.arange(a, n + 1)
        v = csum_v[ends] - csum_v[ends - a]
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        vecs[ends, a - 1] = v
        norm[ends, a - 1] = (csum_nb[ends] - csum_nb[ends - a]) / a
        lens[ends, a - 1] = csum_l[ends] - csum_l[ends - a]
        if a > 1:
            cross[ends, a - 1] = side.paragraphs[ends - 1] != side.paragraphs[ends - a]
        ored[ends] |= side.numbers[ends - a]
        numbers[ends, a - 1] = ored[ends]
    return vecs, norm, lens, cross, numbers


def _neighbourhoods(
    src: SideData, tgt: SideData, lo: np.ndarray, hi: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine distance of each sentence to its k nearest sentences within the band."""
    n, m = len(src), len(tgt)
    rows, cols, dists = [], [], []
    for i in range(1, n + 1):
        j0, j1 = max(lo[i], 1), hi[i]
        if j1 <= j0:
            continue
        d = 1.0 - tgt.vectors[j0 - 1 : j1 - 1] @ src.vectors[i - 1]
        rows.append(np.full(j1 - j0, i - 1))
        cols.append(np.arange(j0 - 1, j1 - 1))
        dists.append(d)
    r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    dd = np.concatenate(dists).astype(np.float64) if dists else np.zeros(0)
    return _knn_mean(r, dd, n, k), _knn_mean(c, dd, m, k)


def _knn_mean(owner: np.ndarray, dist: np.ndarray, count: int, k: int) -> np.ndarray:
    """Per owner, the mean of its k smallest distances (1.0 for an owner with none)."""
    out = np.ones(count)
    if len(owner) == 0:
        return out
    order = np.lexsort((dist, owner))
    owner_sorted = owner[order]
    dist_sorted = dist[order]
    starts = np.searchsorted(owner_sorted, np.arange(count))
    rank = np.arange(len(owner_sorted)) - starts[owner_sorted]
    keep = rank < k
    sums = np.bincount(owner_sorted[keep], weights=dist_sorted[keep], minlength=count)
    counts = np.bincount(owner_sorted[keep], minlength=count)
    has = counts > 0
    out[has] = sums[has] / counts[has]
    return np.maximum(out, 1e-3)


def _skip_costs(side: SideData, cfg: AlignConfig) -> np.ndarray:
    """Cost of leaving each sentence unaligned."""
    cost: np.ndarray = cfg.skip * side.skip_weight
    return cost


class BeadCosts:
    """Every term of the bead cost, so the DP and :func:`path_cost` share one formula."""

    def __init__(self, src: SideData, tgt: SideData, lo: np.ndarray, hi: np.ndarray, cfg: AlignConfig) -> None:
        self.lo, self.hi = lo, hi
        shapes = cfg.bead_types()
        n_src, n_tgt = len(src), len(tgt)
        self.width = width = max(max(a for a, _ in shapes), max(b for _, b in shapes), 1)
        self.cfg = cfg
        nb_s, nb_t = _neighbourhoods(src, tgt, lo, hi, cfg.knn)
        self.s_vec, self.s_norm, self.s_len, self.s_cross, self.s_num = _span_tables(
            src, width, nb_s, cfg.vec_len_power
        )
        self.t_vec, self.t_norm, self.t_len, self.t_cross, self.t_num = _span_tables(
            tgt, width, nb_t, cfg.vec_len_power
        )
        self.any_numbers = bool(src.numbers.any() or tgt.numbers.any())
        # Lengths are compared on one scale: the source side's, times the document's ratio.
        self.s_len = self.s_len * float(tgt.lengths.sum() / src.lengths.sum())
        self.s_open = np.concatenate([[0.0], src.open_end[:-1].astype(float), [0.0]]) if n_src else np.zeros(1)
        self.t_open = np.concatenate([[0.0], tgt.open_end[:-1].astype(float), [0.0]]) if n_tgt else np.zeros(1)
        shape = np.arange(1, width + 1)
        self.size_weight = (shape[:, None] * shape[None, :]).astype(np.float64)  # [b - 1, a - 1] -> a * b
        total = shape[:, None] + shape[None, :]
        self.merge_cost = np.where(total > 2, cfg.merge_penalty + cfg.merge_step * (total - 3.0), 0.0)
        self.skip_s = np.concatenate([[0.0], np.cumsum(_skip_costs(src, cfg))])
        self.skip_t = np.concatenate([[0.0], np.cumsum(_skip_costs(tgt, cfg))])

    def sims(self, i: int, jlo: int, jhi: int) -> np.ndarray:
        """Cosines of every run ending at source i with every run ending at target j in [jlo, jhi).

        Indexed ``[j - jlo, b - 1, a - 1]``.
        """
        w = jhi - jlo
        rows = self.t_vec[jlo:jhi].reshape(w * self.width, -1)
        sims: np.ndarray = (rows @ self.s_vec[i].T).reshape(w, self.width, self.width)
        return sims

    def costs(self, i: int, jlo: int, jhi: int) -> np.ndarray:
        """Cost of every bead source [i - a, i) : target [j - b, j), for j in [jlo, jhi).

        Indexed ``[j - jlo, b - 1, a - 1]``, all shapes at once (one broadcast per row is
        much cheaper than one small computation per shape).
        """
        cfg = self.cfg
        cos = self.sims(i, jlo, jhi)
        dist = (1.0 - cos) / ((self.s_norm[i][None, None, :] + self.t_norm[jlo:jhi][:, :, None]) * 0.5)
        ls = self.s_len[i][None, None, :]
        lt = self.t_len[jlo:jhi][:, :, None]
        # Gale & Church (1993): the length difference over its standard deviation, which
        # grows with the length.
        mismatch = (lt - ls) ** 2 / (ls + lt) / 10.0
        cost: np.ndarray = self.size_weight * dist + cfg.len_weight * mismatch + self.merge_cost
        if cfg.paragraph_penalty:
            cost += cfg.paragraph_penalty * (self.s_cross[i][None, None, :] + self.t_cross[jlo:jhi][:, :, None])
        if cfg.open_end_penalty:
            cost += cfg.open_end_penalty * np.abs(self.s_open[i] - self.t_open[jlo:jhi])[:, None, None]
        if cfg.number_weight and self.any_numbers:
            one_side = np.bitwise_count(self.s_num[i][None, None, :] ^ self.t_num[jlo:jhi][:, :, None])
            cost += cfg.number_weight / cfg.number_cap * np.minimum(one_side, cfg.number_cap)
        return cost

    def skip_source(self, i0: int, i1: int) -> float:
        """Cost of leaving source sentences [i0, i1) unaligned."""
        return float(self.skip_s[i1] - self.skip_s[i0])
