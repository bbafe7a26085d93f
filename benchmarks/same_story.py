#!/usr/bin/env python3
"""Fit the same-story model of ``aligner/story.py`` and measure it held out.

    python benchmarks/same_story.py            # fit on the dev sets, print STORY_COEFFICIENTS and the table

Data: every 1-1 gold pair of newsroom-et-en-dev and news-et-en-dev (one unit per line,
the gold alignment) is a translation; each of newsroom-et-en-dev's same-story
substitutions (a gold ``dropped`` and ``added`` flag with notes "substituted: ...", the
two neighbouring null beads joined into one pair, as the DP pairs them) is a
substitution. news-et-en-dev's substitutions come from other articles and are the first
model's (``related``), so they are left out. The features are the library's own
(``PairEvidence.story_design``), on the bundled model's vectors.

Prints the coefficients fitted on everything, then, held out by article group (the
newsroom set's four series a, b, d, e and four groups of news documents), how many
substitutions each threshold finds and how many translations it takes apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from evaluate import DEFAULT_BENCH, documents

from aligner.embed import latent_terms_of
from aligner.model import Bead, Sentence
from aligner.pairs import pair_evidence
from aligner.pipeline import Settings, _side_data, embed_sentences, make_embedder
from aligner.story import STORY_COEFFICIENTS, doubtful, same_story, wording_design
from aligner.wording import Wording

SETS = ("newsroom-et-en-dev", "news-et-en-dev")
THRESHOLDS = (0.2, 0.3, 0.5, 0.75, 0.8, 0.9)


def gold_beads(doc: Path) -> tuple[tuple[Bead, ...], set[int]]:
    """The gold beads with each same-story substitution joined into one pair, and the
    source sentences of those pairs."""
    flags = json.loads((doc / "flags.json").read_text(encoding="utf-8"))["flags"]
    subs = {f["src"][0] for f in flags if f["type"] == "dropped" and str(f.get("note", "")).startswith("substituted")}
    adds = {f["tgt"][0] for f in flags if f["type"] == "added" and str(f.get("note", "")).startswith("substituted")}
    beads = []
    for line in (doc / "gold.txt").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        left, right = line.split(":")[:2]
        src = tuple(int(x) for x in left.strip("[] ").split(",") if x.strip())
        tgt = tuple(int(x) for x in right.strip("[] ").split(",") if x.strip())
        last = beads[-1] if beads else None
        joins = last is not None and last.src and not last.tgt and last.src[0] in subs
        if joins and last is not None and tgt and tgt[0] in adds and not src:
            beads[-1] = Bead(last.src, tgt, 1.0)
        else:
            beads.append(Bead(src, tgt, 1.0))
    return tuple(beads), subs


def _sentences(lines: list[str]) -> tuple[Sentence, ...]:
    return tuple(Sentence(k, t, 0, 0, 0) for k, t in enumerate(lines))


def rows(bench: Path, embedder) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Design matrix (the story design, then the wording's two columns), labels, groups,
    whether each row is from the newsroom set, and whether the library reads its wording
    (``story.doubtful``)."""
    terms = latent_terms_of(embedder)
    if terms is None:
        raise SystemExit(f"{embedder.model_id} gives no latent terms")
    x, y, groups, newsroom, read = [], [], [], [], []
    for name in SETS:
        for doc in documents(bench, name):
            src_t = (doc / "src.txt").read_text(encoding="utf-8").split("\n")[:-1]
            tgt_t = (doc / "tgt.txt").read_text(encoding="utf-8").split("\n")[:-1]
            beads, subs = gold_beads(doc)
            vectors = embed_sentences(embedder, src_t + tgt_t)
            src = _side_data(_sentences(src_t), vectors[: len(src_t)], "et", "en")
            tgt = _side_data(_sentences(tgt_t), vectors[len(src_t) :], "en", "et")
            evidence = pair_evidence(src, tgt, beads)
            if evidence is None or evidence.short:
                continue
            is_sub = np.array([beads[k].src[0] in subs for k in evidence.index])
            wording = Wording(src_t, tgt_t, "et", "en", terms)
            design = wording_design(evidence, wording, np.arange(len(evidence.index)))
            gate = np.zeros(len(design), dtype=bool)
            gate[doubtful(same_story(evidence))] = True
            if name != "newsroom-et-en-dev":  # other articles' sentences: the first model's
                keep = ~is_sub
                x.append(design[keep])
                y.append(np.zeros(int(keep.sum())))
                read.append(gate[keep])
            else:
                x.append(design)
                y.append(is_sub.astype(float))
                read.append(gate)
            group = doc.name[0] if name == "newsroom-et-en-dev" else f"n{int(doc.name[1:]) % 4}"
            groups += [group] * len(y[-1])
            newsroom += [name == "newsroom-et-en-dev"] * len(y[-1])
    return np.vstack(x), np.concatenate(y), np.array(groups), np.array(newsroom), np.concatenate(read)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """Logistic regression by Newton's method (``x`` has its intercept column)."""
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(x.shape[1] - 1)])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        w -= np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + penalty, x.T @ (p - y) + penalty @ w)
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    args = ap.parse_args()
    design, y, groups, newsroom, gate = rows(args.bench, make_embedder(Settings()))
    x = design[:, :5]
    w = fit(x, y)
    print("STORY_COEFFICIENTS =", tuple(round(float(v), 3) for v in w), "(intercept, margin, local, first, shorter)")
    base = 1.0 / (1.0 + np.exp(-x @ np.array(STORY_COEFFICIENTS)))
    w = fit(design[gate], y[gate])
    print(
        "STORY_WORDING_COEFFICIENTS =",
        tuple(round(float(v), 3) for v in w),
        f"(the same, lone figure, latent terms; fitted on the {int(gate.sum())} pairs read again, "
        f"with {int(y[gate].sum())} of the {int(y.sum())} substitutions)",
    )
    held = np.zeros(len(y))
    for group in sorted(set(groups)):
        out = groups == group
        held[out] = 1.0 / (1.0 + np.exp(-x[out] @ fit(x[~out], y[~out])))
    report(held, y, newsroom, "the vectors alone (STORY_COEFFICIENTS)")
    held = base.copy()
    for group in sorted(set(groups)):
        out, train = (groups == group) & gate, (groups != group) & gate
        held[out] = 1.0 / (1.0 + np.exp(-design[out] @ fit(design[train], y[train])))
    report(held, y, newsroom, "with the wording, as the library reads it (STORY_WORDING_COEFFICIENTS)")


def report(held: np.ndarray, y: np.ndarray, newsroom: np.ndarray, title: str) -> None:
    """What each threshold finds and takes apart, held out."""
    subs = y == 1
    print(f"\n{title}")
    print(
        f"{int(subs.sum())} substitutions, {int((~subs & newsroom).sum())} newsroom and "
        f"{int((~subs & ~newsroom).sum())} news translations; held out by article group:"
    )
    print("| threshold | substitutions found | newsroom translations taken apart | news translations taken apart |")
    print("|---|---|---|---|")
    for t in THRESHOLDS:
        apart = held > t
        print(
            f"| {t} | {int((apart & subs).sum())} | {int((apart & ~subs & newsroom).sum())} | "
            f"{int((apart & ~subs & ~newsroom).sum())} |"
        )


if __name__ == "__main__":
    main()
