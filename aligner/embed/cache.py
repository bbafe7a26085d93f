"""An on-disk embedding cache keyed by model id and sentence text (SQLite, stdlib).

Re-aligning an edited article embeds only the sentences that changed. Entries are
committed every CHUNK texts, so an interrupted run keeps what it embedded.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.embed import Embedder, Progress, batched

CHUNK = 256
"""Texts embedded between two commits to the cache."""
SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vector BLOB, PRIMARY KEY (model, key))"


def default_cache_path() -> Path:
    """``$ALIGNER_CACHE_DIR`` or ``$XDG_CACHE_HOME/aligner`` (``~/.cache/aligner``)."""
    base = os.environ.get("ALIGNER_CACHE_DIR")
    if base:
        return Path(base) / "embeddings.sqlite"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "aligner" / "embeddings.sqlite"


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class CachedEmbedder:
    """Wraps an embedder; looks each text up before asking the model."""

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.path = path or default_cache_path()
        self.hits = 0
        self.misses = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db: sqlite3.Connection | None = sqlite3.connect(self.path)
            self._db.execute(SCHEMA)
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache only costs time: run without it

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Cached vectors for known texts, the model's for the rest (stored as they come)."""
        found = self._lookup(set(texts))
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        self.hits += sum(1 for t in texts if t in found)
        self.misses += len(missing)
        if progress and len(found):
            progress(sum(1 for t in texts if t in found))
        for chunk in batched(missing, CHUNK):
            fresh = self.inner.embed(chunk, progress)
            self._store(list(chunk), fresh)
            found.update(zip(chunk, fresh, strict=True))
        if not texts:
            return self.inner.embed([])
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    def _lookup(self, texts: set[str]) -> dict[str, np.ndarray]:
        if self._db is None or not texts:
            return {}
        by_key = {_key(t): t for t in texts}
        out: dict[str, np.ndarray] = {}
        keys = list(by_key)
        try:
            for k in range(0, len(keys), 500):
                chunk = keys[k : k + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",  # noqa: S608
                    [self.model_id, *chunk],
                )
                for key, blob in rows:
                    out[by_key[key]] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error:
            return {}
        return out

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [
                        (self.model_id, _key(t), v.astype(np.float32).tobytes())
                        for t, v in zip(texts, vectors, strict=True)
                    ],
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
