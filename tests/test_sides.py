"""The side data the stages after the embedding share (aligner/sides.py)."""

from __future__ import annotations

import numpy as np

from aligner.model import Bead
from aligner.sides import SideData, Span, beads_of, span_vector


def side(n: int) -> SideData:
    rng = np.random.default_rng(n)
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [f"Lause {k} on siin," if k % 3 == 0 else f"Lause {k}." for k in range(n - 1)] + ["--"]
    return SideData.from_texts(vectors, texts, np.arange(n) // 2, np.arange(n, dtype=np.uint64), np.arange(n) == 1)


def test_read_from_texts_a_unit_without_letters_has_no_content_and_a_comma_ends_open() -> None:
    s = side(5)
    assert s.content.tolist() == [True, True, True, True, False]
    assert s.open_end.tolist() == [True, False, False, True, False]
    assert s.lengths.tolist() == [len("Lause 0 on siin,"), 8, 8, len("Lause 3 on siin,"), 2]
    assert s.skip_weight[-1] < s.skip_weight[0]  # a separator costs less to leave out


def test_a_part_keeps_every_field_of_its_units_and_halving_pairs_neighbours() -> None:
    s = side(5)
    part = s.part(1, 3)
    assert len(part) == 2 and part.footer.tolist() == [True, False] and part.numbers.tolist() == [1, 2]
    half = s.halved(0.5)
    assert len(half) == 3  # an odd side gets a padding unit
    assert half.numbers.tolist() == [0 | 1, 2 | 3, 4] and half.footer.tolist() == [True, False, False]
    np.testing.assert_allclose(np.linalg.norm(half.vectors, axis=1), 1.0, atol=1e-5)


def test_leaving_out_makes_only_the_given_units_cheap_to_skip() -> None:
    s = side(4)
    out = s.leaving_out(np.array([False, True, False, False]))
    assert out.skip_weight[1] < s.skip_weight[1] and np.array_equal(
        np.delete(out.skip_weight, 1), np.delete(s.skip_weight, 1)
    )


def test_a_run_vector_weighs_its_sentences_by_length_as_the_dp_does() -> None:
    s = SideData.of(np.eye(2, dtype=np.float32), [100, 25])
    flat = span_vector(s, (0, 1), 0.0)
    weighted = span_vector(s, (0, 1), 0.5)
    np.testing.assert_allclose(flat, [2**-0.5, 2**-0.5], atol=1e-6)
    assert weighted[0] / weighted[1] == np.float32(2.0)  # sqrt(100) / sqrt(25)


def test_a_path_becomes_beads_with_their_scores() -> None:
    path = [Span(0, 1, 0, 2), Span(1, 2, 2, 2), Span(2, 2, 2, 3)]
    assert beads_of(path, [0.9, 0.5, 0.4]) == (Bead((0,), (0, 1), 0.9), Bead((1,), (), 0.5), Bead((), (2,), 0.4))
    assert Span(1, 2, 2, 2).is_null and not Span(0, 1, 0, 2).is_null
