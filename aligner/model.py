"""Frozen values passed between the stages: documents, sentences, beads, alignments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """A block of running text, with where each of its characters is in the original file.

    ``text[k]`` came from the original text's ``[offsets[k], ends[k])``: one character
    for plain text, the whole ``&amp;`` for an HTML entity, nothing for a line break a
    ``<br>`` stands for. Markup between characters (tags, Markdown emphasis) is why
    the offsets are not simply ``start + k``.
    """

    index: int
    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...]
    kind: str = "body"

    @property
    def end(self) -> int:
        """Where the paragraph's last character ends in the original text."""
        return self.ends[-1] if self.ends else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text offsets [begin, end) of the paragraph characters [start, end)."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else self.end
            return pos, pos
        return self.offsets[start], max(self.ends[end - 1], self.offsets[start])


@dataclass(frozen=True)
class Document:
    """A text as read: the original characters, where they came from, and their paragraphs."""

    path: str
    lang: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    format: str = "txt"


@dataclass(frozen=True)
class Sentence:
    """One alignment unit: its text and its [start, end) offsets into the original text."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Bead:
    """A group of consecutive source sentences aligned to consecutive target sentences.

    An empty side is a dropped (``tgt == ()``) or added (``src == ()``) span.
    ``score`` is the calibrated probability that the bead is right, in [0, 1].
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """The bead type as ``"m-n"``, e.g. ``"1-1"``, ``"2-1"``, ``"0-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def notation(self) -> str:
        """The bead as Vecalign writes it: ``[0, 1]:[2]``, ``[]`` for an empty side."""
        return f"[{', '.join(map(str, self.src))}]:[{', '.join(map(str, self.tgt))}]"


@dataclass(frozen=True)
class Review:
    """A person's decision on a flag: ``accepted`` (fine as it is), ``rejected`` (needs
    fixing) or ``""`` (a note only), who made it and when (ISO 8601, UTC)."""

    decision: str
    note: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class Flag:
    """A finding about the translation that an editor should look at.

    ``src`` / ``tgt`` are sentence indices (empty on a side with none); ``src_span`` /
    ``tgt_span`` the [start, end) offsets of those sentences in the original texts;
    ``evidence`` the figures behind the finding; ``key`` identifies the finding by its
    type and the texts of its sentences, so a review decision survives re-alignment.
    """

    type: str
    severity: str
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    message: str
    src_span: tuple[int, int] | None = None
    tgt_span: tuple[int, int] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    review: Review | None = None


@dataclass(frozen=True)
class Side:
    """One side of an alignment: the language, where it was read from, and its sentences."""

    lang: str
    path: str
    sentences: tuple[Sentence, ...]
    sha256: str = ""
    format: str = "txt"

    def text(self, indices: Iterable[int]) -> str:
        """The text of these sentences, joined with spaces."""
        return " ".join(self.sentences[k].text for k in indices)


@dataclass(frozen=True)
class Alignment:
    """The result of aligning two documents, with everything needed to reproduce it."""

    source: Side
    target: Side
    beads: tuple[Bead, ...]
    flags: tuple[Flag, ...] = ()
    signature: dict[str, Any] = field(default_factory=dict)


def check_ranges(settings: Any, at_least: dict[str, float], at_most: dict[str, float] | None = None) -> None:
    """Raise ValueError naming the first numeric setting outside its range.

    Every number must be at least 0, or at least ``at_least[name]``, and at most
    ``at_most[name]`` where given.
    """
    for name, value in vars(settings).items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        low = at_least.get(name, 0)
        high = (at_most or {}).get(name)
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ValueError(f"{name} must be {bound}, not {value}")
