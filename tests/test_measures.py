"""What an alignment says about its document (aligner/measures.py)."""

from __future__ import annotations

import numpy as np

from aligner.measures import length_ratio, null_runs, pair_cosines
from aligner.model import Bead
from aligner.sides import SideData


def test_null_runs_join_neighbouring_null_beads() -> None:
    beads = (
        Bead((0,), (), 0.5),
        Bead((1,), (), 0.5),
        Bead((2,), (0,), 0.9),
        Bead((), (1,), 0.5),
        Bead((), (2,), 0.5),
        Bead((3,), (), 0.5),
    )
    assert null_runs(beads) == ([(0, 1), (3,)], [(1, 2)])


def test_length_ratio_counts_aligned_pairs_only() -> None:
    src = SideData.of(np.eye(3), [10, 20, 500])
    tgt = SideData.of(np.eye(3), [15, 30, 40])
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (), 0.5), Bead((), (2,), 0.5))
    assert length_ratio(src, tgt, beads) == 1.5
    assert length_ratio(src, tgt, (Bead((0, 1, 2), (), 0.5),)) == 1.0


def test_pair_cosines_of_one_to_one_pairs_only() -> None:
    src = SideData.of(np.eye(3), [10, 10, 10])
    tgt = SideData.of(np.array([[1, 0, 0], [0.6, 0.8, 0], [0, 0, 1]]), [10, 10, 10])
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (), 0.5), Bead((), (2,), 0.5))
    assert np.allclose(pair_cosines(src, tgt, beads), [1.0, 0.8])
    assert len(pair_cosines(src, tgt, (Bead((0, 1), (0,), 0.9),))) == 0
