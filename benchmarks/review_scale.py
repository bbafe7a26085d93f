#!/usr/bin/env python3
"""How export and review grow with the size of an alignment: they should grow linearly.

    python benchmarks/review_scale.py [--sizes 5000 20000 55774]

Builds alignments of N 1-1 beads with a flag on every 13th bead (55,774 beads carry
4,290 flags, the size of the case that took export 182 s and review 53 s when every
bead looked at every flag), then times the segments every export writes, a TMX and a
.po export, the terminal report and the HTML page. Prints seconds per size and the
ratio of the largest to the smallest per bead (about 1 when linear).
"""

from __future__ import annotations

import argparse
import time

from aligner.export.po import write_po
from aligner.export.segments import segments
from aligner.export.xml import write_tmx
from aligner.model import Alignment, Bead, Flag, Sentence, Side
from aligner.review import select
from aligner.review.html import render_html
from aligner.review.text import format_report


def build(n: int) -> Alignment:
    src = tuple(Sentence(k, f"Lause number {k} on siin.", 0, 24, k // 5) for k in range(n))
    tgt = tuple(Sentence(k, f"Sentence number {k} is here.", 0, 27, k // 5) for k in range(n))
    beads = tuple(Bead((k,), (k,), 0.9) for k in range(n))
    flags = tuple(
        Flag("number-mismatch", "error", (k,), (k,), f"numbers differ in {k}", key=f"k{k}") for k in range(0, n, 13)
    )
    return Alignment(Side("et", "a.txt", src), Side("en", "b.txt", tgt), beads, flags, {})


def timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 55774])
    args = parser.parse_args()
    steps = {
        "segments": lambda a: segments(a),
        "tmx": lambda a: write_tmx(a),
        "po": lambda a: write_po(a, "x"),
        "report": lambda a: format_report(a, select(a.flags), width=120),
        "html": lambda a: render_html(a),
    }
    print(f"{'beads':>7} {'flags':>6} " + " ".join(f"{name:>9}" for name in steps))
    per_bead: dict[str, list[float]] = {name: [] for name in steps}
    for n in args.sizes:
        alignment = build(n)
        times = {name: timed(lambda step=step, a=alignment: step(a)) for name, step in steps.items()}
        for name, t in times.items():
            per_bead[name].append(t / n)
        print(f"{n:>7} {len(alignment.flags):>6} " + " ".join(f"{t:>8.2f}s" for t in times.values()))
    print("largest / smallest, per bead: " + ", ".join(f"{k} {v[-1] / v[0]:.2f}" for k, v in per_bead.items()))


if __name__ == "__main__":
    main()
