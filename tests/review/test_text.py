"""The terminal report."""

from __future__ import annotations

from aligner.review import select
from aligner.review.text import format_report, format_summary
from tests.review.build import sample


def test_text_report_shows_both_sides() -> None:
    text = format_report(sample(), select(sample().flags), context=1, width=100)
    assert text.startswith("3 flags: 2 errors, 1 warning, 0 info")
    assert "#1 ERROR dropped" in text and "Kolmas." in text and "(nothing)" in text


def test_the_summary_counts_beads_and_flags_and_shows_the_weakest_pairs() -> None:
    text = format_summary(sample(), 1.25, weakest=1)
    assert text.count("save with -o FILE to review them") == 1
    assert "see: aligner review 'my alignment.json'" in format_summary(sample(), 1.25, "my alignment.json")
    assert text.splitlines()[0] == "Aligned 3 source (et) and 3 target (en) sentences in 1.2 s: 4 beads."
    assert "1-1: 2   m-n: 0   unmatched source (1-0): 1   unmatched target (0-1): 1" in text
    assert "Flags: 2 errors, 1 warning, 0 info (added x1, dropped x1, low-confidence x1)" in text
    assert "0.40  [1]:[1]  Teine lause.  |  Another sentence." in text and "0.90" not in text


def test_counts_read_as_english() -> None:
    """'1 flags: 1 errors' read as a machine's; the counts now take their number."""
    from aligner.review import counted

    assert [counted(n, "flag") for n in (0, 1, 2)] == ["0 flags", "1 flag", "2 flags"]
    assert counted(1, "info") == "1 info" and counted(3, "info") == "3 info"
