"""What a batch has done, kept in the output folder (SQLite), so that a re-run redoes only
what changed.

One row per article and language: the hashes of both inputs, the settings' fingerprint,
the outputs written, and the row the index shows. A row is committed after its files are
written, so a run killed at any moment leaves rows only for work that is complete.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.errors import ExportError

STATE_NAME = "batch-state.sqlite"
SCHEMA = """CREATE TABLE IF NOT EXISTS jobs (
    article TEXT NOT NULL,
    lang TEXT NOT NULL,
    source_sha TEXT NOT NULL,
    translation_sha TEXT NOT NULL,
    settings TEXT NOT NULL,
    outputs TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (article, lang)
)"""


@dataclass(frozen=True)
class Done:
    """A job as the state file remembers it."""

    article: str
    lang: str
    source_sha: str
    translation_sha: str
    settings: str
    outputs: tuple[str, ...]
    """Every file written for the job, relative to the output folder or absolute."""
    summary: dict[str, Any]


COLUMNS = ("article", "lang", "source_sha", "translation_sha", "settings", "outputs", "summary")


class State:
    """The state file of one output folder. Every failure to use it (not a database, another
    program's ``jobs`` table, a damaged row, a full disk) is an ExportError naming it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_NAME
        self._db: sqlite3.Connection | None = None
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute(SCHEMA)
            self._db.commit()
            columns = tuple(row[1] for row in self._db.execute("PRAGMA table_info(jobs)"))
        except sqlite3.Error as exc:
            self.close()
            raise ExportError(f"cannot use the batch state file: {exc}", str(self.path)) from exc
        if columns != COLUMNS:
            self.close()
            raise ExportError(
                "is not aligner's batch state file (its jobs table has other columns): move it away to start afresh",
                str(self.path),
            )

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise ExportError("the batch state file is closed", str(self.path))
        return self._db

    def all(self) -> dict[tuple[str, str], Done]:
        try:
            rows = self.db.execute(
                "SELECT article, lang, source_sha, translation_sha, settings, outputs, summary FROM jobs"
            ).fetchall()
        except sqlite3.Error as exc:
            raise ExportError(f"cannot read the batch state file: {exc}", str(self.path)) from exc
        out = {}
        for r in rows:
            try:
                outputs, summary = json.loads(r[5]), json.loads(r[6])
                if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
                    raise ValueError("outputs are not a list of paths")
                if not isinstance(summary, dict):
                    raise ValueError("the summary is not an object")
                article, lang, source_sha, translation_sha, settings = (str(v) for v in r[:5])
                out[(article, lang)] = Done(
                    article, lang, source_sha, translation_sha, settings, tuple(outputs), summary
                )
            except (ValueError, TypeError) as exc:
                raise ExportError(
                    f"the batch state file's row of {r[0]!r} ({r[1]}) is damaged ({exc}): move it away to start afresh",
                    str(self.path),
                ) from None
        return out

    def record(self, done: Done) -> None:
        """Remember a finished job (its files are already written)."""
        try:
            self._record(done)
        except sqlite3.Error as exc:
            raise ExportError(f"cannot write the batch state file: {exc}", str(self.path)) from exc

    def _record(self, done: Done) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    done.article,
                    done.lang,
                    done.source_sha,
                    done.translation_sha,
                    done.settings,
                    json.dumps(list(done.outputs)),
                    json.dumps(done.summary, ensure_ascii=False, sort_keys=True),
                ),
            )

    def forget(self, article: str, lang: str) -> None:
        try:
            with self.db:
                self.db.execute("DELETE FROM jobs WHERE article = ? AND lang = ?", (article, lang))
        except sqlite3.Error as exc:
            raise ExportError(f"cannot write the batch state file: {exc}", str(self.path)) from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
