"""Find where a translation does not cover its source: an alignment -> Flags.

The checks are units (``checks.py``): each looks at one run of unaligned sentences or one
aligned pair, and ``CHECKS`` lists them with their type, severity and what they silence.
``Context`` (``context.py``) is what they may ask about the alignment, computed once;
``FlagConfig`` (``config.py``) holds their thresholds. This module runs them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from aligner.costs import AlignConfig
from aligner.embed import TermEmbedder
from aligner.flags.checks import CHECKS, Check, Scope
from aligner.flags.config import FlagConfig
from aligner.flags.context import Context, Finding
from aligner.measures import null_runs
from aligner.model import Bead, Flag, Sentence, Side, flag_key
from aligner.moves import MoveConfig
from aligner.sides import SideData

__all__ = ["CHECKS", "Check", "Context", "Finding", "FlagConfig", "Scope", "find_flags", "run_checks"]


def find_flags(
    source: Side,
    target: Side,
    beads: tuple[Bead, ...],
    src: SideData,
    tgt: SideData,
    align_cfg: AlignConfig | None = None,
    cfg: FlagConfig | None = None,
    texts: tuple[str, str] | None = None,
    moves: MoveConfig | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    terms: TermEmbedder | None = None,
) -> tuple[Flag, ...]:
    """All findings about an alignment, in document order.

    ``texts`` (the original source and target texts) enable the check inside sentences:
    a clause left in the source language within an otherwise translated sentence.
    ``embed`` (texts -> unit vectors, the alignment's model) lets the checks find the clause a
    short translation leaves out (``omissions.py``), with the model's latent ``terms`` when it
    gives them.
    """
    power = (align_cfg or AlignConfig()).vec_len_power
    ctx = Context.of(
        source, target, beads, src, tgt, cfg or FlagConfig(), power, moves or MoveConfig(), texts, embed, terms
    )
    return run_checks(ctx)


def units(beads: tuple[Bead, ...]) -> dict[Scope, list[Bead]]:
    """What the checks of each scope look at: runs of null beads joined into one bead each,
    and the aligned pairs."""
    by_src = {i: b for b in beads for i in b.src}
    by_tgt = {j: b for b in beads for j in b.tgt}
    dropped, added = null_runs(beads)
    return {
        Scope.DROPPED: [Bead(run, (), min(by_src[i].score for i in run)) for run in dropped],
        Scope.ADDED: [Bead((), run, min(by_tgt[j].score for j in run)) for run in added],
        Scope.PAIR: [b for b in beads if b.src and b.tgt],
    }


def run_checks(ctx: Context, checks: tuple[Check, ...] = CHECKS) -> tuple[Flag, ...]:
    """Run every check on every unit of its scope, in order, and sort what they found.

    A check does not run on a unit that overlaps the finding of an earlier check that
    silences it.
    """
    flags: list[Flag] = []
    silencers: list[tuple[Finding, Check]] = []
    for scope, scope_units in units(ctx.beads).items():
        for unit in scope_units:
            for check in checks:
                if check.scope is not scope or any(
                    check.find in by.silences and _overlaps(finding, unit) for finding, by in silencers
                ):
                    continue
                for finding in check.find(ctx, unit):
                    flags.append(_flag(ctx, check, finding))
                    if check.silences:
                        silencers.append((finding, check))
    return tuple(sorted(flags, key=lambda f: (_position(f, ctx.beads), f.severity.rank)))


def _overlaps(finding: Finding, unit: Bead) -> bool:
    return bool(set(finding.src) & set(unit.src) or set(finding.tgt) & set(unit.tgt))


def _flag(ctx: Context, check: Check, finding: Finding) -> Flag:
    """The flag a finding becomes: the check's type and severity, spans and a stable key."""
    src_texts = [ctx.source.sentences[i].text for i in finding.src]
    tgt_texts = [ctx.target.sentences[j].text for j in finding.tgt]
    if finding.src_span is not None or finding.tgt_span is not None:  # a part of a sentence: key it by that part too
        tgt_texts.append(str(finding.evidence.get("text", "")))
    return Flag(
        type=check.type,
        severity=finding.severity if finding.severity is not None else check.severity,
        src=finding.src,
        tgt=finding.tgt,
        message=finding.message,
        src_span=finding.src_span or _span(ctx.source.sentences, finding.src),
        tgt_span=finding.tgt_span or _span(ctx.target.sentences, finding.tgt),
        evidence=dict(finding.evidence),
        key=flag_key(check.type, src_texts, tgt_texts),
    )


def _span(sentences: tuple[Sentence, ...], idx: tuple[int, ...]) -> tuple[int, int] | None:
    if not idx:
        return None
    return sentences[idx[0]].start, sentences[idx[-1]].end


def _position(flag: Flag, beads: tuple[Bead, ...]) -> float:
    """Where a flag sits in source order; a target-only flag just after the source before it."""
    if flag.src:
        return float(flag.src[0])
    last = -1
    for bead in beads:
        if bead.tgt and bead.tgt[0] >= flag.tgt[0]:
            break
        if bead.src:
            last = bead.src[-1]
    return last + 0.5
