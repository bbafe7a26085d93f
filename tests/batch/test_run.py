"""A batch run: outputs per job, the state file (skip, redo, prune), failures kept to their
job, an interrupted run resumed, and the same bytes from one worker or two."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aligner.batch.work
import aligner.pipeline
from aligner.alignfile import dumps, load
from aligner.batch import STATE_NAME, find_jobs, run_batch
from aligner.cli import ExitCode, app
from aligner.decisions import decide
from aligner.embed.cache import CachedEmbedder
from tests.conftest import FakeEmbedder

ARTICLES = {
    "linn": (
        "Linn kinnitas eelarve. Trammiliin avatakse 2027. aastal.",
        "The city approved the budget. The tram line opens in 2027.",
    ),
    "ilm": ("Homme sajab vihma. Tuul on tugev.", "It will rain tomorrow. The wind is strong."),
    "kool": ("Kool algab septembris. Õpilasi on 500.", "School starts in September. There are 500 pupils."),
    "sport": (
        "Meeskond võitis mängu. Järgmine mäng on laupäeval.",
        "The team won the match. The next match is on Saturday.",
    ),
}


def make_archive(root: Path, articles: dict[str, tuple[str, str]] = ARTICLES) -> Path:
    for name, (source, translation) in articles.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "source.et.txt").write_text(source + "\n", encoding="utf-8")
        (folder / "translation.en.txt").write_text(translation + "\n", encoding="utf-8")
    return root


def files(out: Path) -> dict[str, str]:
    """Every output's hash, the state file aside."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != STATE_NAME
    }


def test_a_run_writes_every_output_and_an_index(tmp_path: Path) -> None:
    jobs, _ = find_jobs(make_archive(tmp_path / "in"))
    result = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder(), exports=["tmx", "xliff"])
    assert sorted(result.aligned) == ["ilm/en", "kool/en", "linn/en", "sport/en"] and not result.failures
    out = tmp_path / "out"
    for name in ARTICLES:
        alignment = load(str(out / name / "en.alignment.json"))
        assert alignment.target.lang == "en" and alignment.source.path.endswith(f"{name}/source.et.txt")
        for suffix in ("review.html", "tmx", "xlf"):
            assert (out / name / f"en.{suffix}").is_file()
        for suffix in ("po", "mo"):
            assert (out / "locales" / "en" / "LC_MESSAGES" / f"{name}.{suffix}").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}/en.review.html"' in index for name in ARTICLES)
    assert [row["article"] for row in result.rows] == sorted(ARTICLES)


def test_a_re_run_with_nothing_changed_loads_no_model_and_rewrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs, _ = find_jobs(make_archive(tmp_path / "in"))
    run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*") if p.is_file()}

    def no_model(settings: object) -> None:
        raise AssertionError("a model was loaded although nothing changed")

    monkeypatch.setattr(aligner.batch.work, "embedder_for", no_model)
    again = run_batch(jobs, tmp_path / "out")
    assert again.aligned == [] and len(again.unchanged) == 4 and not again.model_loaded
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert {p: t for p, t in after.items() if p.name != STATE_NAME} == {
        p: t for p, t in stamps.items() if p.name != STATE_NAME
    }


def test_a_changed_article_is_redone_and_keeps_its_review_decisions(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in")
    (archive / "linn" / "translation.en.txt").write_text(
        "The city approved the budget. The tram line opens in 2027. Follow us on Facebook!\n", encoding="utf-8"
    )
    jobs, _ = find_jobs(archive)
    embedder = FakeEmbedder()
    cached = CachedEmbedder(embedder)  # as the model is, in a run without --no-cache
    run_batch(jobs, tmp_path / "out", embedder=cached)
    path = tmp_path / "out" / "linn" / "en.alignment.json"
    alignment = load(str(path))
    flag = next(f for f in alignment.flags if f.type == "added")
    path.write_text(dumps(decide(alignment, flag.key, "accepted", "a footer", "mari")), encoding="utf-8")
    (archive / "linn" / "source.et.txt").write_text(
        "Linn kinnitas eelarve. Trammiliin avatakse 2028. aastal.\n", encoding="utf-8"
    )
    embedder.calls.clear()
    again = run_batch(jobs, tmp_path / "out", embedder=cached)
    assert again.aligned == ["linn/en"] and len(again.unchanged) == 3
    assert embedder.calls == ["Trammiliin avatakse 2028. aastal."]  # the rest came from the cache
    kept = next(f for f in load(str(path)).flags if f.key == flag.key)
    assert kept.review is not None and kept.review.note == "a footer"


def test_a_decision_recorded_between_runs_shows_in_the_index_without_the_model(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in", {"linn": ("Linn kinnitas eelarve.", "The city approved it. Follow us!")})
    jobs, _ = find_jobs(archive)
    first = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert first.open_errors >= 1
    path = tmp_path / "out" / "linn" / "en.alignment.json"
    alignment = load(str(path))
    for flag in alignment.flags:
        alignment = decide(alignment, flag.key, "accepted", "", "mari")
    path.write_text(dumps(alignment), encoding="utf-8")
    again = run_batch(jobs, tmp_path / "out")
    assert again.open_errors == 0 and not again.model_loaded
    assert "accepted by mari" in (tmp_path / "out" / "linn" / "en.review.html").read_text(encoding="utf-8")


def test_one_bad_article_fails_alone(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in")
    (archive / "ilm" / "translation.en.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    jobs, _ = find_jobs(archive)
    result = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert result.failures == [
        ("ilm/en", f"{archive / 'ilm' / 'translation.en.txt'}: not a text file (a NUL byte at byte 8)")
    ]
    assert sorted(result.aligned) == ["kool/en", "linn/en", "sport/en"]
    assert "1 failed" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_removed_articles_are_reported_and_pruned_only_when_asked(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in")
    jobs, _ = find_jobs(archive)
    run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    shutil.rmtree(archive / "kool")
    jobs, _ = find_jobs(archive)
    kept = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert kept.removed == ["kool/en"] and (tmp_path / "out" / "kool" / "en.alignment.json").is_file()
    pruned = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder(), prune=True)
    assert pruned.removed == ["kool/en"] and not (tmp_path / "out" / "kool").exists()
    assert not (tmp_path / "out" / "locales" / "en" / "LC_MESSAGES" / "kool.po").exists()
    assert run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder()).removed == []


def test_an_interrupted_run_resumes_with_only_the_rest_and_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs, _ = find_jobs(make_archive(tmp_path / "in"))
    run_batch(jobs, tmp_path / "whole", embedder=FakeEmbedder())
    real = aligner.pipeline.align_files
    calls = []

    def stopping(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(aligner.pipeline, "align_files", stopping)
    with pytest.raises(KeyboardInterrupt):
        run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    monkeypatch.setattr(aligner.pipeline, "align_files", real)
    resumed = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert len(resumed.unchanged) == 2 and len(resumed.aligned) == 2
    assert files(tmp_path / "out") == files(tmp_path / "whole")


def test_the_cli_lists_failures_and_gates_on_open_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = make_archive(tmp_path / "in", {"linn": ("Linn kinnitas eelarve.", "The city approved it. Follow us!")})
    (archive / "broken").mkdir()
    (archive / "broken" / "source.et.txt").write_text("Tere.\n", encoding="utf-8")
    (archive / "broken" / "translation.en.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(aligner.batch.work, "embedder_for", lambda settings: FakeEmbedder())
    runner = CliRunner()
    failed = runner.invoke(app, ["batch", str(archive), "-o", str(tmp_path / "out"), "--jobs", "1", "--json"])
    assert failed.exit_code == ExitCode.INPUT, failed.output
    summary = json.loads(failed.stdout)
    assert summary["aligned"] == ["linn/en"] and summary["failures"][0]["job"] == "broken/en"
    assert "failed: broken/en: " in failed.stderr and "no text to align" in failed.stderr
    shutil.rmtree(archive / "broken")
    gate = runner.invoke(app, ["batch", str(archive), "-o", str(tmp_path / "out"), "--check", "-q"])
    assert gate.exit_code == ExitCode.UNRESOLVED, gate.output
    bad = runner.invoke(app, ["batch", str(archive), "-o", str(tmp_path / "out"), "--export", "po"])
    assert bad.exit_code == ExitCode.USAGE and "is not one of tmx, xliff, xliff12" in bad.stderr


@pytest.mark.slow
def test_one_worker_or_two_write_the_same_bytes(tmp_path: Path) -> None:
    """Real worker processes, each loading the bundled model."""
    jobs, _ = find_jobs(make_archive(tmp_path / "in"))
    one = run_batch(jobs, tmp_path / "one", workers=1)
    two = run_batch(jobs, tmp_path / "two", workers=2)
    assert not one.failures and not two.failures
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert len(files(tmp_path / "one")) == 4 * 4 + 1  # alignment, page, .po, .mo per article; the index


def test_temporary_files_a_killed_worker_left_are_removed(tmp_path: Path) -> None:
    """A worker killed while writing leaves ``.<name>.<random>.tmp`` beside the output: the
    run that redoes the job removes it; a file of the user's with another name stays."""
    jobs, _ = find_jobs(make_archive(tmp_path / "in"))
    folder = tmp_path / "out" / "ilm"
    folder.mkdir(parents=True)
    stale = folder / ".en.alignment.json.k3j9x_2a.tmp"
    stale.write_text("half a file", encoding="utf-8")
    kept = folder / "notes.tmp"
    kept.write_text("mine", encoding="utf-8")
    result = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert "ilm/en" in result.aligned
    assert not stale.exists() and kept.read_text(encoding="utf-8") == "mine"
