"""Finding the work of a batch: which source goes with which translation, in which languages.

Two ways to say it:

* a folder where each article is a subfolder holding one source and its translations,
  named by role and language: ``source.et.txt``, ``translation.en.html``,
  ``translation.ru.md`` (the layout of ``examples/``; any supported format);
* a manifest, CSV (with a header row) or JSONL, one translation per row: ``article``,
  ``source``, ``source_lang``, ``translation``, ``translation_lang``; relative paths are
  relative to the manifest's folder.

Anything that does not fit (a folder with no source or two, a name with no language or
an unknown one, two translations into one language, a row with a field missing) is a
:class:`Problem` that names it; it is skipped, never guessed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from aligner.errors import InputError, UsageError
from aligner.export import check_domain
from aligner.files import utf8_name
from aligner.model import language_tag

_ROLE_NAME = re.compile(r"^(?P<role>source|translation)\.(?P<lang>[^.]*)\.(?P<ext>[^.]+)$", re.IGNORECASE)
MANIFEST_FIELDS = ("article", "source", "source_lang", "translation", "translation_lang")


@dataclass(frozen=True)
class Job:
    """One translation of one article: what ``aligner align`` is run on."""

    article: str
    source: str
    src_lang: str
    translation: str
    tgt_lang: str

    @property
    def name(self) -> str:
        """``<article>/<lang>``, how messages and the index name the job."""
        return f"{self.article}/{self.tgt_lang}"


@dataclass(frozen=True)
class Problem:
    """Something in the input that is not work aligner can do, and why."""

    where: str
    message: str
    article: str = ""
    """The article the problem is in, when its folder names one: its outputs of an earlier
    run are kept, not pruned (a folder that gained a second source is still there)."""

    def describe(self) -> str:
        return f"{self.where}: {self.message}"


ARTICLE_MAX = 100
"""The longest article id (characters): it names a folder and a bundle, and a file name
longer than 255 bytes cannot be made."""
RESERVED = ("index.html", "locales", "batch-state.sqlite")
"""Names batch gives its own files in the output folder: no article may take one."""


def _article_id(name: str) -> str:
    """An article id names a folder under the output and a gettext domain: a plain name,
    not too long, none of batch's own (``RESERVED``), and no line break (``U+2028`` in a
    quoted CSV field splits a row for any line-based reader)."""
    try:
        check_domain(name)
    except UsageError:
        raise ValueError(f"{name!r} cannot name an article (a plain file name is needed)") from None
    if len(name) > ARTICLE_MAX:
        raise ValueError(f"an article id of {len(name)} characters is too long (at most {ARTICLE_MAX})")
    if name.lower() in RESERVED or name.lower().startswith("batch-state"):
        raise ValueError(f"{name!r} is the name of a file batch writes: it cannot name an article")
    if any(not c.isprintable() for c in name):
        raise ValueError(f"{name!r} cannot name an article (it holds a line break or a control character)")
    return name


def _key(article: str, lang: str) -> tuple[str, str]:
    """A job's identity: language tags are case-insensitive (``en`` and ``EN`` are one)."""
    return article, lang.lower()


def find_jobs(folder: str | Path) -> tuple[list[Job], list[Problem]]:
    """The jobs of a folder of articles (one subfolder each), and what did not fit."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("is not a folder of articles", str(folder))
    jobs: list[Job] = []
    problems: list[Problem] = []
    for article in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not utf8_name(article):
            problems.append(Problem(str(article), "its name is not UTF-8 text: rename it to be aligned"))
            continue
        found, wrong = _read_article(article)
        jobs.extend(found)
        try:
            problems.extend(replace(problem, article=_article_id(article.name)) for problem in wrong)
        except ValueError:
            problems.extend(wrong)
    return jobs, problems


def _read_article(article: Path) -> tuple[list[Job], list[Problem]]:
    from aligner.read import SUFFIXES  # the readers: not imported by aligner --help (which lists the engines)

    problems: list[Problem] = []
    sources: list[tuple[Path, str]] = []
    translations: dict[str, list[tuple[str, Path]]] = {}  # by the tag in lower case: en and EN are one
    try:
        article_id = _article_id(article.name)
    except ValueError as exc:
        return [], [Problem(str(article), str(exc))]
    for path in sorted(p for p in article.iterdir() if p.is_file()):
        if not utf8_name(path):
            problems.append(Problem(str(path), "its name is not UTF-8 text: rename it to be read"))
            continue
        m = _ROLE_NAME.match(path.name)
        if m is None:
            if path.name.lower().startswith(("source.", "translation.")):
                problems.append(Problem(str(path), "not named <role>.<language>.<format> (source.et.txt)"))
            continue  # a README, an image: not a text of the article
        if ("." + m["ext"]).lower() not in SUFFIXES:
            problems.append(Problem(str(path), f"not a format aligner reads ({', '.join(SUFFIXES)})"))
            continue
        try:
            lang = language_tag(m["lang"], "language")
        except ValueError:
            problems.append(Problem(str(path), f"{m['lang']!r} is not a language code"))
            continue
        if m["role"].lower() == "source":
            sources.append((path, lang))
        else:
            translations.setdefault(lang.lower(), []).append((lang, path))
    if not sources:
        return [], [*problems, Problem(str(article), "has no source (source.<language>.<format>)")]
    if len(sources) > 1:
        names = ", ".join(p.name for p, _ in sources)
        return [], [*problems, Problem(str(article), f"has {len(sources)} sources ({names}): which one is it?")]
    if not translations and not problems:
        problems.append(Problem(str(article), "has no translation (translation.<language>.<format>)"))
    (source, src_lang), jobs = sources[0], []
    for _, found in sorted(translations.items()):
        lang, path = found[0]
        if len(found) > 1:
            names = ", ".join(p.name for _, p in found)
            problems.append(Problem(str(article), f"has {len(found)} translations into {lang} ({names}): which one?"))
        elif lang.lower() == src_lang.lower():
            problems.append(Problem(str(path), f"is in the source's language ({lang})"))
        else:
            jobs.append(Job(article_id, str(source), src_lang, str(path), lang))
    return jobs, problems


def read_manifest(path: str | Path) -> tuple[list[Job], list[Problem]]:
    """The jobs a CSV or JSONL manifest lists, and the rows that do not fit."""
    manifest = Path(path)
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("no such file", str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the manifest: {exc}", str(path)) from exc
    if manifest.suffix.lower() == ".jsonl":
        rows = _jsonl_rows(text, str(path))
    elif manifest.suffix.lower() == ".csv":
        rows = _csv_rows(text, str(path))
    else:
        raise InputError("a manifest is a .csv or a .jsonl file", str(path))
    jobs: list[Job] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    for where, row in rows:
        try:
            job = _job_of(row, manifest.parent)
        except ValueError as exc:
            problems.append(Problem(where, str(exc)))
            continue
        key = _key(job.article, job.tgt_lang)
        if key in seen:
            problems.append(Problem(where, f"{job.name} is listed already ({seen[key]})"))
            continue
        seen[key] = where
        jobs.append(job)
    return jobs, problems


def _csv_rows(text: str, name: str) -> list[tuple[str, dict[str, object]]]:
    # csv's own reading of line ends: str.splitlines would also break at U+2028 and the
    # other Unicode line separators, inside a quoted field
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [f for f in MANIFEST_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"the header row lacks {', '.join(missing)} (it needs {', '.join(MANIFEST_FIELDS)})", name)
    return [(f"{name}:{k}", dict(row)) for k, row in enumerate(reader, 2)]


def _jsonl_rows(text: str, name: str) -> list[tuple[str, dict[str, object]]]:
    rows: list[tuple[str, dict[str, object]]] = []
    for number, line in enumerate(text.split("\n"), 1):  # JSON may hold a raw U+2028 in a string
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(f"line {number} is not JSON ({exc})", name) from None
        rows.append((where, row if isinstance(row, dict) else {}))
    return rows


def _job_of(row: dict[str, object], base: Path) -> Job:
    values = {}
    for name in MANIFEST_FIELDS:
        value = row.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"no {name}")
        values[name] = value.strip()
    article = _article_id(values["article"])
    langs = []
    for name in ("source_lang", "translation_lang"):
        try:
            langs.append(language_tag(values[name], name))
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    source, translation = (str(base / values[name]) for name in ("source", "translation"))
    return Job(article, source, langs[0], translation, langs[1])
