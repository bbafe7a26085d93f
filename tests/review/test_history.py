"""Undo and redo of one page's changes as operations on the file as it is (aligner/review/history.py)."""

from __future__ import annotations

import pytest

from aligner.decisions import decide
from aligner.model import Alignment, Decision
from aligner.review.history import PAGES, STEPS, History, Refused, Step, apply_back
from tests.review.build import sample


def _decided(alignment: Alignment, key: str, decision: Decision, who: str) -> Alignment:
    return decide(alignment, key, decision, "", who, "2026-12-07T10:00:00Z")


def _review(alignment: Alignment, key: str) -> str | None:
    review = next(f.review for f in alignment.flags if f.key == key)
    return None if review is None else f"{review.decision.value} by {review.reviewer}"


def test_taking_back_a_decision_leaves_every_other_one() -> None:
    start = sample(["Üks.", "Kaks.", "Kolm."])
    mine = _decided(start, "k-drop", Decision.REJECTED, "anna")
    now = _decided(mine, "k-add", Decision.ACCEPTED, "bert")
    back = apply_back(Step(start, mine), now)
    assert _review(back, "k-drop") is None and _review(back, "k-add") == "accepted by bert"
    again = apply_back(Step(start, mine).reverted(), back)
    assert _review(again, "k-drop") == "rejected by anna" and _review(again, "k-add") == "accepted by bert"


def test_a_decision_someone_made_since_on_the_same_flag_is_never_overwritten() -> None:
    start = sample(["Üks.", "Kaks.", "Kolm."])
    mine = _decided(start, "k-drop", Decision.REJECTED, "anna")
    now = _decided(mine, "k-drop", Decision.ACCEPTED, "bert")
    with pytest.raises(Refused, match="decided since by someone else"):
        apply_back(Step(start, mine), now)


def test_the_history_is_per_page_and_bounded() -> None:
    start = sample(["Üks.", "Kaks.", "Kolm."])
    history = History()
    history.record("a", start, _decided(start, "k-drop", Decision.REJECTED, "anna"))
    assert history.next("b", redo=False) is None and history.next("a", redo=True) is None
    step = history.next("a", redo=False)
    assert step is not None and _review(step.after, "k-drop") == "rejected by anna"
    history.done("a", redo=False)
    assert history.next("a", redo=False) is None and history.next("a", redo=True) is not None
    for n in range(STEPS + 5):
        history.record("a", start, _decided(start, "k-drop", Decision.REJECTED, f"r{n}"))
    undone = 0
    while history.next("a", redo=False) is not None:
        history.done("a", redo=False)
        undone += 1
    assert undone == STEPS
    for n in range(PAGES + 1):
        history.record(f"p{n}", start, _decided(start, "k-drop", Decision.REJECTED, "x"))
    assert history.next("p0", redo=False) is None and history.next(f"p{PAGES}", redo=False) is not None
