"""What ``batch --prune`` may delete: only files the state says a job wrote, and only inside
the output and locale folders once resolved; an article whose folder is still there keeps
its reviewed work; a decision recorded while batch ran is kept (#22)."""

from __future__ import annotations

import json
import os
import sqlite3
import warnings
from pathlib import Path

import pytest

from aligner.alignfile import dumps, load
from aligner.batch import STATE_NAME, find_jobs, run_batch
from aligner.decisions import decide
from aligner.errors import AlignerWarning
from aligner.model import Decision
from tests.batch.test_run import make_archive
from tests.conftest import FakeEmbedder


def _run(archive: Path, out: Path, **kwargs: object) -> object:
    jobs, problems = find_jobs(archive)
    return run_batch(jobs, out, embedder=FakeEmbedder(), problems=problems, **kwargs)  # type: ignore[arg-type]


def test_a_folder_that_gained_a_second_source_keeps_its_reviewed_work(tmp_path: Path) -> None:
    archive, out = make_archive(tmp_path / "in"), tmp_path / "out"
    _run(archive, out)
    alignment = out / "kool" / "en.alignment.json"
    reviewed = load(str(alignment))
    reviewed = decide(reviewed, reviewed.flags[0].key, Decision.ACCEPTED, "", "mari") if reviewed.flags else reviewed
    alignment.write_text(dumps(reviewed), encoding="utf-8")
    saved = alignment.read_bytes()
    (archive / "kool" / "source.et.md").write_text("Teine allikas.\n", encoding="utf-8")  # which one is it?
    (archive / "ilm" / "translation.en.txt").rename(archive / "ilm" / "translation.en.text")  # misnamed
    result = _run(archive, out, prune=True)
    assert result.removed == []  # type: ignore[attr-defined]
    assert alignment.read_bytes() == saved and (out / "ilm" / "en.alignment.json").exists()


def _forged_state(out: Path, outputs: list[str], article: str = "gone") -> None:
    with sqlite3.connect(out / STATE_NAME) as db:
        db.execute(
            "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article, "en", "x", "y", "z", json.dumps(outputs), json.dumps({"article": article, "lang": "en"})),
        )


def test_prune_never_deletes_outside_the_output_and_locale_folders(tmp_path: Path) -> None:
    archive, out = make_archive(tmp_path / "in"), tmp_path / "out"
    _run(archive, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("not ours", encoding="utf-8")
    victim_dir = tmp_path / "victimdir"
    victim_dir.mkdir()
    (out / "link.json").symlink_to(victim)
    _forged_state(out, [str(victim), "../victim.txt", "link.json", str(out)])
    _forged_state(out, [], article="../victimdir")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _run(archive, out, prune=True)
    assert sorted(result.removed) == ["../victimdir/en", "gone/en"]  # type: ignore[attr-defined]
    assert victim.read_text(encoding="utf-8") == "not ours" and victim_dir.is_dir() and out.is_dir()
    refused = [str(w.message) for w in caught if issubclass(w.category, AlignerWarning)]
    assert len(refused) == 4 and all("not removed: outside the output and locale folders" in m for m in refused)


def test_a_relative_locale_dir_is_pruned_where_it_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative --locale-dir is relative to where the command ran, not to the output folder."""
    monkeypatch.chdir(tmp_path)
    archive, out = make_archive(tmp_path / "in"), Path("out")
    (out / "loc" / "en" / "LC_MESSAGES").mkdir(parents=True)
    bystander = out / "loc" / "en" / "LC_MESSAGES" / "kool.po"  # inside OUT, never written by this batch
    bystander.write_text("not ours", encoding="utf-8")
    _run(archive, out, locale_dir="loc")
    po = Path("loc") / "en" / "LC_MESSAGES" / "kool.po"
    assert po.exists()
    (archive / "kool" / "source.et.txt").unlink()
    (archive / "kool" / "translation.en.txt").unlink()
    (archive / "kool").rmdir()
    result = _run(archive, out, locale_dir="loc", prune=True)
    assert result.removed == ["kool/en"]  # type: ignore[attr-defined]
    assert not po.exists() and bystander.read_text(encoding="utf-8") == "not ours"
    assert not (out / "kool").exists()


def test_a_foreign_state_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    archive, out = make_archive(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    with sqlite3.connect(out / STATE_NAME) as db:
        db.execute("CREATE TABLE jobs (id INTEGER, name TEXT)")
    from aligner.errors import ExportError

    with pytest.raises(ExportError, match="is not aligner's batch state file"):
        _run(archive, out)
    assert os.listdir(out) == [STATE_NAME]


def test_an_unreadable_alignment_is_the_jobs_error_not_replaced(tmp_path: Path) -> None:
    """A hand-edited alignment may hold decisions: batch leaves it and says so."""
    archive, out = make_archive(tmp_path / "in"), tmp_path / "out"
    _run(archive, out)
    alignment = out / "kool" / "en.alignment.json"
    alignment.write_text('{"format": "aligner-alignment", "beads": [', encoding="utf-8")
    (archive / "kool" / "translation.en.txt").write_text("School starts in October.\n", encoding="utf-8")
    result = _run(archive, out)
    failures = dict(result.failures)  # type: ignore[attr-defined]
    assert "it may hold review decisions, so it is not written over" in failures["kool/en"]
    assert alignment.read_text(encoding="utf-8") == '{"format": "aligner-alignment", "beads": ['


def test_a_decision_recorded_while_batch_runs_is_kept(tmp_path: Path) -> None:
    """The race of #22 item 2 with batch's real write path: the job's model is held until a
    decision is recorded in the file it is about to write (as the review server would)."""
    import threading

    from aligner.alignfile import update

    class Held(FakeEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.entered, self.go = threading.Event(), threading.Event()

        def embed(self, texts: list[str], progress: object = None) -> object:  # type: ignore[override]
            self.entered.set()
            assert self.go.wait(30)
            return super().embed(texts, progress)  # type: ignore[arg-type]

    archive, out = (
        make_archive(tmp_path / "in", {"kool": ("Kool algab. Õpilasi on 500.", "School starts.")}),
        tmp_path / "out",
    )
    jobs, _ = find_jobs(archive)
    run_batch(jobs, out, embedder=FakeEmbedder())
    alignment = out / "kool" / "en.alignment.json"
    flag = load(str(alignment)).flags[0]
    (out / STATE_NAME).unlink()  # the job is done again, over the same texts
    held = Held()
    running = threading.Thread(target=lambda: run_batch(jobs, out, embedder=held))
    running.start()
    try:
        assert held.entered.wait(30)
        update(str(alignment), lambda a: decide(a, flag.key, Decision.ACCEPTED, "checked", "mari", "2026-12-07"))
    finally:
        held.go.set()
        running.join(60)
    review = next(f.review for f in load(str(alignment)).flags if f.key == flag.key)
    assert review is not None and review.reviewer == "mari"
