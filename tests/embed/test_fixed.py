"""Embedders that know their model without holding it: vectors handed in, and a model loaded
at the first text that needs it (aligner/embed/fixed.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from aligner.embed import BACKENDS, Embedder, TermEmbedder, latent_terms_of
from aligner.embed.cache import CachedEmbedder
from aligner.embed.fixed import LazyModel, Vectors
from aligner.errors import AlignerWarning
from aligner.pipeline import align_files, align_texts, embed_sentences
from aligner.read import read_document
from aligner.segment import segment_document
from aligner.settings import Settings
from tests.conftest import EXAMPLE, FakeEmbedder, FakeTermEmbedder


class Loaded(FakeTermEmbedder):
    """The model behind the registry's name ``loaded``: every instance made is kept."""

    made: ClassVar[list[Loaded]] = []

    def __init__(self) -> None:
        super().__init__()
        Loaded.made.append(self)


class LoadedWithoutTerms(FakeEmbedder):
    made: ClassVar[list[LoadedWithoutTerms]] = []

    def __init__(self) -> None:
        super().__init__()
        LoadedWithoutTerms.made.append(self)


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "loaded", f"{__name__}:Loaded")
    monkeypatch.setitem(BACKENDS, "plain", f"{__name__}:LoadedWithoutTerms")
    monkeypatch.setattr(Loaded, "made", [])
    monkeypatch.setattr(LoadedWithoutTerms, "made", [])


def handed_on(model: FakeEmbedder, texts: list[str], loader: Callable[[], TermEmbedder] | None = None) -> Vectors:
    """What an embedding actor hands on for ``texts``: the model's identity, what it reads of
    each text, and its vectors (as stage 2 of the Ray engine does)."""
    vectors = model.embed([model.clip(t) for t in texts])
    return Vectors(
        model.model_id,
        model.dim,
        model.max_tokens,
        clipped={t: model.clip(t) for t in texts},
        vectors={model.clip(t): v for t, v in zip(texts, vectors, strict=True)},
        model=loader,
        terms_id=getattr(model, "terms_id", ""),
    )


def lazy(name: str = "loaded", terms_id: str = "fake terms", max_tokens: int = 64) -> LazyModel:
    return LazyModel(name, "fake", 16, max_tokens, terms_id)


LONG = " ".join(f"sõna{k}" for k in range(80))  # 80 words: the fake model reads the first 64


# --- Vectors -----------------------------------------------------------------------------


def test_vectors_handed_in_are_given_back_for_their_texts_in_any_order() -> None:
    model = FakeEmbedder()
    texts = ["Linn kinnitas eelarve.", "The city approved the budget.", "Tere."]
    embedder = handed_on(model, texts)
    assert isinstance(embedder, Embedder)
    got = embedder.embed(["Tere.", "Linn kinnitas eelarve.", "Tere."])
    assert got.dtype == np.float32 and got.shape == (3, 16)
    np.testing.assert_array_equal(got, model.embed(["Tere.", "Linn kinnitas eelarve.", "Tere."]))
    assert (embedder.model_id, embedder.dim, embedder.max_tokens) == ("fake", 16, 64)


def test_vectors_of_another_precision_come_back_as_float32() -> None:
    embedder = Vectors("m", 2, 8, {}, {"a": np.array([0.6, 0.8], dtype=np.float64)})
    got = embedder.embed(["a"])
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, [[0.6, 0.8]], rtol=1e-6)


def test_nothing_asked_is_an_empty_array_of_the_models_width() -> None:
    got = Vectors("m", 7, 8, {}, {}).embed([])
    assert got.shape == (0, 7) and got.dtype == np.float32


def test_a_text_not_handed_in_fails() -> None:
    embedder = handed_on(FakeEmbedder(), ["Tere."])
    with pytest.raises(KeyError, match=r"Head aega\."):
        embedder.embed(["Tere.", "Head aega."])


def test_a_long_text_is_read_as_the_model_read_it() -> None:
    model = FakeEmbedder()
    embedder = handed_on(model, [LONG, "Tere."])
    assert embedder.clip(LONG) == model.clip(LONG) != LONG
    assert embedder.clip("Tere.") == "Tere." and embedder.clip("not handed in") == "not handed in"
    with pytest.warns(AlignerWarning, match=r"^1 sentence is longer than the model reads \(64 tokens\)"):
        got = embed_sentences(embedder, [LONG, "Tere."])
    np.testing.assert_array_equal(got, model.embed([model.clip(LONG), "Tere."]))


def test_latent_terms_come_from_the_model_loaded_only_when_they_are_asked_for() -> None:
    model = FakeTermEmbedder()
    loads: list[int] = []

    def load() -> FakeTermEmbedder:
        loads.append(1)
        return model

    embedder = handed_on(model, ["Linn kinnitas eelarve."], load)
    assert embedder.has_latent_terms and latent_terms_of(embedder) is embedder
    embedder.embed(["Linn kinnitas eelarve."])
    embedder.clip(LONG)
    assert loads == []
    ((ids, weights),) = embedder.latent_terms(["Linn kinnitas eelarve."])
    assert loads == [1] and model.term_calls == ["Linn kinnitas eelarve."]
    assert len(ids) == 3 and weights.tolist() == [1.0, 1.0, 1.0]


def test_no_latent_terms_without_a_model_to_read_them_with_or_a_terms_id() -> None:
    without_model = handed_on(FakeTermEmbedder(), ["Tere."])
    assert without_model.terms_id == "fake terms" and not without_model.has_latent_terms
    assert latent_terms_of(without_model) is None
    with pytest.raises(TypeError, match=r"^no model to read latent terms with$"):
        without_model.latent_terms(["Tere."])
    without_terms = handed_on(FakeEmbedder(), ["Tere."], FakeTermEmbedder)
    assert without_terms.terms_id == "" and not without_terms.has_latent_terms


def test_the_vectors_of_the_sentences_align_a_simple_text_as_the_model_does() -> None:
    source = "Homme sajab vihma. Tuul on tugev. Kool algab septembris."
    target = "It will rain tomorrow. The wind is strong. School starts in September."
    model = FakeTermEmbedder()
    settings = Settings(cache=False)
    expected = align_texts(source, target, settings=settings, embedder=model)
    sentences = [s.text for s in [*expected.source.sentences, *expected.target.sentences]]
    got = align_texts(source, target, settings=settings, embedder=handed_on(model, sentences, lambda: model))
    assert got == expected


def test_the_vectors_of_an_articles_sentences_align_it_as_the_model_does() -> None:
    source, translation = EXAMPLE / "source.et.txt", EXAMPLE / "translation.en.txt"
    settings = Settings(cache=False)
    sentences = [
        s.text
        for path, lang in ((source, "et"), (translation, "en"))
        for s in segment_document(read_document(str(path), lang, settings.input_format), settings.segmented)
    ]
    model = FakeTermEmbedder()
    expected = align_files(str(source), str(translation), settings, model)
    got = align_files(str(source), str(translation), settings, handed_on(model, sentences, lambda: model))
    assert got == expected


# --- LazyModel ---------------------------------------------------------------------------


def test_a_lazy_model_knows_its_identity_without_loading() -> None:
    embedder = lazy()
    assert (embedder.name, embedder.model_id, embedder.dim, embedder.max_tokens) == ("loaded", "fake", 16, 64)
    assert embedder.terms_id == "fake terms" and embedder.has_latent_terms
    assert isinstance(embedder, Embedder) and latent_terms_of(embedder) is embedder
    assert not lazy(terms_id="").has_latent_terms and latent_terms_of(lazy(terms_id="")) is None
    assert Loaded.made == []


def test_a_text_of_at_most_max_tokens_characters_is_whole_without_the_model() -> None:
    embedder = lazy(max_tokens=20)
    assert embedder.clip("x" * 20) == "x" * 20 and embedder.clip("") == ""
    assert Loaded.made == []
    assert embedder.clip(LONG) == FakeEmbedder().clip(LONG) != LONG  # the model's own cut
    assert len(Loaded.made) == 1
    assert embedder.clip("a b " * 6) == "a b " * 6  # 24 characters: the model says it is whole


def test_the_model_is_loaded_at_the_first_text_and_only_once() -> None:
    embedder = lazy()
    empty = embedder.embed([])
    assert empty.shape == (0, 16) and empty.dtype == np.float32 and Loaded.made == []
    done: list[int] = []
    first = embedder.embed(["Tere.", "Head aega."], done.append)
    second = embedder.embed(["Head aega."])
    (model,) = Loaded.made
    assert model.calls == ["Tere.", "Head aega.", "Head aega."] and done == [2]
    np.testing.assert_array_equal(first, FakeEmbedder().embed(["Tere.", "Head aega."]))
    np.testing.assert_array_equal(second[0], first[1])
    embedder.latent_terms(["Tere."])
    assert Loaded.made == [model] and model.term_calls == ["Tere."]


def test_a_model_that_turns_out_to_give_no_latent_terms_says_so() -> None:
    embedder = lazy("plain")
    with pytest.raises(TypeError, match=r"^fake gives no latent terms$"):
        embedder.latent_terms(["Tere."])
    assert len(LoadedWithoutTerms.made) == 1


def test_behind_the_cache_the_model_is_loaded_only_for_a_text_the_cache_lacks(tmp_path: Path) -> None:
    """How the Ray engine's align tasks read the vectors the first phase put in the cache."""
    texts = ["Linn kinnitas eelarve.", "The city approved the budget."]
    filled = CachedEmbedder(FakeTermEmbedder(), tmp_path / "cache.sqlite")
    stored = filled.embed(texts)
    filled.latent_terms(texts)
    filled.close()
    cached = CachedEmbedder(lazy(), tmp_path / "cache.sqlite")
    assert cached.model_id == "fake" and cached.has_latent_terms and cached.terms_id == "fake terms"
    np.testing.assert_array_equal(cached.embed(texts[::-1]), stored[::-1])
    assert [ids.tolist() for ids, _ in cached.latent_terms(texts)] == [
        ids.tolist() for ids, _ in FakeTermEmbedder().latent_terms(texts)
    ]
    assert Loaded.made == []
    cached.embed([*texts, "Tere."])
    cached.embed(["Head aega."])
    cached.close()
    (model,) = Loaded.made
    assert model.calls == ["Tere.", "Head aega."]
