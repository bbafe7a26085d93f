"""The Ray engine against the local one, on a real local Ray instance (2 CPUs) with the
bundled model: the same bytes, the same state, a failure kept to its article, a worker
killed mid-run, and the error without the extra.

Each run is the installed command in its own process, as a user runs it; each engine
has its own embedding cache, so both embed every sentence."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligner.batch import STATE_NAME
from aligner.cli import ExitCode
from tests.batch.test_run import files

pytestmark = pytest.mark.slow

TOPICS = [
    ("Linnavalitsus kinnitas {n}. aasta eelarve.", "The city government approved the budget for {n}."),
    ("Uus trammiliin avatakse {n} päeva pärast.", "The new tram line opens in {n} days."),
    ("Koolis õpib sel aastal {n} õpilast.", "This year {n} pupils study at the school."),
    ("Meeskond võitis mängu {n} punktiga.", "The team won the match by {n} points."),
    ("Haiglasse toodi eile {n} patsienti.", "Yesterday {n} patients were brought to the hospital."),
    ("Raamatukogu sai kingituseks {n} raamatut.", "The library was given {n} books."),
]


def make_archive(root: Path, articles: int = 8, sentences: int = 24) -> Path:
    """Articles of distinct sentences (no two alike: nothing comes from a cache)."""
    for a in range(articles):
        folder = root / f"uudis-{a:02d}"
        folder.mkdir(parents=True)
        pairs = [TOPICS[(a + k) % len(TOPICS)] for k in range(sentences)]
        numbers = [1000 * a + 7 * k + 3 for k in range(sentences)]
        source = " ".join(et.format(n=n) for (et, _), n in zip(pairs, numbers, strict=True))
        translation = " ".join(en.format(n=n) for (_, en), n in zip(pairs, numbers, strict=True))
        (folder / "source.et.txt").write_text(source + "\n", encoding="utf-8")
        (folder / "translation.en.txt").write_text(translation + "\n", encoding="utf-8")
    return root


def batch(archive: Path, out: Path, cache: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ALIGNER_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "aligner", "batch", str(archive), "-o", str(out), "-q", "--json", *extra]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def state(out: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(out / STATE_NAME) as db:
        return sorted(db.execute("SELECT * FROM jobs").fetchall())


RAY = ("--engine", "ray", "--jobs", "2", "--export", "tmx,xliff")


def test_the_ray_engine_writes_the_local_engines_bytes_and_state(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in", articles=6, sentences=8)
    (archive / "uudis-03" / "translation.en.txt").write_bytes(b"broken \x00 text\n")  # fails alone
    code, _, stderr = finish(
        batch(archive, tmp_path / "local", tmp_path / "c1", "--jobs", "1", "--export", "tmx,xliff")
    )
    assert code == ExitCode.INPUT, stderr
    for out, extra in (("ray", ()), ("streamed", ("--no-cache",))):  # the pipeline's two shapes
        code, _, stderr = finish(batch(archive, tmp_path / out, tmp_path / "c2", *RAY, *extra))
        assert code == ExitCode.INPUT, stderr
        assert stderr.count("error: uudis-03/en: ") == 1 and "NUL" in stderr, stderr
        assert "Traceback" not in stderr and "core_worker" not in stderr, stderr
    local, ray = files(tmp_path / "local"), files(tmp_path / "ray")
    assert local == ray == files(tmp_path / "streamed")
    assert len([p for p in ray if p.endswith(".alignment.json")]) == 5
    assert len([p for p in ray if p.endswith((".po", ".mo", ".tmx", ".xlf"))]) == 5 * 4
    assert state(tmp_path / "local") == state(tmp_path / "ray")

    # the same state file: a re-run with either engine finds nothing to do
    for extra in (RAY, ("--jobs", "1", "--export", "tmx,xliff")):
        code, stdout, stderr = finish(batch(archive, tmp_path / "ray", tmp_path / "c2", *extra))
        summary = json.loads(stdout)
        assert code == ExitCode.INPUT and not summary["aligned"] and len(summary["unchanged"]) == 5, stderr

    # an edited article is redone by the Ray engine, and only it
    (archive / "uudis-03" / "translation.en.txt").write_text("Nothing like the source.\n", encoding="utf-8")
    code, stdout, stderr = finish(batch(archive, tmp_path / "ray", tmp_path / "c2", *RAY))
    assert code == 0 and json.loads(stdout)["aligned"] == ["uudis-03/en"], stdout + stderr


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        pid = parent(pid)
    return False


def kill_once(process: subprocess.Popen[str], title: str, deadline: float) -> int:
    """SIGKILL the first process of this run (the Ray instance it started is its child)
    whose title starts with ``title`` (Ray names a worker by what it runs:
    ``ray::MapWorker(...).submit`` while an actor works on a batch); its pid, or 0 when
    the run ended first."""
    while process.poll() is None and time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if command.startswith(title) and descends_from(int(entry.name), process.pid):
                os.kill(int(entry.name), signal.SIGKILL)
                return int(entry.name)
        time.sleep(0.01)
    return 0


@pytest.mark.parametrize("cache", ["cache", "no-cache"])
def test_a_worker_killed_mid_run_is_retried_and_the_outputs_are_complete_and_identical(
    tmp_path: Path, cache: str
) -> None:
    """Both shapes of the pipeline: on one machine with the cache, the sentences embedded
    first and the jobs aligned from the cache; without it (as across machines), the jobs
    streamed through read, embed and align."""
    archive = make_archive(tmp_path / "in")
    code, _, stderr = finish(batch(archive, tmp_path / "local", tmp_path / "c1", "--jobs", "1"))
    assert code == 0, stderr
    extra = () if cache == "cache" else ("--no-cache",)
    run = batch(archive, tmp_path / "ray", tmp_path / "c2", "--engine", "ray", "--jobs", "2", *extra)
    deadline = time.monotonic() + 240
    embedding = kill_once(run, "ray::MapWorker(MapBatches(_Embed)).submit", deadline)
    aligning = kill_once(run, "ray::FlatMap(_align", deadline)
    code, _, stderr = finish(run)
    assert embedding and aligning, "the run ended before both workers could be killed"
    assert code == 0, stderr
    assert files(tmp_path / "ray") == files(tmp_path / "local")
    assert state(tmp_path / "ray") == state(tmp_path / "local")
    assert not list((tmp_path / "ray").rglob("*.tmp"))


def test_without_ray_the_engine_is_a_one_line_error_naming_the_extra(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in", articles=1, sentences=2)
    hide_ray = (
        "import sys; sys.modules['ray'] = None; from aligner.cli import run; "
        f"sys.argv = ['aligner', 'batch', {str(archive)!r}, '-o', {str(tmp_path / 'out')!r}, '--engine', 'ray']; run()"
    )
    done = subprocess.run([sys.executable, "-c", hide_ray], capture_output=True, text=True, timeout=60)
    assert done.returncode == ExitCode.BACKEND, done.stderr
    assert done.stderr.strip().splitlines() == [
        'error: --engine ray needs Ray, which is not installed: pip install "aligner[ray]"'
    ]
    assert not (tmp_path / "out").exists()
