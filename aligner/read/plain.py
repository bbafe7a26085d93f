"""Plain text: paragraphs between blank lines; hard-wrapped lines joined."""

from __future__ import annotations

import re

from aligner.model import Paragraph, ParagraphKind
from aligner.read.chars import Char, build_paragraphs, chars_of

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
            blocks.append((chars_of(text, pos, stop), ParagraphKind.BODY))
        else:
            start = pos
            for line in lines:
                chars = chars_of(text, start, start + len(line))
                if blocks and _CONTINUES.match(line) and blocks[-1][0] and not _introduces_list(blocks[-1][0]):
                    blocks[-1][0].extend([Char(" ", start - 1, start), *chars])
                else:
                    blocks.append((chars, ParagraphKind.BODY))
                start += len(line) + 1
        if match:
            pos = match.end()
    return build_paragraphs(blocks)
