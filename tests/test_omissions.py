"""Clauses a short translation leaves out (aligner/omissions.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest

from aligner.clauses import AT_CONJUNCTIONS, pieces
from aligner.model import Bead, Sentence, Side
from aligner.omissions import MIN_CHARS, find_omissions
from aligner.pipeline import align_files, align_texts
from aligner.sides import SideData
from tests.conftest import ROOT, FakeTermEmbedder

DATA = ROOT / "tests" / "data" / "omissions"


def _cut(text: str) -> list[str]:
    return [text[a:b] for a, b in pieces(text, AT_CONJUNCTIONS, MIN_CHARS)]


def test_a_sentence_is_cut_at_commas_quotes_and_conjunctions() -> None:
    assert _cut("Muudatuste eesmärk on vähendada ummikuid, ütles abilinnapea Mart Kuusk teisipäeval.") == [
        "Muudatuste eesmärk on vähendada ummikuid,",
        "ütles abilinnapea Mart Kuusk teisipäeval.",
    ]
    assert _cut("„Ma ei saa lubada raha, mida meil ei ole,“ ütles minister Kersti Nõmm.") == [
        "„Ma ei saa lubada raha,",
        "mida meil ei ole,“",
        "ütles minister Kersti Nõmm.",
    ]
    assert _cut("Hinnad tõusid kümme protsenti ning järjekorrad on lühenenud.") == [
        "Hinnad tõusid kümme protsenti",
        "ning järjekorrad on lühenenud.",
    ]


def test_a_short_piece_joins_its_neighbour() -> None:
    parts = _cut("Ta ütles, et ja, küll see kõik laheneb varsti.")
    assert all(len(p) >= MIN_CHARS for p in parts)
    assert " ".join(parts) == "Ta ütles, et ja, küll see kõik laheneb varsti."


@pytest.mark.slow
def test_a_left_out_attribution_is_named_and_a_whole_translation_is_not_flagged() -> None:
    source = (DATA / "bus.et.txt").read_text(encoding="utf-8")
    target = (DATA / "bus.en.txt").read_text(encoding="utf-8")
    alignment = align_texts(source, target)
    partial = [f for f in alignment.flags if f.type == "partially-dropped"]
    assert [(f.severity, f.src, f.tgt) for f in partial] == [("warning", (3,), (3,))]
    assert partial[0].src_span is not None
    start, end = partial[0].src_span
    assert source[start:end] == "ütles abilinnapea Mart Kuusk teisipäeval ajakirjanikele."
    assert "leaves out «ütles abilinnapea Mart Kuusk" in partial[0].message
    whole = target.replace(
        "speed up public transport.", "speed up public transport, deputy mayor Mart Kuusk told reporters on Tuesday."
    )
    assert not [f for f in align_texts(source, whole).flags if f.type == "partially-dropped"]


@pytest.mark.slow
def test_a_figure_in_the_left_out_clause_is_one_problem_not_two() -> None:
    """The partially-dropped warning names the clause; the figure it held is told as info,
    and a figure the translation drops elsewhere in the sentence stays a warning."""
    source = (DATA / "bus.et.txt").read_text(encoding="utf-8")
    target = (DATA / "bus.en.txt").read_text(encoding="utf-8")
    clause = "mille vastu kirjutas alla 2400 elanikku."
    cut = "Kõige rohkem vaidlusi tekitas Pirita suuna liinide ümberkorraldamine"
    alignment = align_texts(source.replace(cut + ".", f"{cut}, {clause}"), target)
    partial = [f for f in alignment.flags if f.type == "partially-dropped" and f.src == (6,)]
    numbers = [f for f in alignment.flags if f.type == "number-mismatch"]
    assert len(partial) == 1 and f"leaves out «{clause}»" in partial[0].message
    assert [(f.severity, f.src) for f in numbers] == [("info", (6,))]
    assert "in the clause the translation leaves out" in numbers[0].message
    elsewhere = source.replace(cut + ".", f"{cut} 2400 korral, {clause.replace('2400 ', '')}")
    numbers = [f for f in align_texts(elsewhere, target).flags if f.type == "number-mismatch"]
    assert [f.severity for f in numbers if f.src == (6,)] == ["warning"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ending", "exact"),
    [("&bdquo;Postimehele&ldquo;.", True), ("&bdquo;Postimehele.&ldquo;", False)],
    ids=["entities-inside", "ends-on-an-entity"],
)
def test_in_a_page_the_span_is_the_left_out_clause_and_never_cuts_an_entity(
    ending: str, exact: bool, tmp_path: Path
) -> None:
    """The clause's characters are found in the page around its entities; where the clause
    ends on an entity, which cannot be found, the sentence's span is given instead."""
    paragraphs = (DATA / "bus.et.txt").read_text(encoding="utf-8").split("\n\n")
    paragraphs[1] = paragraphs[1].replace("ajakirjanikele.", ending)
    page = "<html><body><article>" + "".join(f"<p>{p.strip()}</p>" for p in paragraphs) + "</article></body></html>"
    (tmp_path / "et.html").write_text(page, encoding="utf-8")
    (tmp_path / "en.txt").write_text((DATA / "bus.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    alignment = align_files(str(tmp_path / "et.html"), str(tmp_path / "en.txt"))
    partial = [f for f in alignment.flags if f.type == "partially-dropped"]
    assert len(partial) == 1 and partial[0].src_span is not None
    start, end = partial[0].src_span
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page[start:end])).split())
    assert shown.startswith("ütles abilinnapea Mart Kuusk") is exact
    assert "ütles abilinnapea Mart Kuusk teisipäeval „Postimehele" in shown
    assert not re.search(r"&\w*$", page[start:end])


def _short_pair(target_text: str) -> tuple[Side, Side, tuple[Bead, ...], SideData, SideData]:
    """A headline pair, then a pair whose translation is half its source; the vectors say
    that without either clause the source is a little less alike (so the vectors find no
    left-out clause) but still about as alike as the typical pair."""
    src_texts = ["Pealkiri on siin.", "Linn ostab kümme uut bussi ning piletid lähevad järgmisel aastal odavamaks."]
    tgt_texts = ["The headline is here.", target_text]
    source = Side("et", "a.txt", tuple(Sentence(k, t, 0, len(t), k) for k, t in enumerate(src_texts)))
    target = Side("en", "b.txt", tuple(Sentence(k, t, 0, len(t), k) for k, t in enumerate(tgt_texts)))
    unit = np.array([[1.0, 0.0], [0.9, np.sqrt(1 - 0.81)]], dtype=np.float32)
    src = SideData.from_texts(unit[[0, 1]], src_texts)
    tgt = SideData.from_texts(np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32), tgt_texts)
    return source, target, (Bead((0,), (0,), 1.0), Bead((1,), (1,), 1.0)), src, tgt


def _rest_vectors(texts: list[str]) -> np.ndarray:
    return np.tile(np.array([0.88, np.sqrt(1 - 0.88**2)], dtype=np.float32), (len(texts), 1))


def test_the_latent_terms_find_the_clause_whose_concepts_the_translation_does_not_name() -> None:
    """(A word-for-term fake: a target sharing the first clause's words and none of the second's.)"""
    source, target, beads, src, tgt = _short_pair("Linn ostab kümme uut bussi.")
    assert find_omissions(source, target, beads, src, tgt, _rest_vectors, 1.0, 0.9) == {}  # the vectors alone
    found = find_omissions(source, target, beads, src, tgt, _rest_vectors, 1.0, 0.9, FakeTermEmbedder())
    assert [(o.src, o.tgt, o.text) for o in found.values()] == [
        (1, 1, "ning piletid lähevad järgmisel aastal odavamaks.")
    ]
    source, target, beads, src, tgt = _short_pair("Linn ostab bussi ning piletid odavamaks.")  # names both
    assert find_omissions(source, target, beads, src, tgt, _rest_vectors, 1.0, 0.9, FakeTermEmbedder()) == {}
