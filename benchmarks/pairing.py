#!/usr/bin/env python3
"""Pairing an archive's articles with their translations (``aligner.pairing``).

    python benchmarks/pairing.py [--set news-et-en|news-et-en-dev] [--seed 1]

Builds two folders from a bench set (each document an article: its Estonian paragraph
file in one folder, its English one in the other, under shuffled names), drops 10 % of
the translations (orphans: never translated) and adds 10 % English distractor articles
(written from scratch: no source). On news-et-en the distractors come from
news-et-en-dev; on news-et-en-dev (the tuning set) from its own second half, whose
Estonian is left out, so tuning never sees the test set. Prints the share of pairs
right (goal: 98 %), the precision and recall of what is reported unpaired (goal: 95 %
precision), and the time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from aligner.embed import load_embedder
from aligner.embed.cache import CachedEmbedder
from aligner.pairing import PairConfig, pair_folders

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def documents(name: str) -> list[Path]:
    return [d for d in sorted((BENCH / name).iterdir()) if (d / "src.para.txt").is_file()]


def build(root: Path, name: str, seed: int) -> tuple[dict[str, str], set[str], set[str]]:
    """The two folders; returns the true pairs (source file -> translation file), the
    orphans (sources with no translation) and the distractors (translations with no source)."""
    rng = random.Random(seed)
    docs = documents(name)
    if name == "news-et-en-dev":
        rng.shuffle(docs)
        half = len(docs) // 2
        docs, spare = docs[:half], docs[half:]
    else:
        spare = documents("news-et-en-dev")
    src_dir, tgt_dir = root / "et", root / "en"
    src_dir.mkdir(parents=True)
    tgt_dir.mkdir(parents=True)
    names = rng.sample(range(100_000), 2 * len(docs) + len(spare))
    dropped = set(rng.sample(range(len(docs)), max(1, len(docs) // 10)))
    truth, orphans = {}, set()
    for k, doc in enumerate(docs):
        source = src_dir / f"a{names[k]}.txt"
        shutil.copy(doc / "src.para.txt", source)
        if k in dropped:
            orphans.add(str(source))
            continue
        translation = tgt_dir / f"b{names[len(docs) + k]}.txt"
        shutil.copy(doc / "tgt.para.txt", translation)
        truth[str(source)] = str(translation)
    distractors = set()
    for k, doc in enumerate(rng.sample(spare, max(1, len(docs) // 10))):
        extra = tgt_dir / f"b{names[2 * len(docs) + k]}.txt"
        shutil.copy(doc / "tgt.para.txt", extra)
        distractors.add(str(extra))
    return truth, orphans, distractors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="news-et-en", choices=["news-et-en", "news-et-en-dev"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    cfg = PairConfig() if args.threshold is None else PairConfig(threshold=args.threshold)
    with tempfile.TemporaryDirectory() as tmp:
        truth, orphans, distractors = build(Path(tmp), args.set, args.seed)
        embedder = CachedEmbedder(load_embedder("e5-small"))
        started = time.perf_counter()
        result = pair_folders(Path(tmp) / "et", Path(tmp) / "en", "et", "en", embedder, cfg)
        seconds = time.perf_counter() - started
    right = sum(1 for p in result.pairs if truth.get(p.source) == p.translation)
    wrong = len(result.pairs) - right
    unpaired = set(result.unpaired_sources) | set(result.unpaired_translations)
    should = orphans | distractors
    precision = len(unpaired & should) / len(unpaired) if unpaired else 1.0
    recall = len(unpaired & should) / len(should) if should else 1.0
    print(
        f"{args.set} (seed {args.seed}): {len(truth)} true pairs, {len(orphans)} orphans, {len(distractors)} "
        f"distractors; paired right {right} / {len(truth)} = {right / len(truth):.1%} ({wrong} wrong pairs); "
        f"unpaired precision {precision:.1%}, recall {recall:.1%}; {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
