#!/usr/bin/env python3
"""Flags and alignment on real news with planted problems: news-et-en-dev and news-et-en.

    python benchmarks/news.py                          # both sets, paragraph files and one unit per line
    python benchmarks/news.py --sets news-et-en-dev --modes para
    python benchmarks/news.py --config tuned.toml --out /tmp/news   # keeps every alignment and flag file

Runs aligner as a user would (default model, defaults or ``--config``) on every document
of ``../shared/bench/<set>``: the paragraph files (``src.para.txt`` / ``tgt.para.txt``,
aligner splits the sentences) and the one-unit-per-line files (``--segmented``). The
library is called in-process with one cached embedder, the same ``align_files`` the CLI
calls. Then, with the bench's own ``score.py``:

* alignment: strict F1 with null beads (``withnull``); paragraph-file beads are mapped to
  the gold's lines through ``para_map.json`` (as ``evaluate.py --para`` maps them);
* flags: aligner's own flags of severity ``error`` or ``warning``, as character spans
  into the paragraph files (or line spans), scored by type (``dropped``, ``added``,
  ``untranslated``, ``number-mismatch``; a ``moved`` flag counts as the dropped and the
  added span it stands for); ``merged`` / ``split`` are read off the 2-1 / 1-2 beads;
* calibration: expected calibration error (10 bins) and Brier score of the bead scores
  against the gold beads (one unit per line: the beads as they are; paragraph files:
  the beads that map to gold lines one to one).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from evaluate import DEFAULT_BENCH, documents, map_beads
from flags import predicted_flags

from aligner.alignfile import to_json
from aligner.pipeline import Settings, align_files, make_embedder

SETS = ["news-et-en-dev", "news-et-en"]
TYPES = ["dropped", "added", "untranslated", "number-mismatch", "merged", "split"]
GOALS = {"withnull": 0.99, "dropped": 0.95, "added": 0.95, "untranslated": 0.95, "number-mismatch": 0.95}
GOALS |= {"merged": 0.95, "split": 0.90, "ece": 0.05}


def bench_score(bench: Path):  # type: ignore[no-untyped-def]
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))
    import score

    return score


def mapped_beads(alignment: dict, para_map: dict | None) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """The alignment's beads over the gold's lines, each with its score."""
    if para_map is None:
        return [(tuple(b["src"]), tuple(b["tgt"]), b["score"]) for b in alignment["beads"]]
    return map_beads(alignment, para_map)


def calibration(scores: list[float], right: list[bool], bins: int = 10) -> tuple[float, float]:
    """Expected calibration error and Brier score."""
    total, n = 0.0, len(scores)
    for lo, hi in itertools.pairwise([k / bins for k in range(bins + 1)]):
        inside = [(s, r) for s, r in zip(scores, right, strict=True) if lo <= s < hi or (hi == 1 and s == 1)]
        if inside:
            total += abs(sum(s for s, _ in inside) / len(inside) - sum(r for _, r in inside) / len(inside)) * len(
                inside
            )
    brier = sum((s - r) ** 2 for s, r in zip(scores, right, strict=True)) / max(n, 1)
    return total / max(n, 1), brier


def align_document(doc: Path, para: bool, settings: Settings, embedder) -> tuple[dict, dict | None]:  # type: ignore[no-untyped-def]
    """One bench document aligned as a user aligns it (its paragraph files, or one unit per
    line with ``--segmented``): the alignment as JSON with only its error and warning flags,
    and the paragraph map (None for line files)."""
    files = ("src.para.txt", "tgt.para.txt") if para else ("src.txt", "tgt.txt")
    doc_settings = settings if para else replace(settings, segmented=True)
    alignment = to_json(align_files(str(doc / files[0]), str(doc / files[1]), doc_settings, embedder))
    para_map = json.loads((doc / "para_map.json").read_text(encoding="utf-8")) if para else None
    alignment["flags"] = [f for f in alignment["flags"] if f["severity"] in ("error", "warning")]
    return alignment, para_map


def run_set(bench: Path, name: str, para: bool, settings: Settings, embedder, out: Path | None) -> dict:  # type: ignore[no-untyped-def]
    score = bench_score(bench)
    align_pairs, flag_pairs = [], []
    scores: list[float] = []
    right: list[bool] = []
    for doc in documents(bench, name):
        alignment, para_map = align_document(doc, para, settings, embedder)
        found = predicted_flags(alignment, para_map, kinds=("dropped", "added", "untranslated", "number-mismatch"))
        beads = mapped_beads(alignment, para_map)
        gold = score.read_beads(str(doc / "gold.txt"))
        gold_set = {(tuple(sorted(s)), tuple(sorted(t))) for s, t in gold}
        align_pairs.append((gold, [(s, t) for s, t, _ in beads]))
        scores.extend(p for _, _, p in beads)
        right.extend((s, t) in gold_set for s, t, _ in beads)
        gold_flags = [score.normalise_flag(f) for f in score.load_flags(str(doc / "flags.json"))]
        flag_pairs.append((gold_flags, [score.normalise_flag(f, para_map) for f in found]))
        if out is not None:
            where = out / name / ("para" if para else "lines")
            where.mkdir(parents=True, exist_ok=True)
            (where / f"{doc.name}.json").write_text(json.dumps(alignment, ensure_ascii=False, indent=1), "utf-8")
            (where / f"{doc.name}.flags.json").write_text(json.dumps({"flags": found}), "utf-8")
    alignment_metrics = score.score_alignments(align_pairs)
    ece, brier = calibration(scores, right)
    return {
        "set": name,
        "mode": "para" if para else "lines",
        "withnull": alignment_metrics["withnull"]["f1_strict"],
        "vecalign": alignment_metrics["vecalign"]["f1_strict"],
        "flags": score.score_flags(flag_pairs),
        "ece": ece,
        "brier": brier,
    }


def cell(metrics: dict | None) -> str:
    if not metrics or metrics.get("f1") is None:
        return "-"
    return f"{metrics['f1']:.3f} (P {metrics['precision'] or 0:.2f} R {metrics['recall'] or 0:.2f})"


def table(results: list[dict]) -> list[str]:
    """The table's lines (Markdown), a column per set and mode."""
    header = ["measure", *(f"{r['set']} {r['mode']}" for r in results), "goal"]
    rows = [["alignment, strict F1 withnull", *(f"{r['withnull']:.3f}" for r in results), f">= {GOALS['withnull']}"]]
    for kind in TYPES:
        rows.append([f"flag F1 {kind}", *(cell(r["flags"].get(kind)) for r in results), f">= {GOALS[kind]}"])
    rows.append(["bead scores: ECE / Brier", *(f"{r['ece']:.3f} / {r['brier']:.3f}" for r in results), "ECE <= 0.05"])
    return markdown(header, rows)


def markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table's lines."""
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--sets", nargs="+", default=SETS)
    ap.add_argument("--modes", nargs="+", default=["para", "lines"], choices=["para", "lines"])
    ap.add_argument("--config", type=Path, help="a TOML settings file, as aligner align --config takes")
    ap.add_argument("--out", type=Path, help="keep every alignment and predicted flag file here")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    settings = Settings.load(args.config)
    embedder = make_embedder(settings)
    results = []
    for name, mode in itertools.product(args.sets, args.modes):
        started = time.perf_counter()
        res = run_set(args.bench, name, mode == "para", settings, embedder, args.out)
        res["seconds"] = round(time.perf_counter() - started, 1)
        results.append(res)
    print("\n".join(table(results)))
    print("seconds: " + ", ".join(f"{r['set']} {r['mode']} {r['seconds']}" for r in results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
