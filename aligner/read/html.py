"""An article's HTML page: inside ``<article>`` when the page has one (the longest, when several stand side by
side, as teasers of related stories do), else the whole ``<body>``; the title
(``<h1>``, else ``<title>``), headings, standfirst and body paragraphs, list items and
quotes are read. Scripts, styles, navigation, headers and footers of the page, asides,
forms, figures with their captions, iframes, embedded social-media blocks (Twitter/X,
Instagram, Facebook, TikTok, YouTube embeds), blocks marked as menus, breadcrumbs or
sidebars, the byline and dateline (blocks marked byline, author, dateline, timestamp,
published or meta), and blocks that are (80 %) all links ("Loe ka: <headline>" teasers, menus)
are dropped: they are not part of the text a translator translates.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from html.entities import name2codepoint
from html.parser import HTMLParser
from typing import NamedTuple

from aligner.errors import AlignerWarning
from aligner.model import Paragraph, ParagraphKind
from aligner.read.chars import Char, build_paragraphs, line_starts, trimmed

_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "figure",
    "figcaption",
    "iframe",
    "svg",
    "select",
    "textarea",
    "video",
    "audio",
    "picture",
    "object",
    "embed",
    "canvas",
    "head",
}
# Blocks marked as not the story by their class or id: embedded posts and other widgets,
# captions, menus, and the story's metadata, by whom and when
# (<p class="byline">Mari Tamm | 12.10.2026 14:35</p>).
_NOT_THE_STORY = re.compile(
    r"twitter-tweet|twitter-timeline|instagram-media|fb-post|fb-video|tiktok-embed|"
    r"embed|social|share|related|advert|newsletter|cookie|caption|menu|breadcrumb|sidebar|navbar|pagination|"
    r"byline|dateline|author|timestamp|published|(?:^|[\s_-])meta(?:$|[\s_-])",
    re.I,
)
_MARKED_TAGS = {"p", "blockquote", "div", "section", "ul", "ol", "address"}
_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "div",
    "section",
    "article",
    "header",
    "main",
    "dd",
    "dt",
    "td",
    "th",
    "tr",
    "table",
    "ul",
    "ol",
    "pre",
    "title",
    "body",
    "html",
    "hr",
    "address",
    "details",
    "summary",
}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "track"}


class _HtmlBlock(NamedTuple):
    chars: list[Char]
    kind: ParagraphKind
    article: int
    """Which top-level ``<article>`` the block is in (0: none)."""
    links: int
    """How many of its characters (white space aside) are link text."""

    @property
    def size(self) -> int:
        return sum(1 for c in self.chars if not c.char.isspace())


class _ArticleParser(HTMLParser):
    def __init__(self, text: str, article_only: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.line_starts = line_starts(text)
        self.article_only = article_only
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skip_depth = 0
        self.article_depth = 0
        self.article_count = 0  # top-level <article> elements opened so far
        self.link_depth = 0
        self.link_chars = 0
        self.in_head_title = False
        self.title: list[Char] = []
        self.blocks: list[_HtmlBlock] = []
        self.current: list[Char] = []
        self.kind = ParagraphKind.BODY

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _active(self) -> bool:
        return self.skip_depth == 0 and (not self.article_only or self.article_depth > 0)

    def _flush(self) -> None:
        if self.current:
            self.blocks.append(_HtmlBlock(self.current, self.kind, self.article_count, self.link_chars))
        self.current = []
        self.link_chars = 0
        self.kind = ParagraphKind.BODY

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_head_title = True
            return
        if tag in _VOID_TAGS:
            if tag == "br" and self._active():
                self.current.append(Char(" ", self._offset(), self._offset()))
            return
        marker = " ".join(v or "" for k, v in attrs if k in ("class", "id", "data-testid"))
        skipped = tag in _SKIP_TAGS or (tag == "header" and not self._has_heading_only(marker))
        skipped = skipped or (tag in _MARKED_TAGS and bool(_NOT_THE_STORY.search(marker)))
        if tag == "a":
            self.link_depth += 1
        if tag == "article":
            if self.article_depth == 0:
                self._flush()
                self.article_count += 1
            self.article_depth += 1
        if skipped:
            self.skip_depth += 1
        self.stack.append((tag, skipped))
        if tag in _BLOCK_TAGS and self._active():
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.kind = ParagraphKind.TITLE if tag == "h1" else ParagraphKind.HEADING
            elif re.search(r"lead|standfirst|intro|summary|dek", marker, re.I):
                self.kind = ParagraphKind.STANDFIRST

    def _has_heading_only(self, marker: str) -> bool:
        # An article's own <header> holds its title and standfirst; a page header does not.
        return self.article_depth > 0 and not re.search(r"site|page|nav|menu|top", marker, re.I)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_head_title = False
            return
        if tag == "a" and self.link_depth:
            self.link_depth -= 1
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            if open_tag == "article":
                self.article_depth -= 1
            if open_tag in _BLOCK_TAGS and self._active():
                self._flush()
            if open_tag == tag:
                break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def _add(self, chars: Iterable[Char]) -> None:
        if self.in_head_title:
            self.title.extend(chars)
        elif self._active():
            before = len(self.current)
            self.current.extend(chars)
            if self.link_depth:
                self.link_chars += sum(1 for c in self.current[before:] if not c.char.isspace())

    def handle_data(self, data: str) -> None:
        start = self._offset()
        self._add(Char(c, start + i, start + i + 1) for i, c in enumerate(data))

    def _reference(self, text: str, raw: str) -> None:
        """Characters standing for the reference ``raw`` (``&amp`` or ``&#8230``), ``;`` or not."""
        start = self._offset()
        end = start + len(raw)
        if self.source[end : end + 1] == ";":
            end += 1
        self._add(Char(c, start, end) for c in text)

    def handle_entityref(self, name: str) -> None:
        code = name2codepoint.get(name)
        self._reference(chr(code) if code else f"&{name};", f"&{name}")

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            char = chr(code) if 0 < code < 0x110000 else "\ufffd"
        except ValueError:
            char = "\ufffd"
        self._reference(char, f"&#{name}")


def _unclosed_comment(text: str) -> int:
    """Where an HTML comment opens that is never closed (-1 when every one is closed)."""
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            return start
        at = end + 3
    return -1


def parse_html(text: str, path: str = "") -> list[Paragraph]:
    """Paragraphs of an article's HTML page; see the module docstring for what is kept.

    A comment that is never closed hides the rest of the page, as in a browser (the
    standard library's parser would read it as text), with a warning."""
    article_only = re.search(r"<article[\s>]", text, re.I) is not None
    parser = _ArticleParser(text, article_only)
    unclosed = _unclosed_comment(text)
    if unclosed >= 0:
        line = text.count("\n", 0, unclosed) + 1
        warnings.warn(
            f"{path or 'HTML'}: the comment opened on line {line} is never closed: the rest of the page "
            "is read as a comment, as a browser reads it",
            AlignerWarning,
            stacklevel=2,
        )
    parser.feed(text if unclosed < 0 else text[:unclosed])
    parser.close()
    parser._flush()
    blocks = parser.blocks
    # A block that is (nearly) all links is a menu, a list of related stories, a tag cloud
    # or, inside the story, a "Loe ka: <headline>" teaser: not the text. (Inside an
    # <article>, its headings and standfirst are the story's, links or not.)
    story = (ParagraphKind.TITLE, ParagraphKind.HEADING, ParagraphKind.STANDFIRST)
    kept_kinds = story if article_only else (ParagraphKind.TITLE,)
    blocks = [b for b in blocks if b.kind in kept_kinds or b.links < 0.8 * b.size]
    if len({b.article for b in blocks}) > 1:
        # Several <article>s side by side (the story and teasers of related stories): the
        # story is the one with the most text.
        size: dict[int, int] = {}
        for b in blocks:
            size[b.article] = size.get(b.article, 0) + b.size
        main = max(size, key=lambda k: size[k])
        blocks = [b for b in blocks if b.article == main]
    kept = [(b.chars, b.kind) for b in blocks]
    if not any(b.kind is ParagraphKind.TITLE for b in blocks) and trimmed(parser.title):
        kept = [(parser.title, ParagraphKind.TITLE), *kept]
    return build_paragraphs(kept)
