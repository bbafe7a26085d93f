#!/usr/bin/env python3
"""The review page as an editor uses it with the keyboard: keystrokes per flag and the time a
decision takes to show, in headless Chromium over real HTTP (``aligner review --serve``).

    python benchmarks/review_keys.py                  # 40 and 400 sentences, 3 runs each
    python benchmarks/review_keys.py --runs 5

Each run serves a fresh copy of an article with five flags (``tests/review/build.py``:
``article``) and decides every flag with the keyboard alone, as ``tests/review/serving.py``'s
``review_by_keys`` does (accept, reject, a note then accept, accept, accept), checking after
each that the page moved to the next open flag, focused and in view. Prints the keystrokes
(the note's letters not counted) per flag, and the median milliseconds from a deciding key
to the page showing the decision, timed in the page (from the keydown to the flag's row
drawn decided: the request, the file read, changed and written under its lock, the row
drawn again): the issue asks for at most 3 keystrokes per flag and under 100 ms on the
400-sentence pair. Needs chromium, chromedriver and selenium (the test extras).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.browser import webdriver_for
from tests.review.build import article
from tests.review.serving import PLAN, review_by_keys, serving


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[40, 400])
    args = ap.parse_args()
    print("| sentences | flags | keystrokes per flag | ms to show a decision (median, runs x flags) | max ms |")
    print("|---|---|---|---|---|")
    for size in args.sizes:
        times: list[float] = []
        pressed = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                where = Path(tmp)
                with serving(where, article(size)) as (path, base, token), webdriver_for(where / "p") as driver:
                    pressed, seconds = review_by_keys(driver, path, base, token)
                times += seconds
        ms = [1000 * t for t in times]
        print(
            f"| {size} | {len(PLAN)} | {pressed / len(PLAN):.1f} | {statistics.median(ms):.0f} ({len(ms)}) | "
            f"{max(ms):.0f} |"
        )


if __name__ == "__main__":
    main()
