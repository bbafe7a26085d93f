"""Selecting and ordering flags, decisions and the gate, carrying decisions over a re-alignment."""

from __future__ import annotations

import json

import pytest

from aligner.carry import carry_over
from aligner.decisions import blocking, decide, reviewed
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
