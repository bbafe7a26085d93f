"""Any sentence-transformers model (LaBSE, ...), in the optional extra ``aligner[st]``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.embed import Progress, batched
from aligner.errors import BackendUnavailableError

BATCH = 32
INSTALL_HINT = 'pip install "aligner[st]"'


def _fingerprint(folder: Path) -> str:
    """A hash of a model folder's files: names, sizes, and the first and last 64 KiB of
    each (the whole of every config; enough to tell two weight files apart without
    reading hundreds of megabytes)."""
    digest = hashlib.sha256()
    files = (p for p in folder.rglob("*") if p.is_file())
    for path in sorted(p for p in files if not any(x.startswith(".") for x in p.relative_to(folder).parts)):
        size = path.stat().st_size
        digest.update(f"{path.relative_to(folder)}\0{size}\0".encode())
        with path.open("rb") as handle:
            digest.update(handle.read(65536))
            if size > 131072:
                handle.seek(-65536, 2)
                digest.update(handle.read())
    return digest.hexdigest()[:16]


def model_identity(name: str) -> str:
    """What names the model exactly, for the cache and the signature: its folder (resolved)
    and a fingerprint of its files, so ``--model ./model`` in two folders holding
    different models never shares vectors. A Hub name resolves to its local snapshot."""
    folder = Path(name).expanduser()
    if not folder.is_dir():
        try:
            from huggingface_hub import snapshot_download

            folder = Path(snapshot_download(name, local_files_only=True))
        except Exception:  # any failure (not installed, not cached): the name alone
            return f"sentence-transformers:{name}"
    return f"sentence-transformers:{folder.resolve()}@{_fingerprint(folder)}"


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
        self.dim = self._dimension()
        self.max_tokens = int(getattr(self._model, "max_seq_length", 0) or 512)
        self.model_id = model_identity(name)

    def clip(self, text: str) -> str:
        """At most 16 characters a token of the model's limit: the model cuts the rest
        itself, and its tokenizer need not read a 2 MB line to do so."""
        return text[: self.max_tokens * 16]

    def _dimension(self) -> int:
        # sentence-transformers 5 renamed the method; older releases have only the old name.
        get = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get() or 0)

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
            return np.empty((0, self.dim), dtype=np.float32)
        return np.concatenate(parts)
