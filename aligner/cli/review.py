"""``aligner review``: the flags listed, decided on (``-i``), reported (``--html``),
checked (``--check``) or reviewed in the browser (``--serve``)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from aligner.cli.app import ExitCode, app, echo, reported
from aligner.cli.options import choice_option
from aligner.errors import BackendUnavailableError, UsageError
from aligner.model import FlagType, Severity


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
        choice_option(FlagType, "flag type", "Only flags of this type (repeatable).", "--type", "-t", convert=FlagType),
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
    from aligner.review.session import decide_each
    from aligner.review.text import format_report

    path = str(alignment_file)
    if serve:
        _serve(path, host, port, open_browser, reviewer or _default_reviewer())
        return
    with reported():
        refuse_overwriting([html], [path])
        require_folder(html)
        alignment = load(path)
        chosen = select(alignment.flags, flag_type, severity)
        if interactive:
            alignment = decide_each(alignment, chosen, path, reviewer or _default_reviewer(), context, _ask, _say)
        elif as_json:
            echo(json.dumps(flags_json(alignment, chosen), ensure_ascii=False, indent=1))
        elif not check and html is None:
            _print_report(format_report(alignment, chosen, context))
        if html is not None:
            write_atomic(html, render_html(alignment))
            echo(f"Wrote {html}", err=as_json)
    if check:
        open_errors = blocking(alignment)
        if open_errors:
            echo(
                f"{len(open_errors)} error flag{'s' if len(open_errors) != 1 else ''} not accepted in {path}", err=True
            )
            raise typer.Exit(ExitCode.UNRESOLVED)
        echo(f"No unaccepted error flags in {path}", err=True)


def _serve(path: str, host: str, port: int, open_browser: bool, reviewer: str) -> None:
    """``review --serve``: the page until Ctrl-C."""
    with reported():
        try:
            from aligner.review.server import serve
        except ImportError as exc:
            raise BackendUnavailableError(
                f'--serve needs the web server: pip install "aligner[serve]" ({exc})'
            ) from None
        if host not in ("127.0.0.1", "localhost", "::1"):
            echo(f"warning: serving on {host}: anyone who can reach it and has the address can change {path}", err=True)

        def ready(url: str) -> None:
            echo(f"Reviewing {path} at {url}  (Ctrl-C stops)", err=True)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

        try:
            serve(path, host, port, ready, reviewer)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


SEVERITY_STYLES = {"ERROR": "bold red", "WARN": "bold yellow", "INFO": "bold blue"}
_MARK = re.compile(r"^#\d+(?: of \d+)? (ERROR|WARN|INFO)\b", re.MULTILINE)


def _print_report(text: str) -> None:
    """The report for a person. On a terminal: severities in colour (not with $NO_COLOR)
    and, when it is longer than the screen, through a pager ($PAGER, else ``less``), as
    ``git log`` does; into a pipe or a file: the plain text."""
    from rich.console import Console
    from rich.text import Text

    from aligner.printable import shown

    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        echo(text, nl=False)
        return
    styled = Text(shown(text))
    for found in () if os.environ.get("NO_COLOR") else _MARK.finditer(styled.plain):  # no-color.org: no bold either
        styled.stylize(SEVERITY_STYLES[found.group(1)], found.start(1), found.end(1))
    if text.count("\n") < console.height:
        console.print(styled, end="")
        return
    os.environ.setdefault("LESS", "FRX")  # as git sets it: less shows the colours, not their codes
    with console.pager(styles=True):
        console.print(styled, end="")


def _ask(question: str, default: str) -> str | None:
    """One answer from standard input (``default`` for an empty line); None at the end of
    the input. Ctrl-C is not an answer: it ends the command (exit code 130)."""
    echo(f"{question} [{default}]: " if default else f"{question}: ", nl=False)
    line = sys.stdin.readline()
    if not line:
        echo("")
        return None
    return line.strip() or default


def _say(text: str, err: bool) -> None:
    echo(text, err=err)
