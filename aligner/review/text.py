"""Flags as text for a terminal: the source and target side by side, with context."""

from __future__ import annotations

import shlex
import shutil
import textwrap
from collections import Counter

from aligner.decisions import said
from aligner.model import Alignment, Bead, Flag, Sentence, Severity
from aligner.printable import clip, span_range
from aligner.review import BeadPlaces, bead_places, counted, tally

SHOWN_AT_MOST = 8
"""Beads of one flag shown whole; a longer run shows its start, its end and "... n more"."""
MARKS = {Severity.ERROR: "ERROR", Severity.WARNING: "WARN ", Severity.INFO: "INFO "}


def _columns(left: str, right: str, width: int, prefix: str) -> list[str]:
    half = max((width - len(prefix) - 3) // 2, 20)
    a = textwrap.wrap(left, half) or [""]
    b = textwrap.wrap(right, half) or [""]
    rows = max(len(a), len(b))
    a += [""] * (rows - len(a))
    b += [""] * (rows - len(b))
    return [f"{prefix}{x:<{half}} | {y}" for x, y in zip(a, b, strict=True)]


def _bead_text(alignment: Alignment, bead: Bead) -> tuple[str, str]:
    """Each side's sentences, each after its number as the messages give it (``[3]``)."""

    def side(sentences: tuple[Sentence, ...], indices: tuple[int, ...]) -> str:
        return " ".join(f"[{span_range((i,))}] {sentences[i].text}" for i in indices) or "(nothing)"

    return side(alignment.source.sentences, bead.src), side(alignment.target.sentences, bead.tgt)


def format_flag(
    alignment: Alignment,
    flag: Flag,
    number: int,
    context: int = 1,
    width: int | None = None,
    places: BeadPlaces | None = None,
    total: int | None = None,
) -> str:
    """One flag: its header, its message, the beads around it side by side, its review
    (``places``: :func:`bead_places`, when formatting many; ``total``: how many flags
    there are, for ``#3 of 5``)."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    decided = ""
    if flag.review is not None:
        decided = f"  [{said(flag.review)} {flag.review.at}]"
    where = []
    if flag.src:
        where.append(f"source {span_range(flag.src)}")
    if flag.tgt:
        where.append(f"target {span_range(flag.tgt)}")
    lines = [
        f"#{number}{f' of {total}' if total else ''} {MARKS.get(flag.severity, flag.severity)} {flag.type}  "
        f"({', '.join(where)}){decided}",
        f"    {flag.message}",
    ]
    if flag.review is not None and flag.review.note:
        lines.append(f"    note: {flag.review.note}")
    src_at, tgt_at = places or bead_places(alignment)
    flagged = sorted({src_at[i] for i in flag.src if i in src_at} | {tgt_at[j] for j in flag.tgt if j in tgt_at})
    first, last = (flagged[0], flagged[-1]) if flagged else (0, 0)  # as bead_of: 0 when no bead holds it
    shown = list(range(max(first - context, 0), min(last + context + 1, len(alignment.beads))))
    if last - first + 1 > SHOWN_AT_MOST:  # a long run: its start and its end, and how many between
        keep = SHOWN_AT_MOST // 2
        shown = [k for k in shown if k < first + keep or k > last - keep]
    for n, k in enumerate(shown):
        if n and k != shown[n - 1] + 1:
            lines.append(f"     ... {k - shown[n - 1] - 1} more")
        bead = alignment.beads[k]
        mark = ">>" if set(bead.src) & set(flag.src) or set(bead.tgt) & set(flag.tgt) else "  "
        src, tgt = _bead_text(alignment, bead)
        lines.extend(_columns(src, tgt, width, f"  {mark} "))
    return "\n".join(lines)


def format_report(alignment: Alignment, flags: list[Flag], context: int = 1, width: int | None = None) -> str:
    """Every given flag, numbered, separated by blank lines, after a one-line summary."""
    head = f"{counted(len(flags), 'flag')}: {tally(flags)} ({alignment.source.path} -> {alignment.target.path})"
    places = bead_places(alignment)
    body = [format_flag(alignment, f, n, context, width, places) for n, f in enumerate(flags, 1)]
    return "\n\n".join([head, *body, *format_retired(alignment)]) + "\n"


def format_retired(alignment: Alignment) -> list[str]:
    """The reviews no flag matches any more (``Alignment.retired``), as one block, or none."""
    if not alignment.retired:
        return []
    n = len(alignment.retired)
    lines = [
        f"{counted(n, 'earlier decision')} no longer appl{'ies' if n == 1 else 'y'} "
        "(the problem is gone, or its sentences changed; kept in the file):"
    ]
    for r in alignment.retired:
        note = f" ({r.review.note})" if r.review.note else ""
        lines.append(f"  {r.type}: {said(r.review)}, {r.review.at}{note}")
        for side, text in (("source", r.src_text), ("target", r.tgt_text)):
            if text:
                lines.append(f"    {side}: {clip(text, 100)}")
    return ["\n".join(lines)]


def format_summary(alignment: Alignment, seconds: float, saved_as: str | None = None, weakest: int = 3) -> str:
    """A few lines for a person after a run: counts by bead type, the flags, the weakest pairs.

    ``saved_as`` is the alignment file written, if any: the flags line then ends with the
    command that reviews it."""
    kinds = Counter(b.kind for b in alignment.beads)
    one_one = kinds.pop("1-1", 0)
    dropped = kinds.pop("1-0", 0)
    added = kinds.pop("0-1", 0)
    many = ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items()))
    n_src, n_tgt = len(alignment.source.sentences), len(alignment.target.sentences)
    lines = [
        f"Aligned {n_src} source ({alignment.source.lang}) and {n_tgt} target ({alignment.target.lang}) "
        f"sentences in {seconds:.1f} s: {len(alignment.beads)} beads.",
        f"  1-1: {one_one}   m-n: {sum(kinds.values())}{f' ({many})' if many else ''}   "
        f"unmatched source (1-0): {dropped}   unmatched target (0-1): {added}",
    ]
    if alignment.flags:
        types = Counter(f.type for f in alignment.flags)
        lines.append(
            f"  Flags: {tally(alignment.flags)} ("
            + ", ".join(f"{k} x{v}" for k, v in sorted(types.items()))
            + ")"
            + (f"; see: aligner review {shlex.quote(saved_as)}" if saved_as else "; save with -o FILE to review them")
        )
    pairs = sorted((b for b in alignment.beads if b.src and b.tgt), key=lambda b: b.score)[:weakest]
    if pairs:
        lines.append("  Weakest pairs:")
    for bead in pairs:
        src = clip(alignment.source.text(bead.src), 48)
        tgt = clip(alignment.target.text(bead.tgt), 48)
        lines.append(
            f"    {bead.score:.2f}  source {span_range(bead.src)} = target {span_range(bead.tgt)}  {src}  |  {tgt}"
        )
    return "\n".join(lines)
