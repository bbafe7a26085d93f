#!/usr/bin/env python3
"""Alignment quality on ../shared/bench: run the ``aligner`` CLI on every document, score it.

    python benchmarks/evaluate.py                       # all four sets, --segmented
    python benchmarks/evaluate.py --sets perturbed-et-en --para   # paragraph files
    python benchmarks/evaluate.py --sets textberg-de-fr --model sentence-transformers/LaBSE

For textberg sets the original gold (``gold.orig.txt``) is used where it exists, so the
numbers compare with the published ones. ``--para`` runs on ``src.para.txt`` /
``tgt.para.txt`` without ``--segmented`` (aligner splits the sentences itself) and maps the
predicted sentences back to the gold's lines through ``para_map.json``: a bead takes
every line its sentences overlap, and beads that share a line are joined; a bead that
then holds the same number k > 1 of lines on both sides becomes k 1-1 beads in order (a
sentence that runs over several verses on both sides: the verses are parallel clauses).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BENCH = HERE.parent.parent / "shared" / "bench"
SETS = ["textberg-de-fr-dev", "bible-et-en", "textberg-de-fr", "perturbed-et-en"]
LANGS = {"textberg": ("de", "fr"), "bible": ("et", "en"), "perturbed": ("et", "en")}


def documents(bench: Path, name: str) -> list[Path]:
    return sorted(p for p in (bench / name).iterdir() if (p / "src.txt").exists())


EXTRA_ARGS: list[str] = []
"""Added to every ``aligner align`` run (``--config FILE`` sets them)."""


def add_config_option(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--config", type=Path, help="a TOML settings file passed to every run")


def use_config(args: argparse.Namespace) -> None:
    if args.config:
        EXTRA_ARGS[:] = ["--config", str(args.config)]


def run_cli(args: list[str]) -> None:
    cmd = [sys.executable, "-m", "aligner", "align", *args, *EXTRA_ARGS, "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"aligner failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")


def lines_of(span_map: list[list[int]], start: int, end: int) -> set[int]:
    """Lines (by their [para, start, end] entries) overlapping the offsets [start, end)."""
    return {k for k, (_, lo, hi) in enumerate(span_map) if lo < end and start < hi}


def map_beads(alignment: dict, para_map: dict) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """A paragraph-file alignment's beads over the lines of src.txt / tgt.txt, each with its
    score (a bead joined from several takes the lowest)."""
    src_sents = alignment["source"]["sentences"]
    tgt_sents = alignment["target"]["sentences"]
    beads: list[tuple[set[int], set[int], float]] = []
    for bead in alignment["beads"]:
        src: set[int] = set()
        tgt: set[int] = set()
        for i in bead["src"]:
            src |= lines_of(para_map["src"], src_sents[i]["start"], src_sents[i]["end"])
        for j in bead["tgt"]:
            tgt |= lines_of(para_map["tgt"], tgt_sents[j]["start"], tgt_sents[j]["end"])
        if beads and (beads[-1][0] & src or beads[-1][1] & tgt):
            beads[-1] = (beads[-1][0] | src, beads[-1][1] | tgt, min(beads[-1][2], bead["score"]))
        elif src or tgt:
            beads.append((src, tgt, bead["score"]))
    out = []
    for src_lines, tgt_lines, score in beads:
        s_sorted, t_sorted = sorted(src_lines), sorted(tgt_lines)
        if len(s_sorted) == len(t_sorted) > 1:
            # A sentence spanning k units on both sides: the units are parallel clauses.
            out.extend(((i,), (j,), score) for i, j in zip(s_sorted, t_sorted, strict=True))
        else:
            out.append((tuple(s_sorted), tuple(t_sorted), score))
    return out


def para_to_lines(alignment: dict, para_map: dict) -> str:
    """Map a paragraph-file alignment to beads over the lines of src.txt / tgt.txt."""
    return "".join(
        f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]\n" for s, t, _ in map_beads(alignment, para_map)
    )


def read_beads(bench: Path, path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads of a gold or predicted file, read by the bench's own scorer (``score.py``)."""
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))
    import score as bench_score

    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = bench_score.read_beads(str(path))
    return beads


def score(bench: Path, golds: list[Path], preds: list[Path]) -> dict:
    cmd = [sys.executable, str(bench / "score.py"), "--json", "-g", *map(str, golds), "-t", *map(str, preds)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def evaluate(bench: Path, name: str, out: Path, para: bool, model: str) -> dict:
    src_lang, tgt_lang = LANGS[name.split("-")[0]]
    golds, preds = [], []
    started = time.perf_counter()
    for doc in documents(bench, name):
        pred = out / name / f"{doc.name}.txt"
        pred.parent.mkdir(parents=True, exist_ok=True)
        common = ["--src-lang", src_lang, "--tgt-lang", tgt_lang, "--model", model]
        if para:
            raw = pred.with_suffix(".json")
            run_cli([str(doc / "src.para.txt"), str(doc / "tgt.para.txt"), "-o", str(raw), *common])
            para_map = json.loads((doc / "para_map.json").read_text(encoding="utf-8"))
            pred.write_text(para_to_lines(json.loads(raw.read_text(encoding="utf-8")), para_map), encoding="utf-8")
        else:
            run_cli(
                [str(doc / "src.txt"), str(doc / "tgt.txt"), "--segmented", "-f", "beads", "-o", str(pred), *common]
            )
        gold = doc / "gold.orig.txt" if (doc / "gold.orig.txt").exists() else doc / "gold.txt"
        golds.append(gold)
        preds.append(pred)
    metrics = score(bench, golds, preds)
    return {
        "set": name,
        "para": para,
        "docs": len(golds),
        "seconds": round(time.perf_counter() - started, 1),
        "metrics": metrics,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--sets", nargs="+", default=SETS)
    ap.add_argument("--para", action="store_true", help="use the paragraph files (perturbed-et-en only)")
    ap.add_argument("--model", default="e5-small")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    ap.add_argument("--json", type=Path, help="also write the results here")
    add_config_option(ap)
    args = ap.parse_args()
    use_config(args)
    results = []
    print(f"{'set':<22} {'mode':<10} {'strict F1':>9} {'lax F1':>7} {'withnull strict':>16} {'seconds':>8}")
    for name in args.sets:
        res = evaluate(args.bench, name, args.out, args.para, args.model)
        vec, wn = res["metrics"]["alignment"]["vecalign"], res["metrics"]["alignment"]["withnull"]
        mode = "para" if args.para else "segmented"
        print(
            f"{name:<22} {mode:<10} {vec['f1_strict']:>9.3f} {vec['f1_lax']:>7.3f} {wn['f1_strict']:>16.3f} "
            f"{res['seconds']:>8}",
            flush=True,
        )
        results.append(res)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
