"""Numbers of a text and its translation compared (aligner/numbers/__init__.py): the language
cases of tests/data/numbers/, and what a comparison says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aligner.numbers import compare, extract, fingerprint, mismatch
from tests.conftest import language_cases

DATA = Path(__file__).parent.parent / "data" / "numbers"


def pair_cases() -> list[Any]:
    """Every case of ``tests/data/numbers/<src>-<tgt>.txt``: (languages, source, target,
    numbers only in the source, numbers only in the target)."""
    return [
        pytest.param(
            langs,
            src,
            tgt,
            ([n for n in only_src.split(", ") if n], [n for n in only_tgt.split(", ") if n]),
            id=f"{'-'.join(langs)}: {src[:30]}",
        )
        for langs, (src, tgt, only_src, only_tgt) in language_cases(DATA)
    ]


@pytest.mark.parametrize(("langs", "src", "tgt", "expected"), pair_cases())
def test_pair_cases(langs: tuple[str, str], src: str, tgt: str, expected: tuple[list[str], list[str]]) -> None:
    assert mismatch(src, tgt, *langs) == expected


def test_extract_reads_decimal_comma_only_in_estonian() -> None:
    assert extract("1,5", "et") == {"1.5": 1}
    assert extract("1,500", "en") == {"1500": 1}


def test_fingerprint_is_the_set_of_comparable_numbers() -> None:
    et = fingerprint("Eelarve on 7 miljonit eurot, otsus tehti 14. märtsil.", "et", "en")
    assert et == fingerprint("The budget is €7 million; it was decided on March 14.", "en", "et")
    assert et != fingerprint("The budget is €17 million; it was decided on March 14.", "en", "et")
    assert bin(et).count("1") == 3  # 7000000, 14 and the month
    # German has no month names here, so the month is left out on both sides
    assert fingerprint("am 3. Mai", "de", "en") == fingerprint("on May 3", "en", "de") == fingerprint("3", "en", "de")
    assert fingerprint("Kein Wort.", "de", "fr") == 0


def test_a_changed_figure_is_sure_and_a_missing_one_partial() -> None:
    changed = compare("Eelarve on 7 miljonit eurot.", "The budget is 8 million euros.", "et", "en")
    assert changed.sure and not changed.minor
    missing = compare("Eelarve on 7 miljonit eurot.", "The budget is large.", "et", "en")
    assert missing.only_src == ["7000000"] and not missing.sure and not missing.minor


def test_figures_a_translator_adds_by_style_are_minor() -> None:
    assert compare("Eile saabus ta koju.", "He came home on 12 March.", "et", "en").minor
    assert compare("Eelmisel aastal kasvas see.", "In 2016 it grew.", "et", "en").minor
    assert compare("Avapäeval tuli palju rahvast.", "On Day 1 many came.", "et", "en").minor
    assert not compare("Tuli palju rahvast.", "Some 4,000 people came.", "et", "en").minor


def test_a_conversion_in_brackets_is_the_translators_aside() -> None:
    found = compare("Eelarve on 10 miljonit eurot.", "The budget is €10m ($11.8m).", "et", "en")
    assert (found.only_src, found.only_tgt) == ([], [])
    # but not when the other side also has a figure left: then something was changed
    found = compare("Eelarve on 10 miljonit eurot, 5 aastat.", "The budget is €10m ($11.8m), 6 years.", "et", "en")
    assert found.sure


def test_conversions_and_roundings_are_named() -> None:
    found = compare("Ta tõstis 55 kg.", "He lifted 120 pounds.", "et", "en")
    assert found.conversions == ["55 kg = 120 lb (121.3)"]
    found = compare("Kohale tuli 2957 inimest.", "Nearly 3,000 people came.", "et", "en")
    assert found.rounded == ["2957 is 3,000 rounded"]
