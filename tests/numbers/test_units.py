"""Units of measure after a number, and conversions within rounding (aligner/numbers/units.py)."""

from __future__ import annotations

import pytest

from aligner.numbers.units import agrees, convert, precision, unit_after


@pytest.mark.parametrize(
    ("text", "lang", "unit"),
    [
        ("10 km", "et", "km"),
        ("10-hektarilisse", "et", "ha"),
        ("255-ruutmeetrisel", "et", "m2"),
        ("39 kraadini", "et", "C"),
        ("5 minutit", "et", ""),
        ("2,754-square-foot", "en", "sqft"),
        ("120 pounds", "en", "lb"),
        ("102 degrees Fahrenheit", "en", "F"),
        ("5 mph", "en", "mph"),
        ("10 км", "ru", "km"),
    ],
)
def test_unit_after_a_number(text: str, lang: str, unit: str) -> None:
    digits = len(text.split()[0].split("-")[0])
    assert unit_after(text, digits, lang) == unit


def test_conversions_and_their_rounding() -> None:
    assert convert(39, "C", "F") == pytest.approx(102.2)
    assert convert(10, "ha", "acre") == pytest.approx(24.71, abs=0.01)
    assert convert(1, "kg", "km") is None
    assert precision("120") == 5 and precision("25") == 0.5 and precision("3.5") == 0.05
    assert agrees(55, "kg", 120, "lb", "120") is not None
    assert agrees(55, "kg", 150, "lb", "150") is None
    assert agrees(39, "C", 102, "", "102") is not None  # the unit left out: tried as every temperature
    assert agrees(10, "km", 10, "mi", "10") is None
