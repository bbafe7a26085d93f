#!/usr/bin/env python3
"""Alignment quality on textberg-de-fr-dev with sentences taken out: a tuning set for omissions.

textberg-de-fr-dev has few isolated null beads (most of its 43 are one block of photo
captions), so it says little about a translation that leaves out a sentence here and
there, the commonest difference in a newsroom. This script makes such variants of it: per
seed, 6 % of the gold 1-1 beads (no two neighbouring) lose their sentence on one side,
picked at random, which leaves the other side's sentence as a 1-0 or 0-1 bead. It then
runs ``aligner align`` on them through evaluate.py and prints the scores.

    python benchmarks/omissions.py                # seeds 1-4
    python benchmarks/omissions.py --seeds 1 2 --config my.toml
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import DEFAULT_BENCH, add_config_option, evaluate, read_beads, use_config

Bead = tuple[list[int], list[int]]


def omit(
    src: list[str], tgt: list[str], gold: list[Bead], seed: int, share: float
) -> tuple[list[str], list[str], list[Bead]]:
    """Take out one side's sentence of ``share`` of the 1-1 beads (no two neighbours)."""
    rng = random.Random(seed)
    ones = [k for k, (a, b) in enumerate(gold) if len(a) == 1 and len(b) == 1]
    picked = set(rng.sample(ones, int(len(ones) * share)))
    picked = {k for k in picked if k - 1 not in picked}
    gone_src, gone_tgt = set(), set()
    for k in sorted(picked):
        a, b = gold[k]
        if rng.random() < 0.5:
            gone_tgt.add(b[0])
        else:
            gone_src.add(a[0])
    keep_src = [i for i in range(len(src)) if i not in gone_src]
    keep_tgt = [j for j in range(len(tgt)) if j not in gone_tgt]
    new_src = {i: n for n, i in enumerate(keep_src)}
    new_tgt = {j: n for n, j in enumerate(keep_tgt)}
    beads = []
    for a, b in gold:
        a2 = [new_src[i] for i in a if i in new_src]
        b2 = [new_tgt[j] for j in b if j in new_tgt]
        if a2 or b2:
            beads.append((a2, b2))
    return [src[i] for i in keep_src], [tgt[j] for j in keep_tgt], beads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    ap.add_argument("--share", type=float, default=0.06, help="share of the 1-1 beads to break (default 0.06)")
    add_config_option(ap)
    args = ap.parse_args()
    use_config(args)
    dev = next(p for p in (args.bench / "textberg-de-fr-dev").iterdir() if (p / "src.txt").exists())
    src = (dev / "src.txt").read_text(encoding="utf-8").splitlines()
    tgt = (dev / "tgt.txt").read_text(encoding="utf-8").splitlines()
    gold = [(list(a), list(b)) for a, b in read_beads(args.bench, dev / "gold.txt")]
    with tempfile.TemporaryDirectory() as tmp:
        bench = Path(tmp)
        shutil.copy(args.bench / "score.py", bench / "score.py")
        for seed in args.seeds:
            s, t, g = omit(src, tgt, gold, seed, args.share)
            doc = bench / "textberg-omitted" / f"dev-seed{seed}"
            doc.mkdir(parents=True)
            (doc / "src.txt").write_text("\n".join(s) + "\n", encoding="utf-8")
            (doc / "tgt.txt").write_text("\n".join(t) + "\n", encoding="utf-8")
            (doc / "gold.txt").write_text("".join(f"{a}:{b}\n" for a, b in g), encoding="utf-8")
        res = evaluate(bench, "textberg-omitted", bench / "out", False, "e5-small")
    vec, wn = res["metrics"]["alignment"]["vecalign"], res["metrics"]["alignment"]["withnull"]
    print(f"textberg-de-fr-dev, {args.share:.0%} of 1-1 beads broken, seeds {args.seeds}:")
    print(f"  strict F1 {vec['f1_strict']:.3f}  lax F1 {vec['f1_lax']:.3f}  withnull strict F1 {wn['f1_strict']:.3f}")


if __name__ == "__main__":
    main()
