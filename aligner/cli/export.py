"""``aligner export`` and ``aligner import``: an alignment to a bundle and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.cli.app import app, echo, reported
from aligner.cli.options import choice_option
from aligner.errors import ExportError
from aligner.export import FORMATS


@app.command()
def export(
    alignment_file: Annotated[
        Path, typer.Argument(metavar="ALIGNMENT", help="An alignment file written by `aligner align -o`.")
    ],
    fmt: Annotated[
        str,
        choice_option(
            FORMATS,
            "export format",
            "; ".join(f"{name}: {exporter.description}" for name, exporter in FORMATS.items()) + ".",
            "--format",
            "-f",
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
    from aligner.export import default_domain, export_to, plan_exports
    from aligner.files import refuse_overwriting

    with reported():
        alignment = load(str(alignment_file))
        name = domain or default_domain(alignment.source.path)
        (planned,) = plan_exports([fmt], alignment.target.lang, name, output=output, locale_dir=locale_dir)
        refuse_overwriting([planned.path], [alignment_file])
        export_to(alignment, fmt, planned.path, name, now, force)
    echo(f"Wrote {planned.path}")


@app.command("import")
def import_(
    bundle: Annotated[
        Path, typer.Argument(metavar="BUNDLE", help="A .po, .tmx or .xlf file that `aligner export` wrote.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The alignment file to write (best a new one: see the README).")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace an alignment file that holds review decisions.")
    ] = False,
) -> None:
    """Read an exported bundle (perhaps reviewed in a CAT tool) back into an alignment file.

    Export, import and export again gives the same bytes. The alignment keeps the
    sentences, beads, scores, flags and review decisions, not the offsets into the
    original files. An existing alignment that holds review decisions is not replaced
    without --force.
    """
    from aligner.alignfile import dumps, load_previous
    from aligner.decisions import reviewed
    from aligner.export import import_file
    from aligner.files import refuse_overwriting, write_atomic

    with reported():
        refuse_overwriting([output], [bundle])
        alignment = import_file(str(bundle))
        previous = load_previous(output) if output.is_file() and not force else None
        if previous is not None and reviewed(previous):
            raise ExportError(
                f"holds {reviewed(previous)} review decisions that the import would replace; "
                "import into a new file, or use --force",
                str(output),
            )
        write_atomic(output, dumps(alignment))
    echo(f"Wrote {output}")
