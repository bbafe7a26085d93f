"""A left-out sentence joined to the pair beside it whose partner translates it in a
clause (aligner/joins.py), on vectors built by hand."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.joins import Texts, rejoin, translates_clause
from aligner.sides import SideData, Span

DIM = 8
PARTNER = "Laevad vedasid rohkem reisijaid, mis on liini rekord."
"""Two clauses: "Laevad vedasid rohkem reisijaid," and "mis on liini rekord."."""


def axis(*weights: float) -> np.ndarray:
    v = np.zeros(DIM)
    v[: len(weights)] = weights
    return v / np.linalg.norm(v)


VECTORS = {"Laevad vedasid rohkem reisijaid,": axis(1), "mis on liini rekord.": axis(0, 0, 1)}
"""Each clause (and so the partner without the other one)."""


def embed(texts: list[str]) -> np.ndarray:
    return np.array([VECTORS.get(t, axis(0, 0, 0, 0, 0, 0, 0, 1)) for t in texts])


def sides(left_out: np.ndarray, left_out_length: int = 28) -> tuple[SideData, SideData, Texts]:
    """Source: a headline and PARTNER; target: the headline, the first clause's translation
    and ``left_out`` (the second clause's, or not)."""
    src = SideData.of([axis(0, 0, 0, 1), axis(1, 0, 0.6)], [40, len(PARTNER)])
    tgt = SideData.of([axis(0, 0, 0, 1), axis(1, 0.1), left_out], [40, 30, left_out_length])
    texts = Texts(["Pealkiri", PARTNER], ["Headline", "Ships carried more passengers.", "That is a record."], embed)
    return src, tgt, texts


PATH = [Span(0, 1, 0, 1), Span(1, 2, 1, 2), Span(2, 2, 2, 3)]


def test_a_left_out_sentence_that_translates_a_clause_joins_the_pair() -> None:
    src, tgt, texts = sides(axis(0, 0, 1, 0.2))
    assert rejoin(PATH, src, tgt, texts) == [Span(0, 1, 0, 1), Span(1, 2, 1, 3)]


def test_a_left_out_sentence_unlike_every_clause_stays_out() -> None:
    src, tgt, texts = sides(axis(0, 0, 0, 0, 1))
    assert rejoin(PATH, src, tgt, texts) == PATH


def test_a_long_sentence_is_no_translation_of_a_short_clause() -> None:
    src, tgt, texts = sides(axis(0, 0, 1, 0.2), left_out_length=200)
    assert rejoin(PATH, src, tgt, texts) == PATH


def test_the_pair_is_found_past_the_other_sides_left_out_sentence() -> None:
    """A dropped sentence between the pair and the added one: the added one joins the
    pair, the dropped one stays out, and every bead keeps its place in the order."""
    src, tgt, texts = sides(axis(0, 0, 1, 0.2))
    src = SideData.of(np.vstack([src.vectors, axis(0, 0, 0, 0, 0, 1)]), [40, len(PARTNER), 50])
    texts = Texts([*texts.src, "Midagi muud."], texts.tgt, embed)
    path = [Span(0, 1, 0, 1), Span(1, 2, 1, 2), Span(2, 3, 2, 2), Span(3, 3, 2, 3)]
    assert rejoin(path, src, tgt, texts) == [Span(0, 1, 0, 1), Span(1, 2, 1, 3), Span(2, 3, 3, 3)]


@pytest.mark.parametrize(("left_out", "expected"), [(axis(0, 0, 1, 0.2), True), (axis(0, 0, 0, 0, 1), False)])
def test_a_merged_pairs_member_in_a_clause_of_its_own(left_out: np.ndarray, expected: bool) -> None:
    assert translates_clause(left_out, axis(1, 0.1), axis(1, 0, 0.6), PARTNER, embed) is expected
