"""Moved paragraphs: runs of dropped source sentences that reappear as runs of added target
sentences elsewhere.

A moved paragraph changes the alignment, not only its flags: the gap it leaves pulls its
neighbours into wrong pairs. The pipeline therefore aligns once, finds the moves here, and
aligns again with the moved sentences free to leave out (``SideData.leaving_out``); the
``moved`` check then reports the moves it finds in the final alignment. Nothing here
depends on the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from aligner.measures import Run, length_ratio, null_runs, pair_cosines
from aligner.model import Bead, check_ranges
from aligner.sides import SideData, span_vector

MIN_PAIRS = 3
"""Fewer 1-1 pairs than this give no idea of what a translation looks like in the
document, so no move is looked for."""


@dataclass(frozen=True)
class MoveConfig:
    """When a dropped run and an added run are the same text moved; written into the signature."""

    rank: float = 0.5
    slack: float = 0.0
    """The two runs must be at least as alike (cosine) as this quantile of the document's
    1-1 pairs, less the slack... (A lower bar, the least alike tenth of the pairs, paired
    unrelated verses of one style on the perturbed Bible sets: three verses with one, at
    cosine 0.83-0.88.)"""
    length_ratio: float = 1.6
    """...and their lengths differ by at most this factor (after the document's ratio)."""

    def __post_init__(self) -> None:
        check_ranges(self, {"length_ratio": 1}, {"rank": 1})


class Move(NamedTuple):
    """A run of dropped source sentences that reappears as a run of added target sentences."""

    cosine: float
    """How alike the two runs are."""
    threshold: float
    """How alike they had to be (from the document's typical pair)."""
    source: Run
    target: Run


def find_moves(src: SideData, tgt: SideData, beads: tuple[Bead, ...], power: float, cfg: MoveConfig) -> list[Move]:
    """Runs of dropped sentences that reappear as runs of added ones elsewhere.

    A pair counts when the two runs are at least as alike as all but the least alike
    ``rank`` of the document's 1-1 pairs (less ``slack``) and about as long as a
    translation of each other would be; each run is used once, most alike first.
    """
    dropped, added = null_runs(beads)
    dropped = [d for d in dropped if src.content[list(d)].any()]
    cosines = pair_cosines(src, tgt, beads)
    if not dropped or not added or len(cosines) < MIN_PAIRS:
        return []
    threshold = float(np.quantile(cosines, cfg.rank)) - cfg.slack
    scale = length_ratio(src, tgt, beads)
    d_vecs = np.array([span_vector(src, d, power) for d in dropped])
    a_vecs = np.array([span_vector(tgt, a, power) for a in added])
    sims = d_vecs @ a_vecs.T
    close = np.argwhere(sims >= threshold)
    candidates = sorted(((float(sims[x, y]), dropped[x], added[y]) for x, y in close), reverse=True)
    moves: list[Move] = []
    used_d: set[Run] = set()
    used_a: set[Run] = set()
    for cos, d, a in candidates:
        ratio = float(tgt.lengths[list(a)].sum()) / max(float(src.lengths[list(d)].sum()) * scale, 1.0)
        if d in used_d or a in used_a or not 1.0 / cfg.length_ratio <= ratio <= cfg.length_ratio:
            continue
        used_d.add(d)
        used_a.add(a)
        moves.append(Move(cos, threshold, d, a))
    return moves


def moved_blocks(src: SideData, tgt: SideData, beads: tuple[Bead, ...], power: float, cfg: MoveConfig) -> list[Move]:
    """:func:`find_moves`, each grown by the neighbours that belong to it.

    The gap a moved paragraph leaves can pull one of its sentences into a pair with a
    neighbour. A sentence next to either run joins it when it is closer to the other run
    than to the partner it was aligned with, and the two runs grow more alike with it.
    (For aligning again around the moves; the flags are read off the alignment as it is.)
    """
    partner: dict[tuple[str, int], Run] = {}
    for bead in beads:
        partner.update({("src", i): bead.tgt for i in bead.src})
        partner.update({("tgt", j): bead.src for j in bead.tgt})

    def grown(move: Move) -> Move:
        cos, threshold, d, a = move
        while True:
            options = [("src", d, a, src, tgt, k) for k in (d[0] - 1, d[-1] + 1)]
            options += [("tgt", a, d, tgt, src, k) for k in (a[0] - 1, a[-1] + 1)]
            for side, run, other, this_data, other_data, k in options:
                mate = partner.get((side, k))
                if not mate:
                    continue
                other_vec = span_vector(other_data, other, power)
                if this_data.vectors[k] @ other_vec <= this_data.vectors[k] @ span_vector(other_data, mate, power):
                    continue
                bigger = tuple(sorted((*run, k)))
                bigger_cos = float(span_vector(this_data, bigger, power) @ other_vec)
                if bigger_cos > cos:
                    cos = bigger_cos
                    d, a = (bigger, a) if side == "src" else (d, bigger)
                    break
            else:
                return Move(cos, threshold, d, a)

    return [grown(move) for move in find_moves(src, tgt, beads, power, cfg)]


def leave_out_moved(src: SideData, tgt: SideData, moves: list[Move]) -> tuple[SideData, SideData]:
    """Both sides with the moved sentences nearly free to leave out, for aligning again."""
    src_out, tgt_out = np.zeros(len(src), bool), np.zeros(len(tgt), bool)
    for move in moves:
        src_out[list(move.source)] = True
        tgt_out[list(move.target)] = True
    return src.leaving_out(src_out), tgt.leaving_out(tgt_out)
