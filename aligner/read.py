"""Read plain text, Markdown or an article's HTML into a Document of paragraphs with offsets.

Every paragraph keeps, for each of its characters, the offset of that character in the
original file, so that a sentence (and later a flag) can point at the exact span.

HTML: inside ``<article>`` when the page has one (the longest, when several stand side by
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
from pathlib import PurePath
from typing import BinaryIO, NamedTuple

from aligner.errors import AlignerWarning, InputError
from aligner.files import STDIN, STDIN_NAME, read_text
from aligner.model import Document, InputFormat, Paragraph, ParagraphKind

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_MD_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
SUFFIXES = (".txt", *_MD_SUFFIXES, *_HTML_SUFFIXES)
"""The file names whose format :func:`detect_format` knows (by suffix; any other file is
read as plain text): what a folder of articles is searched for."""
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<p[\s>])", re.I)


def detect_format(path: str, text: str) -> InputFormat:
    """Guess the format from the file name, or from the content for standard input."""
    suffix = PurePath(path).suffix.lower() if path != STDIN else ""
    if suffix in _HTML_SUFFIXES:
        return InputFormat.HTML
    if suffix in _MD_SUFFIXES:
        return InputFormat.MARKDOWN
    if path == STDIN and _HTML_SNIFF.match(text):
        return InputFormat.HTML
    return InputFormat.TXT


def read_document(
    path: str, lang: str, fmt: InputFormat = InputFormat.AUTO, text: str | None = None, stdin: BinaryIO | None = None
) -> Document:
    """Read ``path`` (``-``: the stream ``stdin``) as a Document in language ``lang``; with
    ``text``, that text is the file's content."""
    if text is None:
        text = read_text(path, stdin)
    if fmt is InputFormat.AUTO:
        fmt = detect_format(path, text)
    display = STDIN_NAME if path == STDIN else path
    if fmt is InputFormat.HTML:
        paragraphs = parse_html(text, display)
    elif fmt is InputFormat.MARKDOWN:
        paragraphs = parse_markdown(text, display)
    else:
        paragraphs = parse_plain(text)
    if not any(p.text.strip() for p in paragraphs):
        raise InputError("no text to align (the file is empty or has no readable paragraphs)", display)
    return Document(path=display, lang=lang, text=text, paragraphs=tuple(paragraphs), format=fmt)


class Char(NamedTuple):
    """A character of running text and the [start, end) it came from in the original."""

    char: str
    start: int
    end: int


def _chars(text: str, start: int, end: int) -> list[Char]:
    """The characters ``text[start:end]``, each standing for itself."""
    return [Char(text[k], k, k + 1) for k in range(start, end)]


def _paragraph(index: int, chars: list[Char], kind: ParagraphKind) -> Paragraph:
    text = "".join(c.char for c in chars)
    return Paragraph(index, text, tuple(c.start for c in chars), tuple(c.end for c in chars), kind)


def _trimmed(chars: list[Char]) -> list[Char]:
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].char.isspace():
        lo += 1
    while hi > lo and chars[hi - 1].char.isspace():
        hi -= 1
    return chars[lo:hi]


def _build(blocks: Iterable[tuple[list[Char], ParagraphKind]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for chars, kind in blocks:
        chars = _trimmed(chars)
        if chars:
            paragraphs.append(_paragraph(len(paragraphs), chars, kind))
    return paragraphs


# --- plain text --------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


_WRAP_WIDTH = 100
_CONTINUES = re.compile(r"^\s*[a-zäöüõšžа-яё]")
_LINE_END = re.compile(r"[.!?…:;\"'”“»)]\s*$")


def _hard_wrapped(lines: list[str]) -> bool:
    """A block whose lines are all short and mostly end mid-sentence was wrapped by hand."""
    if len(lines) < 2 or max(len(line) for line in lines) > _WRAP_WIDTH:
        return False
    open_ends = sum(1 for line in lines[:-1] if not _LINE_END.search(line))
    return open_ends * 2 >= len(lines) - 1


def _introduces_list(chars: list[Char]) -> bool:
    """Whether a line ends with ``:`` or ``;``, so that a lower-case line after it is a list item."""
    last = next((c.char for c in reversed(chars) if not c.char.isspace()), "")
    return last in (":", ";")


def parse_plain(text: str) -> list[Paragraph]:
    """Paragraphs of plain text.

    Blank lines separate paragraphs. Inside a block, each line is a paragraph of its own
    (the usual form of articles: one paragraph per line), unless the block looks wrapped
    by hand (short lines, most ending mid-sentence), where a line break is a space. A
    line that starts in lower case continues the line before, unless that one ends with
    ``:`` or ``;``: then the lines are the items of a list ("Kärbete hulgas on ka:" /
    "investeeringud (–120 mln eurot);" / ...), as an HTML or Markdown list reads.
    """
    blocks = []
    pos = 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        stop = match.start() if match else len(text)
        lines = text[pos:stop].split("\n")
        if _hard_wrapped([line for line in lines if line.strip()]):
            blocks.append((_chars(text, pos, stop), ParagraphKind.BODY))
        else:
            start = pos
            for line in lines:
                chars = _chars(text, start, start + len(line))
                if blocks and _CONTINUES.match(line) and blocks[-1][0] and not _introduces_list(blocks[-1][0]):
                    blocks[-1][0].extend([Char(" ", start - 1, start), *chars])
                else:
                    blocks.append((chars, ParagraphKind.BODY))
                start += len(line) + 1
        if match:
            pos = match.end()
    return _build(blocks)


# --- Markdown ----------------------------------------------------------------------------

_MD_TEXT_BLOCKS = {"paragraph_open": ParagraphKind.BODY, "heading_open": ParagraphKind.HEADING}
# Front matter, as static-site generators write it: YAML between "---" lines or TOML
# between "+++" lines, at the very start. (mdit-py-plugins' front_matter knows only YAML.)
MAX_MARKDOWN_NESTING = 100
"""Levels of quotes and lists markdown-it follows (its CommonMark default, 20, dropped
deeper text silently)."""
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?\1[ \t]*(?:\n|\Z)", re.S)
# Its one-line text fields: the title, and the standfirst under its usual names. The rest
# (date, tags, author, layout) is metadata.
_FRONT_TEXT = re.compile(
    r"^(title|description|summary|excerpt|lead|standfirst)[ \t]*[:=][ \t]*(?:\"(.+)\"|'(.+)'|([^\s\"'|>].*?))[ \t]*$",
    re.M | re.I,
)


def parse_markdown(text: str, path: str = "") -> list[Paragraph]:
    """Headings and paragraphs (in lists and quotes too); code, HTML blocks and tables dropped.

    Inline markup (emphasis, links, images' URLs) is removed, keeping each remaining
    character's offset in the Markdown source. Of a front matter block, the title and the
    description (or summary, excerpt, lead, standfirst) are read; the rest is metadata.
    """
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    blocks: list[tuple[list[Char], ParagraphKind]] = []
    front = _FRONT_MATTER.match(text)
    if front:
        for m in _FRONT_TEXT.finditer(text, front.start(), front.end()):
            group = next(g for g in (2, 3, 4) if m.group(g) is not None)
            field_kind = ParagraphKind.TITLE if m.group(1).lower() == "title" else ParagraphKind.STANDFIRST
            blocks.append((_chars(text, m.start(group), m.end(group)), field_kind))
        # blanked, not cut, so the parser's line numbers stay those of the file
        text = re.sub(r"[^\n]", " ", text[: front.end()]) + text[front.end() :]
    # markdown-it drops, without a word, what is nested deeper than its limit (20 levels
    # of quotes and lists in CommonMark mode): the limit is raised far past any article,
    # and a text that reaches it even so is refused by name.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_MARKDOWN_NESTING})
    try:
        tokens = md.parse(text)
    except RecursionError:
        tokens = [Token("", "", 0, level=MAX_MARKDOWN_NESTING)]
    if any(token.level >= MAX_MARKDOWN_NESTING - 1 for token in tokens):
        raise InputError(f"Markdown nested {MAX_MARKDOWN_NESTING} levels deep (quotes, lists): no article is", path)
    line_starts = _line_starts(text)
    for k, token in enumerate(tokens):
        kind = _MD_TEXT_BLOCKS.get(token.type)
        if kind is None or token.map is None:
            continue
        inline = tokens[k + 1]
        lo = line_starts[token.map[0]]
        hi = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(text)
        blocks.append((_locate_inline(text, lo, hi, inline.children or []), kind))
    return _build(blocks)


def _locate_inline(text: str, lo: int, hi: int, children: list) -> list[Char]:  # type: ignore[type-arg]
    """Map the inline tokens' text back to offsets in ``text[lo:hi]``, in order."""
    chars: list[Char] = []
    cursor = lo
    skip_image = 0
    for child in children:
        if child.type == "image":
            skip_image += 1
            continue
        if child.type in ("softbreak", "hardbreak"):
            nl = text.find("\n", cursor, hi)
            pos = nl if nl >= 0 else cursor
            chars.append(Char(" ", pos, pos + 1))
            cursor = pos + 1 if nl >= 0 else cursor
            continue
        if child.type not in ("text", "code_inline", "html_inline") or not child.content:
            continue
        if child.type == "html_inline":
            found = text.find(child.content, cursor, hi)
            if found >= 0:
                cursor = found + len(child.content)
            continue
        content = child.content
        found = text.find(content, cursor, hi)
        if found >= 0:
            chars.extend(Char(c, found + i, found + i + 1) for i, c in enumerate(content))
            cursor = found + len(content)
            continue
        # Escapes and entities make the token differ from the source: match character by
        # character, each at its next occurrence, so offsets stay monotone and close.
        for c in content:
            nxt = text.find(c, cursor, hi)
            pos = nxt if nxt >= 0 else cursor
            chars.append(Char(c, pos, pos + 1))
            cursor = pos + 1 if nxt >= 0 else cursor
    return chars


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


# --- HTML --------------------------------------------------------------------------------

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
        self.line_starts = _line_starts(text)
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
    if not any(b.kind is ParagraphKind.TITLE for b in blocks) and _trimmed(parser.title):
        kept = [(parser.title, ParagraphKind.TITLE), *kept]
    return _build(kept)
