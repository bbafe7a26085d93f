"""What the sentences' wording says beyond their vectors (aligner/wording.py)."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.embed import latent_terms_of, load_embedder
from aligner.wording import Wording
from tests.conftest import FakeEmbedder, FakeTermEmbedder

SOURCE = [
    "Bussipilet hakkab maksma kaks eurot.",
    "Piletid lähevad müüki esmaspäeval.",
    "Bussis oli õnnetuse ajal 23 reisijat.",
    "Festival toimus esimest korda 2019. aastal.",
    "Linn ostab 40 uut bussi.",
]
TARGET = [
    "A bus ticket will cost two euros.",
    "Tickets start at €12, the club said.",
    "There were 32 passengers on the bus at the time of the accident.",
    "The festival was first held in 2019.",
    "The city is buying 40 new buses.",
]


def wording(embedder: FakeTermEmbedder | None = None) -> Wording:
    return Wording(SOURCE, TARGET, "et", "en", embedder or FakeTermEmbedder())


def test_a_figure_only_one_side_gives_is_a_lone_figure_a_changed_or_shared_one_is_not() -> None:
    lone = wording().lone_figures(np.arange(5), np.arange(5))
    # €12 against a sentence without figures; 23 against 32 is a changed figure (a
    # number-mismatch, not a substitute's); a year alone is style; 40 is shared
    assert lone.tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    assert wording().lone_figures(np.array([4]), np.array([1])).tolist() == [0.0]  # figures on both sides


def test_a_part_numbers_its_sentences_from_its_start_and_terms_are_read_once() -> None:
    embedder = FakeTermEmbedder()
    whole = wording(embedder)
    part = whole.part(2, 1)
    assert (
        part.lone_figures(np.array([0]), np.array([0])).tolist()
        == whole.lone_figures(np.array([2]), np.array([1])).tolist()
    )
    np.testing.assert_allclose(
        part.terms_cosine(np.array([2]), np.array([3])), whole.terms_cosine(np.array([4]), np.array([4]))
    )
    assert embedder.term_calls == [SOURCE[4], TARGET[4]]  # only the sentences asked about, each once
    assert whole.terms_cosine(np.array([4]), np.array([4]))[0] > whole.terms_cosine(np.array([4]), np.array([0]))[0]


def test_an_embedder_without_latent_terms_gives_none() -> None:
    assert latent_terms_of(FakeEmbedder()) is None
    assert latent_terms_of(FakeTermEmbedder()) is not None


@pytest.mark.slow
def test_the_bundled_models_terms_tell_a_translation_from_another_sentence_on_the_story() -> None:
    """The vectors put both English sentences close to the Estonian one (same city, same
    buses); the latent terms see that only one says what it says."""
    model = load_embedder("e5-small")
    terms = latent_terms_of(model)
    assert terms is not None
    source = ["Linnavalitsuse otsusel hakkab bussipilet järgmisest aastast maksma kaks eurot."]
    target = [
        "The city government has decided that a bus ticket will cost two euros from next year.",
        "The city government said the new electric buses would arrive in Tartu in the spring.",
    ]
    read = Wording(source, target, "et", "en", terms)
    translation, substitute = read.terms_cosine(np.array([0, 0]), np.array([0, 1]))
    assert translation > substitute + 0.1
    vectors = model.embed(source + target)
    assert vectors[0] @ vectors[1] - vectors[0] @ vectors[2] < 0.06  # where the vectors say little
