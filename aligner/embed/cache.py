"""An on-disk embedding cache keyed by model identity and sentence text (SQLite, stdlib).

Re-aligning an edited article embeds only the sentences that changed. Entries are
committed every CHUNK texts, so an interrupted run keeps what it embedded.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.embed import Embedder, Progress, batched
from aligner.errors import AlignerWarning

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


def _warn(message: str) -> None:
    warnings.warn(message, AlignerWarning, stacklevel=3)


class CachedEmbedder:
    """Wraps an embedder; looks each text up before asking the model.

    The cache is a help, never a source of wrong results: a vector stored under this
    model's id is used only when it has the model's dimension and finite values (else the
    text is embedded again and the entry replaced), and a database that cannot be read is
    set aside (renamed ``embeddings.sqlite.corrupt-<time>``) with a warning, and a new one
    begun; one that cannot be opened at all only costs time.
    """

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.max_tokens = inner.max_tokens
        self.path = path or default_cache_path()
        self.hits = 0
        self.misses = 0
        self.discarded = 0
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            self._db = self._set_aside(exc)
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache only costs time: run without it

    def _open(self) -> sqlite3.Connection:
        # One thread at a time, but not always the one that opened it (a Ray actor's
        # calls come on a thread of its own).
        db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            db.execute(SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _set_aside(self, problem: Exception) -> sqlite3.Connection | None:
        """Move an unreadable cache out of the way (kept, for whoever wants to look) and
        start a new one; None when even that fails."""
        if self._db is not None:
            self._db.close()
            self._db = None
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            os.replace(self.path, aside)
            db = self._open()
        except (OSError, sqlite3.Error):
            _warn(f"{self.path}: the embedding cache cannot be read ({problem}); running without it")
            return None
        _warn(f"{self.path}: the embedding cache could not be read ({problem}): set aside as {aside.name}")
        return db

    def clip(self, text: str) -> str:
        """What the model reads of ``text`` (the cache stores vectors by it)."""
        return self.inner.clip(text)

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
        bad = 0
        try:
            for k in range(0, len(keys), 500):
                chunk = keys[k : k + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",  # noqa: S608
                    [self.model_id, *chunk],
                )
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32) if len(blob) == 4 * self.dim else None
                    if vector is None or not np.isfinite(vector).all():
                        bad += 1  # not this model's: embedded again, and replaced
                        continue
                    out[by_key[key]] = vector
        except sqlite3.DatabaseError as exc:
            self._db = self._set_aside(exc)
            return {}
        except sqlite3.Error:
            return {}
        if bad:
            self.discarded += bad
            _warn(
                f"{self.path}: {bad} cached vector{'s' if bad > 1 else ''} not of this model's size "
                f"({self.dim}) or not finite: embedded again"
            )
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
