"""Sentence splitting: every case the issue names, for Estonian and English; Russian."""

from __future__ import annotations

import pytest

from aligner.model import Document, Paragraph
from aligner.read import parse_plain
from aligner.segment import segment_document, split_sentences


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text",
    [
        "Koosolek toimub 14. märtsil Tallinnas.",
        "Ta naasis 1. jaanuaril 2025 koju.",
        "See juhtus 20. sajandil Euroopas.",
        "Leping sõlmiti 2023. a. kevadel.",
        "Kohtumine algab kell 12.30 raekojas.",
        "Õpilased 1.–3. klassist osalesid võistlusel.",
        "Festival toimub 14.-16. märtsil Tartus.",
        "Tõid puuvilju, nt. õunu ja pirne.",
        "Ostsime leiba, piima jne. ning läksime koju.",
        "Seal olid toolid, lauad vms. asjad.",
        "Vaata lk. 5 ja vt. ka lisa.",
        "Kohal olid hr. Tamm, pr. Kask, dr. Mets ja prof. Saar.",
        "Eelarve on ca 5 mln eurot ja võlg 2 mld eurot.",
        "Ta ütles, et „see ei ole lihtne“ ja lahkus.",
    ],
)
def test_estonian_single_sentences_stay_whole(text: str) -> None:
    assert sentences(text, "et") == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ostsime leiba, piima jne. Siis läksime koju.", ["Ostsime leiba, piima jne.", "Siis läksime koju."]),
        ("Hinnad tõusid 5 mln. Järgmisel aastal veel.", ["Hinnad tõusid 5 mln.", "Järgmisel aastal veel."]),
        ("„Me ei tea,“ ütles ta. „Kas tõesti?“ küsis Mari.", ["„Me ei tea,“ ütles ta.", "„Kas tõesti?“ küsis Mari."]),
        ("Ta ütles: „Jah.“ Siis läks.", ["Ta ütles: „Jah.“", "Siis läks."]),
        ('Ta ütles: "Jah." Siis läks.', ['Ta ütles: "Jah."', "Siis läks."]),
        (
            "„See ei ole lihtne ülesanne. Rutte püüdis Trumpile meeldida,“ ütles ta. Siis läks.",
            ["„See ei ole lihtne ülesanne.", "Rutte püüdis Trumpile meeldida,“ ütles ta.", "Siis läks."],
        ),
        (
            "Kohtumine oli 14. märtsil. 15. märtsil sõitis ta ära.",
            ["Kohtumine oli 14. märtsil.", "15. märtsil sõitis ta ära."],
        ),
    ],
)
def test_estonian_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text, "et") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith flew to the U.S. on Jan. 5 with Dr. Jones.",
        "The meeting ends at 5 p.m. on Friday.",
        "Bring fruit, e.g. apples, to the party.",
        "J. R. R. Tolkien wrote it.",
        "Inflation was 3.5 percent in March.",
        "He waited... and waited.",
        "See https://news.err.ee/1609595810/analyst-rutte for details.",
        "Write to john.doe@err.ee or to @ERRNews on X.",
        "The video is at https://t.co/Kfy6tJMNb7 pic.twitter.com/5KJ8kS3Zy3 now.",
    ],
)
def test_english_single_sentences_stay_whole(text: str) -> None:
    assert sentences(text, "en") == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said, "It is over." Then he left.', ['He said, "It is over."', "Then he left."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("It ends at 5 p.m. Tuesday. Then a vote.", ["It ends at 5 p.m. Tuesday.", "Then a vote."]),
        ("It opens at 9 a.m. March 3. It closes later.", ["It opens at 9 a.m. March 3.", "It closes later."]),
        ("We met at 10 a.m. The talks went well.", ["We met at 10 a.m.", "The talks went well."]),
        ("It went to the U.S. Army. Then home.", ["It went to the U.S. Army.", "Then home."]),
        (
            '"This is not easy. Rutte tried to flatter Trump," she said.',
            ['"This is not easy.', 'Rutte tried to flatter Trump," she said.'],
        ),
        ("See t.co/AbC1x. The rest follows.", ["See t.co/AbC1x.", "The rest follows."]),
        ("Email john.doe@err.ee. Or call.", ["Email john.doe@err.ee.", "Or call."]),
    ],
)
def test_english_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "В 2025 г. город потратил 5 млн. евро и т.д. Это много, т.е. больше, чем раньше.",
            ["В 2025 г. город потратил 5 млн. евро и т.д.", "Это много, т.е. больше, чем раньше."],
        ),
        ("Купили груши и т.п. Магазин закрылся.", ["Купили груши и т.п.", "Магазин закрылся."]),
        (
            "Расходы останутся на прежнем уровне, т.е. 3,7% ВВП. Конец.",
            ["Расходы останутся на прежнем уровне, т.е. 3,7% ВВП.", "Конец."],
        ),
        ("Адрес: ул. Ратаскаэву, см. Рис. 5. Далее.", ["Адрес: ул. Ратаскаэву, см. Рис. 5.", "Далее."]),
        ("Парк им. Кадриорг открыт.", ["Парк им. Кадриорг открыт."]),
        ("Как сказал А. С. Пушкин, всё хорошо. Конец.", ["Как сказал А. С. Пушкин, всё хорошо.", "Конец."]),
        ("Он сказал: «Мы купили. Всё!» Затем ушёл.", ["Он сказал: «Мы купили.", "Всё!»", "Затем ушёл."]),
    ],
)
def test_russian_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text, "ru") == expected


def test_unknown_language_falls_back_to_a_generic_splitter() -> None:
    assert sentences("Eins zwei. Drei vier.", "xx") == ["Eins zwei.", "Drei vier."]


def test_offsets_point_into_the_original_text() -> None:
    text = "Pealkiri\n\nEsimene lause. Teine  lause\non siin.\nKolmas rida.\n"
    doc = Document("x.txt", "et", text, tuple(parse_plain(text)))
    sents = segment_document(doc)
    assert [s.text for s in sents] == ["Pealkiri", "Esimene lause.", "Teine lause on siin.", "Kolmas rida."]
    for s in sents:
        assert " ".join(text[s.start : s.end].split()) == s.text
    assert [s.paragraph for s in sents] == [0, 1, 1, 1]  # short lines ending mid-sentence: hand-wrapped
    assert [s.index for s in sents] == [0, 1, 2, 3]


def test_segmented_mode_makes_every_line_a_unit() -> None:
    text = "Üks. Kaks.\n  Kolm  \n\nNeli\n"
    n = len(text)
    doc = Document("x.txt", "et", text, (Paragraph(0, text, tuple(range(n)), tuple(range(1, n + 1))),))
    units = segment_document(doc, segmented=True)
    assert [u.text for u in units] == ["Üks. Kaks.", "Kolm", "Neli"]
    assert [text[u.start : u.end] for u in units] == ["Üks. Kaks.", "Kolm", "Neli"]
    assert [u.paragraph for u in units] == [0, 0, 1]
