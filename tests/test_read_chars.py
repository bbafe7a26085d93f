"""Characters that remember where in the original text they came from, and the paragraphs
built of them (aligner/read/chars.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aligner.model import Paragraph, ParagraphKind
from aligner.read import parse_html
from aligner.read.chars import Char, build_paragraphs, chars_of, line_starts, paragraph_of, trimmed

HTML = "<p>Tere,<br>\n  <b>Mari</b> &amp; Jüri &#8230;</p>"


def html_chars() -> list[Char]:
    """``HTML``'s paragraph as the HTML reader builds it: a ``<br>`` is a space standing
    for nothing, an entity one character standing for all of it, the markup left out."""
    return [
        *chars_of(HTML, 3, 8),  # "Tere,"
        Char(" ", 8, 8),  # <br>
        *chars_of(HTML, 12, 15),  # "\n  "
        *chars_of(HTML, 18, 22),  # "Mari"
        Char(" ", 26, 27),
        Char("&", 27, 32),  # &amp;
        *chars_of(HTML, 32, 38),  # " Jüri "
        Char("…", 38, 45),  # &#8230;
    ]


# --- characters --------------------------------------------------------------------------


def test_chars_of_gives_each_character_its_own_place() -> None:
    text = "Tere, Õismäe!"
    assert chars_of(text, 6, 9) == [Char("Õ", 6, 7), Char("i", 7, 8), Char("s", 8, 9)]
    assert chars_of(text, 4, 4) == []
    assert "".join(c.char for c in chars_of(text, 0, len(text))) == text


def test_a_char_is_a_named_triple() -> None:
    char = Char("&", 27, 32)
    assert (char.char, char.start, char.end) == ("&", 27, 32)
    assert tuple(char) == ("&", 27, 32)


# --- trimming ----------------------------------------------------------------------------


def test_trimmed_drops_white_space_of_any_kind_at_both_ends_only() -> None:
    text = "\n\u00a0 Tere,\tMari!\u2009\r\n"
    chars = chars_of(text, 0, len(text))
    kept = trimmed(chars)
    assert "".join(c.char for c in kept) == "Tere,\tMari!"
    assert (kept[0].start, kept[-1].end) == (3, 14)


def test_trimmed_of_white_space_alone_or_nothing_is_nothing() -> None:
    assert trimmed(chars_of(" \n\t ", 0, 4)) == []
    assert trimmed([]) == []
    assert trimmed([Char(" ", 8, 8)]) == []  # a <br> alone


def test_trimmed_keeps_a_single_character() -> None:
    assert trimmed([Char(" ", 0, 1), Char("a", 1, 2), Char(" ", 2, 3)]) == [Char("a", 1, 2)]


# --- paragraphs --------------------------------------------------------------------------


def test_a_paragraph_remembers_where_every_character_came_from() -> None:
    paragraph = paragraph_of(3, html_chars(), ParagraphKind.HEADING)
    assert paragraph.text == "Tere, \n  Mari & Jüri …"
    assert (paragraph.index, paragraph.kind) == (3, ParagraphKind.HEADING)
    assert len(paragraph.offsets) == len(paragraph.ends) == len(paragraph.text)
    assert paragraph.offsets[:7] == (3, 4, 5, 6, 7, 8, 12)
    assert paragraph.ends[5] == 8  # the <br>'s space stands for nothing
    k = paragraph.text.index("&")
    assert HTML[slice(*paragraph.span(k, k + 1))] == "&amp;"
    assert HTML[slice(*paragraph.span(k - 5, k + 6))] == "Mari</b> &amp; Jüri"
    assert HTML[slice(*paragraph.span(len(paragraph.text) - 1, len(paragraph.text)))] == "&#8230;"
    assert paragraph.end == 45


def test_a_paragraph_keeps_every_character_it_is_given_white_space_too() -> None:
    """Trimming is build_paragraphs' job: a paragraph's text and its places stay one to one."""
    paragraph = paragraph_of(0, chars_of(" Tere \n", 0, 7), ParagraphKind.BODY)
    assert paragraph.text == " Tere \n" and paragraph.offsets == tuple(range(7))


def test_an_empty_paragraph_has_no_places() -> None:
    paragraph = paragraph_of(0, [], ParagraphKind.BODY)
    assert (paragraph.text, paragraph.offsets, paragraph.ends, paragraph.end) == ("", (), (), 0)


def test_build_paragraphs_trims_skips_the_empty_and_numbers_the_rest_in_order() -> None:
    text = "  Pealkiri  \n\n   \n\nEsimene lõik.\n"
    blocks = [
        (chars_of(text, 0, 12), ParagraphKind.TITLE),
        (chars_of(text, 14, 17), ParagraphKind.BODY),  # white space only
        ([], ParagraphKind.BODY),
        (chars_of(text, 19, len(text)), ParagraphKind.STANDFIRST),
    ]
    paragraphs = build_paragraphs(blocks)
    assert paragraphs == [
        Paragraph(0, "Pealkiri", tuple(range(2, 10)), tuple(range(3, 11)), ParagraphKind.TITLE),
        Paragraph(1, "Esimene lõik.", tuple(range(19, 32)), tuple(range(20, 33)), ParagraphKind.STANDFIRST),
    ]
    assert build_paragraphs(iter(blocks)) == paragraphs  # a generator of blocks, as the readers give
    assert build_paragraphs([]) == []


def test_the_html_reader_builds_the_same_paragraph_from_the_same_characters() -> None:
    """The characters above are what the reader makes of ``HTML``: the test's picture is the real one."""
    (paragraph,) = parse_html(HTML)
    assert paragraph == paragraph_of(0, html_chars(), ParagraphKind.BODY)


@given(st.lists(st.sampled_from(["a", "Õ", " ", "\n", "\t", "\u00a0", "."]), max_size=30))
def test_every_kept_character_reads_as_itself_at_its_place(letters: list[str]) -> None:
    text = "".join(letters)
    paragraphs = build_paragraphs([(chars_of(text, 0, len(text)), ParagraphKind.BODY)])
    assert len(paragraphs) == (1 if text.strip() else 0)
    for paragraph in paragraphs:
        assert paragraph.text == text.strip()
        for k, char in enumerate(paragraph.text):
            assert text[paragraph.offsets[k] : paragraph.ends[k]] == char


# --- lines -------------------------------------------------------------------------------


def test_line_starts_are_just_after_each_newline() -> None:
    assert line_starts("") == [0]
    assert line_starts("no newline") == [0]
    assert line_starts("a\nbc\n") == [0, 2, 5]
    assert line_starts("\n\n") == [0, 1, 2]
    assert line_starts("Windows\r\nline\rold Mac") == [0, 9]  # only \n ends a line, as html.parser counts


@given(st.text(alphabet="ab\n\r", max_size=40))
def test_line_starts_turn_a_line_and_column_into_an_offset(text: str) -> None:
    starts = line_starts(text)
    lines = text.split("\n")
    assert len(starts) == len(lines)
    for number, line in enumerate(lines):
        assert text[starts[number] : starts[number] + len(line)] == line
