"""Monotone sentence alignment over embeddings: a banded, coarse-to-fine dynamic program.

Each sentence is embedded once. The vector of a run of sentences is the sum of theirs,
each weighted by the square root of its length, normalised; so an m-n bead is scored
without running the model on the concatenation. (Measured on textberg-de-fr-dev: the
model's own embedding of the concatenated text aligned worse, 0.85 against 0.87 strict
F1, at four times the model time.) The cosine distance of a candidate bead is divided by
the mean distance of its sentences to their nearest neighbours across (a margin, after
Artetxe & Schwenk 2019), which corrects for the model's narrow cosine range and for
"hub" sentences close to everything.

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

Long documents are aligned coarse to fine (as Vecalign does): both sides are halved by
merging neighbouring sentences, aligned recursively, and the coarse path, widened by
``band`` sentences, is the band the fine DP searches. Time and memory grow linearly with
length.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

import numpy as np

from aligner.model import check_ranges
from aligner.sides import SideData, Span, weighted_vectors


@dataclass(frozen=True)
class BeadEvidence:
    """What the DP saw of each bead when it chose it: one array per term, in bead order."""

    distance: np.ndarray
    """The margin distance between the bead's two sides; for a null bead, the skip cost it paid."""
    rival: np.ndarray
    """The smallest 1-1 margin distance between one of the bead's sentences and a sentence
    outside it, within the DP's band (2.0 when there is none): a close rival makes a pair
    doubtful, and a close partner a null bead."""
    extra: np.ndarray
    """Sentences beyond 1-1 (0 for 1-1 and null beads)."""


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
    """A 1-1 pair more likely than this to be a same-story substitution (``relate.py``:
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


def _span_tables(side: SideData, width: int, nb: np.ndarray, power: float = 1.0) -> tuple[np.ndarray, ...]:
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


def _full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, np.int64), np.full(n + 1, m + 1, np.int64)


def _project_band(path: list[Span], n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Band of the fine DP from a path found on the halved sides, widened by ``width``."""
    lo = np.full(n + 1, m + 1, np.int64)
    hi = np.zeros(n + 1, np.int64)
    for i0, i1, j0, j1 in path:
        fi0, fi1 = min(2 * i0, n), min(2 * i1, n)
        fj0, fj1 = min(2 * j0, m), min(2 * j1, m)
        lo[fi0 : fi1 + 1] = np.minimum(lo[fi0 : fi1 + 1], fj0)
        hi[fi0 : fi1 + 1] = np.maximum(hi[fi0 : fi1 + 1], fj1 + 1)
    wide_lo, wide_hi = lo.copy(), hi.copy()
    for shift in range(1, width + 1):
        wide_lo[shift:] = np.minimum(wide_lo[shift:], lo[:-shift])
        wide_lo[:-shift] = np.minimum(wide_lo[:-shift], lo[shift:])
        wide_hi[shift:] = np.maximum(wide_hi[shift:], hi[:-shift])
        wide_hi[:-shift] = np.maximum(wide_hi[:-shift], hi[shift:])
    wide_lo = np.maximum(wide_lo - width, 0)
    wide_hi = np.minimum(wide_hi + width, m + 1)
    # Keep the band monotone so every cell can be reached from (0, 0) and reach (n, m).
    wide_lo = np.minimum.accumulate(wide_lo[::-1])[::-1]
    wide_hi = np.maximum.accumulate(wide_hi)
    wide_lo[0], wide_hi[-1] = 0, m + 1
    return wide_lo, wide_hi


@dataclass
class _Grid:
    """Banded DP storage: row i holds cells j in [lo[i], hi[i])."""

    lo: np.ndarray
    hi: np.ndarray
    cost: list[np.ndarray] = field(default_factory=list)
    back: list[np.ndarray] = field(default_factory=list)

    def shifted(self, row: int, start: int, width: int) -> np.ndarray:
        """dp[row][start : start + width], inf outside the row's band."""
        out = np.full(width, np.inf)
        values = self.cost[row]
        rlo = int(self.lo[row])
        a = max(start, rlo)
        b = min(start + width, rlo + len(values))
        if b > a:
            out[a - start : b - start] = values[a - rlo : b - rlo]
        return out


def _skip_costs(side: SideData, cfg: AlignConfig) -> np.ndarray:
    """Cost of leaving each sentence unaligned."""
    cost: np.ndarray = cfg.skip * side.skip_weight
    return cost


class _Costs:
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


def _dp(
    src: SideData,
    tgt: SideData,
    lo: np.ndarray,
    hi: np.ndarray,
    cfg: AlignConfig,
    forbidden: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[list[Span], list[float], _Costs]:
    """Least-cost monotone path through the band; the beads and each bead's cost.

    ``forbidden``: ``(source, target)`` pairs already taken apart as no translation; the
    path neither pairs them again nor puts either sentence into a bead of more than two
    (a sentence that is no translation of its neighbour is not a part of one either).
    """
    width = max(max(a, b) for a, b in cfg.bead_types())
    barred_src: dict[int, list[int]] = {}  # row -> the source sentences a bead ending there may hold
    for fi, _ in forbidden:
        for row in range(fi + 1, fi + width + 1):
            barred_src.setdefault(row, []).append(fi)
    barred_pairs = {(fi + 1, fj + 1) for fi, fj in forbidden}
    barred_tgt = sorted({fj for _, fj in forbidden})
    n = len(src)
    shapes = cfg.bead_types()
    costs = _Costs(src, tgt, lo, hi, cfg)
    null_t = shapes.index((0, 1))
    aligned = [(k, a, b) for k, (a, b) in enumerate(shapes) if a > 0 and b > 0]
    src_null = [(k, a) for k, (a, b) in enumerate(shapes) if b == 0]

    grid = _Grid(lo, hi)
    j = np.arange(lo[0], hi[0])
    grid.cost.append(costs.skip_t[j].copy())
    back0 = np.full(len(j), null_t, np.int8)
    back0[j == 0] = -1
    grid.back.append(back0)
    for i in range(1, n + 1):
        jlo, jhi = int(lo[i]), int(hi[i])
        w = jhi - jlo
        best = np.full(w, np.inf)
        back = np.full(w, -1, np.int8)
        cube = costs.costs(i, jlo, jhi)
        for fi in barred_src.get(i, ()):  # beads [i - a, i) with a >= i - fi hold fi
            cube[:, :, max(i - fi, 2) - 1 :] = np.inf
        for fj in barred_tgt[bisect.bisect_left(barred_tgt, jlo - width) : bisect.bisect_left(barred_tgt, jhi)]:
            for j_end in range(max(fj + 1, jlo), min(fj + width + 1, jhi)):
                cube[j_end - jlo, max(j_end - fj, 2) - 1 :, :] = np.inf
                if (i, j_end) in barred_pairs:
                    cube[j_end - jlo, 0, 0] = np.inf
        for k, a in src_null:
            if i - a < 0:
                continue
            cand = grid.shifted(i - a, jlo, w) + costs.skip_source(i - a, i)
            better = cand < best
            best[better] = cand[better]
            back[better] = k
        for k, a, b in aligned:
            if i - a < 0:
                continue
            prev = grid.shifted(i - a, jlo - b, w)
            if not np.isfinite(prev).any():
                continue
            cand = prev + cube[:, b - 1, a - 1]
            better = cand < best
            best[better] = cand[better]
            back[better] = k
        # Runs of 0-1 beads within the row: dp[j] = min(best[j], dp[j - 1] + skip_t(j - 1)),
        # in closed form with a running minimum, so the row needs no Python loop.
        base = costs.skip_t[jlo:jhi]
        chained = base + np.minimum.accumulate(best - base)
        via_skip = chained < best - 1e-9  # base + (best - base) may round below best
        back[via_skip] = null_t
        grid.cost.append(np.where(via_skip, chained, best))
        grid.back.append(back)
    beads, bead_costs = _backtrack(grid, shapes, n, len(tgt))
    return beads, bead_costs, costs


def _nearest(
    owner: np.ndarray, other: np.ndarray, dist: np.ndarray, count: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per owner, its k smallest distances (2.0 where it has fewer) and whom they are to (-1)."""
    near = np.full((count, k), 2.0)
    whom = np.full((count, k), -1)
    if len(owner):
        order = np.lexsort((dist, owner))
        owner, other, dist = owner[order], other[order], dist[order]
        rank = np.arange(len(owner)) - np.searchsorted(owner, owner)
        keep = rank < k
        near[owner[keep], rank[keep]] = dist[keep]
        whom[owner[keep], rank[keep]] = other[keep]
    return near, whom


def _bead_evidence(costs: _Costs, path: list[Span], n: int, m: int) -> BeadEvidence:
    """Per bead, the evidence behind it (see :class:`BeadEvidence`), from the DP's own tables."""
    rows, cols, dists = [], [], []
    for i in range(1, n + 1):
        jlo, jhi = max(int(costs.lo[i]), 1), int(costs.hi[i])
        if jhi > jlo:
            cos = costs.t_vec[jlo:jhi, 0] @ costs.s_vec[i, 0]
            dists.append((1.0 - cos) / ((costs.s_norm[i, 0] + costs.t_norm[jlo:jhi, 0]) * 0.5))
            rows.append(np.full(jhi - jlo, i - 1))
            cols.append(np.arange(jlo - 1, jhi - 1))
    row, col = np.concatenate(rows), np.concatenate(cols)
    dist = np.concatenate(dists).astype(np.float64)
    near_s, whom_s = _nearest(row, col, dist, n, 3)
    near_t, whom_t = _nearest(col, row, dist, m, 3)
    distance, rival, extra = np.zeros(len(path)), np.zeros(len(path)), np.zeros(len(path))
    for k, (i0, i1, j0, j1) in enumerate(path):
        a, b = i1 - i0, j1 - j0
        rivals = [d for i in range(i0, i1) for d, j in zip(near_s[i], whom_s[i], strict=True) if not j0 <= j < j1]
        rivals += [d for j in range(j0, j1) for d, i in zip(near_t[j], whom_t[j], strict=True) if not i0 <= i < i1]
        rival[k] = min(rivals, default=2.0)
        if a and b:
            cos = float(costs.sims(i1, j1, j1 + 1)[0, b - 1, a - 1])
            distance[k] = (1.0 - cos) / ((costs.s_norm[i1, a - 1] + costs.t_norm[j1, b - 1]) * 0.5)
            extra[k] = a + b - 2
        else:
            distance[k] = costs.skip_source(i0, i1) if a else float(costs.skip_t[j1] - costs.skip_t[j0])
    return BeadEvidence(distance, rival, extra)


def path_cost(src: SideData, tgt: SideData, path: list[Span], cfg: AlignConfig | None = None) -> float:
    """Total cost of a given path under the full-band cost (for tests and diagnostics)."""
    cfg = cfg or AlignConfig()
    lo, hi = _full_band(len(src), len(tgt))
    costs = _Costs(src, tgt, lo, hi, cfg)
    total = 0.0
    for i0, i1, j0, j1 in path:
        if j1 == j0:
            total += costs.skip_source(i0, i1)
        elif i1 == i0:
            total += float(costs.skip_t[j1] - costs.skip_t[j0])
        else:
            total += float(costs.costs(i1, j1, j1 + 1)[0, j1 - j0 - 1, i1 - i0 - 1])
    return total


def _backtrack(grid: _Grid, shapes: list[tuple[int, int]], n: int, m: int) -> tuple[list[Span], list[float]]:
    beads: list[Span] = []
    costs: list[float] = []
    i, j = n, m
    if not np.isfinite(grid.cost[n][m - grid.lo[n]]):
        raise RuntimeError("alignment band does not reach the end of both texts")
    while i > 0 or j > 0:
        k = int(grid.back[i][j - grid.lo[i]])
        a, b = shapes[k]
        here = grid.cost[i][j - grid.lo[i]]
        there = grid.cost[i - a][j - b - grid.lo[i - a]]
        beads.append(Span(i - a, i, j - b, j))
        costs.append(float(here - there))
        i, j = i - a, j - b
    beads.reverse()
    costs.reverse()
    return beads, costs


def _align(
    src: SideData, tgt: SideData, cfg: AlignConfig, forbidden: frozenset[tuple[int, int]] = frozenset()
) -> tuple[list[Span], list[float], _Costs | None]:
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        beads = [Span(i, i + 1, 0, 0) for i in range(n)] + [Span(n, n, j, j + 1) for j in range(m)]
        return beads, [cfg.skip] * len(beads), None
    if (n + 1) * (m + 1) <= cfg.full_cells:
        lo, hi = _full_band(n, m)
    else:
        coarse_cfg = replace(cfg, max_side=2, max_total=3, paragraph_penalty=0.0)
        coarse = _align(src.halved(cfg.vec_len_power), tgt.halved(cfg.vec_len_power), coarse_cfg)[0]
        lo, hi = _project_band(coarse, n, m, cfg.band)
    return _dp(src, tgt, lo, hi, cfg, forbidden)


def align_sides(src: SideData, tgt: SideData, cfg: AlignConfig | None = None) -> tuple[list[Span], list[float]]:
    """Align two sides; returns beads as sentence ranges and each bead's DP cost."""
    beads, costs, _ = _align(src, tgt, cfg or AlignConfig())
    return beads, costs


@dataclass(frozen=True)
class Aligned:
    """A path the DP found, with the tables it searched, so that the evidence of the path
    (or of an adjusted one: a pair taken apart into two null beads) can be read."""

    spans: list[Span]
    costs: list[float]
    table: _Costs | None
    size: tuple[int, int]

    def evidence(self, spans: list[Span] | None = None) -> BeadEvidence:
        """Each bead's evidence (see :class:`BeadEvidence`), of the path or of ``spans``, a
        path that differs from it only by null beads within the DP's band."""
        spans = self.spans if spans is None else spans
        if self.table is None:
            costs = self.costs if spans is self.spans else [0.0] * len(spans)
            return BeadEvidence(np.array(costs, dtype=np.float64), np.full(len(spans), 2.0), np.zeros(len(spans)))
        return _bead_evidence(self.table, spans, *self.size)


def align_path(
    src: SideData, tgt: SideData, cfg: AlignConfig | None = None, forbidden: frozenset[tuple[int, int]] = frozenset()
) -> Aligned:
    """Align two sides; the path and what reads its evidence. No 1-1 bead pairs a
    ``(source, target)`` sentence pair of ``forbidden`` (pairs already judged no
    translation)."""
    spans, costs, table = _align(src, tgt, cfg or AlignConfig(), forbidden)
    return Aligned(spans, costs, table, (len(src), len(tgt)))
