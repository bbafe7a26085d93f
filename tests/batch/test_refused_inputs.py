"""Inputs batch, pair and the review server refuse rather than hang on or write over (#22)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from aligner.batch import read_manifest, run_batch
from aligner.cli import ExitCode, app
from tests.batch.test_run import make_archive
from tests.conftest import FakeEmbedder


def _manifest(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["article,source,source_lang,translation,translation_lang"]
    lines += [f"{article},{source},et,{translation},en" for article, source, translation in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_pipe_named_in_a_manifest_is_refused_not_waited_on(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in")
    os.mkfifo(tmp_path / "pipe.txt")
    manifest = _manifest(tmp_path / "m.csv", [("ilm", "in/ilm/source.et.txt", "pipe.txt")])
    jobs, _ = read_manifest(manifest)
    result = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())  # would block on the pipe
    assert [(name, "pipe" in why) for name, why in result.failures] == [("ilm/en", True)]
    assert archive.is_dir()


def test_a_file_the_batch_writes_is_no_input(tmp_path: Path) -> None:
    make_archive(tmp_path / "in")
    out = tmp_path / "out"
    first = _manifest(tmp_path / "m.csv", [("ilm", "in/ilm/source.et.txt", "in/ilm/translation.en.txt")])
    jobs, _ = read_manifest(first)
    run_batch(jobs, out, embedder=FakeEmbedder())
    page = out / "ilm" / "en.review.html"
    saved = page.read_bytes()
    second = _manifest(
        tmp_path / "m2.csv",
        [("ilm", "in/ilm/source.et.txt", "in/ilm/translation.en.txt"), ("x", "in/ilm/source.et.txt", str(page))],
    )
    jobs, _ = read_manifest(second)
    result = run_batch(jobs, out, embedder=FakeEmbedder())
    assert [(name, "folder batch writes its outputs to" in why) for name, why in result.failures] == [("x/en", True)]
    assert page.read_bytes() == saved


def test_pair_never_writes_its_manifest_over_an_article(tmp_path: Path) -> None:
    (tmp_path / "et").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "et" / "tram.txt").write_text("Trammiliin avatakse.\n", encoding="utf-8")
    (tmp_path / "en" / "tram.txt").write_text("The tram line opens.\n", encoding="utf-8")
    target = tmp_path / "et" / "tram.txt"
    result = CliRunner().invoke(app, ["pair", str(tmp_path / "et"), str(tmp_path / "en"), "-o", str(target)])
    assert result.exit_code == ExitCode.USAGE and "would overwrite it" in result.output
    assert target.read_text(encoding="utf-8") == "Trammiliin avatakse.\n"


def test_the_review_server_refuses_a_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.json")
    done = subprocess.run(
        [sys.executable, "-m", "aligner", "review", str(tmp_path / "a.json"), "--serve"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == ExitCode.INPUT and "is not a regular file" in done.stderr


def test_a_name_that_is_no_utf8_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    """Batch writes names into JSON, pages and the state; pair into its manifest."""
    archive = make_archive(tmp_path / "in")
    odd = os.fsencode(archive) + b"/caf\xe9"
    os.makedirs(odd)
    for name in (b"source.et.txt", b"translation.en.txt"):
        with open(odd + b"/" + name, "w", encoding="utf-8") as handle:
            handle.write("Tere.\n")
    with open(os.fsencode(archive) + b"/ilm/translation.\xe9n.txt", "w", encoding="utf-8") as handle:
        handle.write("Hello.\n")
    result = CliRunner().invoke(app, ["batch", str(archive), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "caf\\xe9: its name is not UTF-8 text" in result.output
    (tmp_path / "et").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "et" / "a.txt").write_text("Tere.\n", encoding="utf-8")
    with open(os.fsencode(tmp_path / "en") + b"/caf\xe9.txt", "w", encoding="utf-8") as handle:
        handle.write("Hello.\n")
    paired = CliRunner().invoke(
        app, ["pair", str(tmp_path / "et"), str(tmp_path / "en"), "-o", str(tmp_path / "p.csv")]
    )
    assert paired.exit_code == 0 and "caf\\xe9.txt: its name is not UTF-8 text" in paired.output


def test_manifest_rows_that_cannot_name_an_article_are_skipped_and_the_rest_runs(tmp_path: Path) -> None:
    """A 300-character id aborted the run ('<stdout>: cannot write'); 'index.html' ended it
    with exit 4; en and EN were two jobs writing one set of files; U+2028 in a quoted field
    split the row."""
    make_archive(tmp_path / "in")
    rows = [
        ("x" * 300, "in/ilm/source.et.txt", "in/ilm/translation.en.txt"),
        ("index.html", "in/ilm/source.et.txt", "in/ilm/translation.en.txt"),
        ('"na\u2028to"', "in/ilm/source.et.txt", "in/ilm/translation.en.txt"),
        ("ilm", "in/ilm/source.et.txt", "in/ilm/translation.en.txt"),
    ]
    manifest = _manifest(tmp_path / "m.csv", rows)
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "ilm,in/ilm/source.et.txt,et,in/ilm/translation.en.txt,EN\n",
        encoding="utf-8",
    )
    jobs, problems = read_manifest(manifest)
    assert [job.name for job in jobs] == ["ilm/en"]
    said = [p.message for p in problems]
    assert len(said) == 4
    assert "too long" in said[0] and "name of a file batch writes" in said[1]
    assert "line break" in said[2] and "listed already" in said[3]
    result = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder(), problems=problems)
    assert result.aligned == ["ilm/en"] and (tmp_path / "out" / "index.html").is_file()


def test_the_manifest_pair_writes_is_read_by_batch_wherever_it_is(tmp_path: Path) -> None:
    """Its paths are relative to its own folder, as batch reads them; ids never collide."""
    from aligner.pairing import Pair, Pairing

    make_archive(tmp_path / "in")
    (tmp_path / "m").mkdir()
    result = Pairing()
    for name in ("x.txt", "x.md", "x-2.txt"):
        (tmp_path / "in" / name).write_text("Tere.\n", encoding="utf-8")
    result.pairs = [Pair(f"in/{name}", "in/ilm/translation.en.txt", 0.9) for name in ("x.txt", "x.md", "x-2.txt")]
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        (tmp_path / "m" / "pairs.csv").write_text(result.manifest("et", "en", "m"), encoding="utf-8")
    finally:
        os.chdir(previous)
    jobs, problems = read_manifest(tmp_path / "m" / "pairs.csv")
    assert not problems and sorted(job.article for job in jobs) == ["x", "x-2", "x-3"]
    assert all(Path(job.source).is_file() for job in jobs)


def test_a_folder_named_as_an_input_is_called_a_folder(tmp_path: Path) -> None:
    make_archive(tmp_path / "in")
    jobs, _ = read_manifest(_manifest(tmp_path / "m.csv", [("ilm", "in/ilm/source.et.txt", "in/ilm")]))
    result = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert [why.endswith("is a folder, not a file") for _, why in result.failures] == [True]
