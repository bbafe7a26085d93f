"""Numbers, dates and times read in one comparable form (aligner/numbers.py)."""

from __future__ import annotations

import pytest

from aligner.numbers import extract, fingerprint, mismatch


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        ("Eelarve on 7 miljonit eurot.", "The budget is 17 million euros.", (["7000000"], ["17000000"])),
        ("See juhtus 3. mail.", "It happened on May 4.", (["3"], ["4"])),
        ("Intress on 0,5 protsenti.", "The rate is 0.5 percent.", ([], [])),
        ("Tuli 15 000 inimest.", "15,000 people came.", ([], [])),
        ("Kokku 15000 eurot.", "In all 15,000 euros.", ([], [])),
        ("Kohtumine on kell 12.30.", "The meeting is at 12:30.", ([], [])),
        ("Viimane tramm väljub kell 23.45.", "The last tram departs at 11:45 p.m.", ([], [])),
        ("Esimene väljub kell 6.30.", "The first departs at 6:30 a.m.", ([], [])),
        ("Algus kell 18.", "It starts at 6 p.m.", ([], [])),
        ("Algus kell 18.", "It starts at 6 a.m.", (["time:18:00"], ["time:6:00"])),
        ("Kesköö on kell 0.00.", "Midnight is 12:00 a.m.", ([], [])),
        ("Kell 12.30 oli 6,5 kraadi.", "At 12:30 it was 6.5 degrees.", ([], [])),
        ("Avatud kell 9–17.", "Open 9 a.m. to 5 p.m.", ([], [])),
        ("Avatud kl 9.30-17, pilet 5-10 eurot.", "Open 9:30 a.m.-5 p.m., tickets €5-10.", ([], [])),
        ("Kohal oli 12 inimest.", "There were 12 people at 9 a.m.", ([], ["time:9:00"])),
        ("Võlg on 2 mld eurot.", "The debt is 2 billion euros.", ([], [])),
        ("Tal oli 7 last.", "He had seven children.", ([], [])),
        ("Nad võisid seda teha.", "They may have done it.", ([], [])),
        ("Reedel, 14. märtsil.", "On Friday, April 14.", (["month:3"], ["month:4"])),
        # the autumn months change their stem in the cases: oktoober -> oktoobril
        ("Hiljemalt 15. detsembriks, lugemine 21. oktoobril.", "By December 15; reading on October 21.", ([], [])),
        ("Alates 1. novembrist ja 30. septembrini.", "From November 1 to September 30.", ([], [])),
        ("Lugemine 21. oktoobril.", "Reading on November 21.", (["month:10"], ["month:11"])),
        # a date in digits is the day, the month and the year, however the other side writes it
        ("Avaldatud 12.10.2026 kell 14.35.", "Published 12.10.2026 at 2:35 p.m.", ([], [])),
        ("Avaldatud 12.10.2026.", "Published October 12, 2026.", ([], [])),
        ("Avaldatud 12.10.2026.", "Published October 13, 2026.", (["12"], ["13"])),
    ],
)
def test_number_normalisation(src: str, tgt: str, expected: tuple[list[str], list[str]]) -> None:
    assert mismatch(src, tgt, "et", "en") == expected


@pytest.mark.parametrize(
    ("src", "tgt", "langs", "expected"),
    [
        ("Avatakse 1. jaanuaril 2027.", "Откроется 1 января 2027 года.", ("et", "ru"), ([], [])),
        ("See juhtus 3. mail.", "Это случилось 4 мая.", ("et", "ru"), (["3"], ["4"])),
        ("Reedel, 14. märtsil.", "В пятницу, 14 апреля.", ("et", "ru"), (["month:3"], ["month:4"])),
        ("Maksab 45 miljonit eurot, 2,5 km.", "Стоит 45 млн евро, 2,5 км.", ("et", "ru"), ([], [])),
        ("Väljub kell 6.30 ja 23.45.", "Отправится в 6.30 и в 23.45.", ("et", "ru"), ([], [])),
        ("Tõusis 5 protsenti 18 riigis.", "Вырос на 5 процентов в 18 странах.", ("et", "ru"), ([], [])),
        ("Tal oli 7 last.", "У него было семь детей.", ("et", "ru"), ([], [])),
        ("Rajatud 20. sajandi alguses.", "Проложены в начале XX века.", ("et", "ru"), ([], [])),
        ("Rajatud 19. sajandil.", "Проложены в XX веке.", ("et", "ru"), (["19"], ["20"])),
        ("Ehitatud XIV sajandil.", "Built in the 14th century.", ("et", "en"), ([], [])),
        # no month names for German here: months are not compared, the day still is
        ("Es geschah am 3. Mai.", "It happened on May 3.", ("de", "en"), ([], [])),
        ("Es geschah am 3. Mai.", "It happened on May 4.", ("de", "en"), (["3"], ["4"])),
    ],
)
def test_number_normalisation_other_pairs(
    src: str, tgt: str, langs: tuple[str, str], expected: tuple[list[str], list[str]]
) -> None:
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
