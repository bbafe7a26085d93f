"""The command line: options in, a library call, results out, an exit code.

Nothing heavy is imported at module level, so ``aligner --help`` stays fast and never
imports numpy, torch or a model.
"""

from __future__ import annotations

import enum
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligner import __version__
from aligner.errors import AlignerError, BackendUnavailableError, ExportError, InputError

if TYPE_CHECKING:
    from aligner.model import Alignment


class ExitCode(enum.IntEnum):
    """Process exit codes, one per kind of failure."""

    OK = 0
    INPUT = 1
    USAGE = 2
    BACKEND = 3
    OUTPUT = 4
    INTERRUPTED = 130


class OutputFormat(enum.StrEnum):
    """What ``aligner align`` writes."""

    JSON = "json"
    BEADS = "beads"
    TSV = "tsv"


class ReadAs(enum.StrEnum):
    """How input files are read (``auto``: by file name; HTML is sniffed on stdin)."""

    AUTO = "auto"
    TXT = "txt"
    MD = "md"
    HTML = "html"


app = typer.Typer(
    name="aligner",
    help="Align an article with its translation sentence by sentence, and check the translation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
    pairs = sorted((b for b in alignment.beads if b.src and b.tgt), key=lambda b: b.score)[:weakest]
    if pairs:
        lines.append("  Weakest pairs:")
    for bead in pairs:
        src = " ".join(alignment.source.sentences[i].text for i in bead.src)
        tgt = " ".join(alignment.target.sentences[j].text for j in bead.tgt)
        lines.append(
            f"    {bead.score:.2f}  [{', '.join(map(str, bead.src))}]:[{', '.join(map(str, bead.tgt))}]  "
            f"{_clip(src)}  |  {_clip(tgt)}"
        )
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
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: the alignment document; beads: Vecalign's [0, 1]:[2] lines; "
            "tsv: source and target text side by side.",
        ),
    ] = OutputFormat.JSON,
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
    read_as: Annotated[ReadAs, typer.Option("--input-format", help="How to read the inputs.")] = ReadAs.AUTO,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary and no progress bar.")] = False,
) -> None:
    """Split both texts into sentences, embed them, align them, and write the alignment.

    Every sentence ends up in exactly one bead: 1-1, m-n (up to 4-1 / 1-4), or unmatched
    (1-0: source sentence with no translation; 0-1: target sentence with no source).
    """
    from aligner.alignfile import dumps, format_beads, format_tsv
    from aligner.files import write_atomic
    from aligner.pipeline import Settings, align_files
    from aligner.read import InputFormat

    settings = Settings(
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        model=model,
        segmented=segmented,
        cache=not no_cache,
        input_format=InputFormat(read_as.value),
    )
    started = time.perf_counter()
    try:
        with _progress(not quiet) as progress:
            alignment = align_files(source, translation, settings, progress=progress)
        render = {OutputFormat.JSON: dumps, OutputFormat.BEADS: format_beads, OutputFormat.TSV: format_tsv}[fmt]
        text = render(alignment)
        if output is not None:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except AlignerError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        typer.echo("error: interrupted", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    if not quiet:
        typer.echo(summarise(alignment, time.perf_counter() - started), err=output is None)
        if output is not None:
            typer.echo(f"Wrote {output}")
