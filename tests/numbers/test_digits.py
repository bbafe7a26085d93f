"""Numbers written in digits (aligner/numbers/digits.py)."""

from __future__ import annotations

from aligner.numbers import extract
from aligner.numbers.digits import mentions


def test_extract_reads_decimal_comma_only_where_the_language_writes_it() -> None:
    assert extract("1,5", "et") == {"1.5": 1}
    assert extract("1,500", "en") == {"1500": 1}


def test_each_figure_knows_its_unit_readings_and_weight() -> None:
    found = {m.token: m for m in mentions("Kell 18.15 jooksis U18 koondis 10 km ja 1815 meetrit.", "et")}
    assert "time:18:15" in found and found["10"].unit == "km"
    assert found["18"].weak and "time:18:15" in found["1815"].readings
    assert [m.token for m in mentions("It cost $51m, not 51m.", "en") if not m.weak] == ["51000000"]


def test_dates_give_day_month_and_year() -> None:
    assert sorted(extract("Avaldatud 12.10.2026.", "et")) == ["12", "2026", "month:10"]
    assert sorted(extract("14.03. oli pühapäev.", "et")) == ["14"]
