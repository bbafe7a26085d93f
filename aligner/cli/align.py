"""``aligner align``: two texts in, an alignment (and bundles) out."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligner.alignfile import RENDERINGS
from aligner.cli.app import app, echo, reported
from aligner.cli.options import DEFAULT_MODEL, Boilerplate, Config, Domain, Exports, Model, NoCache, choice_option, lang
from aligner.cli.progress import ALIGN_STAGES, progress_bars
from aligner.model import InputFormat

if TYPE_CHECKING:
    from aligner.model import Alignment


@app.command()
def align(
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="Source text: .txt, .md or .html; '-' reads standard input.")
    ],
    translation: Annotated[
        str, typer.Argument(metavar="TRANSLATION", help="Its translation, in any of the same formats.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of to standard output.")
    ] = None,
    fmt: Annotated[
        str,
        choice_option(
            RENDERINGS,
            "output format",
            "json: the alignment document; beads: Vecalign's [0, 1]:[2] lines; tsv: source and target text side "
            "by side.",
            "--format",
            "-f",
        ),
    ] = "json",
    src_lang: Annotated[str, typer.Option(help="Language of SOURCE (ISO 639-1).", callback=lang)] = "et",
    tgt_lang: Annotated[str, typer.Option(help="Language of TRANSLATION (ISO 639-1).", callback=lang)] = "en",
    model: Model = DEFAULT_MODEL,
    segmented: Annotated[
        bool, typer.Option("--segmented", help="Inputs are already split: every non-empty line is one sentence.")
    ] = False,
    no_cache: NoCache = False,
    read_as: Annotated[InputFormat, typer.Option("--input-format", help="How to read the inputs.")] = InputFormat.AUTO,
    config: Config = None,
    boilerplate: Boilerplate = None,
    export_formats: Exports = None,
    locale_dir: Annotated[Path, typer.Option(help="Where --export writes po and mo.")] = Path("locales"),
    domain: Domain = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary and no progress bar.")] = False,
) -> None:
    """Split both texts into sentences, embed them, align them, check them, and write the alignment.

    Every sentence ends up in exactly one bead: 1-1, m-n (up to 1-5 / 5-1 / 3-3), or
    unmatched (1-0: source sentence with no translation; 0-1: target sentence with no
    source). Findings (dropped, added, untranslated, number-mismatch, ...) go into the
    file's flags: see `aligner review`. Writing over an alignment file keeps the review
    decisions of every flag whose sentences did not change.
    """
    from aligner.alignfile import to_write_over, write_over
    from aligner.export import default_domain, export_to, plan_exports
    from aligner.files import refuse_overwriting, require_folder, write_atomic
    from aligner.pipeline import Settings, align_files

    started = time.perf_counter()
    if source == translation == "-":
        raise typer.BadParameter("only one of SOURCE and TRANSLATION can be '-' (standard input)")
    with reported():
        name = domain or default_domain(source)
        formats = [v.strip() for v in (export_formats or "").split(",") if v.strip()]
        exports = plan_exports(formats, tgt_lang, name, beside=output, locale_dir=locale_dir)
        refuse_overwriting([output, *(planned.path for planned in exports)], [source, translation])
        require_folder(output)
        given = {"src_lang": src_lang, "tgt_lang": tgt_lang, "model": model, "segmented": segmented}
        settings = Settings.load(config, boilerplate or (), **given, cache=not no_cache, input_format=read_as)
        previous = to_write_over(output) if fmt == "json" else None
        with progress_bars(not quiet, ALIGN_STAGES) as progress:
            alignment = align_files(
                source, translation, settings, progress=progress, previous=previous, stdin=sys.stdin.buffer
            )
        if output is not None and fmt == "json":
            alignment = write_over(str(output), alignment, previous)  # merged into the file as it is now
            if previous is not None:
                _say_gone(previous, alignment, str(output))
        elif output is not None:
            write_atomic(output, RENDERINGS[fmt](alignment))
        else:
            sys.stdout.write(RENDERINGS[fmt](alignment))
            sys.stdout.flush()
        for planned in exports:
            export_to(alignment, planned.format, planned.path, name)
    # Standard output is for data only (the alignment, when there is no -o): the summary
    # and what was written go to stderr.
    if not quiet:
        _report(alignment, output, [planned.path for planned in exports], time.perf_counter() - started)


def _say_gone(previous: Alignment, alignment: Alignment, output: str) -> None:
    """The review decisions of ``output`` that no flag of the new alignment matches, on
    stderr (even with --quiet: a person's work is not dropped without a word)."""
    from aligner.carry import describe_gone, no_longer_applies

    gone = no_longer_applies(previous, alignment)
    if gone:
        echo(
            f"warning: {output}: {len(gone)} review decision{'s' if len(gone) != 1 else ''} no longer "
            f"appl{'y' if len(gone) != 1 else 'ies'} (the problem is gone, or its sentences changed):",
            err=True,
        )
    for flag in gone:
        echo(f"  {describe_gone(flag)}", err=True)


def _report(alignment: Alignment, output: Path | None, bundles: list[Path], seconds: float) -> None:
    """The run's summary and the files written, on stderr."""
    from aligner.decisions import reviewed
    from aligner.review.text import format_summary

    echo(format_summary(alignment, seconds, None if output is None else str(output)), err=True)
    if output is not None:
        kept = reviewed(alignment)
        echo(f"Wrote {output}" + (f" (kept {kept} review decisions)" if kept else ""), err=True)
    for path in bundles:
        echo(f"Wrote {path}", err=True)
