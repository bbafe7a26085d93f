"""The values between the stages and their vocabulary (aligner/model.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from aligner.model import (
    Decision,
    Flag,
    FlagType,
    InputFormat,
    Paragraph,
    Review,
    Severity,
    Side,
    check_ranges,
    flag_key,
)


def test_plain_strings_become_members_and_bad_ones_are_named() -> None:
    flag = Flag("dropped", "error", (1,), (), "no translation", review=Review("accepted", "", "mari", "t"))
    assert flag.type is FlagType.DROPPED and flag.severity is Severity.ERROR
    assert flag.review is not None and flag.review.decision is Decision.ACCEPTED
    assert Side("et", "a.txt", (), format="md").format is InputFormat.MARKDOWN
    with pytest.raises(ValueError, match="severity must be one of 'error', 'warning', 'info', not 'fatal'"):
        Flag("dropped", "fatal", (1,), (), "x")
    with pytest.raises(ValueError, match="type must be one of"):
        Flag("missing", "error", (1,), (), "x")


def test_members_write_as_their_plain_values() -> None:
    assert json.dumps({"type": FlagType.NUMBER_MISMATCH, "severity": Severity.WARNING}) == (
        '{"type": "number-mismatch", "severity": "warning"}'
    )
    assert f"{Severity.ERROR} {FlagType.PARTIALLY_DROPPED}" == "error partially-dropped"


def test_severities_rank_most_severe_first_and_decisions_have_labels() -> None:
    assert sorted(Severity, key=lambda s: -s.rank) == [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert [d.label for d in Decision] == ["accepted", "rejected", "noted"]
    assert all(Decision.from_label(d.label) is d for d in Decision)


def test_flag_key_depends_on_type_and_texts_only() -> None:
    key = flag_key(FlagType.DROPPED, ["Üks."], [])
    assert key == flag_key(FlagType.DROPPED, ["Üks."], []) and len(key) == 16
    assert key != flag_key(FlagType.ADDED, ["Üks."], []) and key != flag_key(FlagType.DROPPED, ["Kaks."], [])
    assert flag_key(FlagType.DROPPED, ["a", "b"], []) != flag_key(FlagType.DROPPED, ["a b"], [])


def test_paragraph_spans_map_characters_back_to_the_original() -> None:
    # "a&amp;b" read as "a&b": the entity is one character standing for five
    paragraph = Paragraph(0, "a&b", (10, 11, 16), (11, 16, 17))
    assert paragraph.span(0, 3) == (10, 17) and paragraph.span(1, 2) == (11, 16)
    assert paragraph.span(3, 3) == (17, 17) and paragraph.end == 17


def test_check_ranges_names_the_setting() -> None:
    @dataclass
    class Knobs:
        share: float = 0.5
        count: int = 2
        on: bool = True

    check_ranges(Knobs(), {"count": 1}, {"share": 1})
    with pytest.raises(ValueError, match=r"share must be between 0 and 1, not 1\.5"):
        check_ranges(Knobs(share=1.5), {}, {"share": 1})
    with pytest.raises(ValueError, match="count must be at least 1, not 0"):
        check_ranges(Knobs(count=0), {"count": 1})
