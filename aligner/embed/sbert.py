"""Any sentence-transformers model (LaBSE, ...), in the optional extra ``aligner[st]``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.embed import Progress, batched
from aligner.errors import BackendUnavailableError

BATCH = 32
INSTALL_HINT = 'pip install "aligner[st]"'


class SentenceTransformerEmbedder:
    """A sentence-transformers model named on the Hub (cached locally) or by a path."""

    def __init__(self, name: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise BackendUnavailableError(
                f"model {name!r} needs the sentence-transformers backend: {INSTALL_HINT}"
            ) from exc
        try:
            self._model = SentenceTransformer(name, device="cpu")
        except (OSError, ValueError, RuntimeError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BackendUnavailableError(
                f"cannot load sentence-transformers model {name!r} (not a local path, and not "
                f"in the local Hugging Face cache?): {first}"
            ) from exc
        self.model_id = f"sentence-transformers:{name}"

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts``; rows are L2-normalised."""
        parts = []
        for batch in batched(texts, BATCH):
            vectors = self._model.encode(
                list(batch),
                batch_size=BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            parts.append(np.asarray(vectors, dtype=np.float32))
            if progress:
                progress(len(batch))
        if not parts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.empty((0, dim), dtype=np.float32)
        return np.concatenate(parts)
