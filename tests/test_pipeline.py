"""End to end with the bundled model on the example article, and the Python API."""

from __future__ import annotations

import pytest

import aligner
from aligner.alignfile import format_beads
from aligner.errors import AlignerWarning
from aligner.pipeline import Settings, align_documents, align_files, embed_sentences
from aligner.read import read_document
from tests.conftest import EXAMPLE, ROOT, FakeEmbedder

GOLDEN = ROOT / "tests" / "golden" / "rutte-nato.beads"


@pytest.mark.slow
def test_example_article_matches_the_reviewed_alignment() -> None:
    """tests/golden/rutte-nato.beads was read sentence by sentence by a person.

    It has the condensed sentence as 2-1 ([4, 5]:[4]), the sentence the English drops
    from a quote as 1-0 ([13]:[]), the embedded tweet and its byline and the 'Follow ERR
    News' footer as 0-1, the rest 1-1.
    """
    alignment = align_files(str(EXAMPLE / "source.et.txt"), str(EXAMPLE / "translation.en.txt"))
    assert format_beads(alignment) == GOLDEN.read_text(encoding="utf-8")
    added = [alignment.target.sentences[b.tgt[0]].text for b in alignment.beads if not b.src]
    assert added[-1] == "Follow ERR News on Facebook and Twitter and never miss an update!"
    assert added[1] == "— Bloomberg TV (@BloombergTV) March 14, 2025"
    assert [(f.type, f.src, f.tgt) for f in alignment.flags if f.type == "dropped"] == [("dropped", (13,), ())]
    scores = {b.kind: b.score for b in alignment.beads}
    assert all(0.0 <= b.score <= 1.0 for b in alignment.beads)
    assert scores["1-1"] > 0.5


@pytest.mark.slow
def test_second_example_has_its_natural_differences_and_no_false_flag() -> None:
    """examples/tallinn-tram: tests/golden/tallinn-tram.beads was read by a person.

    The English condenses two sentences ([2, 3]:[2]), splits one ([8]:[7, 8]) and adds the
    footer; the rest is 1-1. The only flag is the footer: the times (kell 23.45 against
    11:45 p.m.), the figures (15 000 against 15,000, 2,5 against 2.5, ca 45 miljonit against
    €45 million) and the e-mail and web addresses all agree.
    """
    pair = ROOT / "examples" / "tallinn-tram"
    alignment = align_files(str(pair / "source.et.txt"), str(pair / "translation.en.txt"))
    assert format_beads(alignment) == (ROOT / "tests" / "golden" / "tallinn-tram.beads").read_text(encoding="utf-8")
    source = [s.text for s in alignment.source.sentences]
    assert "Ehitustööd algasid 2024. a. kevadel ja on praeguseks valmis ligi 80 protsendi ulatuses." in source
    assert any(s.endswith("bussiliinide tihendamisele jne.") for s in source)
    assert any("https://www.tallinn.ee/tramm." in s for s in source)
    assert [(f.type, f.src, f.tgt) for f in alignment.flags] == [("added", (), (20, 21))]


@pytest.mark.slow
def test_third_example_pages_read_as_stories_and_the_cut_ending_is_called_out() -> None:
    """examples/budget-cuts: two news pages; tests/golden/budget-cuts.beads was read by a person.

    The reader drops the bylines (their times differ), the caption and the 'Loe ka:'
    teaser; the figures agree; the cut last paragraph and the added footer that stands in
    its place come apart: the paragraph is a dropped error, the footer an added warning
    that says it reads as a desk's footer, and ``review --check`` fails on it.
    """
    pair = ROOT / "examples" / "budget-cuts"
    alignment = align_files(str(pair / "source.et.html"), str(pair / "translation.en.html"))
    assert format_beads(alignment) == (ROOT / "tests" / "golden" / "budget-cuts.beads").read_text(encoding="utf-8")
    texts = [s.text for s in alignment.source.sentences + alignment.target.sentences]
    assert not [t for t in texts if "Mari Tamm" in t or "Loe ka" in t or "Foto" in t or "Seotud" in t]
    assert [(f.type, f.severity, f.src, f.tgt) for f in alignment.flags] == [
        ("added", "info", (), (17,)),
        ("dropped", "error", (17,), ()),
        ("added", "warning", (), (18,)),
    ]
    assert "reads as a footer" in alignment.flags[2].message
    assert alignment.source.sentences[17].text.startswith("Valitsus kogunes")
    assert alignment.target.sentences[18].text.startswith("Follow ERR News")


@pytest.mark.slow
def test_russian_translation_of_the_second_example_is_all_one_to_one_and_unflagged() -> None:
    """examples/tallinn-tram/translation.ru.txt follows the Estonian sentence by sentence.

    It writes its figures the Russian way (1 января, 45 млн, в 23.45, XX века, 15 000) and
    keeps 'и т.д.' at a sentence end: none of that may be flagged or mis-split.
    """
    pair = ROOT / "examples" / "tallinn-tram"
    alignment = align_files(str(pair / "source.et.txt"), str(pair / "translation.ru.txt"), Settings(tgt_lang="ru"))
    assert len(alignment.target.sentences) == len(alignment.source.sentences) == 20
    assert [b.kind for b in alignment.beads] == ["1-1"] * 20
    assert [b.src for b in alignment.beads] == [b.tgt for b in alignment.beads]
    assert alignment.flags == ()


@pytest.mark.slow
def test_a_moved_paragraph_is_moved_and_leaves_its_neighbours_alone() -> None:
    """The tram story with the critics' paragraph (3 sentences) moved up to third place.

    Aligned once, the gap it leaves pulls one of its sentences into a pair with the
    sentence the English merged into the one before; aligned again with the moved
    sentences free to leave out, the merge is a 2-1 again and the whole block is moved.
    """
    pair = ROOT / "examples" / "tallinn-tram"
    paragraphs = (pair / "translation.en.txt").read_text(encoding="utf-8").split("\n\n")
    paragraphs.insert(3, paragraphs.pop(8))
    source = (pair / "source.et.txt").read_text(encoding="utf-8")
    alignment = aligner.align_texts(source, "\n\n".join(paragraphs))
    beads = [(b.src, b.tgt) for b in alignment.beads]
    assert ((2, 3), (2,)) in beads and ((14,), (17,)) in beads
    assert [(f.type, f.src, f.tgt) for f in alignment.flags] == [
        ("moved", (15, 16, 17), (3, 4, 5)),
        ("added", (), (20, 21)),
    ]


@pytest.mark.slow
def test_align_texts_api_and_signature() -> None:
    alignment = aligner.align_texts(
        "Valitsus kinnitas eelarve. Ilm on täna päikeseline.",
        "The government approved the budget. The weather is sunny today.",
    )
    assert [b.kind for b in alignment.beads] == ["1-1", "1-1"]
    assert alignment.signature["model_id"].startswith("intfloat/multilingual-e5-small")
    assert alignment.signature["align"]["skip"] > 0


@pytest.mark.slow
def test_align_texts_takes_the_languages_of_its_settings() -> None:
    """With settings for Russian, the target is Russian: Russian clauses are not 'Estonian
    left untranslated' (they were, when the target was read as English)."""
    pair = ROOT / "examples" / "tallinn-tram"
    source = (pair / "source.et.txt").read_text(encoding="utf-8")
    russian = (pair / "translation.ru.txt").read_text(encoding="utf-8")
    alignment = aligner.align_texts(source, russian, settings=Settings(tgt_lang="ru"))
    assert alignment.target.lang == "ru" and alignment.signature["tgt_lang"] == "ru"
    assert alignment.flags == ()
    explicit = aligner.align_texts(source, russian, tgt_lang="ru", settings=Settings(tgt_lang="en"))
    assert explicit.target.lang == "ru" and explicit.flags == ()


def test_html_and_txt_sources_give_the_same_sentences(tmp_path) -> None:  # type: ignore[no-untyped-def]
    txt = "Pealkiri\n\nEsimene lause. Teine lause.\n"
    html = "<html><body><article><h1>Pealkiri</h1><p>Esimene lause. <i>Teine</i> lause.</p></article></body></html>"
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    a = align_documents(
        read_document("<t>", "et", text=txt),
        read_document("<t>", "en", text=txt),
        Settings(cache=False),
        embedder=FakeEmbedder(),
    )
    b = align_documents(
        read_document(str(tmp_path / "a.html"), "et"),
        read_document("<t>", "en", text=txt),
        Settings(cache=False),
        embedder=FakeEmbedder(),
    )
    assert [s.text for s in a.source.sentences] == [s.text for s in b.source.sentences]
    first = b.source.sentences[1]
    assert html[first.start : first.end] == "Esimene lause."
    assert b.source.format == "html"


def test_the_cache_means_an_edited_article_embeds_only_changed_sentences(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from aligner.embed.cache import CachedEmbedder

    fake = FakeEmbedder()
    cached = CachedEmbedder(fake, tmp_path / "c.sqlite")
    src = "Üks lause. Teine lause. Kolmas lause."
    tgt = "One sentence. Another sentence. A third sentence."
    settings = Settings(cache=False)
    align_documents(read_document("<s>", "et", text=src), read_document("<t>", "en", text=tgt), settings, cached)
    fake.calls.clear()
    edited = src.replace("Teine lause.", "Teine, muudetud lause.")
    align_documents(read_document("<s>", "et", text=edited), read_document("<t>", "en", text=tgt), settings, cached)
    assert fake.calls == ["Teine, muudetud lause."]


@pytest.mark.slow
def test_html_article_reads_only_the_article_and_points_into_the_page() -> None:
    """examples/rutte-nato/translation.en.html: the same article as the .txt, in a news page.

    The reader keeps title, standfirst and body; it drops the navigation, the figure, the
    embedded tweet, the bylines, the related links and the 'Follow ERR News' page footer.
    """
    import html
    import re

    page_path = EXAMPLE / "translation.en.html"
    alignment = align_files(str(EXAMPLE / "source.et.txt"), str(page_path))
    txt = align_files(str(EXAMPLE / "source.et.txt"), str(EXAMPLE / "translation.en.txt"))
    dropped_by_reader = {
        "— Bloomberg TV (@BloombergTV) March 14, 2025",
        "--",
        "Follow ERR News on Facebook and Twitter and never miss an update!",
        "Editor: Merili Nael, Helen Wright",
        'Source: "Ukraina stuudio", interview by Epp Ehand',
    }
    expected = [
        s.text
        for s in txt.target.sentences
        if s.text not in dropped_by_reader and not s.text.startswith("NATO Secretary General Mark Rutte said")
    ]
    assert [s.text for s in alignment.target.sentences] == expected
    assert not [f for f in alignment.flags if f.type == "added"]
    # source 13 is dropped, as in the plain-text pair (a 2-1 merge once hid it); and the
    # plain-text source has its credits, which the page keeps in bylines
    assert [(f.type, f.src) for f in alignment.flags][:1] == [("dropped", (13,))]
    assert [f.type for f in alignment.flags] == ["dropped", "dropped"]
    credits = [alignment.source.sentences[i].text for i in alignment.flags[1].src]
    assert credits == ["Toimetaja: Merili Nael", "Allikas: „Ukraina stuudio“, intervjueeris Epp Ehand"]
    page = page_path.read_text(encoding="utf-8")
    for sentence in alignment.target.sentences:
        shown = html.unescape(re.sub(r"<[^>]+>", "", page[sentence.start : sentence.end]))
        assert " ".join(shown.split()) == sentence.text


def test_a_previous_alignment_lends_its_decisions_and_stdin_is_a_stream(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The API keeps review decisions as ``aligner align -o`` does, and reads ``-`` from the
    stream it is given."""
    import io

    from aligner.decisions import decide, reviewed

    source = tmp_path / "lugu.et.txt"
    source.write_text("Esimene lause siin.\n\nTeine lause siin.\n\nKolmas lause siin.\n", encoding="utf-8")
    target = "First sentence here.\n\nThird sentence here.\n"
    first = align_files(str(source), "-", embedder=FakeEmbedder(), stdin=io.BytesIO(target.encode()))
    assert first.target.path == "<stdin>" and len(first.target.sentences) == 2
    assert first.flags, "the fake embedder's unrelated vectors leave something to flag"
    decided = decide(first, first.flags[0].key, "accepted", "checked", "mari")
    again = align_files(str(source), "-", embedder=FakeEmbedder(), stdin=io.BytesIO(target.encode()), previous=decided)
    assert reviewed(again) == 1 and again.flags[0].review == decided.flags[0].review
    assert reviewed(align_files(str(source), "-", embedder=FakeEmbedder(), stdin=io.BytesIO(target.encode()))) == 0


def test_progress_counts_the_embedding_and_reports_each_later_step(fake_embedder: FakeEmbedder) -> None:
    """The CLI's bar depends on this order: a count while embedding, then aligning and
    checking as single steps, each started before it is finished."""
    seen: list[tuple[str, int, int]] = []
    source = read_document("a.txt", "et", text="Üks lause. Teine lause.")
    target = read_document("b.txt", "en", text="One sentence. Another one.")
    align_documents(source, target, Settings(cache=False), fake_embedder, lambda *event: seen.append(event))
    steps = [event for event in seen if event[0] != "embed"]
    assert steps == [("align", 0, 1), ("align", 1, 1), ("check", 0, 1), ("check", 1, 1)]
    embedding = [event for event in seen if event[0] == "embed"]
    assert embedding[0] == ("embed", 0, 4) and embedding[-1] == ("embed", 4, 4)
    assert seen.index(embedding[-1]) < seen.index(steps[0])


def test_a_unit_longer_than_the_model_reads_is_embedded_by_its_beginning(fake_embedder: FakeEmbedder) -> None:
    long = " ".join(["sõna"] * 500) + "."
    with pytest.warns(AlignerWarning, match=r"1 sentence is longer than the model reads \(64 tokens\)"):
        vectors = embed_sentences(fake_embedder, [long, "Lühike."])
    assert fake_embedder.calls == [" ".join(["sõna"] * 64), "Lühike."] and vectors.shape == (2, fake_embedder.dim)


def test_pairs_taken_apart_are_searched_again_without_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The DP searches again without the pairs the relatedness step took apart, until it
    makes no new one, and the path it ends on is the one scored."""
    import numpy as np

    from aligner import pipeline
    from aligner.sides import SideData, Span

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(5, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    src = SideData.of(vectors, [40] * 5)
    tgt = SideData.of(vectors + 0.05 * rng.normal(size=(5, 16)), [40] * 5)  # 1-1 all along
    searched: list[list[Span]] = []
    real_separate = pipeline.separate

    def separate(s: SideData, t: SideData, spans: list[Span], *args: object, **kwargs: object) -> list[Span]:
        searched.append(list(spans))
        out = []
        for span in real_separate(s, t, spans, *args, **kwargs):  # type: ignore[arg-type]
            if span.is_pair and span.src_start in (1, 2):  # no translation, whatever it is paired with
                out += [
                    Span(span.src_start, span.src_end, span.tgt_start, span.tgt_start),
                    Span(span.src_end, span.src_end, span.tgt_start, span.tgt_end),
                ]
            else:
                out.append(span)
        return out

    monkeypatch.setattr(pipeline, "separate", separate)
    beads = pipeline._align(src, tgt, Settings())
    assert 2 <= len(searched) <= pipeline.REALIGN_ROUNDS + 1
    first_apart = {(s.src_start, s.tgt_start) for s in searched[0] if s.is_pair and s.src_start in (1, 2)}
    assert first_apart == {(1, 1), (2, 2)}
    for i, j in first_apart:  # never paired again, nor merged into a bigger bead
        assert all(not (s.src_start <= i < s.src_end and s.tgt_start <= j < s.tgt_end) for s in searched[1])
    assert [(b.src, b.tgt) for b in beads if b.src and b.tgt] == [((0,), (0,)), ((3,), (3,)), ((4,), (4,))]
