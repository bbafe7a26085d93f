"""Selecting and ordering flags, decisions and the gate, carrying decisions over a re-alignment."""

from __future__ import annotations

import json

import pytest

from aligner.carry import carry_over
from aligner.decisions import blocking, decide, reviewed, set_note
from aligner.review import flags_json, select
from tests.review.build import sample


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


def test_the_pages_note_keeps_the_decision_and_its_maker_and_can_be_removed() -> None:
    """On the page a note is edited in place: a note added by bob does not make bob the
    one who accepted; an emptied note is removed; an empty note on an undecided flag
    records nothing (it counted as a review before)."""
    a = decide(sample(), "k-drop", "accepted", "", "eve", at="2026-12-07T10:00:00Z")
    a = set_note(a, "k-drop", "the paper cut it too", "bob")
    review = next(f.review for f in a.flags if f.key == "k-drop")
    assert review is not None
    assert (review.decision, review.reviewer, review.at, review.note) == (
        "accepted",
        "eve",
        "2026-12-07T10:00:00Z",
        "bob: the paper cut it too",
    )
    assert next(f.review for f in set_note(a, "k-drop", "bob: shorter", "bob").flags if f.key == "k-drop").note == (  # type: ignore[union-attr]
        "bob: shorter"
    )
    a = set_note(a, "k-drop", "  ", "bob")
    assert next(f.review for f in a.flags if f.key == "k-drop").note == ""  # type: ignore[union-attr]
    assert next(f.review for f in set_note(sample(), "k-add", "", "eve").flags if f.key == "k-add") is None
    noted = set_note(sample(), "k-add", "ask the desk", "eve")
    assert next(f.review for f in set_note(noted, "k-add", "", "eve").flags if f.key == "k-add") is None
    with pytest.raises(KeyError):
        set_note(a, "nope", "x", "eve")


def test_a_review_no_flag_matches_is_retired_not_dropped_and_returns_with_its_problem() -> None:
    """Aligning again dropped a decision whose flag changed: it is kept as retired, with
    the texts it was about, and goes back to its flag when the same problem is found again."""
    from dataclasses import replace

    decided = decide(sample(), "k-add", "rejected", "footer must go", "mari", at="2026-12-07T10:00:00Z")
    without = replace(sample(), flags=tuple(f for f in sample().flags if f.key != "k-add"))
    fresh = carry_over(decided, without)
    (kept,) = fresh.retired
    assert (kept.type, kept.key, kept.src_text, kept.tgt_text) == ("added", "k-add", "", "Follow us!")
    assert (kept.review.decision, kept.review.note, kept.review.reviewer) == ("rejected", "footer must go", "mari")
    assert carry_over(fresh, without).retired == (kept,)  # kept once, however often aligned again
    back = carry_over(fresh, sample())
    assert back.retired == () and next(f.review for f in back.flags if f.key == "k-add") == kept.review


def test_carry_over_keeps_decisions_of_unchanged_flags() -> None:
    old = decide(sample(), "k-drop", "accepted", "fine", "mari")
    new = carry_over(old, sample())
    assert reviewed(new) == 1
    assert (
        next(f for f in new.flags if f.key == "k-drop").review == next(f for f in old.flags if f.key == "k-drop").review
    )
    assert next(f for f in new.flags if f.key == "k-add").review is None


def test_flags_as_json_carry_their_text() -> None:
    alignment = sample()
    items = flags_json(alignment, select(alignment.flags, ["dropped"]))
    assert [(i["type"], i["src"], i["src_text"], i["tgt_text"]) for i in items] == [("dropped", [2], "Kolmas.", "")]
    assert json.loads(json.dumps(items)) == items
