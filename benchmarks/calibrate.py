#!/usr/bin/env python3
"""Fit the bead-score models of aligner/calibrate.py and report how well they are calibrated.

Fits on the tuning sets only (textberg-de-fr-dev, bible-et-en); reports expected
calibration error (ECE, 10 bins) and Brier score on every set, test sets included.
Labels: a bead is right when the identical bead is in ``gold.txt``.

    python benchmarks/calibrate.py            # prints coefficients to paste, and the report
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from evaluate import DEFAULT_BENCH as BENCH
from evaluate import LANGS, documents, read_beads

from aligner.align import AlignConfig, BeadEvidence, SideData, align_with_evidence
from aligner.calibrate import bead_scores, features
from aligner.embed import load_embedder
from aligner.embed.cache import CachedEmbedder
from aligner.numbers import fingerprint

FIT_SETS = ["textberg-de-fr-dev", "bible-et-en"]
ALIGNED_FIT_SETS = ["textberg-de-fr-dev"]  # see aligner/calibrate.py
REPORT_SETS = ["textberg-de-fr-dev", "bible-et-en", "textberg-de-fr", "perturbed-et-en"]


def sides(name: str, embedder: CachedEmbedder):  # type: ignore[no-untyped-def]
    for doc in documents(BENCH, name):
        s = (doc / "src.txt").read_text(encoding="utf-8").splitlines()
        t = (doc / "tgt.txt").read_text(encoding="utf-8").splitlines()
        sl, tl = LANGS[name.split("-")[0]]
        yield (
            SideData.from_texts(embedder.embed(s), s, numbers=[fingerprint(x, sl, tl) for x in s]),
            SideData.from_texts(embedder.embed(t), t, numbers=[fingerprint(x, tl, sl) for x in t]),
            set(read_beads(BENCH, doc / "gold.txt")),
        )


def collect(name: str, embedder: CachedEmbedder, cfg: AlignConfig):  # type: ignore[no-untyped-def]
    rows_evidence, rows_null, rows_label, rows_score = [], [], [], []
    for src, tgt, gold in sides(name, embedder):
        spans, evidence = align_with_evidence(src, tgt, cfg)
        rows_evidence.append(evidence)
        rows_null.append(np.array([span.is_null for span in spans]))
        rows_label.append(np.array([(tuple(range(i0, i1)), tuple(range(j0, j1))) in gold for i0, i1, j0, j1 in spans]))
        rows_score.append(np.array(bead_scores(spans, evidence)))
    evidence = BeadEvidence(
        *(np.concatenate([getattr(e, column) for e in rows_evidence]) for column in ("distance", "rival", "extra"))
    )
    return evidence, np.concatenate(rows_null), np.concatenate(rows_label), np.concatenate(rows_score)


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, ridge: float = 1e-2) -> np.ndarray:
    """Weighted logistic regression by Newton's method (IRLS), lightly regularised."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (weight * (p - y)) + ridge * w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + ridge * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        inside = (p >= lo) & (p < hi) if hi < 1 else (p >= lo)
        if inside.any():
            total += inside.sum() * abs(p[inside].mean() - y[inside].mean())
    return total / len(p)


def main() -> None:
    cfg = AlignConfig()
    embedder = CachedEmbedder(load_embedder("e5-small"))
    xs_a, ys_a, ws_a, xs_n, ys_n, ws_n = [], [], [], [], [], []
    for name in FIT_SETS:
        # Each set weighs the same: bible-et-en's 1,900 near-perfect 1-1 beads would
        # otherwise decide the fit alone.
        evidence, null, label, _ = collect(name, embedder, cfg)
        xa, xn = features(evidence, null)
        if name in ALIGNED_FIT_SETS:
            xs_a.append(xa)
            ys_a.append(label[~null])
            ws_a.append(np.full(len(xa), 1.0 / max(len(xa), 1)))
        xs_n.append(xn)
        ys_n.append(label[null])
        ws_n.append(np.full(len(xn), 1.0 / max(len(xn), 1)))
    w_aligned = fit_logistic(np.vstack(xs_a), np.concatenate(ys_a).astype(float), np.concatenate(ws_a) * 1000)
    w_null = fit_logistic(np.vstack(xs_n), np.concatenate(ys_n).astype(float), np.concatenate(ws_n) * 40)
    print("ALIGNED = (" + ", ".join(f"{v:.4f}" for v in w_aligned) + ")")
    print("NULL = (" + ", ".join(f"{v:.4f}" for v in w_null) + ")")
    print("\nWith the coefficients now in aligner/calibrate.py:")
    print(f"{'set':<22} {'beads':>6} {'right':>6} {'mean score':>10} {'ECE':>6} {'Brier':>6}")
    for name in REPORT_SETS:
        _, _, label, score = collect(name, embedder, cfg)
        y = label.astype(float)
        print(
            f"{name:<22} {len(y):>6} {y.mean():>6.3f} {score.mean():>10.3f} {ece(score, y):>6.3f} "
            f"{np.mean((score - y) ** 2):>6.3f}"
        )


if __name__ == "__main__":
    main()
