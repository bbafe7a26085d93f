"""The ``dropped`` check: source sentences with no translation."""

from __future__ import annotations

from aligner.flags.coverage import dropped
from aligner.model import Severity
from tests.flags.build import SRC, SRC_OFFSETS, b, context, flags_for

TGT = [
    "The government approved next year's state budget on Thursday.",
    "The budget is 7 million euros.",
    "The opposition criticised cuts to education and health care.",
]


def test_a_run_of_dropped_sentences_is_one_error_over_the_run() -> None:
    ctx = context(TGT, [b([0], [0]), b([1], [1]), b([2], [2]), b([3], []), b([4], [])], [0, 1, 2, 3, 4], [0, 1, 2])
    (finding,) = dropped(ctx, b([3, 4], []))
    assert (finding.src, finding.tgt, finding.severity) == ((3, 4), (), None)
    assert finding.message == "2 source sentences (4-5) have no translation"  # counted from 1
    assert finding.evidence == {"sentences": 2}


def test_a_dropped_separator_is_only_info() -> None:
    src = [*SRC[:3], "--"]
    ctx = context(TGT, [b([0], [0]), b([1], [1]), b([2], [2]), b([3], [])], [0, 1, 2, 3], [0, 1, 2], src_texts=src)
    (finding,) = dropped(ctx, b([3], []))
    assert finding.severity is Severity.INFO and "separator" in finding.message


def test_dropped_flags_point_at_the_source_sentences() -> None:
    beads = [b([0], [0]), b([1], [1]), b([2], [2]), b([3], []), b([4], [])]
    flags = flags_for(TGT, beads, [0, 1, 2, 3, 4], [0, 1, 2])
    (flag,) = flags
    assert (flag.type, flag.severity, flag.src) == ("dropped", "error", (3, 4))
    assert flag.src_span == (SRC_OFFSETS[3], SRC_OFFSETS[4] + len(SRC[4]))
