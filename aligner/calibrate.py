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

from aligner.align import BeadEvidence, Span

# intercept, margin distance, extra sentences
ALIGNED = (4.0246, -1.3656, -0.6660)
# intercept, rival (the best partner the sentence had)
NULL = (-9.2225, 9.8237)


def features(evidence: BeadEvidence, null: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Design matrices (with an intercept column) for aligned and null beads.

    Aligned beads are judged by their margin distance and size; null beads by their best
    rival. (The length mismatch was left out: its fitted weight changed sign from one
    aligner setting to the next, so it carried no stable evidence.)
    """
    ones = np.ones(len(evidence.distance))
    aligned = np.column_stack([ones, evidence.distance, evidence.extra])
    return aligned[~null], np.column_stack([ones, evidence.rival])[null]


def bead_scores(spans: list[Span], evidence: BeadEvidence) -> list[float]:
    """A score in [0, 1] per bead (``evidence`` from ``align_with_evidence``): the estimated
    probability that the bead is in the truth."""
    if not spans:
        return []
    null = np.array([span.is_null for span in spans])
    x_aligned, x_null = features(evidence, null)
    scores = np.empty(len(spans))
    scores[~null] = 1.0 / (1.0 + np.exp(-(x_aligned @ np.array(ALIGNED))))
    scores[null] = 1.0 / (1.0 + np.exp(-(x_null @ np.array(NULL))))
    return [round(float(x), 4) for x in scores]
