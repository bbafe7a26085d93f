"""What every reader builds paragraphs from: characters that remember where in the
original file they came from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from aligner.model import Paragraph, ParagraphKind


class Char(NamedTuple):
    """A character of running text and the [start, end) it came from in the original."""

    char: str
    start: int
    end: int


def chars_of(text: str, start: int, end: int) -> list[Char]:
    """The characters ``text[start:end]``, each standing for itself."""
    return [Char(text[k], k, k + 1) for k in range(start, end)]


def paragraph_of(index: int, chars: list[Char], kind: ParagraphKind) -> Paragraph:
    text = "".join(c.char for c in chars)
    return Paragraph(index, text, tuple(c.start for c in chars), tuple(c.end for c in chars), kind)


def trimmed(chars: list[Char]) -> list[Char]:
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].char.isspace():
        lo += 1
    while hi > lo and chars[hi - 1].char.isspace():
        hi -= 1
    return chars[lo:hi]


def build_paragraphs(blocks: Iterable[tuple[list[Char], ParagraphKind]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for chars, kind in blocks:
        chars = trimmed(chars)
        if chars:
            paragraphs.append(paragraph_of(len(paragraphs), chars, kind))
    return paragraphs


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts."""
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts
