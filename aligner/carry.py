"""What of a reviewed alignment survives a re-alignment of edited texts.

A person's work is of two kinds: the beads they made or checked (``fixed``), and their
decisions on flags. The beads whose sentences are all still there, unchanged and still
neighbours, are kept exactly, as anchors the aligner works around; the corrections whose
sentences are still there are renumbered; every flag whose type and sentences did not
change keeps its decision, and those that no flag matches now are named
(``no_longer_applies``), for the command or the page to say.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from typing import NamedTuple

from aligner.decisions import said
from aligner.model import Alignment, Bead, Correction, Flag, Retired, Sentence
from aligner.printable import span_range


class Anchor(NamedTuple):
    """A bead kept as it is, with where it starts on both sides: the source and target
    sentences of every bead before it (a bead with no sentence on a side has a place there
    too, between two sentences)."""

    i: int
    j: int
    bead: Bead


def anchors(beads: tuple[Bead, ...]) -> list[Anchor]:
    """The fixed beads, each with where it starts on both sides (``i``, ``j``): the source
    and target sentences of every bead before it. A fixed 1-0 bead has a place on the
    target side too, between two target sentences."""
    out, i, j = [], 0, 0
    for bead in beads:
        if bead.fixed:
            out.append(Anchor(i, j, bead))
        i += len(bead.src)
        j += len(bead.tgt)
    return out


def _index_map(old: tuple[Sentence, ...], new: tuple[Sentence, ...]) -> dict[int, int]:
    """Old sentence index -> new, for the sentences an edit left as they were (by text, in order)."""
    matcher = SequenceMatcher(None, [s.text for s in old], [s.text for s in new], autojunk=False)
    return {a + k: b + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}


def _place(index_map: dict[int, int], old: int, old_count: int, new_count: int) -> int:
    """Where a bead with no sentence on a side stands on it now: before the sentence that
    followed it (-1 when that one changed), or at the end."""
    return new_count if old == old_count else index_map.get(old, -1)


def carried(
    previous: Alignment, src_sents: tuple[Sentence, ...], tgt_sents: tuple[Sentence, ...]
) -> tuple[list[Anchor], tuple[Correction, ...]]:
    """The beads a person made or checked in ``previous`` whose sentences are all still
    there, unchanged and still neighbours, as anchors in the new sentences (with where each
    starts); and the corrections whose sentences are all still there, renumbered."""
    src_map = _index_map(previous.source.sentences, src_sents)
    tgt_map = _index_map(previous.target.sentences, tgt_sents)
    kept: list[Anchor] = []
    last_i = last_j = 0
    for old_i, old_j, bead in anchors(previous.beads):
        src = tuple(src_map.get(i, -1) for i in bead.src)
        tgt = tuple(tgt_map.get(j, -1) for j in bead.tgt)
        # where a side with no sentence stands: before the sentence that followed it
        i = src[0] if src else _place(src_map, old_i, len(previous.source.sentences), len(src_sents))
        j = tgt[0] if tgt else _place(tgt_map, old_j, len(previous.target.sentences), len(tgt_sents))
        runs = all(list(idx) == list(range(idx[0], idx[0] + len(idx))) for idx in (src, tgt) if idx)
        if -1 in (*src, *tgt, i, j) or not runs or i < last_i or j < last_j:
            continue
        kept.append(Anchor(i, j, replace(bead, src=src, tgt=tgt)))
        last_i, last_j = i + len(src), j + len(tgt)
    corrections = tuple(
        replace(c, src=tuple(src_map[i] for i in c.src), tgt=tuple(tgt_map[j] for j in c.tgt))
        for c in previous.corrections
        if all(i in src_map for i in c.src) and all(j in tgt_map for j in c.tgt)
    )
    return kept, corrections


def carry_over(previous: Alignment, current: Alignment, undecided_too: bool = False) -> Alignment:
    """``current`` with the decisions of ``previous`` on every flag whose sentences did not change.

    A flag is the same when its type and the texts of its sentences are (its ``key``).
    ``undecided_too``: a flag ``previous`` holds undecided is undecided in the result too
    (``previous`` is the newer: the file as a writer finds it, where an undo may have
    cleared a decision ``current`` carries).

    A review no flag of ``current`` matches is not dropped: it is kept as ``Retired``, with
    the texts it was about, and it returns to its flag if the same problem comes back."""
    reviews = {f.key: f.review for f in previous.flags if f.key and (undecided_too or f.review is not None)}
    keys = {f.key for f in current.flags}
    earlier = [*previous.retired, *current.retired]
    back = {r.key: r.review for r in earlier if r.key in keys}
    flags = tuple(
        replace(flag, review=reviews[flag.key])
        if flag.key in reviews
        else replace(flag, review=back[flag.key])
        if flag.review is None and flag.key in back
        else flag
        for flag in current.flags
    )
    gone = [
        Retired(f.type, f.message, previous.source.text(f.src), previous.target.text(f.tgt), f.key, f.review)
        for f in no_longer_applies(previous, current)
        if f.review is not None
    ]
    retired: dict[tuple[str, str, str], Retired] = {}
    for r in (*earlier, *gone):
        if r.key not in keys:
            retired.setdefault((r.key, r.review.reviewer, r.review.at), r)
    return replace(current, flags=flags, retired=tuple(retired.values()))


def no_longer_applies(previous: Alignment, current: Alignment) -> tuple[Flag, ...]:
    """The flags of ``previous`` with a review (a decision or a note) that ``current`` has
    no flag for: the problem is gone, or its sentences or its type changed. Their decisions
    were not carried over, and a person must be told so, not find out."""
    keys = {f.key for f in current.flags}
    return tuple(f for f in previous.flags if f.review is not None and f.key not in keys)


def describe_gone(flag: Flag) -> str:
    """One line on a decision that no longer applies: the flag's type, its sentences (from
    1), the decision and its reviewer."""
    where = ", ".join(f"{side} {span_range(idx)}" for side, idx in (("source", flag.src), ("target", flag.tgt)) if idx)
    review = flag.review
    if review is None:
        return f"{flag.type} ({where})"
    return f"{flag.type} ({where}): {said(review)}" + (f" ({review.note})" if review.note else "")
