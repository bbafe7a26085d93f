"""Review: decisions, carry-over, the --check gate, interactive review, text and HTML reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.alignfile import dumps, load
from aligner.cli import ExitCode, app
from aligner.model import Alignment, Bead, Flag, Sentence, Side
from aligner.review import blocking, carry_over, decide, select
from aligner.review.html import render_html
from aligner.review.text import format_report

runner = CliRunner()
EVIL_SCRIPT = "<script>document.body.setAttribute('data-pwned', '1')</script>"
EVIL_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned', '2')\">"


def sample(src_texts: list[str] | None = None, path: str = "a.txt") -> Alignment:
    src_texts = src_texts or ["Üks lause.", "Teine lause.", "Kolmas."]
    tgt_texts = ["One sentence.", "Another sentence.", "Follow us!"]
    src = Side("et", path, tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(src_texts)))
    tgt = Side("en", "b.txt", tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(tgt_texts)))
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.4), Bead((2,), (), 0.8), Bead((), (2,), 0.7))
    flags = (
        Flag("low-confidence", "warning", (1,), (1,), "unsure (score 0.40)", key="k-low"),
        Flag("dropped", "error", (2,), (), "1 source sentence (2) has no translation", key="k-drop"),
        Flag("added", "error", (), (2,), "1 target sentence (2) has no source", key="k-add"),
    )
    return Alignment(src, tgt, beads, flags, {"model_id": "fake"})


def test_select_orders_by_severity_and_filters() -> None:
    a = sample()
    assert [f.type for f in select(a.flags)] == ["dropped", "added", "low-confidence"]
    assert [f.type for f in select(a.flags, types=["added"])] == ["added"]
    assert [f.type for f in select(a.flags, severities=["warning"])] == ["low-confidence"]


def test_decisions_and_the_gate() -> None:
    a = sample()
    assert {f.key for f in blocking(a)} == {"k-drop", "k-add"}
    a = decide(a, "k-drop", "accepted", "the source repeats itself", "mari", at="2026-11-28T06:00:00Z")
    a = decide(a, "k-add", "rejected", "", "mari")
    assert {f.key for f in blocking(a)} == {"k-add"}
    a = decide(a, "k-drop", "", "checked again", "jaan")
    review = next(f.review for f in a.flags if f.key == "k-drop")
    assert review is not None
    assert (review.decision, review.note, review.reviewer) == ("accepted", "checked again", "jaan")
    with pytest.raises(KeyError):
        decide(a, "nope", "accepted", "", "x")
    with pytest.raises(ValueError, match="decision must be one of"):
        decide(a, "k-add", "maybe", "", "x")


def test_carry_over_keeps_decisions_of_unchanged_flags() -> None:
    old = decide(sample(), "k-drop", "accepted", "fine", "mari")
    new, kept = carry_over(old, sample())
    assert kept == 1
    assert (
        next(f for f in new.flags if f.key == "k-drop").review == next(f for f in old.flags if f.key == "k-drop").review
    )
    assert next(f for f in new.flags if f.key == "k-add").review is None


def test_text_report_shows_both_sides() -> None:
    text = format_report(sample(), select(sample().flags), context=1, width=100)
    assert text.startswith("3 flags: 2 errors, 1 warnings, 0 info")
    assert "#1 ERROR dropped" in text and "Kolmas." in text and "(nothing)" in text


def test_html_escapes_article_text() -> None:
    page = render_html(sample([EVIL_SCRIPT, EVIL_IMG, "Kolmas."], path='x"><script>alert(1)</script>.txt'))
    assert EVIL_SCRIPT not in page and EVIL_IMG not in page
    assert "&lt;script&gt;document.body" in page and "&lt;img src=x onerror=" in page
    assert page.count("<script>") == 1  # ours
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page


def test_html_marks_the_flagged_part_of_a_sentence_escaped() -> None:
    a = sample()
    tgt = Side("en", "b.txt", (Sentence(0, "One <b>sentence</b>, üks lause.", 0, 30, 0), *a.target.sentences[1:]))
    evidence = {"text": "üks lause."}
    flag = Flag("untranslated", "error", (0,), (0,), "part of target 0 is in et", (0, 9), (18, 30), evidence, "k-u")
    page = render_html(Alignment(a.source, tgt, a.beads, (flag,), {}))
    assert "One &lt;b&gt;sentence&lt;/b&gt;, <mark>üks lause.</mark>" in page
    assert page.count("<mark>") == 1
    # a merged pair that seems to leave one source sentence out: that sentence is marked
    src = Side("et", "a.txt", (Sentence(0, "Esimene <i>.", 0, 12, 0), Sentence(1, "Teine.", 13, 19, 0)))
    merged = Alignment(src, a.target, (Bead((0, 1), (0,), 0.8),), (), {})
    partial = Flag("partially-dropped", "warning", (0, 1), (0,), "1 seems left out", None, None, {"sentence": 1})
    page = render_html(replace(merged, flags=(partial,)))
    assert "Esimene &lt;i&gt;. <mark>Teine.</mark>" in page and page.count("<mark>") == 1


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("CI must install Chromium (apt-get install -y chromium) for the browser test")
    pytest.skip("no Chromium on this machine")


@pytest.mark.slow
def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(
        render_html(sample([EVIL_SCRIPT, EVIL_IMG, "Kolmas."], path='p"><script>x()</script>')), encoding="utf-8"
    )
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = result.stdout
    assert "<body" in dom, result.stderr[-2000:]
    assert 'data-ready="1"' in dom  # our keyboard-navigation script ran
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # the article's did not
    assert "&lt;script&gt;document.body.setAttribute" in dom  # shown as text
    assert "&lt;img src=x onerror=" in dom
    assert dom.count('class="flag ') == 3


def write(tmp_path: Path, alignment: Alignment) -> Path:
    path = tmp_path / "alignment.json"
    path.write_text(dumps(alignment), encoding="utf-8")
    return path


def test_cli_review_lists_filters_and_prints_json(tmp_path: Path) -> None:
    path = write(tmp_path, sample())
    listed = runner.invoke(app, ["review", str(path), "--severity", "error"])
    assert listed.exit_code == 0, listed.output
    assert "2 flags: 2 errors" in listed.stdout and "low-confidence" not in listed.stdout
    as_json = runner.invoke(app, ["review", str(path), "--json", "--type", "added"])
    items = json.loads(as_json.stdout)
    assert [(i["type"], i["tgt_text"]) for i in items] == [("added", "Follow us!")]
    bad = runner.invoke(app, ["review", str(path), "--type", "nonsense"])
    assert bad.exit_code == ExitCode.USAGE and "unknown flag type" in bad.stderr


def test_cli_interactive_review_saves_each_decision_and_opens_the_gate(tmp_path: Path) -> None:
    path = write(tmp_path, sample())
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
    path = write(tmp_path, decide(sample(), "k-drop", "rejected", "old note", "jaan", at="2026-11-01T00:00:00Z"))
    before = next(f.review for f in load(str(path)).flags if f.key == "k-drop")
    # accept the drop, undo that (back to the drop), reject it with a note, accept the addition
    answers = "a\n\nu\nr\nstill wrong\na\n\n"
    done = runner.invoke(app, ["review", str(path), "-i", "--reviewer", "mari", "--severity", "error"], input=answers)
    assert done.exit_code == 0, done.output
    assert "Undone." in done.stderr and done.stdout.count("#1 ERROR dropped") == 2
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
    path = write(tmp_path, sample())
    runner.invoke(app, ["review", str(path), "-i", "--reviewer", "jaan"], input="r\nfix the drop\nq\n")
    flags = {f.key: f for f in load(str(path)).flags}
    assert flags["k-drop"].review is not None and flags["k-drop"].review.decision == "rejected"
    assert flags["k-add"].review is None


def test_cli_review_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    result = runner.invoke(app, ["review", str(bad)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith(f"error: {bad}: not an aligner alignment file")


def test_cli_review_writes_html(tmp_path: Path) -> None:
    path = write(tmp_path, sample())
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["review", str(path), "--html", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
