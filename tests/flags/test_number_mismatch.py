"""The ``number-mismatch`` check, on pairs (how numbers are read: tests/test_numbers.py)."""

from __future__ import annotations

from aligner.flags.checks import number_mismatch
from tests.flags.build import b, context

TGT = ["The government approved next year's state budget on Thursday.", "The budget is 17 million euros."]


def test_numbers_that_differ_are_named_on_both_sides() -> None:
    ctx = context(TGT, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    (finding,) = number_mismatch(ctx, b([1], [1]))
    assert finding.message == "numbers differ: source has 7000000; target has 17000000"
    assert finding.evidence == {"source_only": ["7000000"], "target_only": ["17000000"]}


def test_numbers_that_agree_are_not_flagged() -> None:
    tgt = [TGT[0], "The budget amounts to €7 million."]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    assert number_mismatch(ctx, b([1], [1])) == []
