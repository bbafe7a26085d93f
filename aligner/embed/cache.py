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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from aligner.embed import Embedder, Progress, batched, latent_terms_of
from aligner.errors import AlignerWarning

if TYPE_CHECKING:
    from aligner.embed import Terms

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


def _terms(row: np.ndarray) -> Terms:
    """Latent terms from a stored row: the indices (as int32 bits), then the weights."""
    half = len(row) // 2
    return row[:half].view(np.int32).copy(), row[half:].copy()


def _terms_ok(row: np.ndarray) -> bool:
    if len(row) % 2:
        return False
    idx, val = _terms(row)
    return bool((idx >= 0).all() and np.isfinite(val).all() and (np.diff(idx) > 0).all())


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
        terms = latent_terms_of(inner)
        self.has_latent_terms = terms is not None
        self.terms_id = terms.terms_id if terms is not None else ""
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

    def latent_terms(self, texts: Sequence[str]) -> list[Terms]:
        """Cached latent terms for known texts, the model's for the rest (stored as they come)."""
        inner = latent_terms_of(self.inner)
        if inner is None:
            raise TypeError(f"{self.model_id} gives no latent terms")
        model = inner.terms_id
        texts = [self.clip(t) for t in texts]  # stored by what the model reads, as the vectors are
        found = {t: _terms(blob) for t, blob in self._lookup(set(texts), model, _terms_ok).items()}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        for chunk in batched(missing, CHUNK):
            fresh = inner.latent_terms(chunk)
            self._store(
                list(chunk), [np.concatenate([i.astype(np.int32).view(np.float32), v]) for i, v in fresh], model
            )
            found.update(zip(chunk, fresh, strict=True))
        return [found[t] for t in texts]

    def _lookup(
        self, texts: set[str], model: str | None = None, fits: Callable[[np.ndarray], bool] | None = None
    ) -> dict[str, np.ndarray]:
        """Stored rows of ``model`` (this embedder's vectors by default) for ``texts``;
        a row that ``fits`` rejects (by default: not a finite vector of ``dim``) is left
        out, to be computed again and replaced."""
        model = model or self.model_id
        fits = fits or self._vector_fits
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
                    [model, *chunk],
                )
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32) if len(blob) % 4 == 0 else None
                    if vector is None or not fits(vector):
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

    def _vector_fits(self, vector: np.ndarray) -> bool:
        return len(vector) == self.dim and bool(np.isfinite(vector).all())

    def _store(self, texts: list[str], vectors: np.ndarray | list[np.ndarray], model: str | None = None) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [
                        (model or self.model_id, _key(t), v.astype(np.float32).tobytes())
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
