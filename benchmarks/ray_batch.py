#!/usr/bin/env python3
"""The Ray engine against the local process pool, and a simulated archive of thousands.

    python benchmarks/ray_batch.py [--out DIR] [--repeat 1] [--copies 9] [--skip-overhead] [--skip-scale]

Needs ``pip install "aligner[ray]"``. Builds the batch benchmark's archive (every
news-et-en(-dev) document as a text and as a news page, 242 article pairs; see
``benchmarks/batch.py``) in a temporary folder (or --out), never in the repository. Then,
each through the installed ``aligner batch`` command, with an empty output folder and
an empty embedding cache every time:

1. **Overhead**: the archive at ``--jobs 2`` with the local engine (a process pool) and
   with ``--engine ray`` (a local Ray instance of 2 CPUs), --repeat times each,
   alternating: the median seconds of each and their ratio (goal: Ray at most 1.15x),
   and whether the two engines' outputs are byte-identical.
2. **Scale**: the archive repeated --copies times under other article ids (2,178
   articles at 9), on a local Ray instance of 1 CPU and then of 2: seconds, articles
   per minute, articles per minute per CPU, and the speed-up from 1 CPU to 2. The
   copies' sentences are the originals', so after the first copy the vectors come from
   the cache: this measures the pipeline's own cost per article (reading, aligning,
   checking, writing, Ray's scheduling) more than the model's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import batch, build_archive, outputs  # the batch benchmark's archive, built the same way


def run(archive: Path, out: Path, cache: Path, jobs: int, *extra: str) -> tuple[float, dict[str, object]]:
    """A cold run (the output and the cache emptied first), through the batch benchmark's runner."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    seconds, done = batch(archive, out, jobs, cache, "--json", *extra)
    summary: dict[str, object] = json.loads(done.stdout)
    return seconds, summary


def copies(archive: Path, root: Path, count: int) -> int:
    """The archive ``count`` times, each copy's articles under other ids (links, not copies)."""
    made = 0
    for k in range(count):
        for folder in sorted(archive.iterdir()):
            target = root / f"{folder.name}-{k:02d}"
            target.mkdir(parents=True)
            for path in folder.iterdir():
                os.symlink(path, target / path.name)
            made += 1
    return made


def overhead(archive: Path, work: Path, repeat: int) -> None:
    local, ray = [], []
    same = True
    for _ in range(repeat):
        seconds, _ = run(archive, work / "local", work / "cache-local", 2)
        local.append(seconds)
        seconds, _ = run(archive, work / "ray", work / "cache-ray", 2, "--engine", "ray")
        ray.append(seconds)
        same = same and outputs(work / "local") == outputs(work / "ray")
    a, b = statistics.median(local), statistics.median(ray)
    print(f"local engine, --jobs 2: {a:.1f} s (median of {repeat}: {', '.join(f'{s:.1f}' for s in local)})")
    print(f"Ray engine, local instance of 2 CPUs: {b:.1f} s (median of {repeat}: {', '.join(f'{s:.1f}' for s in ray)})")
    print(f"overhead ratio Ray / local: {b / a:.3f} (goal: at most 1.15)")
    print(f"outputs byte-identical: {'yes' if same else 'NO'}")


def scale(archive: Path, work: Path, count: int) -> None:
    big = work / "scaled"
    shutil.rmtree(big, ignore_errors=True)
    articles = copies(archive, big, count)
    print(f"scaled archive: {articles} articles ({count} copies of {articles // count})")
    rates = {}
    for cpus in (1, 2):
        seconds, summary = run(big, work / f"scaled-out-{cpus}", work / f"scaled-cache-{cpus}", cpus, "--engine", "ray")
        aligned = len(summary["aligned"])  # type: ignore[arg-type]
        rates[cpus] = aligned / seconds * 60
        print(
            f"  {cpus} CPU{'s' if cpus > 1 else ''}: {seconds:.1f} s for {aligned} articles = {rates[cpus]:.0f} "
            f"articles/min = {rates[cpus] / cpus:.0f} articles/min per CPU"
        )
    print(f"  speed-up from 1 CPU to 2: {rates[2] / rates[1]:.2f}x (ideal 2.00x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--copies", type=int, default=9)
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="aligner-ray-bench-"))
    try:
        archive = work / "archive"
        shutil.rmtree(archive, ignore_errors=True)
        print(f"archive: {build_archive(archive)} article pairs in {archive}")
        if not args.skip_overhead:
            overhead(archive, work, args.repeat)
        if not args.skip_scale:
            scale(archive, work, args.copies)
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
