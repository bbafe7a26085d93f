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


class State:
    """The state file of one output folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_NAME
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute(SCHEMA)
            self._db.commit()
        except sqlite3.Error as exc:
            raise ExportError(f"cannot use the batch state file: {exc}", str(self.path)) from exc

    def all(self) -> dict[tuple[str, str], Done]:
        rows = self._db.execute(
            "SELECT article, lang, source_sha, translation_sha, settings, outputs, summary FROM jobs"
        ).fetchall()
        return {
            (r[0], r[1]): Done(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), json.loads(r[6])) for r in rows
        }

    def record(self, done: Done) -> None:
        """Remember a finished job (its files are already written)."""
        with self._db:
            self._db.execute(
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
        with self._db:
            self._db.execute("DELETE FROM jobs WHERE article = ? AND lang = ?", (article, lang))

    def close(self) -> None:
        self._db.close()
