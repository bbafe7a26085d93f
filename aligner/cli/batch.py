"""``aligner batch`` and ``aligner pair``: a whole archive of articles."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from aligner.batch.engines import ENGINES
from aligner.cli.app import ExitCode, app, echo, reported
from aligner.cli.options import DEFAULT_MODEL, Boilerplate, Config, Model, NoCache, lang
from aligner.cli.progress import BATCH_STAGES, progress_bars
from aligner.errors import UsageError
from aligner.export import FORMATS

XML_FORMATS = [name for name, exporter in FORMATS.items() if not exporter.gettext]
"""What ``batch --export`` may write beside each alignment (gettext goes to the locales)."""


Articles = Annotated[
    str,
    typer.Argument(
        metavar="ARTICLES",
        help="A folder with a subfolder per article (source.et.txt, translation.en.html, ...), or a "
        "manifest (.csv or .jsonl: article, source, source_lang, translation, translation_lang).",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes, each with its own model (default: the cores). With --engine ray: the CPUs of "
        "the local Ray instance, or on a cluster the most embedding actors (default: the cluster's CPUs).",
    ),
]
Engine = Annotated[
    str,
    typer.Option(
        metavar="[" + "|".join(ENGINES) + "]",  # checked by run_batch, which names the engines when it refuses one
        help="local: this machine's processes. ray: a Ray Data pipeline, on the cluster at --ray-address or "
        'on a local Ray instance; needs pip install "aligner[ray]". Same outputs and state either way.',
    ),
]
RayAddress = Annotated[
    str | None,
    typer.Option(
        help="With --engine ray: the running cluster's address (host:port of its head, or auto for the "
        "cluster this machine belongs to). Inputs and OUTPUT must be at the same paths on every node."
    ),
]


@app.command()
def batch(
    source: Articles,
    output: Annotated[Path, typer.Option("--output", "-o", help="The output folder (made if missing).")],
    locale_dir: Annotated[
        Path | None,
        typer.Option(help="Where the gettext bundles go (default: OUTPUT/locales), one domain per article."),
    ] = None,
    export_formats: Annotated[
        str | None,
        typer.Option(
            "--export", help=f"Also write, comma-separated, any of {','.join(XML_FORMATS)}, beside each alignment."
        ),
    ] = None,
    jobs: Jobs = None,
    engine: Engine = "local",
    ray_address: RayAddress = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with code 5 while any error flag in any article is not accepted.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove the outputs of articles no longer in ARTICLES.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on standard output.")] = False,
    model: Model = DEFAULT_MODEL,
    no_cache: NoCache = False,
    config: Config = None,
    boilerplate: Boilerplate = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Align every article with each of its translations: alignments, review pages, bundles, an index.

    Writes OUTPUT/<article>/<lang>.alignment.json (as aligner align -o does, keeping review
    decisions), <lang>.review.html beside it, gettext bundles into --locale-dir (merged as
    aligner export merges), and OUTPUT/index.html. A state file in OUTPUT remembers what
    was done: a re-run redoes only articles whose texts or settings changed, and loads no
    model when none did. One article's bad input fails that article only (exit code 1,
    the failures listed); with --check, exit code 5 while an error flag is not accepted.
    """
    from aligner.batch import jobs_of, run_batch
    from aligner.settings import Settings

    started = time.perf_counter()
    with reported():
        formats = [v.strip() for v in (export_formats or "").split(",") if v.strip()]
        for fmt in formats:
            if fmt not in XML_FORMATS:
                raise UsageError(
                    f"--export: {fmt!r} is not one of {', '.join(XML_FORMATS)} (gettext always goes to --locale-dir)"
                )
        if ray_address is not None and engine != "ray":
            raise UsageError("--ray-address goes with --engine ray")
        settings = Settings.load(config, boilerplate or (), model=model, cache=not no_cache)
        found, problems = jobs_of(source)
        with progress_bars(not quiet, BATCH_STAGES, {"align": "articles"}) as progress:
            result = run_batch(
                found,
                output,
                settings,
                locale_dir=locale_dir,
                exports=formats,
                workers=jobs or (0 if ray_address else os.cpu_count() or 1),
                prune=prune,
                problems=problems,
                progress=progress,
                engine=engine,
                ray_address=ray_address,
            )
    if as_json:
        echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    if not quiet:
        echo(_batch_summary(result, time.perf_counter() - started), err=True)
    elif result.failures:
        for job, error in result.failures:
            echo(f"error: {job}: {error}", err=True)
    if result.failures:
        raise typer.Exit(ExitCode.INPUT)
    if check and result.open_errors:
        raise typer.Exit(ExitCode.UNRESOLVED)


def _batch_summary(result: Any, seconds: float) -> str:
    lines = [
        f"{len(result.aligned)} aligned, {len(result.unchanged)} unchanged, {len(result.failures)} failed "
        f"in {seconds:.1f} s{'' if result.model_loaded else ' (no model loaded)'}; "
        f"{result.open_errors} error flag{'s' if result.open_errors != 1 else ''} not accepted. Index: {result.index}"
    ]
    lines += [f"  failed: {job}: {error}" for job, error in result.failures]
    lines += [f"  skipped: {p.describe()}" for p in result.problems]
    if result.removed:
        what = "removed their outputs" if result.pruned else "outputs kept; --prune removes them"
        lines.append(f"  no longer in the input ({what}): {', '.join(result.removed)}")
    return "\n".join(lines)


@app.command()
def pair(
    source_dir: Annotated[
        Path, typer.Argument(metavar="SOURCE_DIR", help="A folder of articles in the source language.")
    ],
    translation_dir: Annotated[
        Path, typer.Argument(metavar="TRANSLATION_DIR", help="A folder of articles in the target language.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The manifest to write (CSV, as aligner batch reads).")
    ],
    src_lang: Annotated[str, typer.Option(help="Language of SOURCE_DIR (ISO 639-1).", callback=lang)] = "et",
    tgt_lang: Annotated[str, typer.Option(help="Language of TRANSLATION_DIR (ISO 639-1).", callback=lang)] = "en",
    date_window: Annotated[
        int,
        typer.Option(
            min=0,
            help="Most days between a pair's publication dates, where both files state one (a page's "
            "article:published_time, datePublished or <time datetime>, a Markdown front matter's date).",
        ),
    ] = 7,
    no_dates: Annotated[bool, typer.Option("--no-dates", help="Pair without the publication dates.")] = False,
    model: Model = DEFAULT_MODEL,
    no_cache: NoCache = False,
) -> None:
    """Find which translation goes with which source article, and write a manifest for aligner batch.

    Each article's title and opening sentences are embedded; its candidates are the
    nearest leads on the other side, scored with the figures both mention and their
    lengths, and only within --date-window days where both are dated; a one-to-one
    assignment takes the best first. Articles left without a partner (never translated,
    written from scratch) are listed.
    """
    from aligner.files import refuse_overwriting, require_folder, write_atomic
    from aligner.pairing import PairConfig, pair_folders
    from aligner.pipeline import Settings, make_embedder

    with reported():
        refuse_overwriting([output], [source_dir, translation_dir])  # not over an article of theirs
        require_folder(output)
        embedder = make_embedder(Settings(model=model, cache=not no_cache))
        config = PairConfig(date_window=None if no_dates else date_window)
        result = pair_folders(source_dir, translation_dir, src_lang, tgt_lang, embedder, config)
        write_atomic(output, result.manifest(src_lang, tgt_lang, output.parent))
    lines = [f"{len(result.pairs)} pairs written to {output}"]
    lines += [f"  no translation found: {p}" for p in result.unpaired_sources]
    lines += [f"  no source found: {p}" for p in result.unpaired_translations]
    lines += [f"  unreadable: {p}" for p in result.unreadable]
    echo("\n".join(lines), err=True)
