"""Names of a text and its translation compared (aligner/names): the language cases of
tests/data/names/, and what a comparison says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aligner.names import compare, lexicon, names, same_first_name, same_name, shared_names
from aligner.names.lexicon import Language, Lexicon, skeleton
from tests.conftest import language_cases

DATA = Path(__file__).parent / "data" / "names"


def pair_cases() -> list[Any]:
    """Every case of ``tests/data/names/<src>-<tgt>.txt``: (languages, source, target, the
    kinds mismatched)."""
    return [
        pytest.param(langs, src, tgt, [k for k in kinds.split(", ") if k], id=f"{'-'.join(langs)}: {src[:40]}")
        for langs, (src, tgt, kinds) in language_cases(DATA)
    ]


@pytest.mark.parametrize(("langs", "src", "tgt", "kinds"), pair_cases())
def test_pair_cases(langs: tuple[str, str], src: str, tgt: str, kinds: list[str]) -> None:
    assert [m.kind for m in compare(src, tgt, *langs).mismatches] == kinds


def test_a_mismatch_names_both_sides_and_what_the_source_names() -> None:
    (m,) = compare("Harju maakohus mõistis ta süüdi.", "Tartu County Court convicted him.", "et", "en").mismatches
    assert (m.kind, m.source, m.source_keys, m.target) == (
        "court",
        ["Harju maakohus"],
        ["Harju County Court"],
        ["Tartu County Court"],
    )


def test_a_person_mismatch_gives_the_whole_names() -> None:
    (m,) = compare("Väravas seisis Karl Tamm.", "Rasmus Tamm stood in goal.", "et", "en").mismatches
    assert (m.source, m.target) == (["Karl Tamm"], ["Rasmus Tamm"])


def test_names_reads_the_lexicon_in_case_forms_and_other_capitalised_words() -> None:
    found = names("Eveli Sepp liitus Isamaaga ja rääkis Riigikogus.", "et", "en")
    assert [(n.text, n.kind, n.key) for n in found] == [
        ("Eveli", None, "Eveli"),
        ("Sepp", None, "Sepp"),
        ("Isamaaga", "party", "Isamaa"),
        ("Riigikogus", "body", "Riigikogu"),
    ]


def test_a_word_opening_a_sentence_is_no_name_unless_the_other_side_has_it() -> None:
    found = compare("Kohtumisel osales Kaasik.", "Kaasik attended the meeting.", "et", "en")
    assert (found.shared, found.only_src, found.only_tgt) == (["Kaasik"], [], [])


def test_a_form_that_is_also_a_common_word_counts_only_standing_alone() -> None:
    assert [n.key for n in names("Marko Lill (Center) agreed.", "en", "et", side=1) if n.kind] == ["Centre Party"]
    assert [n.key for n in names("The Center Court opened.", "en", "et", side=1) if n.kind] == []


def test_shared_names_counts_names_matched_and_on_one_side_only() -> None:
    src = "Eveli Sepp liitus Isamaaga, ütles Tamm."
    assert shared_names(src, "Eveli Sepp joined Isamaa, Mets said.", "et", "en") == (3, 1, 1)
    assert shared_names("Ilm on ilus.", "The weather is fine.", "et", "en") == (0, 0, 0)


def test_two_different_sentences_are_no_name_mismatch() -> None:
    # each side names someone the other does not: the aligner paired two sentences
    src = "Virtaneni sõnul on Läänemere julgeolek tähtis, ütles Kask."
    assert compare(src, "The Gulf of Riga is our sea, Kuusik said.", "et", "en").mismatches == []


def test_the_lexicon_is_read_either_way_round() -> None:
    (m,) = compare("Tartu County Court convicted him.", "Harju maakohus mõistis ta süüdi.", "en", "et").mismatches
    assert (m.kind, m.source, m.target) == ("court", ["Tartu County Court"], ["Harju maakohus"])


def test_a_pair_without_a_lexicon_still_compares_people() -> None:
    assert Lexicon.of("de", "fr").candidates(0, "Berlin") == []
    (m,) = compare("Gestern sprach Karl Tamm.", "Hier, Rasmus Tamm a parlé.", "de", "fr").mismatches
    assert m.kind == "person"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kaasikule", "Kaasik", True),  # a case ending on the genitive stem
        ("Kallasega", "Kallas", True),
        ("PPA-st", "PPA", True),  # an ending after a hyphen
        ("Zahharovi", "Zakharov", True),  # transliteration, in a case form
        ("Tšernov", "Chernov", True),
        ("Nõmm", "Nomm", True),  # diacritics lost
        ("Jaakob", "Jacob", True),
        ("Margus", "Marko", False),
        ("Henri", "Mattias", False),
        ("Kaasik", "Kask", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b, Language.of("et"), Language.of("en")) is same


def test_skeleton_writes_one_sound_one_way() -> None:
    assert skeleton("Jeesus") == skeleton("Jesus")
    assert skeleton("Mihhail") == skeleton("Mikhail")


def test_a_language_without_data_takes_no_endings() -> None:
    plain = Language.of("xx")
    assert not plain.inflects("le") and plain.inflects("")
    assert Language.of("et").inflects("ule") and Language.of("et").inflects("-st")


def test_britt_is_a_first_name_and_briti_british() -> None:
    assert [n.kind for n in names("Britt Kask ja Briti saadik.", "et", "en")] == [None, None, "country"]


def test_the_two_councils_of_the_eu_are_two_bodies() -> None:
    (m,) = compare("Euroopa Ülemkogu kogunes.", "The Council of the EU met.", "et", "en").mismatches
    assert (m.kind, m.source_keys) == ("body", ["European Council"])


def test_emta_is_the_tax_board() -> None:
    assert [n.key for n in names("EMTA teatas.", "et", "en")] == ["Tax and Customs Board"]


def test_a_place_that_is_an_ordinary_word_counts_at_a_sentence_start_only_with_a_marker() -> None:
    def places(text: str) -> list[str]:
        return [n.key for n in names(text, "et", "en") if n.kind]

    assert places("Laeva kapten viidi minema.") == []
    assert places("Laeva vallas sadas lund.") == ["Laeva"]
    assert places("Lund sadas Laeva kandis.") == ["Laeva"]


def test_a_form_under_two_entries_is_refused_when_the_data_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"body": {"A": {"xx": ["EMTA"], "yy": []}}, "university": {"B": {"xx": ["EMTA"], "yy": []}}}
    monkeypatch.setattr(lexicon, "_read", lambda name: data if name == "xx-yy.toml" else None)
    with pytest.raises(ValueError, match="'EMTA' is listed under 'body: A' and 'university: B'"):
        lexicon._lexicon("xx", "yy")


def test_a_place_listed_twice_is_refused_when_the_data_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"place": {"same": ["Tapa", "Kose", "Tapa"]}}
    monkeypatch.setattr(lexicon, "_read", lambda name: data if name == "xx-zz.toml" else None)
    with pytest.raises(ValueError, match="same lists Tapa more than once"):
        lexicon._lexicon("xx", "zz")


def test_the_shipped_lexicon_loads() -> None:
    # the load-time checks above pass on the data the package ships
    assert Lexicon.of("et", "en").candidates(0, "Tallinn")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Karl", "Kari", True),  # l read for i
        ("Hardo", "Ardo", True),  # an initial h dropped
        ("Mrat", "Mart", True),  # two letters swapped
        ("Tõnis", "Tonis", True),  # a diacritic lost
        ("Kristjan", "Kristian", True),  # a long first name misspelt
        ("Mart", "Mari", False),
        ("Mart", "Mati", False),
        ("Jaan", "Jaak", False),
        ("Anna", "Anne", False),
    ],
)
def test_same_first_name(a: str, b: str, same: bool) -> None:
    assert same_first_name(a, b, Language.of("et"), Language.of("en")) is same
