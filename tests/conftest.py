"""Shared fixtures: paths, a deterministic fake embedder, an isolated cache directory."""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

# Read by huggingface_hub when it is first imported: no test may reach for the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rutte-nato"
SCHEMAS = ROOT.parent / "shared" / "schemas"


def language_cases(folder: Path) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """Every case of ``folder/<src>-<tgt>.txt``, language test cases kept as data: the
    languages and the line's ``|``-separated fields (blank and ``#`` lines skipped)."""
    for path in sorted(folder.glob("*.txt")):
        langs = tuple(path.stem.split("-"))
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                yield langs, [part.strip() for part in line.split("|")]


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real embedding cache."""
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


class FakeEmbedder:
    """Deterministic vectors from a hash of the text; counts what it was asked to embed."""

    model_id = "fake"
    max_tokens = 64

    def __init__(self, dim: int = 16) -> None:
        self.dim = dim
        self.calls: list[str] = []

    def clip(self, text: str) -> str:
        """A 'token' is a word here: the first ``max_tokens`` of them."""
        words = text.split(" ")
        return text if len(words) <= self.max_tokens else " ".join(words[: self.max_tokens])

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        self.calls.extend(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        for k, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).normal(size=self.dim)
            out[k] = v / np.linalg.norm(v)
        if progress:
            progress(len(texts))
        return out


class FakeTermEmbedder(FakeEmbedder):
    """A fake that also gives latent terms: one term per distinct lowercased word (so two
    texts share terms as they share words); counts the texts it was asked for terms of."""

    has_latent_terms = True
    terms_id = "fake terms"

    def __init__(self, dim: int = 16) -> None:
        super().__init__(dim)
        self.term_calls: list[str] = []

    def latent_terms(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        self.term_calls.extend(texts)
        out = []
        for text in texts:
            ids = sorted({zlib.crc32(w.strip(".,").lower().encode()) % 50_000 for w in text.split()})
            out.append((np.array(ids, dtype=np.int32), np.ones(len(ids), dtype=np.float32)))
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()
