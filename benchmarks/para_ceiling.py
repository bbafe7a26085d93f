#!/usr/bin/env python3
"""The best score any sentence-level alignment can reach on the paragraph files.

    python benchmarks/para_ceiling.py [--set perturbed-et-en]

The gold's units are verses, and a verse can end inside a sentence. This takes the gold
itself, coarsens it to aligner's sentences (gold beads that share a sentence are joined),
maps it back to lines exactly as ``evaluate.py --para`` maps aligner's output, and scores
it: no sentence-level aligner can do better with these sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from evaluate import DEFAULT_BENCH, documents, para_to_lines, read_beads
from flags import predicted_flags

from aligner.alignfile import to_json
from aligner.measures import null_runs
from aligner.model import Alignment, Bead, Side
from aligner.read import read_document
from aligner.segment import segment_document


def sentences_of(para_map: dict, line: int, side: str, sents: tuple) -> set[int]:  # type: ignore[type-arg]
    """The sentences that line ``line`` of ``side`` overlaps."""
    _, lo, hi = para_map[side][line]
    return {k for k, s in enumerate(sents) if s.start < hi and lo < s.end}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--set", default="perturbed-et-en")
    args = ap.parse_args()
    sys.path.insert(0, str(args.bench))
    import score  # the bench's scorer

    pairs, flag_pairs = [], []
    for doc in documents(args.bench, args.set):
        src = segment_document(read_document(str(doc / "src.para.txt"), "et"))
        tgt = segment_document(read_document(str(doc / "tgt.para.txt"), "en"))
        para_map = json.loads((doc / "para_map.json").read_text(encoding="utf-8"))

        joined: list[tuple[set[int], set[int]]] = []
        gold = read_beads(args.bench, doc / "gold.txt")
        for gs, gt in gold:
            s = set().union(*[sentences_of(para_map, i, "src", src) for i in gs]) if gs else set()
            t = set().union(*[sentences_of(para_map, j, "tgt", tgt) for j in gt]) if gt else set()
            if joined and (joined[-1][0] & s or joined[-1][1] & t):
                joined[-1][0].update(s)
                joined[-1][1].update(t)
            else:
                joined.append((s, t))
        alignment = Alignment(
            Side("et", "src", src),
            Side("en", "tgt", tgt),
            tuple(Bead(tuple(sorted(s)), tuple(sorted(t)), 1.0) for s, t in joined),
        )
        predicted = score.parse_beads(para_to_lines(to_json(alignment), para_map))
        pairs.append(([(tuple(a), tuple(b)) for a, b in gold], predicted))
        if (doc / "flags.json").exists():
            oracle = {**to_json(alignment), "flags": null_bead_flags(alignment)}
            flag_pairs.append(
                (
                    [score.normalise_flag(f) for f in score.load_flags(str(doc / "flags.json"))],
                    [score.normalise_flag(f, para_map) for f in predicted_flags(oracle, para_map)],
                )
            )
    metrics = score.score_alignments(pairs)
    print(
        f"{args.set}, paragraph files: ceiling of a sentence-level alignment: strict F1 "
        f"{metrics['vecalign']['f1_strict']:.3f}, withnull {metrics['withnull']['f1_strict']:.3f}"
    )
    if flag_pairs:
        flags = score.score_flags(flag_pairs)
        print("flags read off that alignment (dropped / added whole sentences; merged / split from its beads):")
        for kind in ("dropped", "added", "merged", "split"):
            m = flags[kind]
            print(f"  {kind:<8} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")


def null_bead_flags(alignment: Alignment) -> list[dict]:  # type: ignore[type-arg]
    """A dropped flag for every run of source-only beads, an added flag for every run of target-only ones."""
    dropped, added = null_runs(alignment.beads)
    out: list[dict] = []  # type: ignore[type-arg]
    for kind, side, runs in (("dropped", alignment.source, dropped), ("added", alignment.target, added)):
        for run in runs:
            span = [side.sentences[run[0]].start, side.sentences[run[-1]].end]
            on_src = kind == "dropped"
            out.append(
                {
                    "type": kind,
                    "src": list(run) if on_src else [],
                    "tgt": [] if on_src else list(run),
                    "src_span": span if on_src else None,
                    "tgt_span": None if on_src else span,
                }
            )
    return out


if __name__ == "__main__":
    main()
