"""The checks of the facts a pair states: its figures (numbers, dates, amounts) and the
names it gives."""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache

from aligner import names, numbers
from aligner.flags.context import Context, Finding
from aligner.model import Bead, Severity

COMPARED = 8192
"""Pairs whose figures and names are kept once compared: aligning again (the review page's
"Re-align the rest") meets the same pairs, and reading them was a third of its time."""


@lru_cache(maxsize=COMPARED)
def _figures(src: str, tgt: str, src_lang: str, tgt_lang: str) -> numbers.Comparison:
    """``numbers.compare``, kept (read only: its lists are copied into a flag's evidence)."""
    return numbers.compare(src, tgt, src_lang, tgt_lang)


@lru_cache(maxsize=COMPARED)
def _names(src: str, tgt: str, src_lang: str, tgt_lang: str) -> names.NameComparison:
    """``names.compare``, kept (read only)."""
    return names.compare(src, tgt, src_lang, tgt_lang)


def number_mismatch(ctx: Context, pair: Bead) -> list[Finding]:
    """Numbers, dates, times or amounts that one side has and the other does not.

    An error when each side has a figure the other lacks (a number was changed); a
    warning when only one side has one (left out or added: the evidence is partial), info
    when those are only figures a translator adds or drops by style (a single digit, a
    year, a date: ``numbers.minor``); info too when they agree only after a unit
    conversion, for a person to check the conversion.
    """
    found = _figures(ctx.source.text(pair.src), ctx.target.text(pair.tgt), ctx.source.lang, ctx.target.lang)
    only_src, only_tgt = list(found.only_src), list(found.only_tgt)
    evidence: dict[str, object] = {"source_only": only_src, "target_only": only_tgt}
    if found.src_written or found.tgt_written:  # as written, for the pages to mark
        evidence |= {"source_written": list(found.src_written), "target_written": list(found.tgt_written)}
    if found.conversions:
        evidence["conversions"] = list(found.conversions)
    if found.rounded:
        evidence["rounded"] = list(found.rounded)
    if not only_src and not only_tgt:
        if not found.conversions:
            return []
        message = "numbers agree after a conversion: " + "; ".join(found.conversions)
        return [Finding(pair.src, pair.tgt, message, evidence, Severity.INFO)]
    parts = []
    if only_src:
        parts.append(f"source has {', '.join(map(numbers.readable, only_src))}")
    if only_tgt:
        parts.append(f"target has {', '.join(map(numbers.readable, only_tgt))}")
    message = "numbers differ: " + "; ".join(parts)
    if found.conversions:
        message += " (agreeing after a conversion: " + "; ".join(found.conversions) + ")"
    severity = None if found.sure else Severity.INFO if found.minor else Severity.WARNING
    if severity is Severity.WARNING and _from_the_lead(ctx, pair, found):
        severity = Severity.INFO
    if severity is Severity.WARNING and not only_tgt and _in_the_left_out_clause(ctx, pair):
        severity = Severity.INFO  # the partially-dropped warning names the clause, figures and all
        message += " (in the clause the translation leaves out)"
    return [Finding(pair.src, pair.tgt, message, evidence, severity)]


def _in_the_left_out_clause(ctx: Context, pair: Bead) -> bool:
    """Whether the source's figures that the translation lacks are all in the clause it
    leaves out (``omissions.py``): one problem, which the ``partially-dropped`` warning names."""
    omission = ctx.omissions.get((pair.src[0], pair.tgt[0])) if len(pair.src) == len(pair.tgt) == 1 else None
    if omission is None:
        return False
    text = ctx.source.sentences[omission.src].text
    rest = (text[: omission.start].rstrip() + " " + text[omission.end :].lstrip()).strip()
    found = numbers.compare(rest, ctx.target.text(pair.tgt), ctx.source.lang, ctx.target.lang)
    return not found.only_src


def _from_the_lead(ctx: Context, pair: Bead, found: numbers.Comparison) -> bool:
    """Whether the first pair (a headline) has figures alone that the other side's next
    sentence gives: a headline may take a figure from the lead, or leave it to the lead."""
    if not pair.src or not pair.tgt or min(pair.src) or min(pair.tgt):
        return False
    if found.only_tgt:
        side, other, lead, figures = ctx.source, ctx.target, max(pair.src) + 1, found.only_tgt
    else:
        side, other, lead, figures = ctx.target, ctx.source, max(pair.tgt) + 1, found.only_src
    if lead >= len(side.sentences):
        return False
    stated = numbers.comparable(side.text((lead,)), side.lang, other.lang)
    return all(figure in stated for figure in figures)


def name_mismatch(ctx: Context, pair: Bead) -> list[Finding]:
    """A person, party, institution or place the translation names differently.

    Only a name whose place holds a different name of its kind (``names.compare``): a name
    one side gives alone is a translator's gloss or omission, not this.
    """
    found = _names(ctx.source.text(pair.src), ctx.target.text(pair.tgt), ctx.source.lang, ctx.target.lang)
    if not found.mismatches:
        return []
    parts = []
    for m in found.mismatches:
        source = ", ".join(t if t == k else f"{t} ({k})" for t, k in zip(m.source, m.source_keys, strict=True))
        parts.append(f"source names {source}, the translation {', '.join(m.target)}")
    evidence = {"mismatches": [asdict(m) for m in found.mismatches]}
    return [Finding(pair.src, pair.tgt, "; ".join(parts), evidence)]
