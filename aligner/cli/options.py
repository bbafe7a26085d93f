"""Option types and parsers the commands share: one definition each, so that every
command says the same about ``--model``, ``--no-cache``, ``--config``, ``--boilerplate``."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from aligner.embed import DEFAULT_MODEL
from aligner.export import FORMATS

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


def choice_option(names: Iterable[str], what: str, help: str, *flags: str, convert: Callable[[str], str] = str) -> Any:
    """An option whose value is one of ``names``, shown as ``[a|b|c]`` in ``--help``."""
    names = list(names)
    return typer.Option(*flags, parser=_one_of(convert, names, what), metavar="[" + "|".join(names) + "]", help=help)


_LANG = re.compile(r"^[a-z]{2}$")


def lang(value: str) -> str:
    from aligner.model import language_tag

    value = value.strip().lower()
    if _LANG.match(value):
        with contextlib.suppress(ValueError):
            return language_tag(value, "language")  # two letters, and a language the registry knows
    raise typer.BadParameter(f"{value!r} is not an ISO 639-1 language code (two letters, e.g. et, en, ru)")


Model = Annotated[
    str,
    typer.Option(
        help=f"'{DEFAULT_MODEL}': multilingual-e5-small bundled with aligner (offline, no torch). Anything "
        "else is a sentence-transformers model name or path, e.g. sentence-transformers/LaBSE; "
        'needs pip install "aligner[st]".'
    ),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the embedding cache (~/.cache/aligner).")
]
Config = Annotated[
    Path | None,
    typer.Option(help="TOML file with [align], [moves] and [flags] tables of settings (thresholds, boilerplate)."),
]
Boilerplate = Annotated[
    list[str] | None,
    typer.Option(
        help="Regular expression of known boilerplate (repeatable): an added span that matches "
        "is reported as info, not error."
    ),
]

Exports = Annotated[
    str | None,
    typer.Option(
        "--export",
        help=f"Also export, comma-separated, any of {','.join(FORMATS)}: gettext into --locale-dir, "
        "the others beside -o.",
    ),
]
Domain = Annotated[
    str | None,
    typer.Option(help="gettext domain for --export (default: the source file's name up to its first dot)."),
]

__all__ = ["DEFAULT_MODEL", "Boilerplate", "Config", "Domain", "Exports", "Model", "NoCache", "choice_option", "lang"]
