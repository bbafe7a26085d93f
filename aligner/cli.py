"""The command line: options in, a library call, results out, an exit code.

Nothing heavy is imported at module level, so ``aligner --help`` stays fast and never
imports numpy, torch or a model.
"""

from __future__ import annotations

import enum
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from aligner import __version__
from aligner.alignfile import RENDERINGS
from aligner.errors import AlignerError, BackendUnavailableError, ExportError, InputError
from aligner.export import EXPORTERS
from aligner.model import Decision, FlagType, InputFormat, Severity
from aligner.review import tally

if TYPE_CHECKING:
    from aligner.model import Alignment, Flag, Review


class ExitCode(enum.IntEnum):
    """Process exit codes, one per kind of failure."""

    OK = 0
    INPUT = 1
    USAGE = 2
    BACKEND = 3
    OUTPUT = 4
    UNRESOLVED = 5
    INTERRUPTED = 130


_Choice = TypeVar("_Choice", bound=str)


def _one_of(choices: Callable[[str], _Choice], names: Iterable[str], what: str) -> Callable[[str], _Choice]:
    """A parser for an option whose values are ``names`` (a registry's keys or an enum's
    values), so that the choices are never a second list kept in step by hand."""
    allowed = list(names)

    def parse(value: str) -> _Choice:
        if value not in allowed:
            raise typer.BadParameter(f"unknown {what} {value!r} (one of: {', '.join(allowed)})")
        return choices(value)

    return parse


def _metavar(names: Iterable[str]) -> str:
    return "[" + "|".join(names) + "]"


app = typer.Typer(
    name="aligner",
    help="Align an article with its translation sentence by sentence, and check the translation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help text is plain: with rich markup on, "aligner[st]" and "[align]" lose their brackets.
    rich_markup_mode=None,
)

_LANG = re.compile(r"^[a-z]{2}$")


def _lang(value: str) -> str:
    value = value.strip().lower()
    if not _LANG.match(value):
        raise typer.BadParameter(f"{value!r} is not an ISO 639-1 language code (two letters, e.g. et, en, ru)")
    return value


def _fail(exc: AlignerError) -> typer.Exit:
    typer.echo(f"error: {exc.describe()}", err=True)
    if isinstance(exc, InputError):
        return typer.Exit(ExitCode.INPUT)
    if isinstance(exc, BackendUnavailableError):
        return typer.Exit(ExitCode.BACKEND)
    if isinstance(exc, ExportError):
        return typer.Exit(ExitCode.OUTPUT)
    return typer.Exit(ExitCode.INPUT)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on stderr while embedding, when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    labels = {"embed": "Embedding sentences", "align": "Aligning"}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aligner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Align an article with its translation sentence by sentence, and check the translation."""


def summarise(alignment: Alignment, seconds: float, weakest: int = 3) -> str:
    """A few lines for a person: counts by bead type and the weakest pairs."""
    kinds = Counter(b.kind for b in alignment.beads)
    one_one = kinds.pop("1-1", 0)
    dropped = kinds.pop("1-0", 0)
    added = kinds.pop("0-1", 0)
    many = ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items()))
    n_src, n_tgt = len(alignment.source.sentences), len(alignment.target.sentences)
    lines = [
        f"Aligned {n_src} source ({alignment.source.lang}) and {n_tgt} target ({alignment.target.lang}) "
        f"sentences in {seconds:.1f} s: {len(alignment.beads)} beads.",
        f"  1-1: {one_one}   m-n: {sum(kinds.values())}{f' ({many})' if many else ''}   "
        f"unmatched source (1-0): {dropped}   unmatched target (0-1): {added}",
    ]
    if alignment.flags:
        types = Counter(f.type for f in alignment.flags)
        lines.append(
            f"  Flags: {tally(alignment.flags)} ("
            + ", ".join(f"{k} x{v}" for k, v in sorted(types.items()))
            + "); see: aligner review FILE"
        )
    pairs = sorted((b for b in alignment.beads if b.src and b.tgt), key=lambda b: b.score)[:weakest]
    if pairs:
        lines.append("  Weakest pairs:")
    for bead in pairs:
        src = alignment.source.text(bead.src)
        tgt = alignment.target.text(bead.tgt)
        lines.append(f"    {bead.score:.2f}  {bead.notation}  {_clip(src)}  |  {_clip(tgt)}")
    return "\n".join(lines)


def _clip(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def align(
    source: Annotated[str, typer.Argument(help="Source text: .txt, .md or .html; '-' reads standard input.")],
    translation: Annotated[str, typer.Argument(help="Its translation, in any of the same formats.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to standard output.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            parser=_one_of(str, RENDERINGS, "output format"),
            metavar=_metavar(RENDERINGS),
            help="json: the alignment document; beads: Vecalign's [0, 1]:[2] lines; "
            "tsv: source and target text side by side.",
        ),
    ] = "json",
    src_lang: Annotated[str, typer.Option(help="Language of SOURCE (ISO 639-1).", callback=_lang)] = "et",
    tgt_lang: Annotated[str, typer.Option(help="Language of TRANSLATION (ISO 639-1).", callback=_lang)] = "en",
    model: Annotated[
        str,
        typer.Option(
            help="'e5-small': multilingual-e5-small bundled with aligner (offline, no torch). Anything "
            "else is a sentence-transformers model name or path, e.g. sentence-transformers/LaBSE; "
            'needs pip install "aligner[st]".'
        ),
    ] = "e5-small",
    segmented: Annotated[
        bool, typer.Option("--segmented", help="Inputs are already split: every non-empty line is one sentence.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write the embedding cache (~/.cache/aligner).")
    ] = False,
    read_as: Annotated[InputFormat, typer.Option("--input-format", help="How to read the inputs.")] = InputFormat.AUTO,
    config: Annotated[
        Path | None,
        typer.Option(help="TOML file with [align] and [flags] tables of settings (thresholds, boilerplate)."),
    ] = None,
    boilerplate: Annotated[
        list[str] | None,
        typer.Option(
            help="Regular expression of known boilerplate (repeatable): an added span that matches "
            "is reported as info, not error."
        ),
    ] = None,
    export_formats: Annotated[
        str | None,
        typer.Option(
            "--export",
            help=f"Also export, comma-separated, any of {','.join(EXPORTERS)}: gettext into --locale-dir, "
            "the others beside -o.",
        ),
    ] = None,
    locale_dir: Annotated[Path, typer.Option(help="Where --export writes po and mo.")] = Path("locales"),
    domain: Annotated[
        str | None,
        typer.Option(help="gettext domain for --export (default: the source file's name up to its first dot)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary and no progress bar.")] = False,
) -> None:
    """Split both texts into sentences, embed them, align them, check them, and write the alignment.

    Every sentence ends up in exactly one bead: 1-1, m-n (up to 1-5 / 5-1 / 3-3), or
    unmatched (1-0: source sentence with no translation; 0-1: target sentence with no
    source). Findings (dropped, added, untranslated, number-mismatch, ...) go into the
    file's flags: see `aligner review`. Writing over an alignment file keeps the review
    decisions of every flag whose sentences did not change.
    """
    from aligner.align import AlignConfig
    from aligner.config import check_patterns, load_config
    from aligner.files import write_atomic
    from aligner.flags import FlagConfig
    from aligner.moves import MoveConfig
    from aligner.pipeline import Settings, align_files
    from aligner.review import carry_over

    started = time.perf_counter()
    kept = 0
    if source == translation == "-":
        raise typer.BadParameter("only one of SOURCE and TRANSLATION can be '-' (standard input)")
    exports = _parse_exports(export_formats, output)
    written: list[Path] = []
    try:
        align_cfg, flag_cfg, move_cfg = AlignConfig(), FlagConfig(), MoveConfig()
        if config is not None:
            align_cfg, flag_cfg, move_cfg = load_config(str(config), align_cfg, flag_cfg, move_cfg)
        if boilerplate:
            check_patterns(tuple(boilerplate), "--boilerplate")
            flag_cfg = replace(flag_cfg, boilerplate=(*flag_cfg.boilerplate, *boilerplate))
        settings = Settings(
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            model=model,
            segmented=segmented,
            cache=not no_cache,
            input_format=read_as,
            align=align_cfg,
            flags=flag_cfg,
            moves=move_cfg,
        )
        with _progress(not quiet) as progress:
            alignment = align_files(source, translation, settings, progress=progress)
        previous = _previous_alignment(output)
        if previous is not None:
            alignment, kept = carry_over(previous, alignment)
        text = RENDERINGS[fmt](alignment)
        if output is not None:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        written = _run_exports(alignment, exports, output, locale_dir, domain)
    except AlignerError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        typer.echo("error: interrupted", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    if not quiet:
        typer.echo(summarise(alignment, time.perf_counter() - started), err=output is None)
        if output is not None:
            typer.echo(f"Wrote {output}" + (f" (kept {kept} review decisions)" if kept else ""))
        for path in written:
            typer.echo(f"Wrote {path}", err=output is None)


def _parse_exports(value: str | None, output: Path | None) -> list[str]:
    """The formats of ``--export po,tmx``, checked before any work is done."""
    names = [v.strip() for v in (value or "").split(",") if v.strip()]
    for name in names:
        if name not in EXPORTERS:
            raise typer.BadParameter(f"unknown format {name!r} (one of: {', '.join(EXPORTERS)})", param_hint="--export")
        if not EXPORTERS[name].gettext and output is None:
            raise typer.BadParameter(f"{name} is written beside -o FILE: give -o", param_hint="--export")
    return names


def _run_exports(
    alignment: Alignment, names: list[str], output: Path | None, locale_dir: Path, domain: str | None
) -> list[Path]:
    from aligner.export import EXPORTERS, export_to, gettext_path

    written = []
    name_of_domain = _domain(alignment, domain)
    for name in names:
        if EXPORTERS[name].gettext:
            target = gettext_path(alignment, name, locale_dir, name_of_domain)
        else:
            assert output is not None
            target = output.with_suffix(EXPORTERS[name].suffix)
        export_to(alignment, name, target, name_of_domain)
        written.append(target)
    return written


def _previous_alignment(path: Path | None) -> Alignment | None:
    """The alignment already at ``path``, if there is a readable one (its decisions are kept)."""
    from aligner.alignfile import load

    if path is None or not path.is_file():
        return None
    try:
        return load(str(path))
    except InputError:
        return None


def _default_reviewer() -> str:
    import getpass

    try:
        return os.environ.get("ALIGNER_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


@app.command()
def review(
    alignment_file: Annotated[Path, typer.Argument(help="An alignment file written by `aligner align -o`.")],
    flag_type: Annotated[
        list[FlagType] | None,
        typer.Option(
            "--type",
            "-t",
            parser=_one_of(FlagType, FlagType, "flag type"),
            metavar=_metavar(FlagType),
            help="Only flags of this type (repeatable).",
        ),
    ] = None,
    severity: Annotated[
        list[Severity] | None, typer.Option("--severity", "-s", help="Only this severity (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the selected flags as JSON, for scripts.")] = False,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive", "-i", help="Decide on each flag: accept, reject, add a note; u undoes the last decision."
        ),
    ] = False,
    reviewer: Annotated[
        str | None, typer.Option(help="Who decides (default: $ALIGNER_REVIEWER, else the login name).")
    ] = None,
    html: Annotated[Path | None, typer.Option(help="Write a self-contained HTML report here.")] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with code 5 while any error flag is not accepted.")
    ] = False,
    context: Annotated[int, typer.Option(help="Beads of context around each flag.", min=0)] = 1,
) -> None:
    """List the flags of an alignment, most severe first; record decisions; write a report.

    Decisions (accepted: fine as it is; rejected: needs fixing; a note) are saved into the
    alignment file, with the reviewer and the time, after every decision. `aligner align`
    keeps them for every flag whose sentences did not change.
    """
    import json

    from aligner.alignfile import flag_to_json, load
    from aligner.files import write_atomic
    from aligner.review import blocking, select
    from aligner.review.html import render_html
    from aligner.review.text import format_report

    path = str(alignment_file)
    try:
        alignment = load(path)
        chosen = select(alignment.flags, flag_type, severity)
        if interactive:
            alignment = _interactive(alignment, chosen, path, reviewer or _default_reviewer(), context)
        elif as_json:
            items = [
                {
                    **flag_to_json(f),
                    "src_text": alignment.source.text(f.src),
                    "tgt_text": alignment.target.text(f.tgt),
                }
                for f in chosen
            ]
            typer.echo(json.dumps(items, ensure_ascii=False, indent=1))
        elif not check and html is None:
            typer.echo(format_report(alignment, chosen, context), nl=False)
        if html is not None:
            write_atomic(html, render_html(alignment))
            typer.echo(f"Wrote {html}", err=as_json)
    except AlignerError as exc:
        raise _fail(exc) from None
    if check:
        open_errors = blocking(alignment)
        if open_errors:
            typer.echo(
                f"{len(open_errors)} error flag{'s' if len(open_errors) != 1 else ''} not accepted in {path}", err=True
            )
            raise typer.Exit(ExitCode.UNRESOLVED)
        typer.echo(f"No unaccepted error flags in {path}", err=True)


_ASK = "[a]ccept  [r]eject  [n]ote  [s]kip  [u]ndo last  [q]uit"


def _interactive(alignment: Alignment, chosen: list[Flag], path: str, reviewer: str, context: int) -> Alignment:
    """Ask about each flag; save the file after every decision. End of input is a quit."""
    from aligner.alignfile import dumps
    from aligner.files import write_atomic
    from aligner.review import decide, set_review
    from aligner.review.text import format_flag

    if not reviewer:
        raise InputError("no reviewer name: give --reviewer or set ALIGNER_REVIEWER", path)
    decisions = {"a": Decision.ACCEPTED, "r": Decision.REJECTED, "n": Decision.NOTE}
    done: list[tuple[int, str, Review | None]] = []  # (position, flag key, review before) for undo
    position = 0
    while True:
        at_end = position >= len(chosen)
        if at_end and not done:
            break
        if not at_end:
            current = next(f for f in alignment.flags if f.key == chosen[position].key)
            typer.echo(format_flag(alignment, current, position + 1, context) + "\n")
        choices = ("u", "q") if at_end else ("a", "r", "n", "s", "u", "q")
        question = "End of the flags. [u]ndo last  [q]uit" if at_end else _ASK
        try:
            answer = ""
            while answer not in choices:
                answer = typer.prompt(question, default="q" if at_end else "s").strip().lower()[:1]
            if answer == "q":
                break
            if answer == "s":
                position += 1
                continue
            if answer == "u":
                if not done:
                    typer.echo("Nothing to undo.", err=True)
                    continue
                position, key, before = done.pop()
                alignment = set_review(alignment, key, before)
                write_atomic(path, dumps(alignment))
                typer.echo("Undone.", err=True)
                continue
            note = typer.prompt("Note", default="", show_default=False).strip()
        except (typer.Abort, EOFError):
            typer.echo("")
            break
        done.append((position, current.key, current.review))
        alignment = decide(alignment, current.key, decisions[answer], note, reviewer)
        write_atomic(path, dumps(alignment))
        position += 1
    return alignment


def _domain(alignment: Alignment, domain: str | None) -> str:
    return domain or Path(alignment.source.path).name.split(".")[0] or "messages"


def _export_target(alignment: Alignment, fmt: str, output: Path | None, locale_dir: Path | None, domain: str) -> Path:
    from aligner.export import EXPORTERS, gettext_path

    if output is not None:
        return output
    if EXPORTERS[fmt].gettext:
        if locale_dir is None:
            raise typer.BadParameter("give --locale-dir (or -o FILE) for po and mo")
        return gettext_path(alignment, fmt, locale_dir, domain)
    raise typer.BadParameter(f"give -o FILE for {fmt}")


@app.command()
def export(
    alignment_file: Annotated[Path, typer.Argument(help="An alignment file written by `aligner align -o`.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            parser=_one_of(str, EXPORTERS, "export format"),
            metavar=_metavar(EXPORTERS),
            help="; ".join(f"{name}: {exporter.description}" for name, exporter in EXPORTERS.items()) + ".",
        ),
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The file to write.")] = None,
    locale_dir: Annotated[
        Path | None, typer.Option(help="For po / mo: write LOCALE_DIR/<target lang>/LC_MESSAGES/<domain>.po|.mo.")
    ] = None,
    domain: Annotated[
        str | None, typer.Option(help="gettext domain (default: the source file's name up to its first dot).")
    ] = None,
    now: Annotated[
        bool, typer.Option("--now", help="Date the bundle with the clock, not with the input (not reproducible).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite a file whose review decisions are newer than the alignment's.")
    ] = False,
) -> None:
    """Write an alignment as a gettext catalogue, a translation memory or an XLIFF file.

    Re-exporting unchanged input gives the same bytes: the date comes from the input (the
    latest review decision, else $SOURCE_DATE_EPOCH, else 1970-01-01) unless --now. An
    existing .po is updated as msgmerge would: unchanged segments keep their translation
    and review state, changed ones become fuzzy with the previous msgid.
    """
    from aligner.alignfile import load
    from aligner.export import export_to

    try:
        alignment = load(str(alignment_file))
        name = _domain(alignment, domain)
        target = _export_target(alignment, fmt, output, locale_dir, name)
        export_to(alignment, fmt, target, name, now, force)
    except typer.BadParameter as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    except AlignerError as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {target}")


@app.command("import")
def import_(
    bundle: Annotated[Path, typer.Argument(help="A .po, .tmx or .xlf file that `aligner export` wrote.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The alignment file to write.")],
) -> None:
    """Read an exported bundle (perhaps reviewed in a CAT tool) back into an alignment file.

    Export, import and export again gives the same bytes. The alignment has one sentence
    per side per segment, with its score, flags and review decisions.
    """
    from aligner.alignfile import dumps
    from aligner.export import import_file
    from aligner.files import write_atomic

    try:
        write_atomic(output, dumps(import_file(str(bundle))))
    except AlignerError as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {output}")
