"""Units of measure after a number, and whether two measures agree after a conversion.

A translator may convert (``10 hektarit`` -> ``25 acres``, ``39 kraadi`` -> ``102``
Fahrenheit, ``55 kg`` -> ``120 pounds``) and round the result. Two measures agree when
one, converted to the other's unit, comes within rounding of it: 3 %, or half a unit of
the last digit the other writes (``120`` is 120 give or take 5).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from aligner.numbers.words import Lexicon

TOLERANCE = 0.03
"""A converted measure within this share of the stated one agrees (translators round)..."""
ROUNDED = 0.05
"""...or within half a unit of the stated one's last digit, up to this share (``120`` for 121.3)."""


@cache
def _table() -> dict[str, tuple[str, float]]:
    text = resources.files("aligner.numbers").joinpath("data", "units.toml").read_text(encoding="utf-8")
    return {unit: (str(v[0]), float(v[1])) for unit, v in tomllib.loads(text)["units"].items()}


def unit_after(text: str, end: int, lang: str) -> str:
    """The unit named right after a number that ends at ``end`` (``""`` for none).

    ``10 km``, ``10km``, ``10-hektarilisse`` (a compound), ``2,754-square-foot``; the
    longest name that starts the next word wins, and a name of one or two letters must be
    the whole word (``5 m``, not the m of ``5 minutit``).
    """
    units = Lexicon.of(lang).units
    rest = text[end : end + 40]
    m = re.match(r"[ \u00a0\u202f]?-?[ \u00a0\u202f]?", rest)
    rest = rest[m.end() if m else 0 :].lower().replace("-", " ")
    best = ""
    for name in units:
        if not rest.startswith(name) or len(name) <= len(best):
            continue
        after = rest[len(name) : len(name) + 1]
        if len(name) <= 2 and after[:1].isalpha():
            continue
        best = name
    return units.get(best, "") if best else ""


def precision(written: str) -> float:
    """Half a unit of the last significant digit of a number as written (``120`` -> 5)."""
    digits = re.sub(r"[^\d.,]", "", written)
    if "." in digits or ("," in digits and not re.search(r",\d{3}\b", digits)):
        decimals = len(re.split(r"[.,]", digits)[-1])
        return 0.5 * 10.0**-decimals
    integer = re.sub(r"\D", "", digits)
    zeros = len(integer) - len(integer.rstrip("0")) if integer.strip("0") else 0
    return 0.5 * 10.0**zeros


def convert(value: float, unit: str, to: str) -> float | None:
    """``value`` in ``unit`` expressed in ``to`` (None when they measure different things)."""
    table = _table()
    if unit not in table or to not in table or unit == to:
        return None
    dimension, size = table[unit]
    other, other_size = table[to]
    if dimension != other:
        return None
    if dimension == "temperature":
        if {unit, to} == {"C", "F"} or "deg" in (unit, to):
            celsius_to_f = unit in ("C", "deg") and to in ("F", "deg")
            return value * 9 / 5 + 32 if celsius_to_f else (value - 32) * 5 / 9
        return None
    return value * size / other_size


def agrees(value: float, unit: str, other: float, other_unit: str, other_written: str) -> tuple[float, str] | None:
    """The converted value and its unit when ``value`` ``unit`` agrees with ``other`` in
    ``other_unit`` (which may be unknown, ``""``: then every unit of the same kind is
    tried); else None."""
    table = _table()
    if unit not in table:
        return None
    targets = [other_unit] if other_unit else [u for u, (dim, _) in table.items() if dim == table[unit][0]]
    slack = max(TOLERANCE * abs(other), min(precision(other_written), ROUNDED * abs(other)))
    for target in targets:
        converted = convert(value, unit, target)
        if converted is not None and abs(converted - other) <= slack and abs(converted - value) > 1e-9:
            return converted, target
    return None


def name(unit: str) -> str:
    """A unit as a person writes it."""
    return {"C": "°C", "F": "°F", "deg": "°", "sqft": "sq ft", "sqmi": "sq mi", "percent": "%", "permille": "‰"}.get(
        unit, unit
    )
