#!/usr/bin/env python3
"""Flag quality: planted problems in perturbed-et-en, false alarms on bible-et-en.

    python benchmarks/flags.py [--set perturbed-et-en]

1. Runs ``aligner align`` on every document's paragraph files (aligner splits the
   sentences itself) and scores with the bench's ``score.py --flags``: ``dropped``,
   ``added`` and ``untranslated`` come from aligner's flags (as character spans into the
   paragraph files); ``merged`` and ``split`` from the 2-1 and 1-2 beads of the alignment
   mapped back to the gold's lines (as ``evaluate.py --para`` maps it); a ``moved`` flag
   counts as the dropped and the added span it stands for.
2. Runs ``aligner align --segmented`` on every bible-et-en document and lists every flag
   of severity ``error``; each should sit on one of the gold's real 0-1 beads.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import DEFAULT_BENCH, add_config_option, documents, para_to_lines, run_cli, use_config

SCORED = {"dropped", "added", "untranslated"}


def predicted_flags(alignment: dict, para_map: dict | None, kinds: tuple[str, ...] = tuple(SCORED)) -> list[dict]:
    """The flags of the given ``kinds`` in the bench's form, and the merged and split beads;
    ``para_map`` None for a ``--segmented`` run (sentence = line)."""
    out = []
    for flag in alignment["flags"]:
        types = ["dropped", "added"] if flag["type"] == "moved" else [flag["type"]]
        for kind in types:
            if kind not in kinds:
                continue
            item: dict = {"type": kind, "src": None, "tgt": None}
            if para_map is None:
                if flag["src"] and kind != "added":
                    item["src"] = [min(flag["src"]), max(flag["src"])]
                if flag["tgt"] and kind != "dropped":
                    item["tgt"] = [min(flag["tgt"]), max(flag["tgt"])]
            else:
                if flag["src_span"] and kind != "added":
                    item["src_chars"] = flag["src_span"]
                if flag["tgt_span"] and kind != "dropped":
                    item["tgt_chars"] = flag["tgt_span"]
            out.append(item)
    if para_map is None:
        beads = "".join(f"{b['src']}:{b['tgt']}\n" for b in alignment["beads"])
    else:
        beads = para_to_lines(alignment, para_map)
    for line in beads.splitlines():
        left, right = line.split(":")
        src = [int(x) for x in left.strip("[]").split(", ") if x]
        tgt = [int(x) for x in right.strip("[]").split(", ") if x]
        if len(src) == 2 and len(tgt) == 1:
            out.append({"type": "merged", "src": [src[0], src[-1]], "tgt": [tgt[0], tgt[0]]})
        elif len(src) == 1 and len(tgt) == 2:
            out.append({"type": "split", "src": [src[0], src[0]], "tgt": [tgt[0], tgt[-1]]})
    return out


def perturbed(bench: Path, name: str, out: Path, segmented: bool = False) -> None:
    gold_flags, pred_flags, maps = [], [], []
    for doc in documents(bench, name):
        raw = out / name / f"{doc.name}.json"
        raw.parent.mkdir(parents=True, exist_ok=True)
        if segmented:
            run_cli([str(doc / "src.txt"), str(doc / "tgt.txt"), "--segmented", "-o", str(raw)])
        else:
            run_cli([str(doc / "src.para.txt"), str(doc / "tgt.para.txt"), "-o", str(raw)])
        alignment = json.loads(raw.read_text(encoding="utf-8"))
        para_map = json.loads((doc / "para_map.json").read_text(encoding="utf-8"))
        pred = out / name / f"{doc.name}.flags.json"
        found = predicted_flags(alignment, None if segmented else para_map)
        pred.write_text(json.dumps({"flags": found}), encoding="utf-8")
        gold_flags.append(str(doc / "flags.json"))
        pred_flags.append(str(pred))
        maps.append(str(doc / "para_map.json"))
    cmd = [
        sys.executable,
        str(bench / "score.py"),
        "--json",
        "--flags",
        *gold_flags,
        "--pred-flags",
        *pred_flags,
        "--para-map",
        *maps,
    ]
    result = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    flags = result["flags"]
    print(f"{name} ({'one unit per line' if segmented else 'paragraph files'}), flags:  type  P  R  F1")
    for kind in ("dropped", "added", "untranslated", "merged", "split", "all"):
        m = flags.get(kind)
        if m:
            p, r, f = (m.get(k) for k in ("precision", "recall", "f1"))
            print(f"  {kind:<13} {_f(p)}  {_f(r)}  {_f(f)}")


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def bible(bench: Path, out: Path) -> None:
    total, false = 0, []
    for doc in documents(bench, "bible-et-en"):
        raw = out / "bible-et-en" / f"{doc.name}.json"
        raw.parent.mkdir(parents=True, exist_ok=True)
        run_cli([str(doc / "src.txt"), str(doc / "tgt.txt"), "--segmented", "-o", str(raw)])
        alignment = json.loads(raw.read_text(encoding="utf-8"))
        gold_added = set()
        for line in (doc / "gold.txt").read_text(encoding="utf-8").splitlines():
            left, right = line.split(":")[:2]
            if left.strip() == "[]":
                gold_added.add(int(right.strip(" []")))
        for flag in alignment["flags"]:
            if flag["severity"] != "error":
                continue
            total += 1
            if not (flag["type"] == "added" and set(flag["tgt"]) <= gold_added):
                false.append((doc.name, flag["type"], flag["src"], flag["tgt"], flag["message"]))
    print(f"bible-et-en (segmented): {total} error flags, {len(false)} not on a gold 0-1 bead")
    for item in false:
        print("  ", *item)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--set", default="perturbed-et-en")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    ap.add_argument("--no-bible", action="store_true")
    ap.add_argument("--segmented", action="store_true", help="run on src.txt / tgt.txt, one unit per line")
    add_config_option(ap)
    args = ap.parse_args()
    use_config(args)
    perturbed(args.bench, args.set, args.out, args.segmented)
    if not args.no_bible:
        bible(args.bench, args.out)


if __name__ == "__main__":
    main()
