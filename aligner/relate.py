"""Whether the two sides of a 1-1 pair are related, and pairs that are not taken apart.

The DP pairs any two sentences that stand in the same place when leaving both out costs
more: a cut last paragraph and a footer, a paragraph replaced by another. Such a pair is
a dropped sentence and an added one, and an editor must see it as such. A logistic model
(fitted by ``benchmarks/calibrate.py`` on news-et-en-dev and its re-planted variants,
e5-small) gives the probability that a 1-1 pair is a translation, from five differences,
each comparing the pair with what the document says a translation looks like
(``pairs.py``: typical, margin, local, topic, flow). A translation keeps the topic and the
flow of its source; a sentence from elsewhere does not, however alike two sentences of
one newspaper's style look to the model. A sentence on the same story in its place keeps
them: the same-story model (``story.py``) tells those.
"""

from __future__ import annotations

import numpy as np

from aligner.costs import AlignConfig
from aligner.measures import length_ratio, pair_cosines
from aligner.model import Bead
from aligner.pairs import Nearest, PairEvidence, pair_evidence
from aligner.sides import SideData, Span, beads_of, span_vector
from aligner.story import VECTORS_ONLY_ABOVE, same_story, story_and_read
from aligner.wording import Wording

# intercept, typical, margin, local, topic, flow
COEFFICIENTS = (10.165, 32.248, 24.008, 34.719, 23.889, 29.655)
# intercept, margin, topic, flow: for a document with too few pairs to say what is typical
SHORT_COEFFICIENTS = (6.488, 72.321, 31.680, 30.402)


def related(evidence: PairEvidence, story: bool = True, wording: Wording | None = None) -> np.ndarray:
    """The probability that each 1-1 pair is a translation: neither a sentence from
    elsewhere nor (with ``story``) another sentence on the same story. (A member of a
    bigger bead, a part of a split sentence, is judged for its topic alone: the same-story
    model knows whole sentences.)"""
    coefficients = SHORT_COEFFICIENTS if evidence.short else COEFFICIENTS
    topic: np.ndarray = 1.0 / (1.0 + np.exp(-(evidence.design() @ np.array(coefficients))))
    if not story:
        return topic
    out: np.ndarray = topic * (1.0 - same_story(evidence, wording))
    return out


COVERED = 0.75
"""A target sentence of a 1-2 bead is taken off only when the rest covers this share of
the length the source needs (else it is a genuine part of a split sentence)."""
LEFT_OUT_BELOW = 0.07
"""A sentence of the longer side of a 2-1 (or 1-2) bead this much less alike to the other
side than the document's typical pair (cosine)..."""
LEFT_OUT_GAIN = 0.015
"""...whose removal makes the pair less alike by under this (it adds nothing the other
side says)..."""
LEFT_OUT_LENGTH = 0.25
"""...and without which the lengths fit within this much (log of the length ratio) is not
the other side's: a dropped sentence merged into its neighbour's pair, or an added one.
(2-1 on news-et-en-dev and a re-planted variant: 8 of 8 such sentences, no genuinely
merged one; on four more variants 7 of 13, and 1 of 190 merged ones.)"""


MERGES_RARE = 0.12
"""Only where the translation seldom merges or splits sentences (at most this share of its
pairs, or two) is a merged pair a sign that a sentence was left out: a literary translation
that condenses everywhere (a fifth of textberg's pairs) merges short sentences into clauses
("Sicherlich." -> "Sans doute, ..."), and a news translation seldom does."""


def _target_members(src: SideData, tgt: SideData, spans: list[Span], scale: float) -> list[tuple[int, int, int]]:
    """The target sentences of 1-2 beads whose removal leaves the other covering the
    source: ``(source, target, bead)``, to be judged as pairs of their own. (In longer
    beads the members are fragments of one sentence, OCR pieces, that say little alone.)"""
    out = []
    for k, (i0, i1, j0, j1) in enumerate(spans):
        if i1 - i0 == 1 and j1 - j0 == 2:
            need = float(src.lengths[i0]) * scale
            for j in (j0, j1 - 1):
                if float(tgt.lengths[j0:j1].sum() - tgt.lengths[j]) >= COVERED * need:
                    out.append((i0, j, k))
    return out


def _unrelated_members(
    src: SideData, tgt: SideData, spans: list[Span], beads: tuple[Bead, ...], scale: float, below: float, near: Nearest
) -> dict[int, tuple[str, int]]:
    """The target sentences of 1-2 beads (see :func:`_target_members`) less likely than
    ``below`` to be a translation of the source, as ``{bead: ("tgt", sentence)}``, the least
    likely first when both members of a bead are."""
    off: dict[int, tuple[str, int]] = {}
    members = _target_members(src, tgt, spans, scale)
    evidence = pair_evidence(src, tgt, beads, members, near) if members else None
    if evidence is not None:
        for (_, j, k), p in sorted(zip(members, related(evidence, story=False), strict=True), key=lambda x: x[1]):
            if p < below and k not in off:
                off[k] = ("tgt", j)
    return off


def _idle_member(
    many: SideData,
    one: SideData,
    members: range,
    partner: int,
    many_is_source: bool,
    typical: float,
    scale: float,
    power: float,
) -> int | None:
    """The sentence of a 2-1 (or 1-2) bead's longer side that the other side does not
    explain, if one is: a whole sentence (one that ends open, ``Literatur :``, leads into
    the next) much less alike than the document's typical pair, that adds nothing to the
    bead's likeness and shares no figure with the other side, without which the lengths
    fit: a dropped sentence merged into its neighbour's pair, or a footer too short for the
    relatedness model ("Additional reporting by BNS.")."""
    whole = float(span_vector(many, tuple(members), power) @ one.vectors[partner])
    for m in (members[0], members[-1]):
        if many.open_end[m] or int(many.numbers[m]) & int(one.numbers[partner]):
            continue
        rest = tuple(k for k in members if k != m)
        own = float(many.vectors[m] @ one.vectors[partner])
        gain = float(span_vector(many, rest, power) @ one.vectors[partner]) - whole
        rest_length, other_length = float(many.lengths[list(rest)].sum()), float(one.lengths[partner])
        src_length, tgt_length = (rest_length, other_length) if many_is_source else (other_length, rest_length)
        ratio = tgt_length / max(src_length * scale, 1.0)
        if own < typical - LEFT_OUT_BELOW and gain > -LEFT_OUT_GAIN and abs(np.log(ratio)) < LEFT_OUT_LENGTH:
            return m
    return None


def _footer_tail(side: SideData) -> int:
    """Where a side's closing run of footers and separators starts (its length when it
    ends with a sentence of the story): only there is a footer a desk's footer."""
    start = len(side)
    while start > 0 and (side.footer[start - 1] or not side.content[start - 1]):
        start -= 1
    return start


def separate(
    src: SideData,
    tgt: SideData,
    spans: list[Span],
    below: float,
    power: float = AlignConfig.vec_len_power,
    near: Nearest | None = None,
    story_above: float = 1.0,
    wording: Wording | None = None,
) -> list[Span]:
    """The path with every 1-1 pair less likely than ``below`` to be a translation, or more
    likely than ``story_above`` to be a same-story substitution, or whose target reads as a
    desk's footer in the translation's closing run of footers and is less alike than the
    typical pair (a cut last paragraph paired with "Follow ... on Facebook"), taken
    apart into a dropped sentence and an added one (``[i]:[]`` then ``[]:[j]``); a target
    sentence of a 1-2 bead as unlikely a translation of the source, or read as a footer (a footer taken
    into the last pair) taken off as added; and a source sentence that a 2-1 bead's
    translation leaves out taken off as dropped."""
    if below <= 0:
        return spans
    beads = beads_of(spans)
    near = near or Nearest.of(src, tgt)
    evidence = pair_evidence(src, tgt, beads, near=near)
    if evidence is None:
        return spans
    story, read = story_and_read(evidence, wording)
    bar = np.where(read, story_above, max(story_above, VECTORS_ONLY_ABOVE))
    unrelated = related(evidence, story=False) < below
    apart = {int(k) for k in evidence.index[unrelated | (story > bar)]}
    scale = length_ratio(src, tgt, beads)
    typical = float(np.median(pair_cosines(src, tgt, beads)))
    off = _unrelated_members(src, tgt, spans, beads, scale, below, near)
    tail = _footer_tail(tgt)
    for k, (i0, i1, j0, j1) in enumerate(spans):
        footer = i1 - i0 == 1 and tail < j1 and bool(tgt.footer[j1 - 1]) and not src.footer[i0]
        if footer and j1 - j0 == 1 and float(src.vectors[i0] @ tgt.vectors[j0]) < typical:
            apart.add(k)
        elif footer and j1 - j0 == 2 and k not in off:
            off[k] = ("tgt", j1 - 1)
    aligned = [s for s in spans if not s.is_null]
    merges = sum(1 for s in aligned if s.src_end - s.src_start > 1 or s.tgt_end - s.tgt_start > 1)
    merges_rare = merges <= max(MERGES_RARE * len(aligned), 2)
    for k, span in enumerate(spans):
        if not merges_rare:
            break
        i0, i1, j0, j1 = span
        if k in off:
            continue
        if i1 - i0 == 2 and j1 - j0 == 1:
            idle = _idle_member(src, tgt, range(i0, i1), j0, True, typical, scale, power)
            if idle is not None:
                off[k] = ("src", idle)
        elif i1 - i0 == 1 and j1 - j0 == 2:
            idle = _idle_member(tgt, src, range(j0, j1), i0, False, typical, scale, power)
            if idle is not None:
                off[k] = ("tgt", idle)
    out: list[Span] = []
    for k, (i0, i1, j0, j1) in enumerate(spans):
        if k in apart:
            out.extend((Span(i0, i1, j0, j0), Span(i1, i1, j0, j1)))
        elif k in off:
            side, x = off[k]
            if side == "tgt" and x == j0:
                out.extend((Span(i0, i0, j0, j0 + 1), Span(i0, i1, j0 + 1, j1)))
            elif side == "tgt":
                out.extend((Span(i0, i1, j0, j1 - 1), Span(i1, i1, j1 - 1, j1)))
            elif x == i0:
                out.extend((Span(i0, i0 + 1, j0, j0), Span(i0 + 1, i1, j0, j1)))
            else:
                out.extend((Span(i0, i1 - 1, j0, j1), Span(i1 - 1, i1, j1, j1)))
        else:
            out.append(Span(i0, i1, j0, j1))
    return out
