#!/usr/bin/env python3
"""Flags and alignment on newsroom translations: newsroom-et-en-dev, next to the news sets.

    python benchmarks/newsroom.py                        # newsroom-et-en-dev and news-et-en*, both modes
    python benchmarks/newsroom.py --no-news --modes para # the newsroom set's paragraph files only
    python benchmarks/newsroom.py --out /tmp/nr          # keeps every alignment and flag file
    python benchmarks/newsroom.py --misses               # lists every missed and every false flag

``newsroom-et-en-dev`` holds short news articles whose translations take the liberties of
news translation (joins, splits, glosses, converted figures) and carry the problems an
editor must catch: a sentence replaced by another on the same story, a cut ending, a
partial drop, a wrong name or figure. aligner runs as a user runs it (default model,
defaults or ``--config``), in-process with one cached embedder, on the paragraph files and
on the one-unit-per-line files (``--segmented``), and the bench's ``score.py`` scores:

* alignment: strict F1 with null beads (paragraph beads mapped to the gold's lines);
* flags of severity ``error`` or ``warning`` by type, as ``news.py`` counts them, with the
  newsroom set's ``partially-dropped`` and ``name-mismatch``;
* same-story substitutions found: a gold ``dropped`` + ``added`` pair (notes
  "substituted: ...") counts when a predicted ``dropped`` flag overlaps its source
  sentence and a predicted ``added`` flag its target sentence;
* false error flags: flags of severity ``error`` that overlap no gold flag at all (every
  problem of the set is in its gold, so these fall on the correct liberties and the
  clean sentences);
* the top bead scores of substitutions kept as a pair (calibration: none above 0.5).

Then ``news.py``'s table for news-et-en-dev and news-et-en (``--no-news`` skips it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import news
from evaluate import DEFAULT_BENCH, documents
from flags import predicted_flags

from aligner.pipeline import Settings, make_embedder

SET = "newsroom-et-en-dev"
KINDS = ("dropped", "added", "untranslated", "number-mismatch", "partially-dropped", "name-mismatch")
GOALS = {
    "withnull": ">= 0.985",
    "dropped": ">= 0.90",
    "added": ">= 0.90",
    "substitutions": ">= 20 of 22",
    "untranslated": ">= 0.95",
    "number-mismatch": ">= 0.95",
    "partially-dropped": ">= 0.75",
    "name-mismatch": ">= 0.85",
    "false_errors": "0",
}


def substitutions(gold: list[dict], pred: list[dict]) -> tuple[int, int, list[str]]:
    """How many of the gold's substitutions the predicted flags find (a dropped flag on
    the source sentence and an added flag on the target sentence), of how many, and a
    line for each one missed."""
    subs = [f for f in gold if f["type"] == "dropped" and f.get("note", "").startswith("substituted")]
    adds = [f for f in gold if f["type"] == "added" and f.get("note", "").startswith("substituted")]
    subs.sort(key=lambda f: f["src"][0])
    adds.sort(key=lambda f: f["tgt"][0])
    if len(subs) != len(adds):
        raise SystemExit(f"{len(subs)} substituted dropped flags but {len(adds)} added ones")
    found, missed = 0, []
    for drop, add in zip(subs, adds, strict=True):  # substitutions never cross: the k-th with the k-th
        hit_d = any(p["type"] == "dropped" and _meets(p["src"], drop["src"]) for p in pred)
        hit_a = any(p["type"] == "added" and _meets(p["tgt"], add["tgt"]) for p in pred)
        if hit_d and hit_a:
            found += 1
        else:
            missed.append(f"src {drop['src']} tgt {add['tgt']}: dropped {hit_d}, added {hit_a}")
    return found, len(subs), missed


def _meets(a: list[int] | tuple[int, int] | None, b: list[int] | tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def run(bench: Path, para: bool, settings: Settings, embedder, out: Path | None, misses: bool) -> dict:  # type: ignore[no-untyped-def]
    score = news.bench_score(bench)
    align_pairs, flag_pairs = [], []
    found = total = false_errors = 0
    kept_scores: list[float] = []
    notes: list[str] = []
    for doc in documents(bench, SET):
        alignment, para_map = news.align_document(doc, para, settings, embedder)
        errors = [f for f in alignment["flags"] if f["severity"] == "error"]
        pred = predicted_flags(alignment, para_map, kinds=KINDS)
        beads = news.mapped_beads(alignment, para_map)
        gold = score.read_beads(str(doc / "gold.txt"))
        align_pairs.append((gold, [(s, t) for s, t, _ in beads]))
        raw_gold = score.load_flags(str(doc / "flags.json"))
        gold_flags = [score.normalise_flag(f) for f in raw_gold]
        pred_flags = [score.normalise_flag(f, para_map) for f in pred]
        flag_pairs.append((gold_flags, pred_flags))
        for f, g in zip(raw_gold, gold_flags, strict=True):
            g["note"] = f.get("note", "")
        got, n, missed = substitutions(gold_flags, pred_flags)
        found, total = found + got, total + n
        notes += [f"{doc.name} substitution missed: {m}" for m in missed]
        for sub in (g for g in gold_flags if g["note"].startswith("substituted") and g["type"] == "dropped"):
            kept_scores += [sc for s, t, sc in beads if sub["src"][0] in s and t]
        for flag in errors:
            for kind in ["dropped", "added"] if flag["type"] == "moved" else [flag["type"]]:
                one = predicted_flags({**alignment, "flags": [flag], "beads": []}, para_map, kinds=(kind,))
                normal = [score.normalise_flag(p, para_map) for p in one]
                if not any(score.overlaps(p, g) for p in normal for g in gold_flags):
                    false_errors += 1
                    notes.append(f"{doc.name} false error: {flag['type']} {flag['message']}")
        if misses:
            for g in gold_flags:
                if not any(p["type"] == g["type"] and score.overlaps(p, g) for p in pred_flags):
                    notes.append(f"{doc.name} missed {g['type']} src {g['src']} tgt {g['tgt']}: {g['note'][:90]}")
            for p in pred_flags:
                if p["type"] in KINDS and not any(p["type"] == g["type"] and score.overlaps(p, g) for g in gold_flags):
                    notes.append(f"{doc.name} predicted {p['type']} src {p['src']} tgt {p['tgt']} (no such gold)")
        if out is not None:
            where = out / SET / ("para" if para else "lines")
            where.mkdir(parents=True, exist_ok=True)
            (where / f"{doc.name}.json").write_text(json.dumps(alignment, ensure_ascii=False, indent=1), "utf-8")
            (where / f"{doc.name}.flags.json").write_text(json.dumps({"flags": pred}), "utf-8")
    return {
        "set": SET,
        "mode": "para" if para else "lines",
        "withnull": score.score_alignments(align_pairs)["withnull"]["f1_strict"],
        "flags": score.score_flags(flag_pairs),
        "substitutions": (found, total),
        "false_errors": false_errors,
        "kept_max": max(kept_scores, default=None),
        "notes": notes,
    }


def table(results: list[dict]) -> list[str]:
    header = ["measure", *(f"{r['set']} {r['mode']}" for r in results), "goal"]
    rows = [["alignment, strict F1 with null beads", *(f"{r['withnull']:.3f}" for r in results), GOALS["withnull"]]]
    for kind in KINDS:
        rows.append([f"{kind} F1 (P / R)", *(news.cell(r["flags"].get(kind)) for r in results), GOALS[kind]])
        if kind == "added":
            subs = [f"{r['substitutions'][0]} of {r['substitutions'][1]}" for r in results]
            rows.append(["same-story substitutions found", *subs, GOALS["substitutions"]])
    rows.append(["false error flags (no gold flag there)", *(str(r["false_errors"]) for r in results), "0"])
    kept = [("-" if r["kept_max"] is None else f"{r['kept_max']:.2f}") for r in results]
    rows.append(["highest score of a substitution kept as a pair", *kept, "<= 0.5"])
    return news.markdown(header, rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--modes", nargs="+", default=["para", "lines"], choices=["para", "lines"])
    ap.add_argument("--config", type=Path, help="a TOML settings file, as aligner align --config takes")
    ap.add_argument("--out", type=Path, help="keep every alignment and predicted flag file here")
    ap.add_argument("--no-news", action="store_true", help="skip the news-et-en tables")
    ap.add_argument("--misses", action="store_true", help="list every missed gold flag and every false one")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    settings = Settings.load(args.config)
    embedder = make_embedder(settings)
    results = []
    for mode in args.modes:
        started = time.perf_counter()
        res = run(args.bench, mode == "para", settings, embedder, args.out, args.misses)
        res["seconds"] = round(time.perf_counter() - started, 1)
        results.append(res)
    for res in results:
        for note in res["notes"]:
            print(f"[{res['mode']}] {note}")
    print("\n".join(table(results)))
    print("seconds: " + ", ".join(f"{r['set']} {r['mode']} {r['seconds']}" for r in results))
    news_results = []
    if not args.no_news:
        for name, mode in itertools.product(news.SETS, args.modes):
            started = time.perf_counter()
            res = news.run_set(args.bench, name, mode == "para", settings, embedder, None)
            res["seconds"] = round(time.perf_counter() - started, 1)
            news_results.append(res)
        print()
        print("\n".join(news.table(news_results)))
    if args.json:
        args.json.write_text(json.dumps({"newsroom": results, "news": news_results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
