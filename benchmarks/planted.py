#!/usr/bin/env python3
"""Flags on news articles with one planted problem at a time: the examples as a check set.

The perturbed Bible set plants problems in verses; this plants them in the project's own
news examples (Estonian sources and their English and Russian translations, as plain text
and, for the budget story, as HTML pages),
one per run, and asks whether ``aligner align`` flags it, and whether it flags anything
else that the clean pair does not have. Per trial, one of:

* ``dropped``: a translated sentence (of a 1-1 pair) is deleted; expected: a ``dropped``
  flag on its source sentence;
* ``added``: a sentence from another story is inserted after a 1-1 pair; expected: an
  ``added`` flag on it;
* ``untranslated``: a translated sentence is replaced by its source sentence; expected:
  ``untranslated`` on it;
* ``number``: a number in a translated sentence is changed; expected: ``number-mismatch``
  on it.

A flag of the expected type counts as found, whatever its severity; a warning of another
type on the place (a pair that looks unrelated, a sentence that seems left out of a merged
pair) counts as warned. Each trial also counts its new
flags elsewhere (false alarms): errors, and warnings. Sentences to plant in are drawn with
a fixed seed.

    python benchmarks/planted.py                 # 8 trials per type and translation
    python benchmarks/planted.py --trials 20 --seed 2
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from aligner.model import Alignment, Flag, InputFormat
from aligner.pipeline import Settings, align_texts, make_embedder

EXAMPLES = HERE.parent / "examples"
PAIRS = [
    ("rutte-nato", "source.et.txt", "translation.en.txt", "en"),
    ("tallinn-tram", "source.et.txt", "translation.en.txt", "en"),
    ("tallinn-tram", "source.et.txt", "translation.ru.txt", "ru"),
    ("budget-cuts", "source.et.html", "translation.en.html", "en"),
]
# Inserted sentences, by language: real news sentences from another story.
EXTRA = {
    "en": [
        "The weather service warned of icy roads in western Estonia on Friday morning.",
        "Tickets for the concert went on sale online and sold out within an hour.",
        "The museum will be closed for renovation until the end of the summer.",
    ],
    "ru": [
        "Синоптики предупредили о гололеде на дорогах западной Эстонии в пятницу утром.",
        "Билеты на концерт поступили в продажу в интернете и были раскуплены за час.",
        "Музей будет закрыт на ремонт до конца лета.",
    ],
}
TYPES = ("dropped", "added", "untranslated", "number")
EXPECTED = {"dropped": "dropped", "added": "added", "untranslated": "untranslated", "number": "number-mismatch"}


def one_to_one(alignment: Alignment) -> list[tuple[int, int]]:
    return [(b.src[0], b.tgt[0]) for b in alignment.beads if len(b.src) == 1 and len(b.tgt) == 1]


def plant(kind: str, tgt_text: str, clean: Alignment, lang: str, rng: random.Random, markup: bool):  # type: ignore[no-untyped-def]
    """The changed translation and where the problem is: ("src", i) or ("tgt", (start, end)).

    Offsets are the sentences' own, into the file; with ``markup`` (HTML) inserted text is
    escaped, and a number is looked for in the file's text of the sentence."""
    escape = (lambda text: html.escape(text, quote=False)) if markup else (lambda text: text)
    pairs = one_to_one(clean)
    source, target = clean.source.sentences, clean.target.sentences
    if kind == "number":
        pairs = [(i, j) for i, j in pairs if re.search(r"\d", target[j].text)]
    if kind == "dropped" and markup:  # an emptied <h1> makes the reader take the page's <title>
        pairs = [(i, j) for i, j in pairs if target[j].paragraph > 0]
    if kind == "added":  # after a full sentence: a title has no full stop to end it
        pairs = [(i, j) for i, j in pairs if re.search(r"[.!?][\"'”»“]?$", target[j].text)]
    i, j = rng.choice(pairs)
    start, end = target[j].start, target[j].end
    if kind == "dropped":
        return tgt_text[:start] + tgt_text[end:].lstrip(" "), ("src", i)
    if kind == "added":
        extra = escape(rng.choice(EXTRA[lang]))
        return tgt_text[:end] + " " + extra + tgt_text[end:], ("tgt", (end + 1, end + 1 + len(extra)))
    if kind == "untranslated":
        text = escape(source[i].text)
        return tgt_text[:start] + text + tgt_text[end:], ("tgt", (start, start + len(text)))
    digits = [m for m in re.finditer(r"(?<![\w#&])\d+", tgt_text[start:end])]
    m = rng.choice(digits)
    changed = str(int(m.group()) + rng.choice([1, 2, 3, 7]))
    at = start + m.start()
    new = tgt_text[:at] + changed + tgt_text[start + m.end() :]
    return new, ("tgt", (start, end + len(changed) - len(m.group())))


def hits(flag: Flag, where: tuple[str, int | tuple[int, int]]) -> bool:
    _, what = where
    if isinstance(what, int):
        return what in flag.src
    lo, hi = what
    span = flag.tgt_span
    return span is not None and span[0] < hi and lo < span[1]


def signature(flag: Flag) -> tuple[str, str]:
    return flag.type, flag.message


def _place(alignment: Alignment, where: tuple[str, int | tuple[int, int]]) -> str:
    """The sentences a trial planted its problem in, for --show-missed."""
    _, what = where
    if isinstance(what, int):
        return alignment.source.sentences[what].text
    lo, hi = what
    return " | ".join(s.text for s in alignment.target.sentences if s.start < hi and lo < s.end)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=8, help="trials per type and translation (default 8)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--config", help="a TOML settings file, as aligner align --config takes")
    ap.add_argument(
        "--show-missed", action="store_true", help="print the place of every missed trial, and new errors elsewhere"
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    embedder = make_embedder(Settings())  # one model and one cache for every trial
    found: Counter[str] = Counter()
    warned: Counter[str] = Counter()
    total: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    false_warnings: Counter[str] = Counter()
    for name, src_file, tgt_file, lang in PAIRS:
        src_text = (EXAMPLES / name / src_file).read_text(encoding="utf-8")
        tgt_text = (EXAMPLES / name / tgt_file).read_text(encoding="utf-8")
        fmt = InputFormat.HTML if tgt_file.endswith(".html") else InputFormat.TXT
        settings = Settings.load(args.config, src_lang="et", tgt_lang=lang, input_format=fmt)
        clean = align_texts(src_text, tgt_text, settings=settings, embedder=embedder)
        clean_errors = Counter(f.type for f in clean.flags if f.severity == "error")
        clean_warnings = Counter(f.type for f in clean.flags if f.severity == "warning")
        for kind in TYPES:
            for _ in range(args.trials):
                changed, where = plant(kind, tgt_text, clean, lang, rng, fmt == InputFormat.HTML)
                result = align_texts(src_text, changed, settings=settings, embedder=embedder)
                total[kind] += 1
                right = [f for f in result.flags if f.type == EXPECTED[kind] and hits(f, where)]
                if right:
                    found[kind] += 1
                elif any(f.severity == "warning" and hits(f, where) for f in result.flags):
                    warned[kind] += 1
                elif args.show_missed:
                    print(f"missed {kind} in {name}/{tgt_file}: {_place(result, where)}")
                errors = Counter(f.type for f in result.flags if f.severity == "error" and f not in right)
                false_alarms[kind] += sum((errors - clean_errors).values())
                if args.show_missed and errors - clean_errors:
                    news = [
                        f.message for f in result.flags if f.severity == "error" and f.type in errors - clean_errors
                    ]
                    print(f"new errors after planting {kind} in {name}/{tgt_file}: {news}")
                warnings = Counter(
                    f.type for f in result.flags if f.severity == "warning" and f not in right and not hits(f, where)
                )
                false_warnings[kind] += sum((warnings - clean_warnings).values())
                if args.show_missed and warnings - clean_warnings:
                    news = [
                        f.message
                        for f in result.flags
                        if f.severity == "warning" and f.type in warnings - clean_warnings
                    ]
                    print(f"new warnings after planting {kind} in {name}/{tgt_file}: {news}")
    print(f"planted problems in {len(PAIRS)} example translations, {args.trials} trials per type, seed {args.seed}")
    print(
        f"{'type':<14} {'found':>7} {'warned':>7} {'missed':>7} {'recall':>7} {'new errors / warnings elsewhere':>32}"
    )
    for kind in TYPES:
        missed = total[kind] - found[kind] - warned[kind]
        print(
            f"{kind:<14} {found[kind]:>7} {warned[kind]:>7} {missed:>7} {found[kind] / total[kind]:>7.2f} "
            f"{false_alarms[kind]:>22} / {false_warnings[kind]:<7}"
        )


if __name__ == "__main__":
    main()
