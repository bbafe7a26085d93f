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
    assert "0.40  source 2 = target 2  Teine lause.  |  Another sentence." in text and "0.90" not in text


def test_counts_read_as_english() -> None:
    """'1 flags: 1 errors' read as a machine's; the counts now take their number."""
    from aligner.review import counted

    assert [counted(n, "flag") for n in (0, 1, 2)] == ["0 flags", "1 flag", "2 flags"]
    assert counted(1, "info") == "1 info" and counted(3, "info") == "3 info"


def test_every_sentence_of_a_dropped_run_is_shown_or_counted() -> None:
    """A 4-sentence dropped flag showed 3 of them, with no word of the fourth (#23 item 7)."""
    from aligner.model import Alignment, Bead, Flag, Sentence, Side
    from aligner.review.text import SHOWN_AT_MOST, format_flag

    def alignment(n: int) -> Alignment:
        src = Side("et", "a.txt", tuple(Sentence(k, f"Lause {k}.", 0, 0, 0) for k in range(n + 2)))
        tgt = Side("en", "b.txt", (Sentence(0, "First.", 0, 0, 0), Sentence(1, "Last.", 0, 0, 0)))
        beads = (Bead((0,), (0,), 1.0), *(Bead((k,), (), 0.9) for k in range(1, n + 1)), Bead((n + 1,), (1,), 1.0))
        run = tuple(range(1, n + 1))
        return Alignment(src, tgt, beads, (Flag("dropped", "error", run, (), f"{n} dropped", key="k"),))

    four = format_flag(alignment(4), alignment(4).flags[0], 1, context=0, width=100)
    assert all(f"Lause {k}." in four for k in range(1, 5)) and "more" not in four
    many = SHOWN_AT_MOST + 5
    text = format_flag(alignment(many), alignment(many).flags[0], 1, context=0, width=100)
    shown = [k for k in range(1, many + 1) if f"Lause {k}." in text]
    assert len(shown) == SHOWN_AT_MOST and f"... {many - SHOWN_AT_MOST} more" in text
