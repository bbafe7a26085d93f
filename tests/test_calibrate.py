"""Bead scores from the DP's evidence (aligner/calibrate.py)."""

from __future__ import annotations

import numpy as np

from aligner.align import BeadEvidence, Span
from aligner.calibrate import ALIGNED, NULL, bead_scores, features


def evidence(distance: list[float], rival: list[float], extra: list[float]) -> BeadEvidence:
    return BeadEvidence(np.array(distance), np.array(rival), np.array(extra))


def test_scores_are_the_logistic_models_of_their_evidence() -> None:
    spans = [Span(0, 1, 0, 1), Span(1, 3, 1, 2), Span(3, 4, 2, 2)]
    scores = bead_scores(spans, evidence([0.5, 1.2, 1.1], [1.5, 1.0, 1.05], [0, 1, 0]))
    aligned = [1 / (1 + np.exp(-(ALIGNED[0] + ALIGNED[1] * d + ALIGNED[2] * e))) for d, e in ((0.5, 0), (1.2, 1))]
    null = 1 / (1 + np.exp(-(NULL[0] + NULL[1] * 1.05)))
    assert scores == [round(float(x), 4) for x in (*aligned, null)]


def test_closer_sides_and_fewer_sentences_score_higher() -> None:
    spans = [Span(0, 1, 0, 1)] * 3 + [Span(0, 2, 0, 1)]
    near, far, very_far, merged = bead_scores(spans, evidence([0.3, 1.0, 2.0, 0.3], [2.0] * 4, [0, 0, 0, 1]))
    assert 1 > near > far > very_far > 0 and merged < near


def test_a_null_bead_with_a_close_rival_partner_scores_low() -> None:
    spans = [Span(0, 1, 0, 0), Span(1, 1, 0, 1)]
    lonely, doubtful = bead_scores(spans, evidence([1.1, 1.1], [1.5, 0.7], [0, 0]))
    assert lonely > 0.9 > 0.1 > doubtful


def test_features_split_aligned_and_null_beads() -> None:
    x_aligned, x_null = features(evidence([0.5, 1.1], [1.4, 1.2], [2, 0]), np.array([False, True]))
    assert x_aligned.tolist() == [[1.0, 0.5, 2.0]] and x_null.tolist() == [[1.0, 1.2]]
    assert bead_scores([], evidence([], [], [])) == []
