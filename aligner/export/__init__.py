"""Bundle formats: one registry, ``FORMATS``, each record with its writer and its reader,
so that what ``export`` writes and what ``import`` reads cannot fall out of step.

Each writer takes an Alignment (and the domain, for gettext) and returns the file's bytes;
each reader takes the bytes of a file a writer wrote and returns an Alignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import ExportError, InputError, UsageError
from aligner.files import STDIN, STDIN_NAME, require_folder, write_atomic
from aligner.model import Alignment, language_tag


@dataclass(frozen=True)
class Format:
    """A bundle format: its writer, the file name ending an export is saved under, what it
    is, and its reader with the file name endings ``aligner import`` takes as this format
    (none: it cannot be read back, as a compiled .mo cannot)."""

    write: Callable[[Alignment, str, bool], bytes]
    suffix: str
    description: str
    gettext: bool = False
    read: Callable[[bytes, str], Alignment] | None = None
    reads: tuple[str, ...] = ()


def _po(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.po import write_po

    return write_po(alignment, domain, now).encode("utf-8")


def _mo(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.po import write_mo

    return write_mo(alignment, domain, now)


def _tmx(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.xml import write_tmx

    return write_tmx(alignment, now)


def _xliff(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.xml import write_xliff

    return write_xliff(alignment, now)


def _xliff12(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.xml import write_xliff12

    return write_xliff12(alignment, now)


def _read_po(data: bytes, path: str) -> Alignment:
    from aligner.export.po import read_po

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("not valid UTF-8", path) from exc
    return read_po(text, path)


def _read_tmx(data: bytes, path: str) -> Alignment:
    from aligner.export.xml import read_tmx

    return read_tmx(data, path)


def _read_xliff(data: bytes, path: str) -> Alignment:
    from aligner.export.xml import read_xliff

    return read_xliff(data, path)


FORMATS: dict[str, Format] = {
    "po": Format(_po, ".po", "gettext catalogue", gettext=True, read=_read_po, reads=(".po",)),
    "mo": Format(_mo, ".mo", "compiled gettext catalogue (accepted and unflagged segments only)", gettext=True),
    "tmx": Format(_tmx, ".tmx", "TMX 1.4b translation memory", read=_read_tmx, reads=(".tmx",)),
    "xliff": Format(_xliff, ".xlf", "XLIFF 2.1", read=_read_xliff, reads=(".xlf", ".xliff")),
    # saved as .xliff12.xlf: read back as .xlf, by the XLIFF reader, which reads both versions
    "xliff12": Format(_xliff12, ".xliff12.xlf", "XLIFF 1.2, for older CAT tools", read=_read_xliff),
}
"""Every bundle format, by the name ``--format`` and ``--export`` take."""


def reader_for(path: str | Path) -> Callable[[bytes, str], Alignment] | None:
    """The reader of the format a file name says, or None when no format reads it."""
    suffix = Path(path).suffix.lower()
    return next((f.read for f in FORMATS.values() if f.read is not None and suffix in f.reads), None)


def import_suffixes() -> list[str]:
    """The file name endings ``aligner import`` reads."""
    return sorted({suffix for f in FORMATS.values() for suffix in f.reads})


def import_file(path: str) -> Alignment:
    """Read a .po, .tmx or .xlf file that aligner exported back into an alignment."""
    reader = reader_for(path)
    if reader is None:
        raise InputError(f"cannot import this kind of file (known: {', '.join(import_suffixes())})", path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", path) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from exc
    return reader(data, path)


def default_domain(source_path: str) -> str:
    """The gettext domain of an article: its source file's name up to the first dot
    (``messages`` for standard input)."""
    if source_path in (STDIN, STDIN_NAME):
        return "messages"
    return Path(source_path).name.split(".")[0] or "messages"


def check_domain(domain: str) -> str:
    """``domain`` when it is a plain file name (it names the bundle inside ``LC_MESSAGES``);
    else a UsageError: a ``/``, ``..`` or an absolute path would write outside --locale-dir."""
    if not domain or domain.startswith(".") or any(c in domain for c in "/\\\0") or domain != domain.strip():
        raise UsageError(f"--domain {domain!r} is not a plain file name (no '/', '\\', leading '.' or spaces)")
    return domain


def gettext_path(target_lang: str, fmt: str, locale_dir: Path, domain: str) -> Path:
    """``LOCALE_DIR/<target lang>/LC_MESSAGES/<domain>.po|.mo``; the language and the domain
    are checked, so the path never leaves ``locale_dir``."""
    try:
        language_tag(target_lang, "the target language")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return locale_dir / target_lang / "LC_MESSAGES" / f"{check_domain(domain)}{FORMATS[fmt].suffix}"


@dataclass(frozen=True)
class Planned:
    """A bundle to write: its format and where it goes."""

    format: str
    path: Path


def plan_exports(
    formats: Sequence[str],
    target_lang: str,
    domain: str,
    *,
    output: Path | None = None,
    beside: Path | None = None,
    locale_dir: Path | None = None,
) -> list[Planned]:
    """Where each bundle goes, decided before any work is done.

    ``output`` is the file itself (for one format); else a gettext catalogue goes under
    ``locale_dir`` (:func:`gettext_path`) and any other format beside the file ``beside``
    (``article.json`` -> ``article.tmx``). Raises UsageError for an unknown format or a
    bundle with nowhere to go.
    """
    planned = []
    for fmt in formats:
        exporter = FORMATS.get(fmt)
        if exporter is None:
            raise UsageError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
        if output is not None:
            path = output
        elif exporter.gettext:
            if locale_dir is None:
                raise UsageError("give --locale-dir (or -o FILE) for po and mo")
            path = gettext_path(target_lang, fmt, locale_dir, domain)
        elif beside is not None:
            path = beside.with_suffix(exporter.suffix)
        else:
            raise UsageError(f"give -o FILE for {fmt}")
        planned.append(Planned(fmt, path))
    if output is not None and len(planned) > 1:
        raise UsageError("-o names one file: export one format at a time")
    return planned


def _latest_review(alignment: Alignment) -> str:
    return max((f.review.at for f in alignment.flags if f.review is not None and f.review.at), default="")


def export_to(
    alignment: Alignment, fmt: str, target: Path, domain: str, now: bool = False, force: bool = False
) -> None:
    """Write the alignment to ``target`` in format ``fmt``, atomically.

    An existing .po is updated as msgmerge would (translations and review states of
    unchanged segments kept), and a .mo is compiled from the .po beside it when there is
    one. An existing file whose review decisions are newer than the alignment's is not
    overwritten unless ``force``: someone reviewed it after this alignment was made.
    """
    exporter = FORMATS[fmt]
    existing = target.is_file() and reader_for(target) is not None
    if existing and not force:
        try:
            theirs = _latest_review(import_file(str(target)))
        except InputError:
            theirs = ""
        ours = _latest_review(alignment)
        if theirs > ours:
            raise ExportError(
                f"has review decisions ({theirs}) newer than the alignment's ({ours or 'none'}); "
                "use --force to overwrite",
                str(target),
            )
    require_folder(target, create=True)
    if fmt == "po" and existing:
        from aligner.export.po import catalogue, update_po

        try:
            old_text = target.read_text(encoding="utf-8")
            data = str(update_po(old_text, catalogue(alignment, domain, now))).encode("utf-8")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise ExportError(f"cannot update the existing catalogue: {exc}", str(target)) from exc
    elif fmt == "mo" and target.with_suffix(".po").is_file():
        import polib

        # The .po beside it may carry a translator's edits: the .mo is what it compiles to.
        try:
            data = polib.pofile(target.with_suffix(".po").read_text(encoding="utf-8")).to_binary()
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise ExportError(f"cannot compile the catalogue beside it: {exc}", str(target)) from exc
    else:
        data = exporter.write(alignment, domain, now)
    write_atomic(target, data)
