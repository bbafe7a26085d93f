"""``review -i`` as a session over any ask and say functions (aligner/review/session.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.alignfile import dumps, load
from aligner.errors import InputError
from aligner.model import Decision
from aligner.review import select
from aligner.review.session import decide_each
from tests.review.build import sample


class Script:
    """Answers in turn (an empty one: the default; None: the input ended) and every line
    said, with its stream."""

    def __init__(self, answers: list[str | None]) -> None:
        self.answers = answers
        self.questions: list[str] = []
        self.said: list[tuple[str, bool]] = []

    def ask(self, question: str, default: str) -> str | None:
        self.questions.append(question)
        answer = self.answers.pop(0) if self.answers else None
        return None if answer is None else answer or default

    def say(self, text: str, err: bool) -> None:
        self.said.append((text, err))


def run(tmp_path: Path, answers: list[str | None]) -> tuple[Path, Script]:
    path = tmp_path / "a.json"
    alignment = sample()
    path.write_text(dumps(alignment), encoding="utf-8")
    script = Script(answers)
    decide_each(alignment, select(alignment.flags), str(path), "mari", 0, script.ask, script.say)
    return path, script


def reviews(path: Path) -> dict[str, tuple[Decision, str] | None]:
    return {f.key: (f.review.decision, f.review.note) if f.review else None for f in load(str(path)).flags}


def test_each_decision_is_saved_with_its_note_and_a_skip_leaves_the_flag_open(tmp_path: Path) -> None:
    # errors first: k-drop accepted with a note, k-add skipped, k-low rejected; then the end
    path, script = run(tmp_path, ["a", "as written", "", "r", "", "q"])
    assert reviews(path) == {
        "k-drop": (Decision.ACCEPTED, "as written"),
        "k-add": None,
        "k-low": (Decision.REJECTED, ""),
    }
    assert script.questions[-1].startswith("End of the flags")


def test_undo_puts_back_what_was_there_and_asks_the_same_flag_again(tmp_path: Path) -> None:
    path, script = run(tmp_path, ["a", "", "u", "r", "wrong", "q"])
    assert reviews(path)["k-drop"] == (Decision.REJECTED, "wrong")
    assert ("Undone.", True) in script.said
    shown = [text for text, err in script.said if not err]
    assert len(shown) == 4 and shown[2] == shown[0]  # after the undo, the undone flag is shown again


def test_the_end_of_the_input_is_a_quit_and_nothing_undecided_is_written(tmp_path: Path) -> None:
    path, _ = run(tmp_path, [None])
    assert set(reviews(path).values()) == {None}


def test_a_session_needs_a_reviewer_name(tmp_path: Path) -> None:
    alignment = sample()
    with pytest.raises(InputError, match="no reviewer name"):
        decide_each(alignment, list(alignment.flags), str(tmp_path / "a.json"), "", 0, Script([]).ask, Script([]).say)


def test_a_later_session_resumes_at_the_first_undecided_flag_and_counts_n_of_n(tmp_path: Path) -> None:
    """A second ``review -i`` started at #1 on decided flags, with no "n of N" (#23 item 7)."""
    from aligner.decisions import decide

    path = tmp_path / "a.json"
    alignment = decide(sample(), "k-drop", Decision.REJECTED, "", "jaan")
    path.write_text(dumps(alignment), encoding="utf-8")
    chosen = select(alignment.flags)
    assert [f.key for f in chosen][:2] == ["k-drop", "k-add"]
    script = Script(["p", "s", "q"])  # back to the decided drop, past it, and out
    decide_each(alignment, chosen, str(path), "mari", 0, script.ask, script.say)
    shown = [text.split("\n", 1)[0] for text, err in script.said if not err]
    assert [line.split()[:3] for line in shown] == [["#2", "of", "3"], ["#1", "of", "3"], ["#2", "of", "3"]]
    assert ("1 of 3 flags are decided already: resuming at #2.", True) in script.said
