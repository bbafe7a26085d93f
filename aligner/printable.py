"""Text as a person reads it: control characters as visible escapes, sentences numbered
from 1.

An article page (``&#27;``), a reviewer's name or a note typed into the review page can
hold terminal control sequences: printed raw they clear the screen, rewrite a line ("all
flags accepted") or set the window title. Everything aligner prints for a person passes
through :func:`shown`; files keep the text as it is (JSON escapes them itself).
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and newline, DEL, and the bidirectional overrides and
isolates (which reorder what a person reads)."""


_SURROGATE = re.compile("[\ud800-\udfff]")
"""What Python keeps of a file name's bytes that are no UTF-8 (``\\udce9`` for byte e9), or
a lone surrogate read from JSON: no terminal can print them."""


def clip(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters, an ellipsis standing for the rest."""
    return text if len(text) <= width else text[: width - 1] + "…"


def span_range(idx: tuple[int, ...]) -> str:
    """Sentences as a person reads them: numbered from 1 on each side (``3``, ``3-5``), as
    the review pages number them; the alignment file's indices count from 0."""
    return number(idx[0]) if len(idx) == 1 else f"{number(idx[0])}-{number(idx[-1])}"


def number(i: int) -> str:
    """One sentence's (or row's) number as a person reads it: from 1."""
    return str(i + 1)


def shown(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``),
    and a byte of a file name that is no UTF-8 as ``\\xe9``."""
    text = _SURROGATE.sub(lambda m: _surrogate(ord(m[0])), text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _surrogate(code: int) -> str:
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
