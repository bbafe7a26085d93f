"""Turn the evidence behind each bead into a calibrated probability that it is right.

Two logistic models, fitted by ``benchmarks/calibrate.py`` on the tuning sets only
(e5-small): one for aligned beads on their cost terms, fitted on textberg-de-fr-dev
(bible-et-en has one wrong aligned bead in 1,886, nothing to learn from, and its
neighbouring verses are so alike that pooling it flips the sign of the distance
weight); one for null beads on how well the sentence matches its best nearby
partner, fitted on both.
"""

from __future__ import annotations

import numpy as np

from aligner.align import Span

# intercept, margin distance, extra sentences
ALIGNED = (4.0246, -1.3656, -0.6660)
# intercept, rival (the best partner the sentence had)
NULL = (-9.2225, 9.8237)


def features(terms: np.ndarray, null: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Design matrices (with an intercept column) for aligned and null beads.

    Aligned beads are judged by their margin distance and size; null beads by their best
    rival. (The length mismatch was left out: its fitted weight changed sign from one
    aligner setting to the next, so it carried no stable evidence.)
    """
    ones = np.ones((len(terms), 1))
    aligned = np.hstack([ones, terms[:, 0:1], terms[:, 2:3]])
    return aligned[~null], np.hstack([ones, terms[:, 1:2]])[null]


def bead_scores(spans: list[Span], terms: np.ndarray) -> list[float]:
    """A score in [0, 1] per bead (``terms`` from ``align_with_terms``): the estimated
    probability that the bead is in the truth."""
    if not spans:
        return []
    null = np.array([(i1 == i0) or (j1 == j0) for i0, i1, j0, j1 in spans])
    x_aligned, x_null = features(terms, null)
    scores = np.empty(len(spans))
    scores[~null] = 1.0 / (1.0 + np.exp(-(x_aligned @ np.array(ALIGNED))))
    scores[null] = 1.0 / (1.0 + np.exp(-(x_null @ np.array(NULL))))
    return [round(float(x), 4) for x in scores]
