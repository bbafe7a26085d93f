"""The embedding cache: only new texts embedded, keyed by model, never in the way."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.embed.cache import CachedEmbedder
from aligner.errors import AlignerWarning
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


def test_a_stored_vector_of_the_wrong_size_is_embedded_again(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    small = FakeEmbedder(dim=8)
    small.model_id = FakeEmbedder.model_id  # a different model stored under the same id
    CachedEmbedder(small, path).embed(["a", "b"])
    inner = FakeEmbedder()
    cache = CachedEmbedder(inner, path)
    with pytest.warns(AlignerWarning, match=r"2 cached vectors not of this model's size \(16\)"):
        vectors = cache.embed(["a", "b"])
    assert vectors.shape == (2, 16) and inner.calls == ["a", "b"] and cache.discarded == 2
    again = FakeEmbedder()
    CachedEmbedder(again, path).embed(["a", "b"])
    assert again.calls == []  # the entries were replaced


def test_a_damaged_cache_is_set_aside_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is no database, but it is not empty either" * 100)
    inner = FakeEmbedder()
    with pytest.warns(AlignerWarning, match="could not be read .*: set aside as c.sqlite.corrupt-"):
        cache = CachedEmbedder(inner, path)
    assert cache.embed(["x"]).shape == (1, inner.dim)
    assert len(list(tmp_path.glob("c.sqlite.corrupt-*"))) == 1
    later = FakeEmbedder()
    CachedEmbedder(later, path).embed(["x"])
    assert later.calls == []  # the new cache works


def test_latent_terms_are_cached_by_the_models_terms_id(tmp_path: Path) -> None:
    from tests.conftest import FakeTermEmbedder

    inner = FakeTermEmbedder()
    first = CachedEmbedder(inner, tmp_path / "c.sqlite").latent_terms(["a b", "b c", "a b"])
    assert inner.term_calls == ["a b", "b c"]
    again = FakeTermEmbedder()
    second = CachedEmbedder(again, tmp_path / "c.sqlite").latent_terms(["b c", "d"])
    assert again.term_calls == ["d"]
    np.testing.assert_array_equal(second[0][0], first[1][0])
    np.testing.assert_array_equal(second[0][1], first[1][1])
    other = FakeTermEmbedder()
    other.terms_id = "other terms"
    CachedEmbedder(other, tmp_path / "c.sqlite").latent_terms(["a b"])
    assert other.term_calls == ["a b"]


def test_a_cache_without_latent_terms_says_so() -> None:
    from aligner.embed import latent_terms_of

    assert latent_terms_of(CachedEmbedder(FakeEmbedder(), Path("/nonexistent/c.sqlite"))) is None
