"""Plain text, Markdown and HTML read into paragraphs with offsets into the original (aligner/read.py)."""

from __future__ import annotations

import pytest

from aligner.errors import AlignerWarning, InputError
from aligner.model import InputFormat
from aligner.read import detect_format, parse_html, parse_markdown, parse_plain, read_document


def texts(paragraphs) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(p.text.split()) for p in paragraphs]


def assert_offsets(source: str, paragraphs) -> None:  # type: ignore[no-untyped-def]
    """Every kept character sits at its offset in the source (entities aside)."""
    for p in paragraphs:
        for char, offset, end in zip(p.text, p.offsets, p.ends, strict=True):
            if char.strip() and source[offset] != "&":
                assert source[offset:end] == char, (char, offset)


LONG_A = "Esimene lõik on pikk ja sisaldab mitu sõna, et rida oleks pikem kui tavaline käsitsi murtud rida on."
LONG_B = "Teine lõik räägib muust ja on samuti piisavalt pikk, et seda ei loetaks käsitsi murtud tekstiks siin."


def test_plain_text_one_paragraph_per_line() -> None:
    text = f"Pealkiri\n\n{LONG_A}\n{LONG_B}\n— Bloomberg TV (@BloombergTV) March 14, 2025\nLast week, Putin said so.\n"
    paragraphs = parse_plain(text)
    assert texts(paragraphs) == [
        "Pealkiri",
        LONG_A,
        LONG_B,
        "— Bloomberg TV (@BloombergTV) March 14, 2025",
        "Last week, Putin said so.",
    ]
    assert_offsets(text, paragraphs)


def test_plain_text_line_starting_lower_case_continues() -> None:
    text = f"{LONG_A}\nja see jätkub siin.\n{LONG_B}\n"
    assert texts(parse_plain(text)) == [LONG_A + " ja see jätkub siin.", LONG_B]


def test_plain_text_list_items_after_a_colon_stay_apart() -> None:
    """A list in plain text is read as an HTML or Markdown list is: one item per paragraph."""
    text = "Kärbete hulgas on ka:\ninvesteeringud (–120 mln eurot);\ntoetused (–35 mln eurot).\n"
    assert texts(parse_plain(text)) == [
        "Kärbete hulgas on ka:",
        "investeeringud (–120 mln eurot);",
        "toetused (–35 mln eurot).",
    ]


def test_plain_text_hand_wrapped_block_is_one_paragraph() -> None:
    text = "This paragraph was wrapped by\nhand at a short width, as\nemails are.\n\nNext one.\n"
    assert texts(parse_plain(text)) == [
        "This paragraph was wrapped by hand at a short width, as emails are.",
        "Next one.",
    ]


def test_markdown_strips_markup_and_keeps_offsets() -> None:
    text = (
        "# Pealkiri *rõhuga*\n\nEsimene [lõik](https://err.ee) **paksus** kirjas.\n\n"
        "```\nkood(ei)\n```\n\n- loendi punkt\n- teine `kood`\n\n> tsitaat\n\n![pilt](a.png)\n"
    )
    paragraphs = parse_markdown(text)
    assert texts(paragraphs) == [
        "Pealkiri rõhuga",
        "Esimene lõik paksus kirjas.",
        "loendi punkt",
        "teine kood",
        "tsitaat",
    ]
    assert paragraphs[0].kind == "heading"
    assert_offsets(text, paragraphs)


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_markdown_front_matter_gives_title_and_standfirst_only(fence: str) -> None:
    """A static-site article: its title and description live in the front matter, the
    date, tags and author are metadata."""
    sep = ":" if fence == "---" else " ="
    text = (
        f'{fence}\ntitle{sep} "Valitsus kärbib eelarvet"\ndate{sep} 2026-10-12T14:35:00+03:00\n'
        f"description{sep} 'Kärped on 1,2 miljardit eurot.'\nauthor{sep} Mari Tamm\n{fence}\n\n"
        "Esimene lõik.\n\n---\n\nPärast joont.\n"
    )
    paragraphs = parse_markdown(text)
    assert texts(paragraphs) == [
        "Valitsus kärbib eelarvet",
        "Kärped on 1,2 miljardit eurot.",
        "Esimene lõik.",
        "Pärast joont.",
    ]
    assert [p.kind for p in paragraphs[:2]] == ["title", "standfirst"]
    assert_offsets(text, paragraphs)


HTML = """<!doctype html><html><head><title>Page title | ERR</title>
<script>var x = "<p>not text</p>";</script><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav>
<article>
  <header><h1>Rutte &amp; NATO</h1><p class="lead">The standfirst&nbsp;here.</p></header>
  <p>First <b>body</b> paragraph. Second sentence.</p>
  <figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
  <blockquote class="twitter-tweet"><p>Embedded tweet text</p></blockquote>
  <p>Third&#8230; &#x201E;quoted&#x201C;<br>line two.</p>
  <aside>Related: other story</aside>
</article>
<footer>Follow us</footer></body></html>"""


def test_html_keeps_article_text_and_drops_the_rest() -> None:
    paragraphs = parse_html(HTML)
    assert texts(paragraphs) == [
        "Rutte & NATO",
        "The standfirst here.",
        "First body paragraph. Second sentence.",
        "Third… „quoted“ line two.",
    ]
    assert [p.kind for p in paragraphs[:2]] == ["title", "standfirst"]
    assert_offsets(HTML, paragraphs)


def test_html_with_several_articles_reads_the_longest() -> None:
    page = (
        "<html><head><title>Site</title></head><body>"
        "<article><p>Teaser of another story.</p></article>"
        "<article><h1>The story</h1><p>First sentence of the story. Second one.</p><p>More text.</p></article>"
        "<section><article><h3>Related</h3><p>Teaser two.</p></article></section></body></html>"
    )
    assert texts(parse_html(page)) == ["The story", "First sentence of the story. Second one.", "More text."]
    no_heading = "<html><head><title>Page</title></head><body><article><p>Long enough body.</p></article>"
    no_heading += "<article><p>Tiny.</p></article></body></html>"
    assert texts(parse_html(no_heading)) == ["Page", "Long enough body."]


def test_html_without_article_drops_link_lists_and_menus() -> None:
    page = (
        "<html><body><div class='top'><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul></div>"
        "<h1>Story</h1><p>Text with <a href=x>a link</a> inside it.</p>"
        "<p><a href=y>Read also: another story</a></p><div class='main-menu'><p>Menu text</p></div>"
        "<ul class='breadcrumb'><li>News</li><li>Estonia</li></ul></body></html>"
    )
    assert texts(parse_html(page)) == ["Story", "Text with a link inside it."]


def test_html_article_drops_bylines_and_link_teasers() -> None:
    """A byline's date and time differ between the two language versions; a 'Loe ka:'
    teaser is a link to another story. Neither is the story's text."""
    page = (
        "<html><body><article><h1>Valitsus kärbib eelarvet</h1>"
        "<p class='byline'>Mari Tamm | 12.10.2026 14:35</p><div class='article__meta'>ERR</div>"
        "<p class='lead'><a href=/e>Eelarve</a> väheneb.</p>"
        "<h2><a href='#kulud'>Kulud</a></h2>"
        "<p>Kärbitakse <a href=/k>halduskulusid</a>.</p>"
        "<p><strong>Loe ka:</strong> <a href=/a/1>Eesti majandus kasvas teises kvartalis</a></p>"
        "<p>Metadata on siin sõna, mitte klass.</p></article></body></html>"
    )
    assert texts(parse_html(page)) == [
        "Valitsus kärbib eelarvet",
        "Eelarve väheneb.",
        "Kulud",
        "Kärbitakse halduskulusid.",
        "Metadata on siin sõna, mitte klass.",
    ]


def test_html_without_article_uses_body_and_title() -> None:
    page = "<html><head><title>Only title</title></head><body><p>Body text.</p><footer>x</footer></body></html>"
    assert texts(parse_html(page)) == ["Only title", "Body text."]


def test_html_entity_offsets_span_the_entity() -> None:
    page = "<p>A &amp; B</p>"
    (p,) = parse_html(page)
    assert p.text == "A & B"
    assert page[p.offsets[2]] == "&" and p.offsets[4] == page.index("B")
    assert p.span(0, len(p.text)) == (page.index("A"), page.index("B") + 1)
    assert p.span(2, 3) == (page.index("&"), page.index(";") + 1)  # the whole entity


def test_format_detection() -> None:
    assert detect_format("a.html", "") is InputFormat.HTML
    assert detect_format("a.md", "") is InputFormat.MARKDOWN
    assert detect_format("a.txt", "<p>x</p>") is InputFormat.TXT
    assert detect_format("-", "<!DOCTYPE html><p>x</p>") is InputFormat.HTML


def test_an_unclosed_html_comment_hides_the_rest_as_in_a_browser() -> None:
    page = "<html><body><p>Esimene lõik.</p>\n<!-- peidetud\n<p>Teine lõik.</p></body></html>"
    with pytest.warns(AlignerWarning, match=r"a\.html: the comment opened on line 2 is never closed"):
        document = read_document("a.html", "et", text=page)
    assert [p.text for p in document.paragraphs] == ["Esimene lõik."]


def test_markdown_nested_deep_is_read_and_absurd_nesting_refused() -> None:
    deep = "Alguses.\n\n" + "> " * 30 + "Sügaval tekst.\n\nLõpus.\n"
    assert [p.text for p in read_document("a.md", "et", text=deep).paragraphs] == [
        "Alguses.",
        "Sügaval tekst.",
        "Lõpus.",
    ]
    with pytest.raises(InputError, match="Markdown nested 100 levels deep") as caught:
        read_document("b.md", "et", text="> " * 5000 + "x\n")
    assert caught.value.path == "b.md"
