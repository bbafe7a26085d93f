"""The ``moved`` check: a dropped run that reappears as an added run elsewhere is one flag."""

from __future__ import annotations

from aligner.flags import find_flags
from aligner.flags.coverage import moved
from aligner.moves import MoveConfig
from tests.flags.build import SRC, b, side, vectors

TGT = [
    "The government approved next year's state budget on Thursday.",
    "The prime minister promised to keep taxes the same.",
    "The budget amounts to 7 million euros.",
    "The opposition criticised cuts to education and health care.",
    "Several entrepreneurs agreed.",
    "Extra one.",
    "Extra two.",
    "Extra three.",
]
# source 3 was moved by the translator to after target 0
BEADS = (b([0], [0]), b([], [1]), b([1], [2]), b([2], [3]), b([3], []), b([4], [4]), b([], [5]), b([], [6]), b([], [7]))
SRC_TOPICS, TGT_TOPICS = [0, 1, 2, 3, 4], [0, 3, 1, 2, 4, 5, 6, 7]
# The synthetic pairs are all equally good, so the moved one is as alike as the median
# pair give or take the noise: allow that noise.
MOVES = MoveConfig(slack=0.01)


def test_a_moved_sentence_is_one_flag_not_a_drop_and_an_addition() -> None:
    source, _ = side("et", SRC)
    target, _ = side("en", TGT)
    flags = find_flags(source, target, BEADS, vectors(SRC, SRC_TOPICS), vectors(TGT, TGT_TOPICS), moves=MOVES)
    assert [(f.type, f.src, f.tgt) for f in flags if f.type == "moved"] == [("moved", (3,), (1,))]
    assert not any(f.src == (3,) and f.type == "dropped" for f in flags)
    assert not any(f.tgt == (1,) and f.type == "added" for f in flags)
    assert {f.tgt for f in flags if f.type == "added"} == {(5, 6, 7)}


def test_a_run_of_a_very_different_length_is_no_move_however_alike() -> None:
    from aligner.flags import Context, FlagConfig

    short = [*TGT[:1], "Taxes.", *TGT[2:]]
    source, _ = side("et", SRC)
    target, _ = side("en", short)
    ctx = Context.of(
        source, target, BEADS, vectors(SRC, SRC_TOPICS), vectors(short, TGT_TOPICS), FlagConfig(), 0.5, MOVES
    )
    assert ctx.moves == () and moved(ctx, b([3], [])) == []
