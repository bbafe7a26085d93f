"""The option types and parsers the commands share, through Typer and click as a command
uses them (aligner/cli/options.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from aligner.cli import app
from aligner.cli.options import (
    DEFAULT_MODEL,
    Boilerplate,
    Config,
    Domain,
    Exports,
    Model,
    NoCache,
    choice_option,
    lang,
)
from aligner.export import FORMATS
from aligner.model import FlagType

runner = CliRunner()


def tiny() -> typer.Typer:
    """A command with every shared option, printing what it was given as JSON."""
    tool = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)

    @tool.command()
    def show(
        fmt: Annotated[str, choice_option(FORMATS, "export format", "The format.", "--format", "-f")] = "po",
        types: Annotated[
            list[FlagType] | None,
            choice_option(FlagType, "flag type", "Only these.", "--type", "-t", convert=FlagType),
        ] = None,
        src_lang: Annotated[str, typer.Option(callback=lang)] = "et",
        model: Model = DEFAULT_MODEL,
        no_cache: NoCache = False,
        config: Config = None,
        boilerplate: Boilerplate = None,
        export_formats: Exports = None,
        domain: Domain = None,
    ) -> None:
        typer.echo(
            json.dumps(
                {
                    "fmt": fmt,
                    "types": None if types is None else [f"{type(t).__name__}.{t.name}" for t in types],
                    "src_lang": src_lang,
                    "model": model,
                    "no_cache": no_cache,
                    "config": None if config is None else f"{type(config).__name__}:{config}",
                    "boilerplate": boilerplate,
                    "export": export_formats,
                    "domain": domain,
                }
            )
        )

    return tool


def given(*args: str) -> dict[str, Any]:
    result = runner.invoke(tiny(), list(args))
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def refused(tool: typer.Typer, *args: str) -> str:
    """The one error line of a usage error (exit code 2)."""
    result: Result = runner.invoke(tool, list(args))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr.strip().splitlines()[-1]


def one_line(text: str) -> str:
    return " ".join(text.split())


def choosing(names: Iterable[str]) -> typer.Typer:
    tool = typer.Typer(add_completion=False, rich_markup_mode=None)
    option = choice_option(names, "thing", "A thing.", "--thing")  # a default: annotations are not evaluated here

    @tool.command()
    def pick(thing: str = option) -> None:
        typer.echo(thing)

    return tool


# --- choices -----------------------------------------------------------------------------


def test_the_defaults_of_the_shared_options() -> None:
    assert given() == {
        "fmt": "po",
        "types": None,
        "src_lang": "et",
        "model": DEFAULT_MODEL,
        "no_cache": False,
        "config": None,
        "boilerplate": None,
        "export": None,
        "domain": None,
    }


def test_a_choice_is_taken_as_given_or_as_the_vocabularys_member() -> None:
    assert given("-f", "xliff12")["fmt"] == "xliff12"
    assert given("--format", "tmx")["fmt"] == "tmx"
    assert given("-t", "moved", "--type", "number-mismatch")["types"] == [
        "FlagType.MOVED",
        "FlagType.NUMBER_MISMATCH",
    ]


@pytest.mark.parametrize("value", ["docx", "TMX", "", "xliff ", "po,mo"])
def test_anything_else_is_a_usage_error_naming_every_choice(value: str) -> None:
    assert refused(tiny(), "-f", value) == (
        f"Error: Invalid value for '--format' / '-f': unknown export format {value!r} "
        "(one of: po, mo, tmx, xliff, xliff12)"
    )


def test_a_flag_type_outside_the_vocabulary_is_refused_with_its_values() -> None:
    values = ", ".join(t.value for t in FlagType)
    assert refused(tiny(), "-t", "dropped", "-t", "Dropped") == (
        f"Error: Invalid value for '--type' / '-t': unknown flag type 'Dropped' (one of: {values})"
    )


def test_the_choices_come_from_the_names_given_and_show_in_the_help() -> None:
    names = (name for name in ["local", "ray", "spark"])  # read once, as a registry's keys are
    tool = choosing(names)
    assert runner.invoke(tool, ["--thing", "spark"]).stdout == "spark\n"
    assert refused(tool, "--thing", "dask").endswith("unknown thing 'dask' (one of: local, ray, spark)")
    assert "--thing [local|ray|spark]" in one_line(runner.invoke(tool, ["--help"]).stdout)


def test_the_help_shows_a_registrys_and_an_enums_choices() -> None:
    shown = one_line(runner.invoke(tiny(), ["--help"]).stdout)
    assert f"-f, --format [{'|'.join(FORMATS)}]" in shown
    assert f"-t, --type [{'|'.join(t.value for t in FlagType)}]" in shown


# --- languages ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "taken"), [("et", "et"), ("EN", "en"), (" ru ", "ru"), ("Fi", "fi"), ("ET\n", "et")])
def test_a_two_letter_language_is_taken_in_lower_case(value: str, taken: str) -> None:
    assert lang(value) == taken
    assert given("--src-lang", value)["src_lang"] == taken


@pytest.mark.parametrize(
    ("value", "named"),
    [("est", "est"), ("xx", "xx"), ("E1", "e1"), ("pt-BR", "pt-br"), ("e", "e"), ("", ""), (" Qq ", "qq")],
)
def test_anything_but_a_known_two_letter_code_is_refused(value: str, named: str) -> None:
    message = f"{named!r} is not an ISO 639-1 language code (two letters, e.g. et, en, ru)"
    with pytest.raises(typer.BadParameter, match=f"^{re.escape(message)}$"):
        lang(value)
    assert refused(tiny(), "--src-lang", value) == f"Error: Invalid value for '--src-lang': {message}"


# --- the shared options ------------------------------------------------------------------


def test_no_cache_is_a_flag_with_no_opposite() -> None:
    assert given("--no-cache")["no_cache"] is True
    assert refused(tiny(), "--cache").startswith("Error: No such option: --cache")


def test_config_is_a_path_and_boilerplate_is_repeatable() -> None:
    assert given("--config", "settings/site.toml")["config"] == f"{type(Path()).__name__}:settings/site.toml"
    assert given("--boilerplate", "^Follow ERR News", "--boilerplate", "Loe ka:")["boilerplate"] == [
        "^Follow ERR News",
        "Loe ka:",
    ]


def test_the_export_option_is_called_export_and_takes_one_comma_separated_value() -> None:
    assert given("--export", "tmx,po", "--domain", "uudised")["export"] == "tmx,po"
    assert given("--domain", "uudised")["domain"] == "uudised"
    assert refused(tiny(), "--exports", "tmx").startswith("Error: No such option: --exports")


def test_the_help_texts_name_the_default_model_and_every_format() -> None:
    shown = one_line(runner.invoke(tiny(), ["--help"]).stdout)
    assert f"'{DEFAULT_MODEL}': multilingual-e5-small bundled with aligner" in shown
    assert 'needs pip install "aligner[st]".' in shown  # the brackets kept
    assert f"Also export, comma-separated, any of {','.join(FORMATS)}:" in shown
    assert "--no-cache Do not read or write the embedding cache (~/.cache/aligner)." in shown


# --- the real commands -------------------------------------------------------------------


def params(command: str) -> dict[str, Any]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return {p.name: p for p in group.commands[command].params if p.name}


@pytest.mark.parametrize(
    ("name", "commands"),
    [
        ("model", ["align", "batch", "pair"]),
        ("no_cache", ["align", "batch", "pair"]),
        ("config", ["align", "batch"]),
        ("boilerplate", ["align", "batch"]),
    ],
)
def test_every_command_says_the_same_of_a_shared_option(name: str, commands: list[str]) -> None:
    options = [params(command)[name] for command in commands]
    first = options[0]
    assert first.help
    for option in options[1:]:
        assert (option.opts, option.help, option.default, option.multiple) == (
            first.opts,
            first.help,
            first.default,
            first.multiple,
        )


def test_the_real_commands_refuse_an_unknown_choice_with_the_registrys_names() -> None:
    result = runner.invoke(app, ["export", "a.json", "-f", "docx"])
    assert result.exit_code == 2
    assert f"unknown export format 'docx' (one of: {', '.join(FORMATS)})" in result.stderr
    result = runner.invoke(app, ["review", "a.json", "-t", "missing"])
    assert result.exit_code == 2
    assert f"unknown flag type 'missing' (one of: {', '.join(t.value for t in FlagType)})" in result.stderr


@pytest.mark.parametrize("command", ["align", "pair"])
def test_the_real_commands_check_the_languages(command: str) -> None:
    result = runner.invoke(app, [command, "a", "b", "--tgt-lang", "eng"])
    assert result.exit_code == 2
    assert "Invalid value for '--tgt-lang': 'eng' is not an ISO 639-1 language code" in result.stderr
