"""The command line: options in, a library call, results out, an exit code.

Every command turns its options into library values, calls the library inside
``_reported()`` (the one place that turns an ``AlignerError`` or Ctrl-C into a one-line
message and an exit code), and prints the result. Nothing heavy is imported at module
level, so ``aligner --help`` stays fast and never imports numpy, torch or a model.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aligner._version import __version__
from aligner.alignfile import RENDERINGS
from aligner.errors import AlignerError, AlignerWarning, BackendUnavailableError, ExportError, InputError, UsageError
from aligner.export import EXPORTERS
from aligner.model import Decision, FlagType, InputFormat, Severity

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


EXIT_CODES: dict[type[AlignerError], ExitCode] = {
    InputError: ExitCode.INPUT,
    UsageError: ExitCode.USAGE,
    BackendUnavailableError: ExitCode.BACKEND,
    ExportError: ExitCode.OUTPUT,
}
"""The exit code of each kind of error (of a kind not listed: its nearest listed base, else INPUT)."""


def exit_code(exc: AlignerError) -> ExitCode:
    """The exit code that reports ``exc``."""
    return next((EXIT_CODES[kind] for kind in type(exc).__mro__ if kind in EXIT_CODES), ExitCode.INPUT)


@contextmanager
def _reported() -> Iterator[None]:
    """Run a command's library calls: an AlignerError becomes ``error: <file>: <problem>`` on
    stderr and its exit code, Ctrl-C ``error: interrupted`` and 130; never a traceback."""
    try:
        yield
    except AlignerError as exc:
        typer.echo(f"error: {exc.describe()}", err=True)
        raise typer.Exit(exit_code(exc)) from None
    except KeyboardInterrupt:
        typer.echo("error: interrupted", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None


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


def _choice_option(names: Iterable[str], what: str, help: str, *flags: str, convert: Callable[[str], str] = str) -> Any:
    """An option whose value is one of ``names``, shown as ``[a|b|c]`` in ``--help``."""
    names = list(names)
    return typer.Option(*flags, parser=_one_of(convert, names, what), metavar="[" + "|".join(names) + "]", help=help)


app = typer.Typer(
    name="aligner",
    help="Align an article with its translation sentence by sentence, and check the translation.",
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help text is plain: with rich markup on, "aligner[st]" and "[align]" lose their brackets.
    rich_markup_mode=None,
)


_LANG = re.compile(r"^[a-z]{2}$")


def _lang(value: str) -> str:
    from aligner.model import language_tag

    value = value.strip().lower()
    if _LANG.match(value):
        with contextlib.suppress(ValueError):
            return language_tag(value, "language")  # two letters, and a language the registry knows
    raise typer.BadParameter(f"{value!r} is not an ISO 639-1 language code (two letters, e.g. et, en, ru)")


ALIGN_STAGES = {"embed": "Embedding sentences", "align": "Aligning", "check": "Checking the translation"}
BATCH_STAGES = {"embed": "Sentences", "align": "Articles"}


@contextmanager
def _progress(
    enabled: bool, labels: dict[str, str], rates: dict[str, str] | None = None
) -> Iterator[Callable[[str, int, int], None] | None]:
    """Progress on stderr, when stderr is a terminal, one bar per stage (``labels``):
    a counted stage shows ``done/total``, its rate per minute where ``rates`` names its
    unit, and the time left;
    a single step (a total of 1: aligning, checking), whose length nothing predicts, a
    pulsing bar until it is done. The elapsed time throughout."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Count(ProgressColumn):
        """``done/total`` (and the rate) and the time left for a counted stage; nothing for a single step."""

        remaining = TimeRemainingColumn()

        def render(self, task: Task) -> Text:
            if task.total is None or task.total == 1:
                return Text("")
            unit = task.fields.get("unit", "")
            speed = f"{task.speed * 60:.0f} {unit}/min " if unit and task.speed else ""
            return Text(f"{int(task.completed)}/{int(task.total)} {speed}") + self.remaining.render(task)

    with Progress(
        SpinnerColumn(finished_text="✓"),
        TextColumn("{task.description}"),
        BarColumn(),
        Count(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                # A single step's bar pulses (no total) until it is done.
                total_shown = None if total == 1 else total
                unit = (rates or {}).get(stage, "")
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total_shown, unit=unit)
            bar.update(tasks[stage], completed=done, total=None if total == 1 and done < 1 else total)

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
    warnings.showwarning = _show_warning


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """The library's warnings (AlignerWarning) as one line on stderr, ``warning: <text>``."""
    if issubclass(category, AlignerWarning):
        typer.echo(f"warning: {message}", err=True)
    else:
        typer.echo(warnings.formatwarning(message, category, filename, lineno, line).rstrip(), err=True)


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
        _choice_option(
            RENDERINGS,
            "output format",
            "json: the alignment document; beads: Vecalign's [0, 1]:[2] lines; tsv: source and target text side "
            "by side.",
            "--format",
            "-f",
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
        typer.Option(help="TOML file with [align], [moves] and [flags] tables of settings (thresholds, boilerplate)."),
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
    from aligner.alignfile import load_previous
    from aligner.decisions import reviewed
    from aligner.export import default_domain, export_to, plan_exports
    from aligner.files import refuse_overwriting, require_folder, write_atomic
    from aligner.pipeline import Settings, align_files
    from aligner.review.text import format_summary

    started = time.perf_counter()
    if source == translation == "-":
        raise typer.BadParameter("only one of SOURCE and TRANSLATION can be '-' (standard input)")
    with _reported():
        name = domain or default_domain(source)
        formats = [v.strip() for v in (export_formats or "").split(",") if v.strip()]
        exports = plan_exports(formats, tgt_lang, name, beside=output, locale_dir=locale_dir)
        refuse_overwriting([output, *(planned.path for planned in exports)], [source, translation])
        require_folder(output)
        settings = Settings.load(
            config,
            boilerplate or (),
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            model=model,
            segmented=segmented,
            cache=not no_cache,
            input_format=read_as,
        )
        with _progress(not quiet, ALIGN_STAGES) as progress:
            alignment = align_files(
                source, translation, settings, progress=progress, previous=load_previous(output), stdin=sys.stdin.buffer
            )
        text = RENDERINGS[fmt](alignment)
        if output is not None:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        for planned in exports:
            export_to(alignment, planned.format, planned.path, name)
    # Standard output is for data only (the alignment, when there is no -o): the summary
    # and what was written go to stderr.
    if not quiet:
        saved_as = None if output is None else str(output)
        typer.echo(format_summary(alignment, time.perf_counter() - started, saved_as), err=True)
        if output is not None:
            kept = reviewed(alignment)
            typer.echo(f"Wrote {output}" + (f" (kept {kept} review decisions)" if kept else ""), err=True)
        for planned in exports:
            typer.echo(f"Wrote {planned.path}", err=True)


def _default_reviewer() -> str:
    import getpass

    try:
        return os.environ.get("ALIGNER_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


@app.command()
def review(
    alignment_file: Annotated[
        Path, typer.Argument(metavar="ALIGNMENT", help="An alignment file written by `aligner align -o`.")
    ],
    flag_type: Annotated[
        list[FlagType] | None,
        _choice_option(
            FlagType, "flag type", "Only flags of this type (repeatable).", "--type", "-t", convert=FlagType
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
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Review and correct in the browser: a local page that records decisions, merges, splits and links "
            'pairs, and aligns the rest again (needs pip install "aligner[serve]").',
        ),
    ] = False,
    host: Annotated[
        str, typer.Option(help="With --serve: the address to listen on (anything but 127.0.0.1 is warned about).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="With --serve: the port (0: any free one).", min=0, max=65535)] = 0,
    open_browser: Annotated[bool, typer.Option("--open", help="With --serve: open the page in a browser.")] = False,
) -> None:
    """List the flags of an alignment, most severe first; record decisions; write a report.

    Decisions (accepted: fine as it is; rejected: needs fixing; a note) are saved into the
    alignment file, with the reviewer and the time, after every decision. `aligner align`
    keeps them for every flag whose sentences did not change.
    """
    from aligner.alignfile import load
    from aligner.decisions import blocking
    from aligner.files import refuse_overwriting, require_folder, write_atomic
    from aligner.review import flags_json, select
    from aligner.review.html import render_html
    from aligner.review.text import format_report

    path = str(alignment_file)
    if serve:
        _serve(path, host, port, open_browser)
        return
    with _reported():
        refuse_overwriting([html], [path])
        require_folder(html)
        alignment = load(path)
        chosen = select(alignment.flags, flag_type, severity)
        if interactive:
            alignment = _interactive(alignment, chosen, path, reviewer or _default_reviewer(), context)
        elif as_json:
            typer.echo(json.dumps(flags_json(alignment, chosen), ensure_ascii=False, indent=1))
        elif not check and html is None:
            typer.echo(format_report(alignment, chosen, context), nl=False)
        if html is not None:
            write_atomic(html, render_html(alignment))
            typer.echo(f"Wrote {html}", err=as_json)
    if check:
        open_errors = blocking(alignment)
        if open_errors:
            typer.echo(
                f"{len(open_errors)} error flag{'s' if len(open_errors) != 1 else ''} not accepted in {path}", err=True
            )
            raise typer.Exit(ExitCode.UNRESOLVED)
        typer.echo(f"No unaccepted error flags in {path}", err=True)


def _serve(path: str, host: str, port: int, open_browser: bool) -> None:
    """``review --serve``: the page until Ctrl-C."""
    with _reported():
        try:
            from aligner.review.server import serve
        except ImportError as exc:
            raise BackendUnavailableError(
                f'--serve needs the web server: pip install "aligner[serve]" ({exc})'
            ) from None
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(
                f"warning: serving on {host}: anyone who can reach it and has the address can change {path}", err=True
            )

        def ready(url: str) -> None:
            typer.echo(f"Reviewing {path} at {url}  (Ctrl-C stops)", err=True)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

        try:
            serve(path, host, port, ready)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


_ASK = "[a]ccept  [r]eject  [n]ote  [s]kip  [u]ndo last  [q]uit"


def _ask(question: str, default: str) -> str | None:
    """One answer from standard input (``default`` for an empty line); None at the end of
    the input. Ctrl-C is not an answer: it ends the command (exit code 130)."""
    typer.echo(f"{question} [{default}]: " if default else f"{question}: ", nl=False)
    line = sys.stdin.readline()
    if not line:
        typer.echo("")
        return None
    return line.strip() or default


def _interactive(alignment: Alignment, chosen: list[Flag], path: str, reviewer: str, context: int) -> Alignment:
    """Ask about each flag; record every decision in the file at once. End of input is a quit.

    Each decision is merged into the file as it is on disk (``alignfile.update``), so two
    reviewers on one file both keep their decisions; a flag that another run took out of
    the file meanwhile (re-aligned) is skipped with a word."""
    from aligner.alignfile import update
    from aligner.decisions import decide, set_review
    from aligner.review.text import format_flag

    if not reviewer:
        raise InputError("no reviewer name: give --reviewer or set ALIGNER_REVIEWER", path)
    decisions = {"a": Decision.ACCEPTED, "r": Decision.REJECTED, "n": Decision.NOTE}
    done: list[tuple[int, str, Review | None]] = []  # (position, flag key, review before) for undo

    def record(key: str, review: Review | None) -> bool:
        nonlocal alignment
        try:
            alignment = update(path, lambda fresh: set_review(fresh, key, review))
        except KeyError:
            typer.echo("This flag is no longer in the file (it was re-aligned meanwhile): not recorded.", err=True)
            return False
        return True

    position = 0
    while True:
        at_end = position >= len(chosen)
        if at_end and not done:
            break
        if not at_end:
            current = next((f for f in alignment.flags if f.key == chosen[position].key), None)
            if current is None:
                position += 1
                continue
            typer.echo(format_flag(alignment, current, position + 1, context) + "\n")
        choices = ("u", "q") if at_end else ("a", "r", "n", "s", "u", "q")
        question = "End of the flags. [u]ndo last  [q]uit" if at_end else _ASK
        answer: str | None = ""
        while answer is not None and answer not in choices:
            answer = _ask(question, "q" if at_end else "s")
            answer = None if answer is None else answer.lower()[:1]
        if answer is None or answer == "q":
            break
        if answer == "s":
            position += 1
            continue
        if answer == "u":
            if not done:
                typer.echo("Nothing to undo.", err=True)
                continue
            position, key, before = done.pop()
            if record(key, before):
                typer.echo("Undone.", err=True)
            continue
        note = _ask("Note", "")
        if note is None:
            break
        assert current is not None
        decided = decide(alignment, current.key, decisions[answer], note, reviewer)
        review = next(f.review for f in decided.flags if f.key == current.key)
        if record(current.key, review):
            done.append((position, current.key, current.review))
        position += 1
    return alignment


@app.command()
def export(
    alignment_file: Annotated[
        Path, typer.Argument(metavar="ALIGNMENT", help="An alignment file written by `aligner align -o`.")
    ],
    fmt: Annotated[
        str,
        _choice_option(
            EXPORTERS,
            "export format",
            "; ".join(f"{name}: {exporter.description}" for name, exporter in EXPORTERS.items()) + ".",
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

    with _reported():
        alignment = load(str(alignment_file))
        name = domain or default_domain(alignment.source.path)
        (planned,) = plan_exports([fmt], alignment.target.lang, name, output=output, locale_dir=locale_dir)
        refuse_overwriting([planned.path], [alignment_file])
        export_to(alignment, fmt, planned.path, name, now, force)
    typer.echo(f"Wrote {planned.path}")


@app.command()
def batch(
    source: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLES",
            help="A folder with a subfolder per article (source.et.txt, translation.en.html, ...), or a "
            "manifest (.csv or .jsonl: article, source, source_lang, translation, translation_lang).",
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The output folder (made if missing).")],
    locale_dir: Annotated[
        Path | None,
        typer.Option(help="Where the gettext bundles go (default: OUTPUT/locales), one domain per article."),
    ] = None,
    export_formats: Annotated[
        str | None,
        typer.Option(
            "--export", help="Also write, comma-separated, any of tmx, xliff, xliff12, beside each alignment."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes, each with its own model (default: the cores). With --engine ray: the CPUs of "
            "the local Ray instance, or on a cluster the most embedding actors (default: the cluster's CPUs).",
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            help="local: this machine's processes. ray: a Ray Data pipeline, on the cluster at --ray-address or "
            'on a local Ray instance; needs pip install "aligner[ray]". Same outputs and state either way.'
        ),
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            help="With --engine ray: the running cluster's address (host:port of its head, or auto for the "
            "cluster this machine belongs to). Inputs and OUTPUT must be at the same paths on every node."
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with code 5 while any error flag in any article is not accepted.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove the outputs of articles no longer in ARTICLES.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on standard output.")] = False,
    model: Annotated[str, typer.Option(help="As for aligner align.")] = "e5-small",
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the embedding cache.")] = False,
    config: Annotated[Path | None, typer.Option(help="TOML settings, as for aligner align.")] = None,
    boilerplate: Annotated[list[str] | None, typer.Option(help="As for aligner align (repeatable).")] = None,
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
    from aligner.export import EXPORTERS
    from aligner.settings import Settings

    started = time.perf_counter()
    with _reported():
        formats = [v.strip() for v in (export_formats or "").split(",") if v.strip()]
        for fmt in formats:
            if fmt not in EXPORTERS or EXPORTERS[fmt].gettext:
                raise UsageError(
                    f"--export: {fmt!r} is not one of tmx, xliff, xliff12 (gettext always goes to --locale-dir)"
                )
        if ray_address is not None and engine != "ray":
            raise UsageError("--ray-address goes with --engine ray")
        settings = Settings.load(config, boilerplate or (), model=model, cache=not no_cache)
        found, problems = jobs_of(source)
        with _progress(not quiet, BATCH_STAGES, {"align": "articles"}) as progress:
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
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    if not quiet:
        typer.echo(_batch_summary(result, time.perf_counter() - started), err=True)
    elif result.failures:
        for job, error in result.failures:
            typer.echo(f"error: {job}: {error}", err=True)
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
    src_lang: Annotated[str, typer.Option(help="Language of SOURCE_DIR (ISO 639-1).", callback=_lang)] = "et",
    tgt_lang: Annotated[str, typer.Option(help="Language of TRANSLATION_DIR (ISO 639-1).", callback=_lang)] = "en",
    date_window: Annotated[
        int,
        typer.Option(
            min=0,
            help="Most days between a pair's publication dates, where both files state one (a page's "
            "article:published_time, datePublished or <time datetime>, a Markdown front matter's date).",
        ),
    ] = 7,
    no_dates: Annotated[bool, typer.Option("--no-dates", help="Pair without the publication dates.")] = False,
    model: Annotated[str, typer.Option(help="As for aligner align.")] = "e5-small",
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the embedding cache.")] = False,
) -> None:
    """Find which translation goes with which source article, and write a manifest for aligner batch.

    Each article's title and opening sentences are embedded; its candidates are the
    nearest leads on the other side, scored with the figures both mention and their
    lengths, and only within --date-window days where both are dated; a one-to-one
    assignment takes the best first. Articles left without a partner (never translated,
    written from scratch) are listed.
    """
    from aligner.files import require_folder, write_atomic
    from aligner.pairing import PairConfig, pair_folders
    from aligner.pipeline import Settings, make_embedder

    with _reported():
        require_folder(output)
        embedder = make_embedder(Settings(model=model, cache=not no_cache))
        config = PairConfig(date_window=None if no_dates else date_window)
        result = pair_folders(source_dir, translation_dir, src_lang, tgt_lang, embedder, config)
        write_atomic(output, result.manifest(src_lang, tgt_lang))
    lines = [f"{len(result.pairs)} pairs written to {output}"]
    lines += [f"  no translation found: {p}" for p in result.unpaired_sources]
    lines += [f"  no source found: {p}" for p in result.unpaired_translations]
    lines += [f"  unreadable: {p}" for p in result.unreadable]
    typer.echo("\n".join(lines), err=True)


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

    with _reported():
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
    typer.echo(f"Wrote {output}")


def run(prog_name: str | None = None, args: list[str] | None = None) -> None:
    """The ``aligner`` command: the Typer app, with every way it can fail made one line on
    stderr and an exit code, never a traceback: a usage error (2, with where to find
    help), Ctrl-C (130), and standard output that cannot be written (4: a full disk; a
    reader that went away, as ``| head`` does, ends the run quietly). With no arguments,
    the help."""
    args = sys.argv[1:] if args is None else args
    code: int
    try:
        result = app(args=args or ["--help"], standalone_mode=False, prog_name=prog_name)
        code = result if isinstance(result, int) else ExitCode.OK
        sys.stdout.flush()
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("error: interrupted", err=True)
        code = ExitCode.INTERRUPTED
    except typer.TyperException as exc:  # click's usage errors (exit code 2) and its file errors
        code = getattr(exc, "exit_code", ExitCode.USAGE)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None and code == ExitCode.USAGE else ""
        message = " ".join(exc.format_message().split())
        typer.echo(f"error: {message}{hint}", err=True)
    except BrokenPipeError:
        code = ExitCode.OK
        _silence_stdout()
    except OSError as exc:
        # Every file the commands write reports its own errors: what is left is stdout.
        typer.echo(f"error: <stdout>: cannot write: {exc.strerror or exc}", err=True)
        code = ExitCode.OUTPUT
    if code != ExitCode.OK:
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's last flush on exit cannot fail loudly
    after the one-line error has been given."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
