"""The engines of a batch run: the registry by name, and the local engine doing jobs in this
process (aligner/batch/engines.py, aligner/batch/local.py)."""

from __future__ import annotations

import importlib
import inspect
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

import aligner.batch.work
from aligner.alignfile import load
from aligner.batch.engines import ENGINES, EngineOptions, make_engine
from aligner.batch.jobs import Job
from aligner.batch.local import LocalEngine
from aligner.batch.plan import Todo, plan_jobs
from aligner.batch.work import Outcome
from aligner.errors import UsageError
from aligner.settings import Settings
from tests.conftest import FakeEmbedder

ARTICLES = {
    "linn": ("Linn kinnitas eelarve. Trammiliin avatakse 2027. aastal.", "The city approved the budget. It opens."),
    "ilm": ("Homme sajab vihma. Tuul on tugev.", "It will rain tomorrow. The wind is strong."),
}


class Recorder:
    """An engine that keeps the options it was made with."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options


def to_do(root: Path, articles: dict[str, tuple[str, str]] = ARTICLES) -> list[Todo]:
    """The jobs of ``articles`` (written under ``root/in``) as a first run into ``root/out`` plans them."""
    jobs = []
    for name, (source, translation) in articles.items():
        folder = root / "in" / name
        folder.mkdir(parents=True)
        (folder / "source.et.txt").write_text(source + "\n", encoding="utf-8")
        (folder / "translation.en.txt").write_text(translation + "\n", encoding="utf-8")
        jobs.append(Job(name, str(folder / "source.et.txt"), "et", str(folder / "translation.en.txt"), "en"))
    out = root / "out"
    return plan_jobs(jobs, out, out / "locales", (), Settings(), {}).todo


def no_pool(*args: object, **kwargs: object) -> None:
    raise AssertionError("a worker pool was started")


# --- the registry ----------------------------------------------------------------------


def test_every_engine_names_a_class_that_takes_the_options() -> None:
    assert list(ENGINES) == ["local", "ray"]
    for spec in ENGINES.values():
        module_name, colon, class_name = spec.partition(":")
        assert colon and class_name, spec
        engine = getattr(importlib.import_module(module_name), class_name)
        assert inspect.isclass(engine) and callable(engine.run), spec
        assert list(inspect.signature(engine).parameters) == ["options"], spec


def test_the_engine_options_default_to_one_worker_and_nothing_else() -> None:
    assert EngineOptions() == EngineOptions(workers=1, embedder=None, address=None)


@pytest.mark.parametrize("name", ["spark", "Local", "", "local "])
def test_an_unknown_engine_is_a_usage_error_naming_the_choices(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        make_engine(name, EngineOptions())
    assert str(caught.value) == f"engine {name!r} is not one of local, ray"


def test_an_engine_is_made_from_the_registry_with_the_runs_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ENGINES, "recorder", f"{__name__}:Recorder")
    options = EngineOptions(workers=3, address="ray://head:10001")
    engine = make_engine("recorder", options)
    assert type(engine) is Recorder and engine.options is options
    with pytest.raises(UsageError, match=r"^engine 'spark' is not one of local, ray, recorder$"):
        make_engine("spark", options)


def test_the_local_engine_keeps_the_workers_and_the_embedder() -> None:
    embedder = FakeEmbedder()
    engine = make_engine("local", EngineOptions(workers=4, embedder=embedder))
    assert type(engine) is LocalEngine
    assert engine.workers == 4 and engine.embedder is embedder


def test_the_ray_engine_refuses_a_callers_embedder_at_once() -> None:
    """Said when the engine is made, before any work: Ray's workers load their own model."""
    with pytest.raises(UsageError, match=r"^the Ray engine's workers load the model themselves: pass no embedder$"):
        make_engine("ray", EngineOptions(embedder=FakeEmbedder()))


def test_the_registry_imports_neither_numpy_nor_ray_and_the_local_engine_no_ray() -> None:
    """``aligner --help`` lists the engines; choosing the local one must not pull in Ray."""
    heavy = ["numpy", "ray", "aligner.batch.local", "aligner.batch.ray_engine"]
    code = (
        "import json, sys\n"
        "from aligner.batch.engines import ENGINES, EngineOptions, make_engine\n"
        f"first = [m for m in {heavy!r} if m in sys.modules]\n"
        "make_engine('local', EngineOptions())\n"
        f"then = [m for m in {heavy!r} if m in sys.modules]\n"
        "print(json.dumps([first, then]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    first, then = json.loads(run.stdout)
    assert first == []
    assert "aligner.batch.local" in then and "ray" not in then and "aligner.batch.ray_engine" not in then


# --- the local engine in this process ----------------------------------------------------


def test_with_an_embedder_the_jobs_run_here_in_order_whatever_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    todo = to_do(tmp_path)
    embedder = FakeEmbedder()
    outcomes: list[Outcome] = []
    LocalEngine(EngineOptions(workers=4, embedder=embedder)).run(
        todo, Settings(), tmp_path / "out", outcomes.append, None
    )
    assert [o.job.name for o in outcomes] == ["linn/en", "ilm/en"]
    assert [o.error for o in outcomes] == ["", ""]
    assert "Homme sajab vihma." in embedder.calls and "The city approved the budget." in embedder.calls
    for item, outcome in zip(todo, outcomes, strict=True):
        done = outcome.done
        assert (done.source_sha, done.translation_sha, done.settings) == (
            item.source_sha,
            item.translation_sha,
            item.fingerprint,
        )
        assert all(path.is_file() for path in item.outputs.all())
        assert done.outputs[0] == f"{item.job.article}/en.alignment.json"
    alignment = load(str(tmp_path / "out" / "ilm" / "en.alignment.json"))
    assert [s.text for s in alignment.target.sentences] == ["It will rain tomorrow.", "The wind is strong."]


def test_a_job_that_fails_is_its_outcomes_error_and_the_next_job_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    todo = to_do(tmp_path, {"tuhi": ("Tere.", ""), **ARTICLES})
    outcomes: list[Outcome] = []
    LocalEngine(EngineOptions(embedder=FakeEmbedder())).run(todo, Settings(), tmp_path / "out", outcomes.append, None)
    assert [o.job.name for o in outcomes] == ["tuhi/en", "linn/en", "ilm/en"]
    assert "no text to align" in outcomes[0].error and outcomes[0].done.outputs == ()
    assert [o.error for o in outcomes[1:]] == ["", ""]
    assert not (tmp_path / "out" / "tuhi").exists()


@pytest.mark.parametrize(("workers", "articles"), [(1, ARTICLES), (0, ARTICLES), (3, {"ilm": ARTICLES["ilm"]})])
def test_one_worker_or_one_job_runs_here_with_this_process_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, articles: dict[str, tuple[str, str]]
) -> None:
    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    loaded: list[Settings] = []
    model = FakeEmbedder()

    def embedder_for(settings: Settings) -> FakeEmbedder:
        loaded.append(settings)
        return model

    monkeypatch.setattr(aligner.batch.work, "embedder_for", embedder_for)
    todo = to_do(tmp_path, articles)
    settings = Settings(cache=False)
    outcomes: list[Outcome] = []
    LocalEngine(EngineOptions(workers=workers)).run(todo, settings, tmp_path / "out", outcomes.append, None)
    assert [o.error for o in outcomes] == [""] * len(articles)
    assert loaded == [settings] * len(articles) and model.calls


def test_nothing_to_do_with_workers_does_nothing(tmp_path: Path) -> None:
    outcomes: list[Outcome] = []
    LocalEngine(EngineOptions(workers=2)).run([], Settings(), tmp_path / "out", outcomes.append, None)
    assert outcomes == []
