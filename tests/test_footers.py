"""A desk's footers recognised per language (aligner/footers.py), cases as data."""

from __future__ import annotations

import pytest

from aligner.footers import footer_like
from tests.conftest import ROOT

CASES = [
    line.split("\t")
    for line in (ROOT / "tests" / "data" / "footers" / "cases.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize(("lang", "expected", "text"), CASES, ids=[f"{c[0]}-{c[2][:30]}" for c in CASES])
def test_footer_like(lang: str, expected: str, text: str) -> None:
    assert footer_like(text, lang) is (expected == "yes")


def test_a_language_with_no_list_has_no_footers_and_a_region_tag_reads_its_language() -> None:
    assert not footer_like("Follow ERR News on Facebook and Twitter and never miss an update!", "fi")
    assert footer_like("Follow ERR News on Facebook and Twitter and never miss an update!", "en-GB")
