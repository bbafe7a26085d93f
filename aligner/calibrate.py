"""Turn the evidence behind each bead into a calibrated probability that it is right.

Three logistic models, fitted by ``benchmarks/calibrate.py`` on news-et-en-dev and its
re-planted variants (e5-small), one unit per line:

* a 1-1 pair, on its margin distance and on how likely it is a translation at all
  (``relate.py``: a pair the document's typical translation leaves far behind scores low);
* any other aligned bead, on its margin distance and size (with textberg-de-fr-dev's, as
  news has few);
* a null bead, on how well the sentence matched its best nearby partner (a close rival
  makes a dropped or added sentence doubtful).
"""

from __future__ import annotations

import numpy as np

from aligner.align import BeadEvidence
from aligner.pairs import Nearest, pair_evidence
from aligner.relate import related
from aligner.sides import SideData, Span, beads_of
from aligner.wording import Wording

# intercept, margin distance, relatedness (log odds, capped)
PAIR = (1.7460, -1.6383, 0.9821)
# intercept, margin distance, extra sentences
ALIGNED = (1.3393, 2.7038, -0.5327)
# intercept, rival (the best partner the sentence had)
NULL = (-11.7963, 14.2359)
LOG_ODDS_CAP = 8.0
"""Relatedness beyond this many log-odds either way says nothing more."""


def relatedness(
    src: SideData, tgt: SideData, spans: list[Span], near: Nearest | None = None, wording: Wording | None = None
) -> np.ndarray:
    """Per bead, the log odds that a 1-1 pair is a translation (``relate.py``), capped at
    ``LOG_ODDS_CAP``; NaN for a bead that is no 1-1 pair; 0 (no evidence either way) for
    every pair when the document cannot say."""
    out = np.full(len(spans), np.nan)
    evidence = pair_evidence(src, tgt, beads_of(spans), near=near)
    if evidence is None:
        out[[k for k, s in enumerate(spans) if s.is_pair]] = 0.0
        return out
    p = np.clip(related(evidence, wording=wording), 1e-12, 1 - 1e-12)
    out[evidence.index] = np.clip(np.log(p / (1 - p)), -LOG_ODDS_CAP, LOG_ODDS_CAP)
    return out


def features(
    evidence: BeadEvidence, null: np.ndarray, pair: np.ndarray, log_odds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Design matrices (with an intercept column) of 1-1 pairs, other aligned beads and null
    beads, and the masks that pick each kind out of the path.

    (The length mismatch was left out: its fitted weight changed sign from one aligner
    setting to the next, so it carried no stable evidence.)
    """
    ones = np.ones(len(evidence.distance))
    odds = np.nan_to_num(log_odds, nan=0.0)
    is_pair = pair & ~null
    is_aligned = ~pair & ~null
    x_pair = np.column_stack([ones, evidence.distance, odds])[is_pair]
    x_aligned = np.column_stack([ones, evidence.distance, evidence.extra])[is_aligned]
    x_null = np.column_stack([ones, evidence.rival])[null]
    return x_pair, x_aligned, x_null, is_pair, is_aligned, null


def bead_scores(spans: list[Span], evidence: BeadEvidence, log_odds: np.ndarray | None = None) -> list[float]:
    """A score in [0, 1] per bead: the estimated probability that the bead is in the truth.

    ``evidence`` from ``Aligned.evidence``; ``log_odds`` from :func:`relatedness` (without
    it, 1-1 pairs are scored as if it said nothing either way).
    """
    if not spans:
        return []
    null = np.array([span.is_null for span in spans])
    pair = np.array([s.is_pair for s in spans])
    odds = np.zeros(len(spans)) if log_odds is None else log_odds
    x_pair, x_aligned, x_null, is_pair, is_aligned, is_null = features(evidence, null, pair, odds)
    scores = np.empty(len(spans))
    scores[is_pair] = 1.0 / (1.0 + np.exp(-(x_pair @ np.array(PAIR))))
    scores[is_aligned] = 1.0 / (1.0 + np.exp(-(x_aligned @ np.array(ALIGNED))))
    scores[is_null] = 1.0 / (1.0 + np.exp(-(x_null @ np.array(NULL))))
    return [round(float(x), 4) for x in scores]
