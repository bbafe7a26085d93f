"""Markdown: headings and paragraphs (in lists and quotes too), a front matter's title and
standfirst; inline markup removed, every character keeping its offset."""

from __future__ import annotations

import re

from aligner.errors import InputError
from aligner.model import Paragraph, ParagraphKind
from aligner.read.chars import Char, build_paragraphs, chars_of, line_starts

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
            blocks.append((chars_of(text, m.start(group), m.end(group)), field_kind))
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
    starts = line_starts(text)
    for k, token in enumerate(tokens):
        kind = _MD_TEXT_BLOCKS.get(token.type)
        if kind is None or token.map is None:
            continue
        inline = tokens[k + 1]
        lo = starts[token.map[0]]
        hi = starts[token.map[1]] if token.map[1] < len(starts) else len(text)
        blocks.append((_locate_inline(text, lo, hi, inline.children or []), kind))
    return build_paragraphs(blocks)


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


def front_matter(text: str) -> str | None:
    """The inside of ``text``'s front matter block (``---`` or ``+++``), if it opens with one."""
    found = _FRONT_MATTER.match(text)
    return None if found is None else found.group(2) or ""
