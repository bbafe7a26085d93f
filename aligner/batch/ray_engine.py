"""The Ray engine of a batch run: the local engine's jobs as a Ray Data pipeline, on a
Ray cluster or on a Ray instance started for the run.

The jobs go in parcels of a few articles (the jobs of one source always together). The
pipeline has three stages, streaming into each other:

1. **read** (tasks): a parcel's files read and split into sentences, as the pipeline
   reads and splits them; its distinct sentence texts go on.
2. **embed** (a pool of actors, the model loaded once per actor): a parcel's texts,
   each once, through the actor's embedding cache; the vectors go on beside the jobs.
3. **align** (tasks): the local engine's own job function on each job of the parcel,
   given the vectors of stage 2 instead of a model: align, check, write the alignment,
   the review page and the bundles. The outcomes go back to the driver.

On one machine with the cache, it is the local engine's order instead: the read tasks'
distinct sentences, all parcels together, are embedded first by the actors into the
machine's cache, and the align tasks then take their vectors from it. A sentence that
two parcels share (an article in two formats, a boilerplate paragraph) is then
embedded once, not once per actor that meets it at the same time. Across machines each
has its own cache, so there the parcels stream as above.

The driver (this process) keeps the state file, as the local engine does: a job is
recorded once its outcome is back, that is after its files are written. The inputs and
the output folder must therefore be at the same paths on every node (a shared
filesystem).

A job that fails on its input fails alone: its outcome carries the local engine's
error. A worker lost on the way (a killed process, a lost node) is Ray's to retry:
tasks are retried and actors restarted, and since a job's files are written atomically
and the same input gives the same bytes, a retried job writes what the first attempt
would have (the temporary file of a write cut short is removed at the end of the run).
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from aligner._version import __version__
from aligner.batch.engines import EngineOptions, Progress
from aligner.batch.plan import Todo
from aligner.batch.ray_logs import quiet_ray
from aligner.batch.work import EMBED_CHUNK, Collect, embed_into_cache, embedder_for, run_job, sentences_of
from aligner.embed import Embedder, latent_terms_of
from aligner.embed.fixed import LazyModel, Vectors
from aligner.errors import AlignerWarning, BackendUnavailableError, UsageError

if TYPE_CHECKING:
    from aligner.settings import Settings

EMBED_CPUS = 0.75
READ_CPUS = ALIGN_CPUS = 0.125
"""Ray's share of a CPU for each stage. An embedding actor keeps a core busy, but if the
actors took whole CPUs, the read and align tasks would find none left: reading would
stop, and the actors with it. Aligning and reading take a few percent of the work, so
the actors take three quarters of a CPU and the tasks an eighth: on a 2-CPU instance,
two actors and up to four tasks beside them. (Ray counts these shares to place the
work; it does not cap a process's use of the core.)"""

LOCAL_CONFIG = {"num_workers_soft_limit": 16, "idle_worker_killing_time_threshold_ms": 30_000}
"""A local instance keeps its idle workers: by default it keeps as many as it has CPUs,
which Ray Data's own actors and the embedding actors already are, so nearly every read
and align task started a new Python process (a second and a half of CPU each): 13
processes instead of 8, and 38 s instead of 33 s, on 40 articles and 2 CPUs."""

PARCEL_BYTES = 32_000
"""Input an embedding actor takes at once: four news articles and their translations,
some 400 sentences. Smaller parcels share fewer sentences (a source with two
translations, an article in two formats); larger ones leave an actor alone with the
last one."""

EXTRA = 'pip install "aligner[ray]"'


def require_ray() -> None:
    """A BackendUnavailableError naming the extra when Ray is not installed (without
    importing it: that takes a second)."""
    from importlib.util import find_spec

    if find_spec("ray") is None:
        raise BackendUnavailableError(f"--engine ray needs Ray, which is not installed: {EXTRA}")


def import_ray() -> Any:
    """Ray, or a BackendUnavailableError naming the extra to install."""
    require_ray()
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise BackendUnavailableError(f"--engine ray needs Ray: {EXTRA} ({exc})") from None
    return ray


class RayEngine:
    """The jobs as a Ray Data pipeline (see the module's description), on the cluster at
    the options' address, or on a Ray instance of ``workers`` CPUs started for the run;
    the outputs and the state are the local engine's, byte for byte."""

    def __init__(self, options: EngineOptions) -> None:
        if options.embedder is not None:
            raise UsageError("the Ray engine's workers load the model themselves: pass no embedder")
        require_ray()  # before any work: a missing extra is said at once, even with nothing to do
        self.cpus = options.workers or None
        self.address = options.address

    def run(
        self, todo: Sequence[Todo], settings: Settings, out: Path, collect: Collect, progress: Progress | None
    ) -> None:
        run_on_ray(todo, settings, out, collect, cpus=self.cpus, address=self.address, progress=progress)


def run_on_ray(
    todo: Sequence[Todo],
    settings: Settings,
    out: Path,
    collect: Collect,
    *,
    cpus: int | None = None,
    address: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Do the jobs on Ray, handing each outcome to ``collect`` as it comes.

    ``address``: a running cluster's (``auto``: the one this machine belongs to); without
    it, a Ray instance is started on this machine with ``cpus`` CPUs (default: all) and
    ended after. ``cpus`` also caps the embedding actors on a cluster. When Ray is already
    initialised in this process, its instance is used as it is.
    """
    ray = import_ray()
    with quiet_ray():
        started = False
        if not ray.is_initialized():
            options: dict[str, Any] = {
                "logging_level": logging.ERROR,
                "log_to_driver": False,  # the jobs' warnings come back with their outcomes
                "include_dashboard": False,
                "configure_logging": True,
            }
            try:
                if address:
                    _check_reachable(address)
                    ray.init(address=address, **options)
                else:
                    # "local": a new instance, even when a cluster started with `ray start` runs
                    # here (which ray.init() would join, and then refuse the CPU count)
                    ray.init(address="local", num_cpus=cpus, _system_config=LOCAL_CONFIG, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at {address}" if address else "a local Ray instance"
                raise BackendUnavailableError(f"cannot start or reach {where}: {_first_line(exc)}") from None
            started = True
        try:
            _pipeline(ray, todo, settings, out, collect, cpus, progress)
        except ray.exceptions.RayError as exc:
            raise BackendUnavailableError(f"the Ray run failed: {_first_line(exc)}") from None
        finally:
            if started:
                ray.shutdown()


def _check_reachable(address: str) -> None:
    """A ConnectionError at once when nothing listens at a ``host:port`` address (Ray
    itself retries for minutes); ``auto`` and ``ray://`` addresses are Ray's to check."""
    import socket

    host, colon, port = address.rpartition(":")
    if address == "auto" or "://" in address or not colon or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers at {address} ({exc.strerror or exc})") from None


def _first_line(exc: BaseException) -> str:
    """What went wrong, in a line: a failed task's own exception rather than Ray's
    wrapping of it (whose first line names the worker)."""
    cause = getattr(exc, "cause", None)
    if isinstance(cause, BaseException) and cause is not exc:
        return _first_line(cause)
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _pipeline(
    ray: Any,
    todo: Sequence[Todo],
    settings: Settings,
    out: Path,
    collect: Collect,
    cpus: int | None,
    progress: Progress | None,
) -> None:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI shows its own
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)  # a failure is raised, and said in one line
    parcels = _parcels(todo)
    available = max(1, int(ray.cluster_resources().get("CPU", 1)))
    actors = max(1, min(cpus or available, available, len(parcels)))
    nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
    rows = [{"jobs": pickle.dumps(p)} for p in parcels]
    if settings.cache and nodes == 1:
        identity = _embed_first(ray, rows, settings, actors, progress)
        jobs = ray.data.from_items(rows, override_num_blocks=len(rows)).flat_map(
            _align_from_cache, fn_args=(settings, out, identity), num_cpus=1
        )
    else:
        jobs = (
            ray.data.from_items(rows, override_num_blocks=len(rows))
            .map(_read, fn_args=(settings,), num_cpus=READ_CPUS)
            .map_batches(_Embed, **_actor_pool(ray, settings, actors))
            .flat_map(_align, fn_args=(settings, out), num_cpus=ALIGN_CPUS)
        )
    for row in jobs.iter_rows():
        outcome, caught = pickle.loads(row["outcome"])  # noqa: S301 - our own stage's bytes
        for message in caught:
            warnings.warn(message, AlignerWarning, stacklevel=1)
        collect(outcome)


def _actor_pool(ray: Any, settings: Settings, actors: int) -> dict[str, Any]:
    return {
        "fn_constructor_args": (settings, __version__),
        "batch_size": 1,
        "batch_format": "numpy",
        "compute": ray.data.ActorPoolStrategy(size=actors),
        "num_cpus": EMBED_CPUS,
    }


def _embed_first(
    ray: Any, rows: list[dict[str, bytes]], settings: Settings, actors: int, progress: Progress | None
) -> tuple[str, int, int, str]:
    """On one machine with the cache: every distinct sentence of the jobs embedded once,
    in chunks spread over the actors, into the machine's cache, where the align tasks then
    find them; the model's identity. Streaming parcels through the actors instead embeds
    a sentence that two parcels share (an article in two formats, a boilerplate
    paragraph) twice when two actors take them at once: a third more work on the
    benchmark's archive, and the align tasks' workers cost more again. This is the local
    engine's first phase. Across machines each has its own cache, so there the parcels
    stream through the actors, and only a parcel's own sentences are shared."""
    texts: dict[str, None] = {}
    reading = ray.data.from_items(rows, override_num_blocks=len(rows))
    # No actor runs yet: a CPU a task, not an eighth (which starts a process for each of 16)
    for row in reading.map(_read, fn_args=(settings,), num_cpus=1).iter_rows():
        texts.update(dict.fromkeys(pickle.loads(row["texts"])))  # noqa: S301 - stage 1's bytes
    ordered = list(texts)
    chunks = [ordered[k : k + EMBED_CHUNK] for k in range(0, len(ordered), EMBED_CHUNK)]
    done = 0
    if progress:
        progress("embed", 0, len(ordered))
    work = [{"texts": pickle.dumps(chunk)} for chunk in chunks]
    embedding = ray.data.from_items(work, override_num_blocks=len(work)).map_batches(
        _Embed, **_actor_pool(ray, settings, actors)
    )
    identity = ("", 1, 1, "")  # kept only when there is no sentence at all: every job then fails on its own
    for row in embedding.iter_rows():
        done += int(row["count"])
        identity = pickle.loads(row["model"])  # noqa: S301 - stage 2's bytes
        if progress:
            progress("embed", done, len(ordered))
    return identity


def _parcels(todo: Sequence[Todo], size: int = PARCEL_BYTES) -> list[list[Todo]]:
    """The jobs in parcels of about ``size`` bytes of input, in order, the jobs of one
    source always in one parcel (their source's sentences are then embedded once)."""
    parcels: list[list[Todo]] = []
    current: list[Todo] = []
    filled = 0
    for item in todo:
        job = item.job
        if current and filled >= size and job.source != current[-1].job.source:
            parcels.append(current)
            current, filled = [], 0
        if not current or job.source != current[-1].job.source:
            filled += _size(job.source)
        filled += _size(job.translation)
        current.append(item)
    if current:
        parcels.append(current)
    return parcels


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _read(row: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Stage 1: the parcel's distinct sentences (none of a file that cannot be read: its
    job then fails in stage 3, with the local engine's error)."""
    parcel = pickle.loads(row["jobs"])  # noqa: S301 - our own driver's bytes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlignerWarning)  # stage 3 reads again, and warns
        texts = sentences_of(parcel, settings)
    return {"jobs": row["jobs"], "texts": pickle.dumps(texts)}


class _Embed:
    """Stage 2: an actor with the model, loaded once (the process's model, as a local
    worker's)."""

    def __init__(self, settings: Settings, version: str) -> None:
        if version != __version__:  # the driver's
            raise BackendUnavailableError(
                f"a Ray worker has aligner {__version__}, this machine {version}: install one version everywhere"
            )
        self.settings = settings
        self.embedder = embedder_for(settings)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        """The first phase's chunks (rows of ``texts`` only): embedded into the cache, as a
        local worker embeds them, and counted. Parcels: each one's vectors, with what the
        model reads of each text, go on to stage 3 beside its jobs."""
        from aligner.pipeline import embed_sentences

        chunks = [pickle.loads(blob) for blob in batch["texts"]]  # noqa: S301 - stage 1's or the driver's bytes
        terms = latent_terms_of(self.embedder)
        terms_id = terms.terms_id if terms is not None else ""
        identity = (self.embedder.model_id, self.embedder.dim, self.embedder.max_tokens, terms_id)
        if "jobs" not in batch:
            counts = [embed_into_cache((texts, self.settings)) for texts in chunks]
            return {"count": counts, "model": [pickle.dumps(identity)] * len(counts)}
        made = []
        for texts in chunks:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", AlignerWarning)  # stage 3 warns, for its job
                vectors = embed_sentences(self.embedder, texts) if texts else np.zeros((0, self.embedder.dim))
            vectors_of = {t: (self.embedder.clip(t), v) for t, v in zip(texts, vectors, strict=True)}
            made.append(pickle.dumps((identity, vectors_of), protocol=pickle.HIGHEST_PROTOCOL))
        return {"jobs": list(batch["jobs"]), "vectors": made}


def _align(row: dict[str, Any], settings: Settings, out: Path) -> list[dict[str, Any]]:
    """Stage 3: the parcel's jobs, with stage 2's vectors."""
    parcel = pickle.loads(row["jobs"])  # noqa: S301 - our own driver's bytes
    (model_id, dim, max_tokens, terms_id), made = pickle.loads(row["vectors"])  # noqa: S301 - stage 2's bytes
    embedder = Vectors(
        model_id,
        dim,
        max_tokens,
        clipped={t: c for t, (c, _) in made.items()},
        vectors={c: v for _, (c, v) in made.items()},
        model=partial(embedder_for, settings),
        terms_id=terms_id,
    )
    return _outcomes(parcel, settings, out, embedder)


def _outcomes(parcel: list[Todo], settings: Settings, out: Path, embedder: Embedder) -> list[dict[str, Any]]:
    """The local engine's job function on each job of a parcel; each job's warnings are
    caught and go back with its outcome."""
    outcomes = []
    for item in parcel:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AlignerWarning)
            outcome = run_job(item, settings, out, embedder)
        messages = [str(w.message) for w in caught if issubclass(w.category, AlignerWarning)]
        outcomes.append({"outcome": pickle.dumps((outcome, messages))})
    return outcomes


def _align_from_cache(
    row: dict[str, Any], settings: Settings, out: Path, identity: tuple[str, int, int, str]
) -> list[dict[str, Any]]:
    """Phase 2 on one machine: the parcel's jobs, their vectors from the cache that the
    first phase filled (the model is loaded only for a text it lacks)."""
    from aligner.embed.cache import CachedEmbedder

    embedder = CachedEmbedder(LazyModel(settings.model, *identity))
    try:
        return _outcomes(pickle.loads(row["jobs"]), settings, out, embedder)  # noqa: S301 - the driver's bytes
    finally:
        embedder.close()


__all__ = ["EXTRA", "RayEngine", "import_ray", "require_ray", "run_on_ray"]
