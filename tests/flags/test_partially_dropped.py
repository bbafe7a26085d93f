"""The ``partially-dropped`` check: a translation that covers clearly less than its source."""

from __future__ import annotations

from aligner.flags.coverage import partially_dropped
from tests.flags.build import b, context, flags_for


def test_the_sentence_a_merge_leaves_out_is_named() -> None:
    tgt = [
        "The government approved next year's state budget on Thursday; it is 7 million euros.",
        "The prime minister promised to keep taxes where they are.",
        "So did several entrepreneurs, said the paper.",
    ]
    beads = [b([0, 1, 2], [0]), b([3], [1]), b([4], [2])]
    ctx = context(tgt, beads, [0, 0, 5, 3, 4], [0, 3, 4])
    (finding,) = partially_dropped(ctx, beads[0])
    assert finding.evidence["sentence"] == 2 and "source sentence 3 seems left out" in finding.message  # from 1
    assert [(f.type, f.evidence.get("sentence")) for f in flags_for(tgt, beads, [0, 0, 5, 3, 4], [0, 3, 4])] == [
        ("partially-dropped", 2)
    ]


def test_a_merged_pair_under_half_its_length_is_partially_dropped() -> None:
    """Both source sentences are about what the translation says (no weakest one to name),
    but it keeps under half of them: a quote or a clause was cut."""
    tgt = [
        "The budget was approved.",
        "The opposition criticised cuts to education and health care.",
        "The prime minister promised to keep taxes unchanged.",
        "Several entrepreneurs were of the same opinion.",
    ]
    beads = [b([0, 1], [0]), b([2], [1]), b([3], [2]), b([4], [3])]
    (finding,) = partially_dropped(context(tgt, beads, [0, 0, 2, 3, 4], [0, 2, 3, 4]), beads[0])
    assert "of the length expected for its 2 source sentences" in finding.message
    # at two thirds of the length, a condensed translation, not a cut one
    tgt[0] = "The government approved the state budget for next year on Thursday."
    assert partially_dropped(context(tgt, beads, [0, 0, 2, 3, 4], [0, 2, 3, 4]), beads[0]) == []


def test_a_short_source_is_not_judged_by_length() -> None:
    tgt = ["Approved.", "Cuts.", "Taxes.", "Agreed.", "Seven million."]
    beads = [b([k], [k]) for k in range(5)]
    ctx = context(
        tgt, beads, [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], src_texts=["Kinnitati.", "Kärped.", "Maksud.", "Nõus.", "Seitse."]
    )
    assert all(partially_dropped(ctx, bead) == [] for bead in beads)
