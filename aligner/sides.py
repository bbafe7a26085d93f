"""The side data every stage after the embedding works on: a side's unit vectors and
what else the aligner reads of its units (``SideData``), a stretch of a path (``Span``),
the run vector of several units (``span_vector``), and the beads a path makes.

Kept apart from the DP (``align.py``) so that the stages that only read a side or a
path (``relate``, ``measures``, ``moves``, ``calibrate``, the flags) need not import it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from aligner.model import Bead


class Span(NamedTuple):
    """A bead as sentence ranges: source [src_start, src_end), target [tgt_start, tgt_end)."""

    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int

    @property
    def is_null(self) -> bool:
        """Whether one side is empty (a 1-0 or 0-1 bead)."""
        return self.src_start == self.src_end or self.tgt_start == self.tgt_end

    @property
    def is_pair(self) -> bool:
        """Whether it is a 1-1 bead."""
        return self.src_end - self.src_start == 1 and self.tgt_end - self.tgt_start == 1


def beads_of(spans: list[Span], scores: list[float] | None = None) -> tuple[Bead, ...]:
    """A path as Beads (sentence indices), with their scores (0 when not given)."""
    scores = scores if scores is not None else [0.0] * len(spans)
    return tuple(
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), score)
        for (i0, i1, j0, j1), score in zip(spans, scores, strict=True)
    )


@dataclass(frozen=True)
class SideData:
    """What the DP needs of one side: unit vectors, lengths, paragraph numbers, which
    units have content (a letter or a digit) rather than being separators or OCR debris,
    and the numbers each unit mentions."""

    vectors: np.ndarray
    lengths: np.ndarray
    paragraphs: np.ndarray
    content: np.ndarray
    open_end: np.ndarray
    skip_weight: np.ndarray
    """What leaving each unit out costs, as a share of ``skip`` (see :meth:`of`)."""
    numbers: np.ndarray
    """Per unit, its numbers as a bit mask (``numbers.fingerprint``; 0: none)."""
    footer: np.ndarray
    """Per unit, whether it reads as a desk's footer (``footers.footer_like``)."""

    @classmethod
    def of(
        cls,
        vectors: npt.ArrayLike,
        lengths: npt.ArrayLike,
        paragraphs: npt.ArrayLike | None = None,
        content: npt.ArrayLike | None = None,
        open_end: npt.ArrayLike | None = None,
        numbers: npt.ArrayLike | None = None,
        footer: npt.ArrayLike | None = None,
    ) -> SideData:
        """Build from arrays; by default one paragraph, every unit has content, ends closed,
        mentions no number and is no footer.

        A unit without content (a separator, OCR debris) costs a tenth of ``skip`` to leave out.
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        lengths = np.maximum(np.asarray(lengths, dtype=np.float64), 1.0)
        if paragraphs is None:
            paragraphs = np.zeros(len(lengths), dtype=np.int64)
        has_content = np.ones(len(lengths), dtype=bool) if content is None else np.asarray(content, dtype=bool)
        if open_end is None:
            open_end = np.zeros(len(lengths), dtype=bool)
        return cls(
            vectors,
            lengths,
            np.asarray(paragraphs, dtype=np.int64),
            has_content,
            np.asarray(open_end, dtype=bool),
            np.where(has_content, 1.0, 0.1),
            np.zeros(len(lengths), np.uint64) if numbers is None else np.asarray(numbers, dtype=np.uint64),
            np.zeros(len(lengths), dtype=bool) if footer is None else np.asarray(footer, dtype=bool),
        )

    def leaving_out(self, units: np.ndarray, weight: float = 0.01) -> SideData:
        """The same side with ``units`` (a boolean mask) nearly free to leave out: they are
        known to have their partner elsewhere."""
        return replace(self, skip_weight=np.where(units, weight, self.skip_weight))

    @classmethod
    def from_texts(
        cls,
        vectors: np.ndarray,
        texts: list[str],
        paragraphs: np.ndarray | None = None,
        numbers: npt.ArrayLike | None = None,
        footer: npt.ArrayLike | None = None,
    ) -> SideData:
        """Build from the units' texts: lengths in characters, content = has a letter or digit,
        open end = ends with a colon, semicolon or comma (the sentence goes on in the next unit).
        ``numbers`` are the units' number masks and ``footer`` which read as footers, if the
        caller read them."""
        return cls.of(
            vectors,
            [len(t) for t in texts],
            paragraphs,
            [any(c.isalnum() for c in t) for t in texts],
            [t.rstrip()[-1:] in (":", ";", ",") for t in texts],
            numbers,
            footer,
        )

    def __len__(self) -> int:
        return len(self.lengths)

    def part(self, start: int, end: int) -> SideData:
        """Units ``start:end`` alone (a stretch between two anchors)."""
        return SideData(*(getattr(self, f.name)[start:end] for f in fields(self)))

    def halved(self, power: float) -> SideData:
        """Neighbouring sentences merged pairwise (weighted as the DP weighs runs), for the coarse pass."""
        n = len(self)
        pad = n % 2
        summed = weighted_vectors(self.vectors, self.lengths, power)
        lengths = self.lengths
        paras = self.paragraphs
        content = self.content
        open_end = self.open_end
        weight = self.skip_weight
        numbers = self.numbers
        footer = self.footer
        if pad:
            numbers = np.append(numbers, np.uint64(0))
            footer = np.append(footer, False)
            content = np.append(content, False)
            open_end = np.append(open_end, False)
            weight = np.append(weight, 0.0)
            summed = np.vstack([summed, np.zeros((1, summed.shape[1]), np.float32)])
            lengths = np.append(lengths, 0.0)
            paras = np.append(paras, paras[-1])
        vectors = summed[0::2] + summed[1::2]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        last_open = np.where(lengths[1::2] > 0, open_end[1::2], open_end[0::2])
        return SideData(
            vectors,
            lengths[0::2] + lengths[1::2],
            paras[0::2],
            content[0::2] | content[1::2],
            last_open,
            np.maximum(weight[0::2], weight[1::2]),
            numbers[0::2] | numbers[1::2],
            footer[0::2] | footer[1::2],
        )


def weighted_vectors(vectors: np.ndarray, lengths: np.ndarray, power: float) -> np.ndarray:
    """Sentence vectors times length ** power: what a run of sentences sums."""
    weighted: np.ndarray = vectors * (lengths[:, None] ** power).astype(np.float32)
    return weighted


def span_vector(side: SideData, idx: tuple[int, ...] | list[int], power: float) -> np.ndarray:
    """The unit vector of a run of sentences, weighted as the DP weighs them."""
    rows = list(idx)
    v = weighted_vectors(side.vectors[rows], side.lengths[rows], power).sum(axis=0)
    out: np.ndarray = v / max(float(np.linalg.norm(v)), 1e-9)
    return out
