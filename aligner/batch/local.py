"""The local engine of a batch run: the jobs in this process, or in a pool of worker
processes on this machine, each with its own model."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.batch.engines import EngineOptions, Progress
from aligner.batch.plan import Todo
from aligner.batch.work import EMBED_CHUNK, Collect, embed_into_cache, run_job, sentences_of, start_worker

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from aligner.settings import Settings


class LocalEngine:
    """Do the jobs in this process, or in ``workers`` processes. A caller's ``embedder``
    keeps the work in this process.

    With workers and the cache, the distinct sentences of all the jobs are embedded
    first, in shared batches spread over the workers: two jobs that share sentences (the
    source of an article's English and Russian translations) would otherwise embed them
    twice at once, and every worker's model is kept busy however the articles' sizes
    differ."""

    def __init__(self, options: EngineOptions) -> None:
        self.workers = options.workers
        self.embedder = options.embedder

    def run(
        self, todo: Sequence[Todo], settings: Settings, out: Path, collect: Collect, progress: Progress | None
    ) -> None:
        if self.workers <= 1 or len(todo) <= 1 or self.embedder is not None:
            for item in todo:
                collect(run_job(item, settings, out, self.embedder))
            return
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # a clean process: no threads or locks copied
        workers = min(self.workers, len(todo))
        threads = max(1, (os.cpu_count() or 1) // workers)
        # A worker takes one task at a time, so a kill loses at most `workers` jobs; leaving the
        # block (done, an error, Ctrl-C) terminates the workers at once.
        with context.Pool(workers, start_worker, (settings, threads)) as pool:
            if settings.cache:
                _embed_first(pool, todo, settings, progress)
            for outcome in pool.imap_unordered(partial(run_job, settings=settings, out=out), todo):
                collect(outcome)
            pool.close()  # done: let the workers end on their own (leaving the block would terminate them)
            pool.join()


def _embed_first(pool: Pool, todo: Sequence[Todo], settings: Settings, progress: Progress | None) -> None:
    """The jobs' distinct sentences embedded into the cache, a chunk a task."""
    texts = sentences_of(todo, settings)
    chunks = [(texts[k : k + EMBED_CHUNK], settings) for k in range(0, len(texts), EMBED_CHUNK)]
    done = 0
    if progress:
        progress("embed", 0, len(texts))
    for count in pool.imap_unordered(embed_into_cache, chunks):
        done += count
        if progress:
            progress("embed", done, len(texts))
