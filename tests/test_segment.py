"""Sentence splitting (aligner/segment.py): the language cases in tests/data/segment/, offsets, units."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aligner.model import Document, Paragraph
from aligner.read import parse_plain
from aligner.segment import segment_document, split_sentences


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


DATA = Path(__file__).parent / "data" / "segment"


def language_cases() -> list[Any]:
    """Every case of ``tests/data/segment/<lang>.txt``: (language, text, its sentences)."""
    out = []
    for path in sorted(DATA.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for block in "\n".join(lines).split("\n\n"):
            text, *parts = [line for line in block.split("\n") if line]
            expected = [part.removeprefix("> ") for part in parts] or [text]
            out.append(pytest.param(path.stem, text, expected, id=f"{path.stem}: {text[:40]}"))
    return out


@pytest.mark.parametrize(("lang", "text", "expected"), language_cases())
def test_language_cases(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_every_language_file_has_cases() -> None:
    counts = {
        path.stem: sum(1 for case in language_cases() if case.values[0] == path.stem) for path in DATA.glob("*.txt")
    }
    assert set(counts) >= {"et", "en", "ru"} and min(counts.values()) >= 5


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
