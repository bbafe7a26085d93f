"""Moved paragraphs found on the alignment side (aligner/moves.py), on hand-built sides."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.model import Bead
from aligner.moves import MoveConfig, find_moves, leave_out_moved, moved_blocks
from aligner.sides import SideData


def sides(tgt_topics: list[int], tgt_lengths: list[int] | None = None) -> tuple[SideData, SideData]:
    """Six source sentences on topics 0-5; the target's sentences on the given topics."""
    topics = np.random.default_rng(0).normal(size=(8, 32))
    noise = np.random.default_rng(1).normal(size=(6 + len(tgt_topics), 32)) * 0.05
    src = topics[:6] + noise[:6]
    tgt = topics[tgt_topics] + noise[6:]
    unit = lambda v: v / np.linalg.norm(v, axis=1, keepdims=True)  # noqa: E731
    return SideData.of(unit(src), [40] * 6), SideData.of(unit(tgt), tgt_lengths or [40] * len(tgt_topics))


# source 4 moved up to second place in the translation
MOVED = (Bead((0,), (0,), 0.9), Bead((), (1,), 0.5), *(Bead((k,), (k + 1,), 0.9) for k in (1, 2, 3)))
MOVED += (Bead((4,), (), 0.5), Bead((5,), (5,), 0.9))


def test_a_dropped_run_that_reappears_as_an_added_run_is_a_move() -> None:
    src, tgt = sides([0, 4, 1, 2, 3, 5])
    (move,) = find_moves(src, tgt, MOVED, 0.5, MoveConfig(slack=0.01))
    assert (move.source, move.target) == ((4,), (1,)) and move.cosine >= move.threshold


def test_a_move_must_be_as_alike_as_a_typical_pair_and_of_a_translations_length() -> None:
    src, tgt = sides([0, 6, 1, 2, 3, 5])  # the added sentence is about something else
    assert find_moves(src, tgt, MOVED, 0.5, MoveConfig(slack=0.01)) == []
    src, tgt = sides([0, 4, 1, 2, 3, 5], [40, 400, 40, 40, 40, 40])
    assert find_moves(src, tgt, MOVED, 0.5, MoveConfig(slack=0.01)) == []


def test_a_block_grows_by_a_neighbour_the_gap_pulled_into_a_pair() -> None:
    """Sources 3-4 moved up to targets 1-2; the gap they left pulled source 3 into a 2-1
    pair with target 4, so only source 4 was left out. The move grows to take source 3 back."""
    src, tgt = sides([0, 3, 4, 1, 2, 5])
    beads = (Bead((0,), (0,), 0.9), Bead((), (1, 2), 0.5), Bead((1,), (3,), 0.9), Bead((2, 3), (4,), 0.5))
    beads += (Bead((4,), (), 0.5), Bead((5,), (5,), 0.9))
    cfg = MoveConfig(slack=0.4, length_ratio=2.5)
    (found,) = find_moves(src, tgt, beads, 0.5, cfg)
    assert (found.source, found.target) == ((4,), (1, 2))
    (grown,) = moved_blocks(src, tgt, beads, 0.5, cfg)
    assert (grown.source, grown.target) == ((3, 4), (1, 2)) and grown.cosine > found.cosine


def test_leaving_out_moved_sentences_makes_them_nearly_free_to_skip() -> None:
    src, tgt = sides([0, 4, 1, 2, 3, 5])
    moves = find_moves(src, tgt, MOVED, 0.5, MoveConfig(slack=0.01))
    src_out, tgt_out = leave_out_moved(src, tgt, moves)
    assert src_out.skip_weight.tolist() == [1, 1, 1, 1, 0.01, 1]
    assert tgt_out.skip_weight.tolist() == [1, 0.01, 1, 1, 1, 1]


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="length_ratio"):
        MoveConfig(length_ratio=0.5)
    with pytest.raises(ValueError, match="rank"):
        MoveConfig(rank=1.5)
