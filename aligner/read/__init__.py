"""Read plain text, Markdown or an article's HTML into a Document of paragraphs with offsets.

Every paragraph keeps, for each of its characters, the offset of that character in the
original file, so that a sentence (and later a flag) can point at the exact span.

One module per format (``plain.py``, ``markdown.py``, ``html.py``), each a parser from a
file's text to paragraphs, and ``READERS``, the registry that names each format's parser
and file suffixes; ``dates.py`` reads a file's publication date (for ``aligner pair``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePath
from typing import BinaryIO, NamedTuple

from aligner.errors import InputError
from aligner.files import STDIN, STDIN_NAME, read_text
from aligner.model import Document, InputFormat, Paragraph
from aligner.read.html import parse_html
from aligner.read.markdown import parse_markdown
from aligner.read.plain import parse_plain


class Reader(NamedTuple):
    """A format's parser (the file's text and its name for messages -> paragraphs) and the
    file-name suffixes that mean it."""

    parse: Callable[[str, str], list[Paragraph]]
    suffixes: tuple[str, ...]


READERS: dict[InputFormat, Reader] = {
    InputFormat.TXT: Reader(lambda text, path: parse_plain(text), (".txt",)),
    InputFormat.MARKDOWN: Reader(parse_markdown, (".md", ".markdown", ".mdown", ".mkd")),
    InputFormat.HTML: Reader(parse_html, (".html", ".htm", ".xhtml")),
}
"""Every input format aligner reads (``InputFormat.AUTO`` aside): a new one is a module of
its own here, a member of ``InputFormat`` and a line in this registry."""

SUFFIXES = tuple(suffix for reader in READERS.values() for suffix in reader.suffixes)
"""The file names whose format :func:`detect_format` knows (by suffix; any other file is
read as plain text): what a folder of articles is searched for."""
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<p[\s>])", re.I)


def detect_format(path: str, text: str) -> InputFormat:
    """Guess the format from the file name, or from the content for standard input."""
    suffix = PurePath(path).suffix.lower() if path != STDIN else ""
    for fmt, reader in READERS.items():
        if suffix in reader.suffixes:
            return fmt
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
    paragraphs = READERS[fmt].parse(text, display)
    if not any(p.text.strip() for p in paragraphs):
        raise InputError("no text to align (the file is empty or has no readable paragraphs)", display)
    return Document(path=display, lang=lang, text=text, paragraphs=tuple(paragraphs), format=fmt)


__all__ = [
    "READERS",
    "SUFFIXES",
    "Reader",
    "detect_format",
    "parse_html",
    "parse_markdown",
    "parse_plain",
    "read_document",
]
