"""Align a whole site: every article with each of its translations, incrementally, in parallel.

:func:`run_batch` takes the jobs (:mod:`aligner.batch.jobs` finds them in a folder of
articles or a manifest) and an output folder, and for each job writes what
``aligner align -o`` writes (``<out>/<article>/<lang>.alignment.json``, keeping the
review decisions already there), the review page beside it (``<lang>.review.html``),
the gettext bundles (``<locale dir>/<lang>/LC_MESSAGES/<article>.po`` and ``.mo``, merged
as ``export`` merges) and any other bundle asked for (``<lang>.tmx``, ``.xlf``,
``.xliff12.xlf``); then ``<out>/index.html`` lists them all.

A state file in the output folder (:mod:`aligner.batch.state`) remembers each job's
input hashes and settings: a job whose inputs, settings and outputs are unchanged is not
redone, and when no job needs the model, the model is never loaded. Jobs run in worker
processes (each loads the model once); one job's bad input fails that job only.

A run, module by module: :mod:`aligner.batch.plan` says which jobs are to do; an engine
from :mod:`aligner.batch.engines` (:mod:`~aligner.batch.local`'s process pool, or
:mod:`~aligner.batch.ray_engine`) does them, each with :func:`aligner.batch.work.run_job`;
this module records each outcome in the state, prunes what left the input, and writes
the index (:mod:`aligner.batch.index`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.batch.engines import ENGINES, Engine, EngineOptions, Progress, make_engine
from aligner.batch.jobs import Job, Problem, find_jobs, read_manifest
from aligner.batch.plan import Outputs, Todo, Unchanged, plan_jobs, plan_outputs
from aligner.batch.state import STATE_NAME, Done, State
from aligner.batch.work import EMBED_CHUNK, Outcome, refreshed, sweep, write_if_changed
from aligner.errors import AlignerWarning, ExportError

if TYPE_CHECKING:
    from aligner.embed import Embedder
    from aligner.settings import Settings

__all__ = [
    "EMBED_CHUNK",
    "ENGINES",
    "STATE_NAME",
    "BatchResult",
    "Engine",
    "Job",
    "Outputs",
    "Problem",
    "Progress",
    "Todo",
    "find_jobs",
    "jobs_of",
    "plan_outputs",
    "read_manifest",
    "run_batch",
]


@dataclass
class BatchResult:
    """What a run did, job by job (job names are ``<article>/<lang>``)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    """The index's rows: every job with outputs, redone or not, sorted by article and language."""
    aligned: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(job, its one-line error)."""
    problems: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Jobs of an earlier run that are no longer in the input (their outputs pruned or kept)."""
    pruned: bool = False
    index: Path | None = None
    model_loaded: bool = False

    @property
    def open_errors(self) -> int:
        """Error flags not accepted, over every job: what ``--check`` gates on."""
        return sum(int(row["open_errors"]) for row in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "aligned": self.aligned,
            "unchanged": self.unchanged,
            "failures": [{"job": job, "error": error} for job, error in self.failures],
            "problems": [{"where": p.where, "problem": p.message} for p in self.problems],
            "removed": self.removed,
            "pruned": self.pruned,
            "open_errors": self.open_errors,
            "index": str(self.index) if self.index else None,
            "jobs": self.rows,
        }


def run_batch(
    jobs: Sequence[Job],
    out: str | Path,
    settings: Settings | None = None,
    *,
    locale_dir: str | Path | None = None,
    exports: Sequence[str] = (),
    workers: int = 1,
    prune: bool = False,
    problems: Sequence[Problem] = (),
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    engine: str = "local",
    ray_address: str | None = None,
) -> BatchResult:
    """Do every job that changed since the last run into ``out``; see the module's description.

    ``settings`` apply to every job (their languages are each job's own); ``locale_dir``
    defaults to ``<out>/locales``; ``workers`` processes align at once (1: in this
    process). ``embedder`` replaces the settings' model in this process (``workers`` 1).

    ``engine`` ``ray`` does the jobs as a Ray Data pipeline (:mod:`aligner.batch.ray_engine`)
    on the cluster at ``ray_address``, or on a Ray instance of ``workers`` CPUs started for
    the run; the outputs and the state are the local engine's, byte for byte.

    Raises ExportError when the output folder cannot be used, BackendUnavailableError when
    the engine cannot run; a job's own failure is in the result, not raised.
    """
    from aligner.settings import Settings  # it imports the aligner (numpy): not when aligner.batch is imported

    runner = make_engine(engine, EngineOptions(workers, embedder, ray_address))  # before any work
    settings = settings or Settings()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder: {exc.strerror or exc}", str(out)) from exc
    locale = Path(locale_dir) if locale_dir is not None else out / "locales"
    result = BatchResult(problems=list(problems))
    state = State(out)
    try:
        remembered = state.all()
        plan = plan_jobs(jobs, out, locale, exports, settings, remembered)
        result.failures += plan.unreadable
        tally = _Tally(result, state, out, len(jobs), progress)
        for unchanged in plan.unchanged:
            tally.unchanged(unchanged)
        sweep(plan.todo)  # what a run killed mid-write left
        if plan.todo:
            result.model_loaded = True
            runner.run(plan.todo, settings, out, tally, progress)
            sweep(plan.todo)
        _removed(result, state, remembered, {(job.article, job.tgt_lang) for job in jobs}, (out, locale), prune)
        _write_index(result, out)
    finally:
        state.close()
    return result


@dataclass
class _Tally:
    """A run's jobs as they end, in this process: their rows and names go into the result,
    the state is committed (after the job's files), and ``progress`` counts them."""

    result: BatchResult
    state: State
    out: Path
    total: int
    progress: Progress | None
    finished: int = 0

    def unchanged(self, kept: Unchanged) -> None:
        """A job not redone: its row, made again if a person has reviewed it since."""
        self.result.unchanged.append(kept.job.name)
        done = refreshed(kept.done, kept.outputs, self.out)
        if done is None:
            done = kept.done
        else:
            self.state.record(done)
        self.result.rows.append(done.summary)
        self._count()

    def __call__(self, outcome: Outcome) -> None:
        """A job done, or failed."""
        if outcome.error:
            self.result.failures.append((outcome.job.name, outcome.error))
        else:
            self.state.record(outcome.done)
            self.result.aligned.append(outcome.job.name)
            self.result.rows.append(outcome.done.summary)
        self._count()

    def _count(self) -> None:
        self.finished += 1
        if self.progress:
            self.progress("align", self.finished, self.total)


def _removed(
    result: BatchResult,
    state: State,
    remembered: Mapping[tuple[str, str], Done],
    current: set[tuple[str, str]],
    folders: tuple[Path, Path],
    prune: bool,
) -> None:
    """The jobs of an earlier run no longer in the input, listed, and with ``prune``
    their outputs removed and the state forgetting them. An article whose folder is still
    there but cannot be read as a job now (a problem names it: a second source, a misnamed
    translation) keeps its outputs and is not listed."""
    kept = {problem.article for problem in result.problems if problem.article}
    for key, done in sorted(remembered.items()):
        if key in current or key[0] in kept:
            continue
        result.removed.append(f"{key[0]}/{key[1]}")
        if prune:
            _remove(done, folders)
            state.forget(*key)
    result.pruned = prune


def _remove(done: Done, folders: tuple[Path, Path]) -> None:
    """Delete the files the state says a job wrote, each only when it is, once resolved,
    inside the output folder or the locale folder (never one of them): a state file that
    lists other paths (absolute, ``../``, a link out) is not obeyed. The article's folder
    goes when it is empty and directly under the output folder."""
    out, locale = (folder.resolve() for folder in folders)
    for name in done.outputs:
        path = Path(name) if os.path.isabs(name) else folders[0] / name
        target = path.resolve()
        inside = any(target.is_relative_to(root) and target != root for root in (out, locale))
        if not inside or path.is_symlink():
            warnings.warn(f"{path}: not removed: outside the output and locale folders", AlignerWarning, stacklevel=2)
            continue
        if target.is_file():
            target.unlink(missing_ok=True)
    folder = (folders[0] / done.article).resolve()
    if folder.parent == out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _write_index(result: BatchResult, out: Path) -> None:
    """The result's rows and failures in order, and the index page that lists them."""
    from aligner.batch.index import render_index  # it imports the review page's renderer

    result.rows.sort(key=lambda row: (row["article"], row["lang"]))
    result.failures.sort()
    result.index = out / "index.html"
    skipped = [(problem.where, problem.message) for problem in result.problems]
    write_if_changed(result.index, render_index(result.rows, result.failures, skipped))


def jobs_of(source: str | Path) -> tuple[list[Job], list[Problem]]:
    """The jobs of a folder of articles or of a manifest (.csv, .jsonl)."""
    path = Path(source)
    return find_jobs(path) if path.is_dir() else read_manifest(path)
