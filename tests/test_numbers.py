"""Numbers, dates and times read in one comparable form (aligner/numbers.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aligner.numbers import extract, fingerprint, mismatch

DATA = Path(__file__).parent / "data" / "numbers"


def pair_cases() -> list[Any]:
    """Every case of ``tests/data/numbers/<src>-<tgt>.txt``: (languages, source, target,
    numbers only in the source, numbers only in the target)."""
    out = []
    for path in sorted(DATA.glob("*.txt")):
        langs = tuple(path.stem.split("-"))
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            src, tgt, only_src, only_tgt = (part.strip() for part in line.split("|"))
            expected = ([n for n in only_src.split(", ") if n], [n for n in only_tgt.split(", ") if n])
            out.append(pytest.param(langs, src, tgt, expected, id=f"{path.stem}: {src[:30]}"))
    return out


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
