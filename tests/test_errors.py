"""The errors aligner raises and how a front end reports them (aligner/errors.py)."""

from __future__ import annotations

from aligner.cli import ExitCode, exit_code
from aligner.errors import AlignerError, BackendUnavailableError, ExportError, InputError, UsageError


def test_an_error_reads_as_file_and_problem() -> None:
    error = InputError("not valid UTF-8 (byte 3, line 1)", "a.txt")
    assert str(error) == "not valid UTF-8 (byte 3, line 1)"
    assert error.describe() == "a.txt: not valid UTF-8 (byte 3, line 1)"
    assert UsageError("give -o FILE for tmx").describe() == "give -o FILE for tmx"


def test_every_kind_has_its_exit_code() -> None:
    assert exit_code(InputError("x")) is ExitCode.INPUT
    assert exit_code(UsageError("x")) is ExitCode.USAGE
    assert exit_code(BackendUnavailableError("x")) is ExitCode.BACKEND
    assert exit_code(ExportError("x")) is ExitCode.OUTPUT

    class Unforeseen(AlignerError):
        pass

    class NarrowerExport(ExportError):
        pass

    assert exit_code(Unforeseen("x")) is ExitCode.INPUT
    assert exit_code(NarrowerExport("x")) is ExitCode.OUTPUT
