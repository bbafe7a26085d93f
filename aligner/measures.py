"""What an alignment says about its whole document: the runs of unaligned sentences, the
length ratio of a translation, and how alike a typical translated pair is.

Finding moved paragraphs (``moves.py``) and the checks (``flags/``) judge a bead against
these, so that a threshold means the same in a terse document and a wordy one.
"""

from __future__ import annotations

import numpy as np

from aligner.model import Bead
from aligner.sides import SideData

Run = tuple[int, ...]
"""Consecutive sentence indices of one side."""


def null_runs(beads: tuple[Bead, ...]) -> tuple[list[Run], list[Run]]:
    """The runs of source sentences with no translation, and of target sentences with no source."""
    dropped: list[list[int]] = []
    added: list[list[int]] = []
    prev = ""
    for bead in beads:
        kind = "d" if not bead.tgt else "a" if not bead.src else ""
        if kind == "d":
            (dropped[-1].extend(bead.src) if prev == "d" else dropped.append(list(bead.src)))
        elif kind == "a":
            (added[-1].extend(bead.tgt) if prev == "a" else added.append(list(bead.tgt)))
        prev = kind
    return [tuple(r) for r in dropped], [tuple(r) for r in added]


def length_ratio(src: SideData, tgt: SideData, beads: tuple[Bead, ...]) -> float:
    """Target length over source length, over the aligned pairs only (unaligned text, an
    embedded post say, must not change what a translation is expected to measure)."""
    pairs = [b for b in beads if b.src and b.tgt]
    src_total = sum(float(src.lengths[list(b.src)].sum()) for b in pairs)
    tgt_total = sum(float(tgt.lengths[list(b.tgt)].sum()) for b in pairs)
    return tgt_total / src_total if src_total else 1.0


def pair_cosines(src: SideData, tgt: SideData, beads: tuple[Bead, ...]) -> np.ndarray:
    """The cosine of every 1-1 pair of the alignment: what a translation looks like here."""
    pairs = [(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1]
    if not pairs:
        return np.zeros(0)
    i, j = np.array(pairs).T
    cosines: np.ndarray = np.einsum("kd,kd->k", src.vectors[i], tgt.vectors[j]).astype(np.float64)
    return cosines
