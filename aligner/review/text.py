"""Flags as text for a terminal: the source and target side by side, with context."""

from __future__ import annotations

import shutil
import textwrap

from aligner.model import Alignment, Bead, Flag, Severity
from aligner.review import bead_of, tally

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
    src = alignment.source.text(bead.src) or "(nothing)"
    tgt = alignment.target.text(bead.tgt) or "(nothing)"
    return src, tgt


def format_flag(alignment: Alignment, flag: Flag, number: int, context: int = 1, width: int | None = None) -> str:
    """One flag: its header, its message, the beads around it side by side, its review."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    decided = ""
    if flag.review is not None:
        decided = f"  [{flag.review.decision.label} by {flag.review.reviewer or '?'} {flag.review.at}]"
    where = []
    if flag.src:
        where.append(f"source {flag.src[0]}" + (f"-{flag.src[-1]}" if len(flag.src) > 1 else ""))
    if flag.tgt:
        where.append(f"target {flag.tgt[0]}" + (f"-{flag.tgt[-1]}" if len(flag.tgt) > 1 else ""))
    lines = [
        f"#{number} {MARKS.get(flag.severity, flag.severity)} {flag.type}  ({', '.join(where)}){decided}",
        f"    {flag.message}",
    ]
    if flag.review is not None and flag.review.note:
        lines.append(f"    note: {flag.review.note}")
    centre = bead_of(alignment, flag)
    for k in range(
        max(centre - context, 0), min(centre + context + 1 + (len(flag.src) + len(flag.tgt) > 2), len(alignment.beads))
    ):
        bead = alignment.beads[k]
        mark = ">>" if set(bead.src) & set(flag.src) or set(bead.tgt) & set(flag.tgt) else "  "
        src, tgt = _bead_text(alignment, bead)
        lines.extend(_columns(src, tgt, width, f"  {mark} "))
    return "\n".join(lines)


def format_report(alignment: Alignment, flags: list[Flag], context: int = 1, width: int | None = None) -> str:
    """Every given flag, numbered, separated by blank lines, after a one-line summary."""
    head = f"{len(flags)} flags: {tally(flags)} ({alignment.source.path} -> {alignment.target.path})"
    body = [format_flag(alignment, f, n, context, width) for n, f in enumerate(flags, 1)]
    return "\n\n".join([head, *body]) + "\n"
