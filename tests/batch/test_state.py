"""The batch state file: what it remembers, and a file it cannot use (aligner/batch/state.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aligner.batch.state import STATE_NAME, Done, State
from aligner.errors import ExportError


def done(article: str = "nato", lang: str = "en", **changes: Any) -> Done:
    job = Done(
        article,
        lang,
        source_sha="a" * 64,
        translation_sha="b" * 64,
        settings="c" * 64,
        outputs=("nato/nato.en.json", "/abs/locales/en/LC_MESSAGES/nato.po"),
        summary={"article": article, "lang": lang, "flags": {"error": 1, "warning": 0}, "title": "Rutte ütles"},
    )
    return replace(job, **changes)


def remembered(folder: Path) -> dict[tuple[str, str], Done]:
    """What a new State over ``folder`` reads (the way a re-run reads it)."""
    state = State(folder)
    try:
        return state.all()
    finally:
        state.close()


def test_a_new_folder_gets_an_empty_state_file(tmp_path: Path) -> None:
    state = State(tmp_path)
    assert state.all() == {}
    state.close()
    assert (tmp_path / STATE_NAME).is_file()
    assert state.path == tmp_path / STATE_NAME


def test_a_recorded_job_is_read_back_whole_by_a_later_run(tmp_path: Path) -> None:
    job = done(summary={"article": "nato", "title": "Rutte: „Eesti on valmis“", "counts": [3, 0, 1], "score": 0.75})
    state = State(tmp_path)
    state.record(job)
    state.close()
    again = remembered(tmp_path)
    assert again == {("nato", "en"): job}
    assert isinstance(again["nato", "en"].outputs, tuple)  # not the JSON list it is stored as


def test_a_job_with_no_outputs_and_no_summary_reads_back_as_empty(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.record(done(outputs=(), summary={}))
    state.close()
    assert remembered(tmp_path)["nato", "en"] == done(outputs=(), summary={})


def test_a_record_is_committed_at_once_for_another_reader(tmp_path: Path) -> None:
    """A run killed after a job keeps that job: the row is committed when recorded, not at close."""
    writer = State(tmp_path)
    writer.record(done())
    assert set(remembered(tmp_path)) == {("nato", "en")}
    writer.forget("nato", "en")
    assert remembered(tmp_path) == {}
    writer.close()


def test_a_job_is_keyed_by_article_and_language_and_recording_it_again_replaces_it(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.record(done("nato", "en"))
    state.record(done("nato", "ru"))
    state.record(done("budget", "en"))
    state.record(done("nato", "en", source_sha="d" * 64, outputs=("nato/nato.en.json",)))
    jobs = state.all()
    state.close()
    assert set(jobs) == {("nato", "en"), ("nato", "ru"), ("budget", "en")}
    assert jobs["nato", "en"].source_sha == "d" * 64 and jobs["nato", "en"].outputs == ("nato/nato.en.json",)
    assert jobs["nato", "ru"] == done("nato", "ru")


def test_forgetting_a_job_leaves_the_others_and_an_unknown_job_is_no_error(tmp_path: Path) -> None:
    state = State(tmp_path)
    for article, lang in (("nato", "en"), ("nato", "ru"), ("budget", "en")):
        state.record(done(article, lang))
    state.forget("nato", "en")
    state.forget("nato", "fi")
    state.forget("elsewhere", "en")
    state.close()
    assert set(remembered(tmp_path)) == {("nato", "ru"), ("budget", "en")}


def test_the_summary_is_stored_as_sorted_utf8_json(tmp_path: Path) -> None:
    """Two runs that record the same summary leave the same bytes, and a person reading
    the file with sqlite3 sees the text, not escapes."""
    state = State(tmp_path)
    state.record(done(summary={"title": "Välisminister", "article": "nato"}))
    state.close()
    with sqlite3.connect(tmp_path / STATE_NAME) as db:
        (summary,) = db.execute("SELECT summary FROM jobs").fetchone()
    db.close()
    assert summary == '{"article": "nato", "title": "Välisminister"}'


def test_a_file_that_is_no_database_is_an_export_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / STATE_NAME).write_text("article,lang\nnato,en\n" * 200, encoding="utf-8")
    with pytest.raises(ExportError, match=r"^cannot use the batch state file: file is not a database$") as caught:
        State(tmp_path)
    assert caught.value.path == str(tmp_path / STATE_NAME)


def test_a_truncated_state_file_is_an_export_error(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.record(done())
    state.close()
    path = tmp_path / STATE_NAME
    path.write_bytes(path.read_bytes()[:4096])  # the first page alone: the jobs table's pages are gone
    with pytest.raises(ExportError, match="cannot use the batch state file: database disk image is malformed"):
        State(tmp_path)


@pytest.mark.parametrize("where", ["missing/folder", "folder-in-the-way"])
def test_a_state_file_that_cannot_be_opened_is_an_export_error(tmp_path: Path, where: str) -> None:
    folder = tmp_path / where
    if where == "folder-in-the-way":
        (folder / STATE_NAME).mkdir(parents=True)
    with pytest.raises(ExportError, match="cannot use the batch state file: unable to open database file") as caught:
        State(folder)
    assert caught.value.path == str(folder / STATE_NAME)


def test_a_foreign_state_file_with_another_jobs_table_is_an_export_error(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / STATE_NAME) as db:
        db.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT)")
    db.close()
    with pytest.raises(ExportError, match="batch state file"):
        remembered(tmp_path)


def test_a_damaged_row_is_an_export_error(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.record(done())
    state.close()
    with sqlite3.connect(tmp_path / STATE_NAME) as db:
        db.execute("UPDATE jobs SET outputs = 'nato/nato.en.json'")
    db.close()
    with pytest.raises(ExportError, match="batch state file"):
        remembered(tmp_path)


def test_a_full_disk_while_recording_is_an_export_error_and_the_rows_before_stay(tmp_path: Path) -> None:
    """SQLite's own full-disk error (its page limit reached, as a full disk reaches it)."""
    state = State(tmp_path)
    state.record(Done("vana", "en", "a", "b", "c", ("vana/en.alignment.json",), {"article": "vana"}))
    pages = state.db.execute("PRAGMA page_count").fetchone()[0]
    state.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(ExportError, match="cannot write the batch state file: database or disk is full"):
        state.record(Done("uus", "en", "a", "b", "c", (), {"text": "x" * 100_000}))
    assert list(state.all()) == [("vana", "en")]
    state.close()
