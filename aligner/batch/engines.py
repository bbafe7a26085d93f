"""How a batch's jobs are run: the engine protocol and the registry of engines by name.

An engine is imported only when chosen, and this module imports neither numpy nor Ray,
so that ``aligner --help`` can offer the engines' names without either.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from aligner.errors import UsageError

if TYPE_CHECKING:
    from aligner.batch.plan import Todo
    from aligner.batch.work import Collect
    from aligner.embed import Embedder
    from aligner.settings import Settings

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``: ``embed`` counts the distinct sentences of
the jobs to do, embedded together first when workers share the work; ``align`` counts
jobs, unchanged ones included."""

ENGINES: dict[str, str] = {
    "local": "aligner.batch.local:LocalEngine",
    "ray": "aligner.batch.ray_engine:RayEngine",
}
"""How jobs run, by name -> ``"module:Class"``: in this machine's processes, or on Ray
(the ``ray`` extra)."""


@dataclass(frozen=True)
class EngineOptions:
    """What a run asks of its engine; an engine refuses at once what it cannot do."""

    workers: int = 1
    """Local: worker processes (1: this process). Ray: the CPUs of the instance started
    for the run, or the most embedding actors on a cluster (0: all there are)."""
    embedder: Embedder | None = None
    """The caller's model, used in this process (the local engine only)."""
    address: str | None = None
    """The Ray cluster to run on (the Ray engine only)."""


class Engine(Protocol):
    """One way to do a run's jobs. An engine is made from the run's
    :class:`EngineOptions` before any work, so that an engine that cannot run (an extra
    missing, an option it does not take) says so at once, even with nothing to do."""

    def run(
        self, todo: Sequence[Todo], settings: Settings, out: Path, collect: Collect, progress: Progress | None
    ) -> None:
        """Do the jobs, handing each outcome to ``collect`` as it comes (the state is
        committed there, after the job's files)."""
        ...


def make_engine(name: str, options: EngineOptions) -> Engine:
    """The engine called ``name``, made for ``options``; importing only its own module."""
    if name not in ENGINES:
        raise UsageError(f"engine {name!r} is not one of {', '.join(ENGINES)}")
    module_name, _, class_name = ENGINES[name].partition(":")
    engine: Engine = getattr(importlib.import_module(module_name), class_name)(options)
    return engine
