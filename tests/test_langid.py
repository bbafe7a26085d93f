"""Language identification restricted to the languages of the pair (aligner/langid.py)."""

from __future__ import annotations

from aligner.langid import identify, supported


def test_language_identification_restricted_to_the_pair() -> None:
    assert supported(("et", "en"))
    assert not supported(("et", "et"))
    assert identify("Valitsus kinnitas järgmise aasta eelarve.", ("et", "en"))[0] == "et"
    assert identify("The government approved the budget.", ("et", "en"))[0] == "en"
