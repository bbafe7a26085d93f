"""A person's corrections of the alignment itself: merge, split, unlink, link, check.

Each operation takes an Alignment and returns a new one in which every sentence is still
in exactly one bead, in document order; the beads it makes are ``fixed`` (anchors that
aligning again keeps, see ``pipeline.realign``) with a score of 1.0 (a person made them),
and a :class:`~aligner.model.Correction` records what was done, by whom and when. An
operation that cannot be done (a bead number out of range, a split that leaves an empty
bead, a link of sentences that are not unmatched neighbours) is a UsageError that says
why, and the alignment is left as it was.

Flags stay as they were: re-aligning the rest recomputes them.
"""

from __future__ import annotations

from dataclasses import replace

from aligner.decisions import now
from aligner.errors import UsageError
from aligner.model import Alignment, Bead, Correction, CorrectionOp
from aligner.printable import span_range


def _bead(alignment: Alignment, k: int) -> Bead:
    """Bead ``k`` (the pages' row ``k + 1``: messages number rows and sentences from 1)."""
    if not 0 <= k < len(alignment.beads):
        raise UsageError(f"there is no row {k + 1} (the alignment has {len(alignment.beads)})")
    return alignment.beads[k]


def _done(
    alignment: Alignment, start: int, end: int, made: list[Bead], op: CorrectionOp, reviewer: str, at: str
) -> Alignment:
    """``alignment`` with beads ``start:end`` replaced by ``made``, and the correction recorded."""
    beads = (*alignment.beads[:start], *made, *alignment.beads[end:])
    src = tuple(i for b in made for i in b.src)
    tgt = tuple(j for b in made for j in b.tgt)
    correction = Correction(op, src, tgt, reviewer, at or now())
    return replace(alignment, beads=beads, corrections=(*alignment.corrections, correction))


def merge(alignment: Alignment, k: int, reviewer: str, at: str = "", through: int | None = None) -> Alignment:
    """Beads ``k`` to ``through`` (by default ``k + 1``) made one: a run merged in one step."""
    last = k + 1 if through is None else through
    if last <= k:
        raise UsageError(f"a merge needs at least two rows: row {k + 1} through row {last + 1}")
    run = [_bead(alignment, n) for n in range(k, last + 1)]
    made = Bead(tuple(i for b in run for i in b.src), tuple(j for b in run for j in b.tgt), 1.0, fixed=True)
    return _done(alignment, k, last + 1, [made], CorrectionOp.MERGE, reviewer, at)


def split(alignment: Alignment, k: int, src_at: int, tgt_at: int, reviewer: str, at: str = "") -> Alignment:
    """Bead ``k`` made two: its first ``src_at`` source and ``tgt_at`` target sentences,
    and the rest. Each part must keep a sentence."""
    bead = _bead(alignment, k)
    if not (0 <= src_at <= len(bead.src) and 0 <= tgt_at <= len(bead.tgt)):
        raise UsageError(
            f"row {k + 1} ({bead.kind}) cannot be split after {src_at} source and {tgt_at} target sentences"
        )
    head = Bead(bead.src[:src_at], bead.tgt[:tgt_at], 1.0, fixed=True)
    tail = Bead(bead.src[src_at:], bead.tgt[tgt_at:], 1.0, fixed=True)
    if not (head.src or head.tgt) or not (tail.src or tail.tgt):
        raise UsageError(f"splitting row {k + 1} there leaves one part with no sentence")
    return _done(alignment, k, k + 1, [head, tail], CorrectionOp.SPLIT, reviewer, at)


def unlink(alignment: Alignment, k: int, reviewer: str, at: str = "") -> Alignment:
    """Bead ``k`` taken apart: each of its sentences unmatched (source ones first)."""
    bead = _bead(alignment, k)
    made = [Bead((i,), (), 1.0, fixed=True) for i in bead.src] + [Bead((), (j,), 1.0, fixed=True) for j in bead.tgt]
    return _done(alignment, k, k + 1, made, CorrectionOp.UNLINK, reviewer, at)


def link(alignment: Alignment, src: tuple[int, ...], tgt: tuple[int, ...], reviewer: str, at: str = "") -> Alignment:
    """Unmatched source sentences ``src`` and unmatched target sentences ``tgt`` made one
    bead. Both must be runs of neighbouring sentences, and nothing but those unmatched
    sentences may stand between them (else the beads would leave document order)."""
    if not src or not tgt:
        raise UsageError("a link needs at least one source and one target sentence")
    for name, idx in (("source", src), ("target", tgt)):
        if list(idx) != list(range(idx[0], idx[0] + len(idx))):
            raise UsageError(f"the {name} sentences {', '.join(str(i + 1) for i in idx)} are not neighbours")
    positions = []
    for k, bead in enumerate(alignment.beads):
        if set(bead.src) & set(src) or set(bead.tgt) & set(tgt):
            if bead.src and bead.tgt:
                pair = f"source {span_range(bead.src)} = target {span_range(bead.tgt)}"
                raise UsageError(f"row {k + 1} ({pair}) is a pair: unlink it first")
            positions.append(k)
    start, end = min(positions), max(positions) + 1
    between = alignment.beads[start:end]
    if {i for b in between for i in b.src} != set(src) or {j for b in between for j in b.tgt} != set(tgt):
        raise UsageError("other sentences stand between those to link: the beads would leave document order")
    made = Bead(tuple(src), tuple(tgt), 1.0, fixed=True)
    return _done(alignment, start, end, [made], CorrectionOp.LINK, reviewer, at)


def check(alignment: Alignment, k: int, reviewer: str, at: str = "") -> Alignment:
    """Bead ``k`` marked as right as it is (a person checked it: its score is 1.0)."""
    bead = _bead(alignment, k)
    return _done(alignment, k, k + 1, [replace(bead, score=1.0, fixed=True)], CorrectionOp.CHECK, reviewer, at)
