"""Numbers written in words, read with a lexicon per language (aligner/numbers/words.py)."""

from __future__ import annotations

import pytest

from aligner.numbers.words import Lexicon, month_names, said_roughly, word_numbers


def values(text: str, lang: str) -> set[float]:
    return {w.low for w in word_numbers(text, lang) if w.low == w.high}


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("kakskümmend viis", "et", 25),
        ("kahekümne viiele", "et", 25),
        ("kolm tuhat viissada", "et", 3500),
        ("viie miljardi", "et", 5e9),
        ("pooleteise tuhande", "et", 1500),
        ("kaheteistkümne", "et", 12),
        ("sada kakskümmend", "et", 120),
        ("kolmandas", "et", 3),
        ("kümneaastane", "et", 10),
        ("poolteisekilomeetrisel", "et", 1.5),
        ("kahekümneliikmeline", "et", 20),
        ("forty-two", "en", 42),
        ("two hundred and fifty", "en", 200),
        ("two hundred fifty", "en", 250),
        ("one thousand two hundred", "en", 1200),
        ("half a", "en", 0.5),
        ("двести пятьдесят", "ru", 250),
        ("трёх тысяч", "ru", 3000),
    ],
)
def test_number_words(text: str, lang: str, value: float) -> None:
    assert value in values(text, lang)


def test_rough_words_give_a_range_and_other_words_nothing() -> None:
    (rough,) = word_numbers("mitukümmend", "et")
    assert (rough.low, rough.high) == (20, 90) and rough.covers(30) and not rough.covers(100)
    assert word_numbers("Valitsus kinnitas eelarve.", "et") == []
    assert word_numbers("Les chiffres.", "fr") == [] and Lexicon.of("fr") == Lexicon()


def test_month_names_anywhere_but_not_words_that_start_like_them() -> None:
    assert month_names("since the first of June", "en") == {6}
    assert month_names("you may go in March", "en") == {3}
    assert month_names("mail ja juulis, aga maitse", "et") == {5, 7}
    assert month_names("в мае", "ru") == {5} and month_names("мама", "ru") == set()


def test_words_that_say_a_figure_is_rounded() -> None:
    assert said_roughly("nearly $3,000", 8, "en") and said_roughly("ligi 3000", 5, "et")
    assert not said_roughly("exactly 3,000", 8, "en")


def test_a_compound_is_a_number_only_where_it_ends_as_a_number_adjective_does() -> None:
    # neljapäev is Thursday and ühendus a union, not four days or one of anything
    assert word_numbers("neljapäeval", "et") == [] and word_numbers("ühendusele", "et") == []
