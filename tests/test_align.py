"""The DP on hand-built vectors: exact answers, properties, and a brute-force check."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align import align_path, align_sides, path_cost
from aligner.costs import AlignConfig
from aligner.sides import SideData, Span


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def build(gold: list[tuple[int, int]], dim: int = 64, seed: int = 0, noise: float = 0.05) -> tuple[SideData, SideData]:
    """Sides whose true alignment is ``gold`` (a list of bead shapes (a, b)).

    Each bead gets its own random direction; a sentence of an a-sentence side is that
    direction plus its own part, so the sentences of a side sum back to the direction.
    """
    rng = np.random.default_rng(seed)
    src, tgt, slen, tlen = [], [], [], []
    for a, b in gold:
        topic = unit(rng.normal(size=dim))
        for count, out, lens in ((a, src, slen), (b, tgt, tlen)):
            if count == 0:
                continue
            parts = unit(rng.normal(size=(count, dim))) * 0.6 / count
            for k in range(count):
                out.append(unit(topic / count + parts[k] - parts.mean(axis=0) + noise * rng.normal(size=dim)))
                lens.append(60.0 / count)
    return SideData.of(np.array(src), slen), SideData.of(np.array(tgt), tlen)


def to_shapes(beads: list[Span]) -> list[tuple[int, int]]:
    return [(i1 - i0, j1 - j0) for i0, i1, j0, j1 in beads]


def check_path(beads: list[Span], n: int, m: int) -> None:
    """Monotone, contiguous, and every sentence in exactly one bead."""
    i = j = 0
    for i0, i1, j0, j1 in beads:
        assert (i0, j0) == (i, j)
        assert i1 >= i0 and j1 >= j0 and (i1 > i0 or j1 > j0)
        i, j = i1, j1
    assert (i, j) == (n, m)


def test_one_to_one_identity() -> None:
    gold = [(1, 1)] * 12
    src, tgt = build(gold)
    beads, costs = align_sides(src, tgt)
    assert to_shapes(beads) == gold
    assert len(costs) == len(beads)


def test_finds_merges_splits_and_nulls() -> None:
    gold = [(1, 1), (1, 1), (2, 1), (1, 1), (1, 2), (1, 1), (1, 0), (1, 1), (0, 1), (1, 1), (1, 3), (1, 1)]
    src, tgt = build(gold, seed=3)
    beads, _ = align_sides(src, tgt)
    assert to_shapes(beads) == gold


def test_empty_side_gives_null_beads() -> None:
    src, _ = build([(1, 1)] * 3)
    empty = SideData.of(np.zeros((0, src.vectors.shape[1])), [])
    beads, _ = align_sides(src, empty)
    assert beads == [(0, 1, 0, 0), (1, 2, 0, 0), (2, 3, 0, 0)]
    beads, _ = align_sides(empty, src)
    assert beads == [(0, 0, 0, 1), (0, 0, 1, 2), (0, 0, 2, 3)]


def test_content_free_units_are_skipped() -> None:
    src, tgt = build([(1, 1)] * 4)
    junk = unit(np.ones(tgt.vectors.shape[1]))
    vectors = np.vstack([tgt.vectors[:2], junk, tgt.vectors[2:]])
    texts = ["Sentence one here.", "Sentence two here.", "--", "Sentence three.", "Sentence four."]
    tgt2 = SideData.from_texts(vectors, texts)
    beads, _ = align_sides(src, tgt2)
    assert to_shapes(beads) == [(1, 1), (1, 1), (0, 1), (1, 1), (1, 1)]


def test_coarse_to_fine_matches_the_full_search() -> None:
    gold = ([(1, 1)] * 20 + [(2, 1), (1, 0), (1, 2), (0, 1)]) * 12
    src, tgt = build(gold, seed=5)
    full, _ = align_sides(src, tgt, AlignConfig(full_cells=10**7))
    banded, _ = align_sides(src, tgt, AlignConfig(full_cells=2_000))
    assert banded == full
    assert to_shapes(full) == gold


shapes = st.sampled_from([(1, 1)] * 6 + [(1, 2), (2, 1), (1, 0), (0, 1), (2, 2), (1, 3)])


@settings(max_examples=40, deadline=None)
@given(st.lists(shapes, min_size=1, max_size=25), st.integers(0, 2**16), st.floats(0.0, 0.8))
def test_beads_are_monotone_and_cover_every_sentence_once(gold: list[tuple[int, int]], seed: int, noise: float) -> None:
    src, tgt = build(gold, seed=seed, noise=noise)
    beads, _ = align_sides(src, tgt, AlignConfig(full_cells=200))  # exercise the banded path too
    check_path(beads, len(src), len(tgt))


def all_paths(n: int, m: int, cfg: AlignConfig) -> list[list[Span]]:
    """Every monotone path of allowed bead shapes from (0, 0) to (n, m)."""
    out: list[list[Span]] = []

    def walk(i: int, j: int, path: list[Span]) -> None:
        if (i, j) == (n, m):
            out.append(list(path))
            return
        for a, b in cfg.bead_types():
            if i + a <= n and j + b <= m:
                path.append((i, i + a, j, j + b))
                walk(i + a, j + b, path)
                path.pop()

    walk(0, 0, [])
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**16))
def test_dp_equals_brute_force_on_small_inputs(n: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    src = SideData.of(unit(rng.normal(size=(n, 8))), rng.integers(5, 80, n), numbers=rng.integers(0, 4, n))
    tgt = SideData.of(unit(rng.normal(size=(m, 8))), rng.integers(5, 80, m), numbers=rng.integers(0, 4, m))
    cfg = AlignConfig()
    beads, costs = align_sides(src, tgt, cfg)
    best = min(path_cost(src, tgt, p, cfg) for p in all_paths(n, m, cfg))
    assert sum(costs) == pytest.approx(best, abs=1e-6)
    assert path_cost(src, tgt, beads, cfg) == pytest.approx(best, abs=1e-6)


def test_bead_types_cover_issue_minimum() -> None:
    types = set(AlignConfig().bead_types())
    assert {(1, 1), (1, 2), (2, 1), (2, 2), (1, 4), (4, 1), (1, 0), (0, 1)} <= types
    assert {(1, 5), (5, 1), (3, 3), (2, 4)} <= types
    assert (3, 4) not in types and (1, 6) not in types
    assert len(list(itertools.chain(types))) == len(types)


def test_a_bead_does_not_end_where_only_one_side_ends_open() -> None:
    """'Grenoble-Paris :' continues in the next unit, so the bead takes both units."""
    gold = [(1, 1), (2, 1), (1, 1)]
    src, tgt = build(gold, seed=11)
    texts_src = ["Erster Satz.", "Das Buch von Franco ( Grenoble-Paris :", "Arthaud ) ist gut.", "Letzter Satz."]
    texts_tgt = ["Première phrase.", "Le livre de Franco ( Arthaud ) est bon.", "Dernière phrase."]
    s = SideData.from_texts(src.vectors, texts_src)
    t = SideData.from_texts(tgt.vectors, texts_tgt)
    assert s.open_end.tolist() == [False, True, False, False]
    beads, _ = align_sides(s, t)
    assert to_shapes(beads) == gold
    with_penalty = path_cost(s, t, [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 2), (3, 4, 2, 3)])
    without = path_cost(s, t, [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 2), (3, 4, 2, 3)], AlignConfig(open_end_penalty=0))
    assert with_penalty == pytest.approx(without + AlignConfig().open_end_penalty)


@pytest.mark.parametrize(
    ("number_at", "expected"), [(0, [(4, 6, 4, 5), (6, 7, 5, 6)]), (1, [(4, 5, 4, 5), (5, 7, 5, 6)])]
)
def test_a_shared_number_tells_which_neighbour_a_sentence_joins(number_at: int, expected: list[Span]) -> None:
    """Between four 1-1 pairs either side, source 5 is as close to target 4 as to target 5;
    it joins the one that has its number."""
    rng = np.random.default_rng(3)
    context = unit(rng.normal(size=(8, 32)))
    t0, t1 = unit(rng.normal(size=(2, 32)))
    src = unit(np.vstack([context[:4], [t0, unit(t0 + t1), t1], context[4:]]) + 0.04 * rng.normal(size=(11, 32)))
    tgt = unit(np.vstack([context[:4], [t0, t1], context[4:]]) + 0.04 * rng.normal(size=(10, 32)))
    src_numbers = [0] * 11
    src_numbers[5] = 0b100
    tgt_numbers = [0] * 10
    tgt_numbers[4 + number_at] = 0b100
    s = SideData.of(src, [60] * 4 + [60, 15, 60] + [60] * 4, numbers=src_numbers)
    t = SideData.of(tgt, [60] * 4 + [75, 75] + [60] * 4, numbers=tgt_numbers)
    beads, _ = align_sides(s, t)
    assert beads[4:6] == expected
    assert to_shapes(beads[:4] + beads[6:]) == [(1, 1)] * 8
    other = [(4, 6, 4, 5), (6, 7, 5, 6)] if number_at == 1 else [(4, 5, 4, 5), (5, 7, 5, 6)]
    path = beads[:4] + other + beads[6:]
    # Joined to the other neighbour, the number is on one side only in both beads.
    cfg = AlignConfig()
    assert path_cost(s, t, path) == pytest.approx(
        path_cost(s, t, path, AlignConfig(number_weight=0)) + 2 * cfg.number_weight / cfg.number_cap
    )


def _holds(path: list[Span], pair: tuple[int, int]) -> bool:
    """Whether a path pairs ``pair`` again or puts either sentence into a bead of more than two."""
    i, j = pair
    for i0, i1, j0, j1 in path:
        if i0 <= i < i1 and j0 <= j < j1:
            return True
        if (i0 <= i < i1 and i1 - i0 > 1) or (j0 <= j < j1 and j1 - j0 > 1):
            return True
    return False


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**16), st.data())
def test_forbidden_pairs_are_neither_paired_nor_merged_and_the_rest_is_the_cheapest(
    n: int, m: int, seed: int, data: st.DataObject
) -> None:
    rng = np.random.default_rng(seed)
    src = SideData.of(unit(rng.normal(size=(n, 8))), rng.integers(5, 80, n))
    tgt = SideData.of(unit(rng.normal(size=(m, 8))), rng.integers(5, 80, m))
    cfg = AlignConfig()
    pairs = data.draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), min_size=1, max_size=2))
    path = align_path(src, tgt, cfg, frozenset(pairs)).spans
    check_path(path, n, m)
    assert not any(_holds(path, p) for p in pairs)
    allowed = [p for p in all_paths(n, m, cfg) if not any(_holds(p, q) for q in pairs)]
    best = min(path_cost(src, tgt, p, cfg) for p in allowed)
    assert path_cost(src, tgt, path, cfg) == pytest.approx(best, abs=1e-6)
