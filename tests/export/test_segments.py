"""The units every format writes: states, flags and additions, forbidden characters, the bundle's date."""

from __future__ import annotations

import polib

from aligner.export.po import write_po
from aligner.export.segments import REPLACEMENT, clean, segments
from aligner.export.xml import write_tmx
from aligner.model import Review
from tests.export.build import sample


def test_segments_carry_state_flags_and_additions() -> None:
    segs = segments(sample())
    assert [s.id for s in segs] == ["s0001", "s0002", "s0003", "s0004"]
    assert [s.state for s in segs] == ["final", "translated", "initial", "final"]
    assert segs[1].added_after == ("Follow us!",)
    assert segs[2].target == "" and segs[2].flags[0].type == "dropped"
    accepted = segments(sample(review=Review("accepted", "", "mari", "2026-11-28T06:00:00Z")))
    assert accepted[1].state == "reviewed"


def test_forbidden_characters_are_replaced_deliberately() -> None:
    assert clean("a\x00b\x07c\ufffe\n\t") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}\n\t"


def test_creation_date_comes_from_the_input() -> None:
    reviewed = sample(review=Review("accepted", "", "mari", "2026-11-28T06:30:00Z"))
    assert polib.pofile(write_po(reviewed, "lugu")).metadata["PO-Revision-Date"] == "2026-11-28 06:30+0000"
    assert b'creationdate="20261128T063000Z"' in write_tmx(reviewed)
