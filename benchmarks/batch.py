#!/usr/bin/env python3
"""The batch path on a realistic archive: cold runs, re-runs, memory, a kill -9 and a resume.

    python benchmarks/batch.py [--out DIR] [--jobs 2]

Builds an archive from ../shared/bench/news-et-en and news-et-en-dev (their paragraph
files): every document is an article twice, as plain text and as a news page (HTML with
a header, a menu and a footer around an <article>), each with its English translation:
242 article pairs. The archive is built in a temporary folder (or --out) and never in the
repository. Then, each through the installed ``aligner batch`` command:

1. the time the model needs to embed every distinct sentence of the archive once
   (no cache), the baseline;
2. a cold run at --jobs 1 and one at --jobs 2 (each with an empty cache and output):
   articles per minute, and the ratio to the baseline (goal: at most 1.2 at --jobs 1);
3. a re-run with nothing changed (goal: under 2 s, no model loaded);
4. a re-run after one sentence of one article is edited (goal: at most 5 % of the cold run);
5. the peak memory of the run's largest process (a worker, at --jobs 2);
6. a cold run at --jobs 2 killed with SIGKILL (the whole process group) when half the
   articles are done, then resumed: how many articles had finished files but no state
   row (redone; goal: at most --jobs), and whether every output is byte-identical to
   the uninterrupted run's.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
SETS = ("news-et-en", "news-et-en-dev")


def page(paragraphs: list[str], lang: str) -> str:
    """A news page around the article's paragraphs: what a CMS writes."""
    title, *body = paragraphs
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | News</title>'
        '</head><body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>'
        f"<main><article><h1>{html.escape(title)}</h1>\n{paras}\n</article></main>"
        "<footer><p>© The News. All rights reserved.</p></footer></body></html>\n"
    )


def build_archive(root: Path) -> int:
    count = 0
    for name in SETS:
        for doc in sorted((BENCH / name).iterdir()):
            if not (doc / "src.para.txt").is_file():
                continue
            src = (doc / "src.para.txt").read_text(encoding="utf-8")
            tgt = (doc / "tgt.para.txt").read_text(encoding="utf-8")
            base = f"{name}-{doc.name}"
            text = root / f"{base}-txt"
            text.mkdir(parents=True)
            (text / "source.et.txt").write_text(src, encoding="utf-8")
            (text / "translation.en.txt").write_text(tgt, encoding="utf-8")
            web = root / f"{base}-html"
            web.mkdir()
            split = [p.replace("\n", " ").strip() for p in src.split("\n\n") if p.strip()]
            tsplit = [p.replace("\n", " ").strip() for p in tgt.split("\n\n") if p.strip()]
            (web / "source.et.html").write_text(page(split, "et"), encoding="utf-8")
            (web / "translation.en.html").write_text(page(tsplit, "en"), encoding="utf-8")
            count += 2
    return count


def embed_baseline(archive: Path) -> tuple[float, int]:
    """Seconds for the bare model to embed every distinct sentence of the archive once."""
    from aligner.embed import load_embedder
    from aligner.read import read_document
    from aligner.segment import segment_document

    texts: dict[str, None] = {}
    for folder in sorted(archive.iterdir()):
        for path in sorted(folder.iterdir()):
            lang = path.name.split(".")[1]
            for sentence in segment_document(read_document(str(path), lang), False):
                texts[sentence.text] = None
    model = load_embedder("e5-small")
    started = time.perf_counter()
    model.embed([model.clip(t) for t in texts])
    return time.perf_counter() - started, len(texts)


def batch(
    archive: Path, out: Path, jobs: int, cache: Path, *extra: str
) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "ALIGNER_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    run = subprocess.run(
        ["aligner", "batch", str(archive), "-o", str(out), "--jobs", str(jobs), "-q", *extra],
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - started
    if run.returncode not in (0, 5):
        sys.exit(f"aligner batch failed ({run.returncode}): {run.stderr[-2000:]}")
    return seconds, run


def outputs(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "batch-state.sqlite"
    }


def state_rows(out: Path) -> int:
    try:
        with sqlite3.connect(out / "batch-state.sqlite") as db:
            return int(db.execute("SELECT count(*) FROM jobs").fetchone()[0])
    except sqlite3.Error:
        return 0


def kill_and_resume(archive: Path, work: Path, jobs: int, total: int, reference: dict[str, str]) -> str:
    out, cache = work / "killed", work / "cache-killed"
    env = {**os.environ, "ALIGNER_CACHE_DIR": str(cache)}
    process = subprocess.Popen(
        ["aligner", "batch", str(archive), "-o", str(out), "--jobs", str(jobs), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while state_rows(out) < total // 2 and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    committed = state_rows(out)
    with_files = sum(1 for _ in out.glob("*/en.alignment.json"))
    partial = [p for p in out.rglob("*.tmp")]
    _, resumed = batch(archive, out, jobs, cache, "--json")
    import json

    summary = json.loads(resumed.stdout)
    same = outputs(out) == reference
    return (
        f"killed with {committed} of {total} committed ({with_files} alignment files written): the resume aligned "
        f"{len(summary['aligned'])}, so {with_files - committed} finished article(s) were redone "
        f"(goal: at most {jobs}); temporary files left by the kill: {len(partial)}; "
        f"outputs byte-identical to the uninterrupted run: {'yes' if same else 'NO'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("aligner") is None:
        sys.exit("aligner is not installed (pip install .)")
    work = args.out or Path(tempfile.mkdtemp(prefix="aligner-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    total = build_archive(archive)
    print(f"archive: {total} article pairs from {', '.join(SETS)} (text and HTML variants)")
    baseline, sentences = embed_baseline(archive)
    print(f"1. the model embeds the {sentences} distinct sentences once in {baseline:.1f} s")
    cold: dict[int, float] = {}
    for jobs in sorted({1, args.jobs}):
        out, cache = work / f"cold-{jobs}", work / f"cache-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold[jobs], _ = batch(archive, out, jobs, cache)
        print(
            f"2. cold run, --jobs {jobs}: {cold[jobs]:.1f} s, {total / cold[jobs] * 60:.0f} articles/min, "
            f"{cold[jobs] / baseline:.2f}x the embedding baseline"
        )
    out, cache = work / f"cold-{args.jobs}", work / f"cache-{args.jobs}"
    reference = outputs(out)
    again, run = batch(archive, out, args.jobs, cache, "--json")
    import json

    summary = json.loads(run.stdout)
    loaded = "no model loaded" if not summary["aligned"] else "MODEL LOADED"
    print(f"3. re-run, nothing changed: {again:.2f} s, {len(summary['unchanged'])} unchanged, {loaded}")
    edited = archive / f"{SETS[0]}-d000-txt" / "translation.en.txt"
    text = edited.read_text(encoding="utf-8")
    first = text.split(". ", 1)
    edited.write_text(first[0] + " (edited). " + first[1], encoding="utf-8")
    one, run = batch(archive, out, args.jobs, cache, "--json")
    summary = json.loads(run.stdout)
    print(
        f"4. re-run after editing one sentence: {one:.2f} s ({one / cold[args.jobs]:.1%} of the cold run), "
        f"aligned {summary['aligned']}"
    )
    edited.write_text(text, encoding="utf-8")
    batch(archive, out, args.jobs, cache)  # back to the reference
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"5. peak memory of the largest process of these runs: {peak:.0f} MiB")
    print("6. " + kill_and_resume(archive, work, args.jobs, total, reference))
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
