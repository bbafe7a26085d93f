"""Turn each bead's DP cost into a calibrated probability that the bead is right."""

from __future__ import annotations

import math

from aligner.align import AlignConfig, Span

# Logistic fit of "bead is in the gold" on the bead's cost per sentence, on
# textberg-de-fr-dev and bible-et-en (benchmarks/calibrate.py reproduces it).
SLOPE = -6.0
INTERCEPT = 3.0


def bead_scores(spans: list[Span], costs: list[float], cfg: AlignConfig) -> list[float]:
    """A score in [0, 1] per bead, from its cost relative to the number of sentences."""
    out = []
    for (i0, i1, j0, j1), cost in zip(spans, costs, strict=True):
        size = max((i1 - i0) + (j1 - j0), 1)
        x = INTERCEPT + SLOPE * cost / size
        out.append(round(1.0 / (1.0 + math.exp(-x)), 4))
    return out
