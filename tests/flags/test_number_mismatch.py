"""The ``number-mismatch`` check, on pairs (how numbers are read: tests/test_numbers.py)."""

from __future__ import annotations

from aligner.flags.facts import number_mismatch
from tests.flags.build import SRC, b, context

TGT = ["The government approved next year's state budget on Thursday.", "The budget is 17 million euros."]


def test_numbers_that_differ_are_named_on_both_sides() -> None:
    ctx = context(TGT, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    (finding,) = number_mismatch(ctx, b([1], [1]))
    assert finding.message == "numbers differ: source has 7000000; target has 17000000"
    assert finding.evidence == {
        "source_only": ["7000000"],
        "target_only": ["17000000"],
        "source_written": ["7 miljonit"],  # as written, for the pages to mark
        "target_written": ["17 million"],
    }


def test_numbers_that_agree_are_not_flagged() -> None:
    tgt = [TGT[0], "The budget amounts to €7 million."]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    assert number_mismatch(ctx, b([1], [1])) == []


def test_the_severity_says_how_sure_the_mismatch_is() -> None:
    def severity(tgt: str) -> tuple[str, ...]:
        ctx = context([TGT[0], tgt], [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
        return tuple(f.severity or "error" for f in number_mismatch(ctx, b([1], [1])))

    assert severity("The budget is 8 million euros.") == ("error",)  # a figure changed
    assert severity("The budget is large.") == ("warning",)  # a figure left out
    assert severity("The budget is 7 million euros, set in 2016.") == ("info",)  # a year added, by style
    assert severity("The budget is seven million euros.") == ()


def test_a_conversion_is_info_and_named_in_the_evidence() -> None:
    src = [SRC[0], "Maja krunt on 10 hektarit.", *SRC[2:]]
    tgt = [TGT[0], "The house stands on 25 acres."]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1], src_texts=src)
    (finding,) = number_mismatch(ctx, b([1], [1]))
    assert finding.severity == "info" and finding.evidence["conversions"] == ["10 ha = 25 acre (24.71)"]


def test_a_headline_may_take_a_figure_from_the_lead() -> None:
    def severity(headline: str) -> str | None:
        tgt = [headline, "The budget is 7 million euros."]
        ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
        (finding,) = number_mismatch(ctx, b([0], [0]))
        return finding.severity

    assert severity("Government approves €7 million budget") == "info"  # the source's lead gives it
    assert severity("Government approves €9 million budget") == "warning"  # nowhere in the source
