"""Embedders that know their model without holding it: the vectors of a known set of
texts, or a model loaded only when a text needs it.

Ray's align tasks use them (:mod:`aligner.batch.ray_engine`): the model lives in the
embedding actors, which hand on their vectors and the model's identity (id, dimension,
tokens, latent terms' id), so that an align task gives the same alignment as a process
with the model, without loading it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from aligner.embed import Embedder, Progress, latent_terms_of, load_embedder

if TYPE_CHECKING:
    from aligner.embed import Terms


@dataclass
class Vectors:
    """An embedder over vectors already made (stage 2's, for stage 3): what the model
    reads of each text, and its vector. Asked for a text it was not given (a clause the
    checks embed: ``omissions.py``, ``joins.py``), it loads the process's model for it."""

    model_id: str
    dim: int
    max_tokens: int
    clipped: dict[str, str]
    """sentence text -> what the model reads of it."""
    vectors: dict[str, np.ndarray]
    """what the model reads -> its vector."""
    model: Callable[[], Embedder] | None = None
    """The process's model, loaded when called (None: there is none to load)."""
    terms_id: str = ""
    """The model's latent terms' id ("": it has none). Asked for terms (``wording.py``),
    the model is loaded in this process: only the pairs the same-story model reads again
    need them."""

    @property
    def has_latent_terms(self) -> bool:
        return bool(self.terms_id) and self.model is not None

    def latent_terms(self, texts: Sequence[str]) -> list[Terms]:
        model = latent_terms_of(self.model()) if self.model is not None else None
        if model is None:
            raise TypeError("no model to read latent terms with")
        return model.latent_terms(texts)

    def clip(self, text: str) -> str:
        return self.clipped.get(text, text)

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        missing = sorted({t for t in texts if t not in self.vectors})
        if missing:
            if self.model is None:
                raise KeyError(f"no vector for {missing[0][:40]!r} and no model to make one")
            self.vectors.update(zip(missing, self.model().embed(missing), strict=True))
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32, copy=False)


class LazyModel:
    """The model, loaded at the first text the cache lacks (or too long to be whole: a
    token is at least a character, so a text of at most ``max_tokens`` characters is)."""

    def __init__(self, model: str, model_id: str, dim: int, max_tokens: int, terms_id: str) -> None:
        self.name = model
        self.model_id, self.dim, self.max_tokens = model_id, dim, max_tokens
        self.terms_id = terms_id
        self.has_latent_terms = bool(terms_id)
        self._model: Embedder | None = None

    def _load(self) -> Embedder:
        if self._model is None:
            self._model = load_embedder(self.name)
        return self._model

    def clip(self, text: str) -> str:
        return text if len(text) <= self.max_tokens else self._load().clip(text)

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._load().embed(texts, progress)

    def latent_terms(self, texts: Sequence[str]) -> list[Terms]:
        model = latent_terms_of(self._load())
        if model is None:
            raise TypeError(f"{self.model_id} gives no latent terms")
        return model.latent_terms(texts)


__all__ = ["LazyModel", "Vectors"]
