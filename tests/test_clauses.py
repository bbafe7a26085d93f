"""Clauses of sentences with offsets into the original text (aligner/clauses.py)."""

from __future__ import annotations

from aligner.clauses import MIN_CHARS, char_offsets, split_clauses
from aligner.model import Sentence


def sentence_in(original: str, text: str) -> Sentence:
    start = original.index(text.split()[0])
    return Sentence(0, text, start, len(original.rstrip()), 0)


def test_clauses_split_at_commas_and_dashes_and_point_into_the_original() -> None:
    original = "Pealkiri\n\nThe budget was approved on Thursday, opositsioon kritiseeris kärpeid — and then it rained."
    sentence = sentence_in(original, original.split("\n\n")[1])
    clauses = split_clauses(original, sentence)
    assert [c.text for c in clauses] == [
        "The budget was approved on Thursday,",
        "opositsioon kritiseeris kärpeid",
        "— and then it rained.",
    ]
    assert [original[c.start : c.end] for c in clauses] == [c.text for c in clauses]


def test_short_pieces_join_their_neighbour() -> None:
    original = "Yes, he said, the budget was approved on Thursday afternoon."
    clauses = split_clauses(original, Sentence(0, original, 0, len(original), 0))
    assert [c.text for c in clauses] == ["Yes, he said, the budget was approved on Thursday afternoon."]
    assert all(len(c.text) >= MIN_CHARS for c in clauses)


def test_offsets_skip_markup_and_folded_white_space() -> None:
    original = "<p>The <b>budget</b>\n  was approved.</p>"
    sentence = Sentence(0, "The budget was approved.", 3, len(original) - 4, 0)
    offsets = char_offsets(original, sentence)
    assert "".join(original[k] for k, c in zip(offsets, sentence.text, strict=True) if not c.isspace()) == (
        "Thebudgetwasapproved."
    )
