"""The ``added`` checks: target sentences with no source, and one taken into a pair."""

from __future__ import annotations

import numpy as np

from aligner.flags import Context, FlagConfig, find_flags
from aligner.flags.coverage import added, added_inside
from aligner.model import Severity
from aligner.moves import MoveConfig
from aligner.sides import SideData
from tests.flags.build import b, context, flags_for, side, unit_rows


def test_an_added_sentence_is_an_error() -> None:
    tgt = ["The government approved the budget.", "Follow us on Facebook and never miss an update!"]
    ctx = context(tgt, [b([0], [0]), b([], [1]), b([1, 2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 9])
    (finding,) = added(ctx, b([], [1]))
    # index 1 is the second sentence: messages count from 1
    assert (finding.tgt, finding.severity, finding.message) == ((1,), None, "1 target sentence (2) has no source")


def test_boilerplate_and_separators_are_info() -> None:
    tgt = ["The government approved the budget.", "--", "Follow ERR News on Facebook and Twitter!"]
    beads = [b([0], [0]), b([], [1]), b([], [2]), b([1, 2, 3, 4], [])]
    cfg = FlagConfig(boilerplate=(r"^Follow ERR News",))
    ctx = context(tgt, beads, [0, 1, 2, 3, 4], [0, 7, 8], cfg)
    (finding,) = added(ctx, b([], [1, 2]))
    assert finding.severity is Severity.INFO and "boilerplate" in finding.message
    (separator,) = added(ctx, b([], [1]))
    assert separator.severity is Severity.INFO and "separator" in separator.message
    (footer,) = added(context(tgt, beads, [0, 1, 2, 3, 4], [0, 7, 8]), b([], [2]))
    assert footer.severity is None  # without the pattern, an ordinary addition
    flags = [f for f in flags_for(tgt, beads, [0, 1, 2, 3, 4], [0, 7, 8], cfg) if f.type == "added"]
    assert [(f.tgt, f.severity) for f in flags] == [((1, 2), "info")]


def _pair_with_an_extra_sentence(extra_vector: np.ndarray | None = None) -> tuple[Context, np.ndarray]:
    """A 1-2 pair (source 4, targets 4-5) whose second target sentence is about sentences
    0-2, not 4 (or about ``extra_vector``)."""
    rng = np.random.default_rng(7)
    topics = rng.normal(size=(8, 32))
    src_texts = [f"Eestikeelne lause number {k}, mis on piisavalt pikk." for k in range(8)]
    tgt_texts = [f"English sentence number {k}, long enough to count." for k in range(8)]
    tgt_texts.insert(5, "The museum will be closed for renovation until the end of the summer.")
    src_v = unit_rows(topics + 0.1 * rng.normal(size=(8, 32)))
    tgt_rows = list(topics + 0.1 * rng.normal(size=(8, 32)))
    tgt_rows.insert(5, topics[[0, 1, 2]].sum(axis=0) if extra_vector is None else extra_vector)
    beads = [b([k], [k]) for k in range(4)] + [b([4], [4, 5])] + [b([k], [k + 1]) for k in range(5, 8)]
    source, _ = side("et", src_texts)
    target, _ = side("en", tgt_texts)
    src = SideData.from_texts(src_v, src_texts)
    tgt = SideData.from_texts(unit_rows(np.array(tgt_rows)), tgt_texts)
    ctx = Context.of(source, target, tuple(beads), src, tgt, FlagConfig(), 0.5, MoveConfig())
    return ctx, topics


def test_an_unrelated_sentence_taken_into_a_pair_is_added() -> None:
    """The DP took an added sentence into a 1-2 pair; it resembles other sentences of the
    article more than its pair's source, and the rest of the pair covers the source."""
    ctx, _ = _pair_with_an_extra_sentence()
    (finding,) = added_inside(ctx, b([4], [4, 5]))
    assert (finding.src, finding.tgt) == ((), (5,)) and "seems added inside its pair" in finding.message
    flags = find_flags(ctx.source, ctx.target, ctx.beads, ctx.src, ctx.tgt)
    assert [(f.type, f.severity, f.src, f.tgt) for f in flags] == [("added", "warning", (), (5,))]


def test_a_genuine_split_is_not_added() -> None:
    """The second part is about the same thing as the source."""
    rng = np.random.default_rng(1)
    topics = np.random.default_rng(7).normal(size=(8, 32))
    ctx, _ = _pair_with_an_extra_sentence(topics[4] + 0.3 * rng.normal(size=32))
    assert added_inside(ctx, b([4], [4, 5])) == []
    assert find_flags(ctx.source, ctx.target, ctx.beads, ctx.src, ctx.tgt) == ()
