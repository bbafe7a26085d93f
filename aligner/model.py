"""Frozen values passed between the stages, and the one vocabulary they are written in.

The enums below are the only list of each kind of name: severities, flag types, review
decisions, export segment states and input formats. Everything else (the CLI's choices,
the file readers' checks, the reports) derives from them.
"""

from __future__ import annotations

import enum
import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar


class InputFormat(enum.StrEnum):
    """How an input file is read (``auto``: by file name; HTML is also sniffed on stdin)."""

    AUTO = "auto"
    TXT = "txt"
    MARKDOWN = "md"
    HTML = "html"


class ParagraphKind(enum.StrEnum):
    """The role of a paragraph in an article."""

    BODY = "body"
    TITLE = "title"
    HEADING = "heading"
    STANDFIRST = "standfirst"


class Severity(enum.StrEnum):
    """How much a flag matters, most severe first (the order reports sort by)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe."""
        return list(Severity).index(self)


class FlagType(enum.StrEnum):
    """What a flag says about the translation."""

    DROPPED = "dropped"
    """Source sentences with no translation."""
    ADDED = "added"
    """Target sentences with no source."""
    UNTRANSLATED = "untranslated"
    """A target sentence or clause still in the source language, or copied from it."""
    NUMBER_MISMATCH = "number-mismatch"
    """Numbers, dates or amounts that differ."""
    NAME_MISMATCH = "name-mismatch"
    """A person, party, institution or place named differently."""
    PARTIALLY_DROPPED = "partially-dropped"
    """A translation that covers clearly less than its source."""
    LOW_CONFIDENCE = "low-confidence"
    """A pair the aligner is unsure of, or whose two sides look unrelated."""
    MOVED = "moved"
    """A dropped span that reappears as an added span elsewhere."""


class Decision(enum.StrEnum):
    """A reviewer's decision on a flag."""

    ACCEPTED = "accepted"
    """Fine as it is."""
    REJECTED = "rejected"
    """Needs fixing."""
    NOTE = ""
    """No decision: a note only (an earlier decision stands)."""

    @property
    def label(self) -> str:
        """The word reports and exported notes write: ``noted`` for a note only."""
        return self.value or "noted"

    @classmethod
    def from_label(cls, label: str) -> Decision:
        """The decision a :attr:`label` stands for."""
        return next(d for d in cls if d.label == label)


class CorrectionOp(enum.StrEnum):
    """What a person did to the alignment itself (``aligner.corrections``)."""

    MERGE = "merge"
    """Two neighbouring beads made one."""
    SPLIT = "split"
    """A bead made two."""
    UNLINK = "unlink"
    """A bead taken apart into unmatched sentences."""
    LINK = "link"
    """Unmatched source sentences paired with unmatched target sentences."""
    CHECK = "check"
    """A bead marked as right as it is."""


class SegmentState(enum.StrEnum):
    """Where an exported unit stands, from its translation and the review of its flags."""

    INITIAL = "initial"
    """No translation."""
    TRANSLATED = "translated"
    """Translated, with flags not all accepted: needs review."""
    REVIEWED = "reviewed"
    """Every flag accepted."""
    FINAL = "final"
    """Translated, nothing flagged."""


_Name = TypeVar("_Name", bound=enum.StrEnum)


def member(vocabulary: type[_Name], value: object, name: str) -> _Name:
    """``value`` as a member of ``vocabulary``; else a ValueError that names ``name`` and
    every allowed value."""
    try:
        return vocabulary(value)  # type: ignore[arg-type]  # the point is to check what came in
    except ValueError:
        allowed = ", ".join(repr(v.value) for v in vocabulary)
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}") from None


_TAG = re.compile(r"^[A-Za-z0-9]+([_-][A-Za-z0-9]+)*$")


def language_tag(value: object, name: str) -> str:
    """``value`` when it is a language tag (BCP 47, as registered by IANA: ``et``,
    ``pt-BR``; gettext's ``pt_BR`` too); else a ValueError that names ``name``. A tag
    names folders (``LOCALE_DIR/<lang>/LC_MESSAGES``), so nothing else may pass."""
    import langcodes

    if not (isinstance(value, str) and len(value) <= 35 and _TAG.match(value) and langcodes.tag_is_valid(value)):
        raise ValueError(f"{name} {value!r} is not a language tag (BCP 47, e.g. et, en, pt-BR)")
    return value


def _coerce(value: object, **vocabularies: type[enum.StrEnum]) -> None:
    """Turn the named fields of a frozen dataclass into their enum members, so that a value
    built from plain strings (``Flag(type="dropped", ...)``) compares and prints as one
    built from the enums; a string outside the vocabulary is a ValueError."""
    for name, vocabulary in vocabularies.items():
        object.__setattr__(value, name, member(vocabulary, getattr(value, name), name))


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
    kind: ParagraphKind = ParagraphKind.BODY

    def __post_init__(self) -> None:
        _coerce(self, kind=ParagraphKind)

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
    format: InputFormat = InputFormat.TXT

    def __post_init__(self) -> None:
        _coerce(self, format=InputFormat)


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
    fixed: bool = False
    """Made or checked by a person: an anchor that aligning again keeps as it is."""

    @property
    def kind(self) -> str:
        """The bead type as ``"m-n"``, e.g. ``"1-1"``, ``"2-1"``, ``"0-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def notation(self) -> str:
        """The bead as Vecalign writes it: ``[0, 1]:[2]``, ``[]`` for an empty side."""
        return f"[{', '.join(map(str, self.src))}]:[{', '.join(map(str, self.tgt))}]"


@dataclass(frozen=True)
class Correction:
    """A change a person made to the alignment: what, to which sentences (those of the
    beads it made), who and when (ISO 8601, UTC)."""

    op: CorrectionOp
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    reviewer: str
    at: str

    def __post_init__(self) -> None:
        _coerce(self, op=CorrectionOp)


@dataclass(frozen=True)
class Review:
    """A person's decision on a flag (or a note only), who made it and when (ISO 8601, UTC)."""

    decision: Decision
    note: str
    reviewer: str
    at: str

    def __post_init__(self) -> None:
        _coerce(self, decision=Decision)


@dataclass(frozen=True)
class Flag:
    """A finding about the translation that an editor should look at.

    ``src`` / ``tgt`` are sentence indices (empty on a side with none); ``src_span`` /
    ``tgt_span`` the [start, end) offsets of those sentences in the original texts;
    ``evidence`` the figures behind the finding; ``key`` identifies the finding by its
    type and the texts of its sentences, so a review decision survives re-alignment.
    """

    type: FlagType
    severity: Severity
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    message: str
    src_span: tuple[int, int] | None = None
    tgt_span: tuple[int, int] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    review: Review | None = None

    def __post_init__(self) -> None:
        _coerce(self, type=FlagType, severity=Severity)


def flag_key(kind: FlagType, src_texts: list[str], tgt_texts: list[str]) -> str:
    """A stable identifier of a finding from its type and its sentences' texts."""
    blob = "\x1e".join([kind, "\x1f".join(src_texts), "\x1f".join(tgt_texts)])
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Retired:
    """A review whose flag a later alignment no longer has (the problem is gone, or its
    sentences or its type changed): kept in the file with what it was about, for a person
    to see; it returns to its flag if the same problem comes back (the same ``key``)."""

    type: FlagType
    message: str
    src_text: str
    tgt_text: str
    key: str
    review: Review

    def __post_init__(self) -> None:
        _coerce(self, type=FlagType)


@dataclass(frozen=True)
class Side:
    """One side of an alignment: the language, where it was read from, and its sentences."""

    lang: str
    path: str
    sentences: tuple[Sentence, ...]
    sha256: str = ""
    format: InputFormat = InputFormat.TXT

    def __post_init__(self) -> None:
        _coerce(self, format=InputFormat)

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
    corrections: tuple[Correction, ...] = ()
    """What people changed in the beads, oldest first."""
    retired: tuple[Retired, ...] = ()
    """Reviews that no flag of this alignment matches any more (``carry.carry_over``)."""


def check_ranges(settings: Any, at_least: dict[str, float], at_most: dict[str, float] | None = None) -> None:
    """Raise ValueError naming the first numeric setting outside its range.

    Every number must be at least 0, or at least ``at_least[name]``, and at most
    ``at_most[name]`` where given.
    """
    for name, value in vars(settings).items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, not {value}")
        low = at_least.get(name, 0)
        high = (at_most or {}).get(name)
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ValueError(f"{name} must be {bound}, not {value}")
