"""Control characters reach a person's terminal only as escapes (aligner/printable.py, #22)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.alignfile import dumps
from aligner.cli import app
from aligner.decisions import decide
from aligner.model import Decision
from aligner.printable import shown
from tests.review.build import sample

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;all flags accepted\x07"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tere\x1b[2J", "Tere\\x1b[2J"),
        ("a\x07b\x00c\x7f", "a\\x07b\\x00c\\x7f"),
        ("C1 \x9b31m", "C1 \\x9b31m"),
        ("right\u202eto left", "right\\u202eto left"),
        ("tab\tand\nnewline stay, õ and 😀 too", "tab\tand\nnewline stay, õ and 😀 too"),
    ],
)
def test_control_characters_are_shown_as_escapes(text: str, expected: str) -> None:
    assert shown(text) == expected


def _reviewed(tmp_path: Path) -> Path:
    """An article's text, a reviewer's name and a note stored through the review page."""
    alignment = sample([f"Üks {CLEAR}lause.", "Teine lause.", "Kolmas."])
    alignment = decide(alignment, "k-drop", Decision.REJECTED, f"see {TITLE}", f"mari{CLEAR}", "2026-12-07")
    path = tmp_path / "a.json"
    path.write_text(dumps(alignment), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [[], ["--json"]])
def test_review_never_prints_a_control_character(tmp_path: Path, args: list[str]) -> None:
    printed = CliRunner().invoke(app, ["review", str(_reviewed(tmp_path)), *args]).output
    assert "\x1b" not in printed and "\x07" not in printed
    assert "\\x1b[2J" in printed if not args else "\\u001b[2J" in printed  # JSON escapes them itself


def test_tsv_cells_hold_no_control_character(tmp_path: Path) -> None:
    from aligner.alignfile import format_tsv, load

    printed = format_tsv(load(str(_reviewed(tmp_path))))
    assert "\x1b" not in printed and "\\x1b[2J" in printed


def test_review_i_never_prints_a_control_character(tmp_path: Path) -> None:
    alignment = sample([f"Üks {CLEAR}lause.", "Teine lause.", f"Kolmas {TITLE}."])
    path = tmp_path / "a.json"
    path.write_text(dumps(alignment), encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(path), "-i", "--reviewer", "mari"], input="q\n")
    assert "\x1b" not in result.output and "\x07" not in result.output and "\\x1b" in result.output
