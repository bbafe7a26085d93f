#!/usr/bin/env python3
"""Fit the two models that turn evidence into probabilities, on news-et-en-dev only, and
report how well calibrated the scores are on every set.

    python benchmarks/calibrate.py                 # fit, print coefficients to paste, report
    python benchmarks/calibrate.py --variants 0    # the shipped dev set alone

1. ``relate.COEFFICIENTS``: whether a 1-1 pair is a translation (``aligner/relate.py``),
   fitted on the 1-1 pairs of the DP's path (before any is taken apart): a pair of the
   gold is a translation, a pair of a gold dropped and a gold added sentence is not.
2. ``calibrate.PAIR``, ``ALIGNED`` and ``NULL``: each bead's probability of being in the
   gold, fitted on the final path (pairs taken apart), for 1-1 pairs (margin distance and
   the relatedness above), other aligned beads (margin distance, size; with
   textberg-de-fr-dev's, as news has few) and null beads (the best rival the sentence had).

The data: news-et-en-dev, one unit per line, and ``--variants`` re-planted versions of it
(``make_news.py --seed 1..N --set news-et-en-dev``: the same dev articles with problems
planted afresh), so that the unrelated pairs, rare in one set, are enough to fit on. The
test sets are only reported.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from evaluate import DEFAULT_BENCH, LANGS, documents, read_beads

from aligner.calibrate import bead_scores, features, relatedness
from aligner.embed import Embedder
from aligner.model import Bead
from aligner.numbers import fingerprint
from aligner.pairs import pair_evidence
from aligner.pipeline import Settings, embed_sentences, make_embedder, path_around_moves
from aligner.relate import separate
from aligner.sides import SideData, beads_of

LANGS = {**LANGS, "news": ("et", "en")}
POOLED = ("ALIGNED",)
REPORT_SETS = ["news-et-en-dev", "news-et-en", "textberg-de-fr-dev", "textberg-de-fr", "bible-et-en", "perturbed-et-en"]


def sides(bench: Path, name: str, embedder: Embedder):  # type: ignore[no-untyped-def]
    """Each document of a set, one unit per line: its two sides and its gold beads."""
    src_lang, tgt_lang = LANGS[name.split("-")[0]]
    for doc in documents(bench, name):
        s = (doc / "src.txt").read_text(encoding="utf-8").splitlines()
        t = (doc / "tgt.txt").read_text(encoding="utf-8").splitlines()
        vectors = embed_sentences(embedder, s + t)
        yield (
            SideData.from_texts(vectors[: len(s)], s, numbers=[fingerprint(x, src_lang, tgt_lang) for x in s]),
            SideData.from_texts(vectors[len(s) :], t, numbers=[fingerprint(x, tgt_lang, src_lang) for x in t]),
            set(read_beads(bench, doc / "gold.txt")),
        )


def collect(benches: list[tuple[Path, str]], embedder: Embedder, settings: Settings) -> dict[str, list[Any]]:
    """Relatedness rows of the first path's 1-1 pairs, and score rows of the final path's beads."""
    names = ("relate_x", "relate_y", "short_x", "short_y", "design", "score", "right")
    out: dict[str, list[Any]] = {k: [] for k in names}
    for bench, name in benches:
        for src, tgt, gold in sides(bench, name, embedder):
            src, tgt, aligned = path_around_moves(src, tgt, settings)
            beads = beads_of(aligned.spans)
            gold_src_null = {s[0] for s, t in gold if not t}
            gold_tgt_null = {t[0] for s, t in gold if not s}
            evidence = pair_evidence(src, tgt, beads)
            if evidence is not None:
                labels = np.array([_label(beads[k], gold, gold_src_null, gold_tgt_null) for k in evidence.index])
                keep = ~np.isnan(labels)
                if not evidence.short:
                    out["relate_x"].append(evidence.design()[keep])
                    out["relate_y"].append(labels[keep])
                out["short_x"].append(evidence.short_design()[keep])
                out["short_y"].append(labels[keep])
            spans = separate(src, tgt, aligned.spans, settings.align.unrelated_below, settings.align.vec_len_power)
            bead_evidence = aligned.evidence(spans)
            odds = relatedness(src, tgt, spans)
            null = np.array([s.is_null for s in spans])
            pair = np.array([s.is_pair for s in spans])
            out["design"].append(features(bead_evidence, null, pair, odds))
            out["score"].append(np.array(bead_scores(spans, bead_evidence, odds)))
            out["right"].append(np.array([(tuple(range(a, b)), tuple(range(c, d))) in gold for a, b, c, d in spans]))
    return out


def _label(bead: Bead, gold: set, src_null: set[int], tgt_null: set[int]) -> float:  # type: ignore[type-arg]
    """1 for a pair of the gold, 0 for a gold dropped and a gold added sentence paired, else NaN."""
    if (bead.src, bead.tgt) in gold:
        return 1.0
    if bead.src[0] in src_null and bead.tgt[0] in tgt_null:
        return 0.0
    return float("nan")


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, ridge: float = 1e-2) -> np.ndarray:
    """Weighted logistic regression by Newton's method (IRLS), lightly regularised."""
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (weight * (p - y)) + ridge * w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + ridge * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
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


def variants(bench: Path, count: int, where: Path) -> list[tuple[Path, str]]:
    """news-et-en-dev re-planted with seeds 1..count, each a bench folder of its own."""
    out = []
    for seed in range(1, count + 1):
        folder = where / f"seed{seed}"
        if not (folder / "news-et-en-dev").is_dir():
            cmd = [sys.executable, str(bench / "make_news.py"), "--seed", str(seed), "--set", "news-et-en-dev"]
            subprocess.run([*cmd, "--out", str(folder)], check=True, capture_output=True)
            shutil.copy(bench / "score.py", folder / "score.py")
        out.append((folder, "news-et-en-dev"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--variants", type=int, default=5, help="re-planted versions of the dev set to fit on (default 5)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "aligner-news-variants")
    args = ap.parse_args()
    settings = Settings(segmented=True)
    embedder = make_embedder(settings)
    fit_on = [(args.bench, "news-et-en-dev"), *variants(args.bench, args.variants, args.work)]
    data = collect(fit_on, embedder, settings)
    x, y = np.vstack(data["relate_x"]), np.concatenate(data["relate_y"])
    print(f"relatedness: {len(y)} pairs, {int((y == 0).sum())} unrelated")
    w = fit_logistic(x, y, np.ones(len(y)))
    print("relate.COEFFICIENTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")
    xs, ys = np.vstack(data["short_x"]), np.concatenate(data["short_y"])
    w = fit_logistic(xs, ys, np.ones(len(ys)))
    print("relate.SHORT_COEFFICIENTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")  # on every document's pairs")
    # merged beads are few in news (26 a set): textberg-de-fr-dev, a tuning set too, adds its 60
    merged = collect([(args.bench, "textberg-de-fr-dev")], embedder, settings)
    for k, label in enumerate(("PAIR", "ALIGNED", "NULL")):
        sources = [data, merged] if label in POOLED else [data]
        xs = np.vstack([d[k] for found in sources for d in found["design"]])
        right = np.concatenate(
            [found["right"][n][d[3 + k]] for found in sources for n, d in enumerate(found["design"])]
        )
        coef = fit_logistic(xs, right.astype(float), np.ones(len(right)))
        print(f"calibrate.{label} = (" + ", ".join(f"{v:.4f}" for v in coef) + ")")
    print("\nWith the coefficients now in aligner/relate.py and aligner/calibrate.py:")
    print(f"{'set':<22} {'beads':>6} {'right':>6} {'mean score':>10} {'ECE':>6} {'Brier':>6}")
    for name in REPORT_SETS:
        found = collect([(args.bench, name)], embedder, settings)
        score, truth = np.concatenate(found["score"]), np.concatenate(found["right"]).astype(float)
        print(
            f"{name:<22} {len(truth):>6} {truth.mean():>6.3f} {score.mean():>10.3f} {ece(score, truth):>6.3f} "
            f"{np.mean((score - truth) ** 2):>6.3f}"
        )


if __name__ == "__main__":
    main()
