"""Bead scores from the DP's evidence and the pairs' relatedness (aligner/calibrate.py)."""

from __future__ import annotations

import numpy as np

from aligner.align import BeadEvidence
from aligner.calibrate import ALIGNED, NULL, PAIR, bead_scores, features, relatedness
from aligner.sides import SideData, Span


def evidence(distance: list[float], rival: list[float], extra: list[float]) -> BeadEvidence:
    return BeadEvidence(np.array(distance), np.array(rival), np.array(extra))


def sigmoid(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def test_scores_are_the_logistic_models_of_their_evidence() -> None:
    spans = [Span(0, 1, 0, 1), Span(1, 3, 1, 2), Span(3, 4, 2, 2)]
    odds = np.array([2.0, np.nan, np.nan])
    scores = bead_scores(spans, evidence([0.5, 1.2, 1.1], [1.5, 1.0, 1.05], [0, 1, 0]), odds)
    expected = [
        sigmoid(PAIR[0] + PAIR[1] * 0.5 + PAIR[2] * 2.0),
        sigmoid(ALIGNED[0] + ALIGNED[1] * 1.2 + ALIGNED[2] * 1),
        sigmoid(NULL[0] + NULL[1] * 1.05),
    ]
    assert scores == [round(x, 4) for x in expected]


def test_a_pair_that_looks_unrelated_scores_low() -> None:
    spans = [Span(0, 1, 0, 1)] * 3
    related, unsure, unrelated = bead_scores(spans, evidence([0.6] * 3, [2.0] * 3, [0] * 3), np.array([6.0, 0.0, -8.0]))
    assert related > unsure > unrelated and unrelated < 0.5
    near, far = bead_scores(spans[:2], evidence([0.3, 1.5], [2.0] * 2, [0] * 2), np.array([0.0, 0.0]))
    assert near > far


def test_a_null_bead_with_a_close_rival_partner_scores_low() -> None:
    spans = [Span(0, 1, 0, 0), Span(1, 1, 0, 1)]
    lonely, doubtful = bead_scores(spans, evidence([1.1, 1.1], [1.5, 0.6], [0, 0]))
    assert lonely > 0.9 > 0.1 > doubtful


def test_features_split_pairs_merged_and_null_beads() -> None:
    null = np.array([False, False, True])
    pair = np.array([True, False, False])
    x_pair, x_aligned, x_null, *masks = features(
        evidence([0.5, 1.1, 1.0], [1.4, 1.2, 0.9], [0, 2, 0]), null, pair, np.array([3.0, np.nan, np.nan])
    )
    assert x_pair.tolist() == [[1.0, 0.5, 3.0]] and x_aligned.tolist() == [[1.0, 1.1, 2.0]]
    assert x_null.tolist() == [[1.0, 0.9]] and [m.tolist() for m in masks] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]
    assert bead_scores([], evidence([], [], [])) == []


def test_relatedness_is_for_one_to_one_pairs_only() -> None:
    side = SideData.of(np.eye(3), [10, 10, 10])
    odds = relatedness(side, side, [Span(0, 1, 0, 1), Span(1, 3, 1, 3)])
    assert np.isfinite(odds[0]) and np.isnan(odds[1])
