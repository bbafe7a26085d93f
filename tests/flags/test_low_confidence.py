"""The ``low-confidence`` checks: a pair that looks unrelated, and a pair the aligner scored low."""

from __future__ import annotations

import numpy as np

from aligner.flags import find_flags
from aligner.flags.coverage import low_score, unrelated
from aligner.model import Bead, Flag, flag_key
from aligner.sides import SideData
from tests.flags.build import SRC, b, side, unit_rows, vectors


def test_a_low_score_is_low_confidence_and_its_key_is_stable() -> None:
    tgt = ["Something else entirely."]
    source, _ = side("et", SRC[:1])
    target, _ = side("en", tgt)
    flags = find_flags(source, target, (b([0], [0], score=0.2),), vectors(SRC[:1], [0]), vectors(tgt, [0]))
    assert [f.type for f in flags] == ["low-confidence"]
    assert "unsure" in flags[0].message and flags[0].evidence == {"score": 0.2}
    assert flags[0].key == flag_key("low-confidence", [SRC[0]], tgt)
    flags = find_flags(source, target, (b([0], [0], score=0.6),), vectors(SRC[:1], [0]), vectors(tgt, [0]))
    assert flags == ()


def _unrelated_last_pair(last_src: np.ndarray, last_tgt: np.ndarray) -> tuple[Flag, ...]:
    rng = np.random.default_rng(5)
    topics = np.random.default_rng(6).normal(size=(8, 32))
    src_texts = [f"Eestikeelne lause number {k}." for k in range(9)]
    tgt_texts = [f"English sentence number {k}." for k in range(9)]
    src_v = unit_rows(np.vstack([topics + 0.1 * rng.normal(size=(8, 32)), last_src]))
    tgt_v = unit_rows(np.vstack([topics + 0.1 * rng.normal(size=(8, 32)), last_tgt]))
    source, _ = side("et", src_texts)
    target, _ = side("en", tgt_texts)
    beads = tuple(b([k], [k]) for k in range(9))
    src, tgt = SideData.from_texts(src_v, src_texts), SideData.from_texts(tgt_v, tgt_texts)
    return find_flags(source, target, beads, src, tgt)


def test_a_pair_whose_sides_look_unrelated_is_flagged() -> None:
    """A cut last paragraph and an added footer in the same place pair up in the DP; the
    pair's sentences each resemble several other sentences more than each other."""
    topics = np.random.default_rng(6).normal(size=(8, 32))
    # The last source sentence is about what sentences 0-3 are about, the last target one
    # about 4-6: they share nothing.
    flags = _unrelated_last_pair(topics[:4].sum(axis=0), topics[4:7].sum(axis=0))
    assert [(f.type, f.src, f.tgt) for f in flags] == [("low-confidence", (8,), (8,))]
    assert "look unrelated" in flags[0].message
    assert flags[0].evidence["closer_targets"] >= 3 and flags[0].evidence["closer_sources"] >= 3
    # the same pair as a translation of each other: nothing to say
    shared = topics[:4].sum(axis=0)
    assert _unrelated_last_pair(shared, shared + 0.1 * np.random.default_rng(8).normal(size=32)) == ()


def test_unrelated_needs_a_typical_pair_to_compare_with() -> None:
    """With under five 1-1 pairs there is no typical pair, and nothing looks unrelated."""
    from tests.flags.build import context

    tgt = ["Something else entirely, about the weather.", "The budget is 7 million euros."]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [5, 1])
    assert ctx.typical is None
    assert unrelated(ctx, Bead((0,), (0,), 0.9)) == []
    assert low_score(ctx, Bead((0,), (0,), 0.9)) == []
