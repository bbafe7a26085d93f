"""Sentence embedders: the backend interface, the registry of backends, and the cache.

A backend is imported only when chosen, and this module imports no numpy, so ``aligner
--help`` (which reads ``DEFAULT_MODEL``) never imports torch or numpy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aligner.errors import BackendUnavailableError

Progress = Callable[[int], None]
"""Called with the number of texts just embedded."""

DEFAULT_MODEL = "e5-small"

# Model name -> "module:Class". Any name not listed is a sentence-transformers model.
BACKENDS: dict[str, str] = {
    "e5-small": "aligner.embed.e5:E5Embedder",
}
SENTENCE_TRANSFORMERS = "aligner.embed.sbert:SentenceTransformerEmbedder"


@runtime_checkable
class Embedder(Protocol):
    """Turns sentences into L2-normalised vectors of ``dim`` numbers; ``model_id`` names
    the model exactly (what the cache keys vectors by: two different models never share
    an id)."""

    model_id: str
    dim: int
    max_tokens: int
    """The most tokens of a text the model reads; :meth:`clip` cuts a text to them."""

    def clip(self, text: str) -> str:
        """The beginning of ``text`` that the model reads (all of it when it is short)."""
        ...

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Return a float32 array of shape ``(len(texts), dim)``, each row of unit length."""
        ...


if TYPE_CHECKING:
    import numpy as np

    Terms = tuple[np.ndarray, np.ndarray]
    """A text's latent terms: the indices (int32) and weights (float32) of its strongest
    sparse features."""


@runtime_checkable
class TermEmbedder(Protocol):
    """An embedder that can also give a text's latent terms (:data:`Terms`): features of
    its tokens, pooled over the text, that say which concepts it names, as its one vector
    cannot. ``has_latent_terms`` is False where the model lacks them."""

    has_latent_terms: bool
    terms_id: str
    """Names the terms exactly (the cache keys them by it)."""

    def latent_terms(self, texts: Sequence[str]) -> list[Terms]:
        """The latent terms of each text."""
        ...


def latent_terms_of(embedder: Embedder) -> TermEmbedder | None:
    """The embedder as a :class:`TermEmbedder`, or None when it gives no latent terms."""
    if isinstance(embedder, TermEmbedder) and embedder.has_latent_terms:
        return embedder
    return None


def terms_cosine(a: Terms, b: Terms) -> float:
    """The cosine of two texts' latent terms."""
    import numpy as np

    common, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    if not len(common):
        return 0.0
    norm = float(np.linalg.norm(a[1]) * np.linalg.norm(b[1]))
    return float(a[1][ia] @ b[1][ib]) / norm if norm > 0 else 0.0


def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """Create the embedder for ``name``: the bundled model, or a sentence-transformers one."""
    spec = BACKENDS.get(name, SENTENCE_TRANSFORMERS)
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # pragma: no cover - only without the package's own modules
        raise BackendUnavailableError(f"cannot load backend {spec}: {exc}") from exc
    factory = getattr(module, class_name)
    embedder: Embedder = factory() if name in BACKENDS else factory(name)
    return embedder


def batched(texts: Sequence[str], size: int) -> list[Sequence[str]]:
    """Consecutive slices of at most ``size`` texts."""
    return [texts[k : k + size] for k in range(0, len(texts), size)]
