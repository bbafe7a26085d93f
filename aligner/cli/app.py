"""The Typer app, its exit codes and the one place that turns failures into them.

``reported()`` wraps every command's library calls: an ``AlignerError`` or Ctrl-C becomes
a one-line message and an exit code; ``run`` (the installed ``aligner`` command) does the
same for what Typer and the terminal raise.
"""

from __future__ import annotations

import enum
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from aligner._version import __version__
from aligner.errors import AlignerError, AlignerWarning, BackendUnavailableError, ExportError, InputError, UsageError
from aligner.printable import shown


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


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Print for a person, control characters shown as escapes (``printable.shown``): an
    article, a note or a file name must not drive the terminal."""
    typer.echo(shown(text), err=err, nl=nl)


@contextmanager
def reported() -> Iterator[None]:
    """Run a command's library calls: an AlignerError becomes ``error: <file>: <problem>`` on
    stderr and its exit code, Ctrl-C ``error: interrupted`` and 130; never a traceback."""
    try:
        yield
    except AlignerError as exc:
        echo(f"error: {exc.describe()}", err=True)
        raise typer.Exit(exit_code(exc)) from None
    except KeyboardInterrupt:
        echo("error: interrupted", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None


app = typer.Typer(
    name="aligner",
    help="Align an article with its translation sentence by sentence, and check the translation.",
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help text is plain: with rich markup on, "aligner[st]" and "[align]" lose their brackets.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        echo(f"aligner {__version__}")
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
        echo(f"warning: {message}", err=True)
    else:
        echo(warnings.formatwarning(message, category, filename, lineno, line).rstrip(), err=True)


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
        echo("error: interrupted", err=True)
        code = ExitCode.INTERRUPTED
    except typer.TyperException as exc:  # click's usage errors (exit code 2) and its file errors
        code = getattr(exc, "exit_code", ExitCode.USAGE)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None and code == ExitCode.USAGE else ""
        message = " ".join(exc.format_message().split())
        echo(f"error: {message}{hint}", err=True)
    except BrokenPipeError:
        code = ExitCode.OK
        _silence_stdout()
    except OSError as exc:
        # Every file the commands write reports its own errors: what is left is stdout.
        echo(f"error: <stdout>: cannot write: {exc.strerror or exc}", err=True)
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
