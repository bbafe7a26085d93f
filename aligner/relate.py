"""Whether the two sides of a 1-1 pair are related, and pairs that are not taken apart.

The DP pairs any two sentences that stand in the same place when leaving both out costs
more: a cut last paragraph and a footer, a paragraph replaced by another. Such a pair is
a dropped sentence and an added one, and an editor must see it as such. A logistic model
(fitted by ``benchmarks/calibrate.py`` on news-et-en-dev and its re-planted variants,
e5-small) gives the probability that a 1-1 pair is a translation, from five differences,
each comparing the pair with what the document says a translation looks like:

* ``typical``: its cosine less the median cosine of the document's 1-1 pairs;
* ``margin``: its cosine less the mean of each side's two best other partners (CSLS);
* ``local``: its cosine less the median cosine of the 1-1 pairs within four beads;
* ``topic``: how much less the target belongs to its document (cosine with the rest of
  the target side's centroid) than the source to its own;
* ``flow``: how much less the target follows from its neighbours than the source does.

A translation keeps the topic and the flow of its source; a sentence from elsewhere does
not, however alike two sentences of one newspaper's style look to the model.

A sentence replaced by another *on the same story* keeps the topic and the flow: a second
model (fitted by ``benchmarks/same_story.py`` on newsroom-et-en-dev's 22 same-story
substitutions against the translations of newsroom-et-en-dev and news-et-en-dev) gives the
probability that a pair is such a substitution, from what still tells them apart: the
``margin`` and the ``local`` difference, whether the pair is the document's first (a
headline, translated freely) and the shorter side's length (a short sentence's cosine
varies more). The sentence cosine of e5-small is weak evidence here: held out by article
group, the vectors alone find 2 of the 22 at 0.8 (taking apart 1 of 2,604 translations),
7 at 0.5 (3). So the pairs the vectors make at all doubtful (``WORDING_FROM``) are read
again with their wording (``wording.py``: the model's latent terms, and a figure only one
side gives): held out, 9 of the 22 at the default 0.5 (3 translations taken apart, all
short, loose news-et-en-dev ones), 5 at 0.8 (3). In the aligner's own runs on
newsroom-et-en-dev (``benchmarks/newsroom.py``) the default finds 12 (0.8: 7). Measured and left
out: coverage of clauses (or of words) by the same model's vectors, shared capitalised
names, figures on both sides that differ (a translation with one figure changed has them
too, and must stay a pair with a ``number-mismatch`` flag).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.measures import length_ratio, pair_cosines
from aligner.model import Bead
from aligner.sides import SideData, Span, beads_of, span_vector
from aligner.wording import Wording

# intercept, typical, margin, local, topic, flow
COEFFICIENTS = (10.165, 32.248, 24.008, 34.719, 23.889, 29.655)
# intercept, margin, topic, flow: for a document with too few pairs to say what is typical
SHORT_COEFFICIENTS = (6.488, 72.321, 31.680, 30.402)
# intercept, margin, local, first pair, log(shorter side's length / 60)
STORY_COEFFICIENTS = (-6.356, -33.793, -54.004, -6.456, 1.79)
# the same, then a lone figure and the latent terms' difference (``wording.py``)
STORY_WORDING_COEFFICIENTS = (-7.112, -27.191, -17.958, 0.0, 2.733, 3.047, -15.557)
WORDING_FROM = 0.003
"""The pairs the vectors alone make more likely than this a same-story substitution are
read again with their wording (22 % of the dev sets' gold pairs, with 21 of the 22
substitutions)..."""
WORDING_SHARE = 0.05
WORDING_AT_LEAST = 3
"""...but at most this share of a document's pairs (or this many), the likeliest: where
every pair is alike (verse by verse), half of them pass ``WORDING_FROM``, and reading
their terms would cost two thirds of the model's time again."""
VECTORS_ONLY_ABOVE = 0.8
"""A pair whose wording was not read (a model without latent terms, or past the
``WORDING_SHARE`` cap) is taken apart as a same-story substitution only above this,
whatever ``same_story_above`` says: the vectors alone at 0.5 take apart short, loose
translations (3 of news-et-en's)."""
TYPICAL_SAMPLE = 7
"""Pairs whose latent terms tell what the document's typical pair has."""
MIN_PAIRS = 5
"""With fewer 1-1 pairs, a document says too little about its typical translation: a pair
is judged by the margin, the topic and the flow alone (``SHORT_COEFFICIENTS``)."""
NEIGHBOURHOOD = 4
"""Beads either side whose pairs make the local comparison."""


@dataclass(frozen=True)
class PairEvidence:
    """The five differences of every 1-1 pair of an alignment (see the module docstring),
    one array each, in the order of ``beads``; ``index`` gives each pair's bead."""

    index: np.ndarray
    i: np.ndarray
    """Each pair's source sentence."""
    j: np.ndarray
    """Each pair's target sentence."""
    short: bool
    """Too few pairs to know the typical one: ``typical`` and ``local`` are 0."""
    typical: np.ndarray
    margin: np.ndarray
    local: np.ndarray
    topic: np.ndarray
    flow: np.ndarray
    first: np.ndarray
    """Whether the pair is the document's first (its headline, as a rule)."""
    shorter: np.ndarray
    """Log of the shorter side's length in characters over 60."""

    def design(self) -> np.ndarray:
        """The model's inputs, an intercept column first (of the short model for a short document)."""
        columns = [self.typical, self.margin, self.local, self.topic, self.flow]
        if self.short:
            columns = [self.margin, self.topic, self.flow]
        return np.column_stack([np.ones(len(self.index)), *columns])

    def story_design(self) -> np.ndarray:
        """The same-story model's inputs (an intercept, margin, local, first, shorter side)."""
        columns = [self.margin, self.local, self.first, self.shorter]
        return np.column_stack([np.ones(len(self.index)), *columns])

    def short_design(self) -> np.ndarray:
        """The short model's inputs (an intercept, margin, topic, flow), for any document."""
        return np.column_stack([np.ones(len(self.index)), self.margin, self.topic, self.flow])


CHUNK = 512
"""Rows of a similarity matrix computed at once (memory stays small on long documents)."""


@dataclass(frozen=True)
class Nearest:
    """Each sentence's three most alike sentences of the other side, most alike first
    (cosines and indices): all a pair's margin needs, read once per alignment for every
    pair that is judged (the path's, its merged beads' members, the final path's)."""

    src_cos: np.ndarray
    src_idx: np.ndarray
    tgt_cos: np.ndarray
    tgt_idx: np.ndarray

    @classmethod
    def of(cls, src: SideData, tgt: SideData, k: int = 3) -> Nearest:
        """Both sides' nearest sentences, from one pass over the similarity matrix in blocks
        of rows (each block gives its rows' best and a candidate best for every column)."""
        n, m = len(src), len(tgt)
        k_row, k_col = min(k, m), min(k, n)
        src_cos, src_idx = np.empty((n, k_row), np.float32), np.empty((n, k_row), np.int64)
        tgt_cos, tgt_idx = np.empty((m, 0), np.float32), np.empty((m, 0), np.int64)
        for start in range(0, n, CHUNK):
            sims = src.vectors[start : start + CHUNK] @ tgt.vectors.T
            src_cos[start : start + len(sims)], src_idx[start : start + len(sims)] = _best(sims, k_row)
            cos, idx = _best(sims.T, min(k_col, len(sims)))
            tgt_cos, tgt_idx = _best_of(np.hstack([tgt_cos, cos]), np.hstack([tgt_idx, idx + start]), k_col)
        return cls(src_cos.astype(np.float64), src_idx, tgt_cos.astype(np.float64), tgt_idx)

    def margin(self, i: np.ndarray, j: np.ndarray, cos: np.ndarray) -> np.ndarray:
        """Each pair's cosine less the mean of each side's two best other partners (CSLS)."""
        return (
            cos
            - 0.5 * _best_others(self.src_cos, self.src_idx, i, j, cos)
            - 0.5 * _best_others(self.tgt_cos, self.tgt_idx, j, i, cos)
        )


def _best(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` largest values and their columns, largest first."""
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return _best_of(np.take_along_axis(sims, top, axis=1), top, k)


def _best_of(values: np.ndarray, idx: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Of candidate values and their indices, each row's ``k`` largest, largest first."""
    order = np.argsort(-values, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(values, order, axis=1), np.take_along_axis(idx, order, axis=1)


def _best_others(
    cos: np.ndarray, idx: np.ndarray, rows: np.ndarray, partners: np.ndarray, own: np.ndarray, k: int = 2
) -> np.ndarray:
    """For each ``rows[n]``, the mean cosine of its ``k`` most alike sentences other than
    ``partners[n]`` (``own[n]``, the pair's cosine, when the other side has no other)."""
    values, others = cos[rows], idx[rows] != partners[:, None]
    order = np.argsort(~others, axis=1, kind="stable")  # the others first, best first
    values, others = np.take_along_axis(values, order, axis=1)[:, :k], np.take_along_axis(others, order, axis=1)[:, :k]
    count = others.sum(axis=1)
    total = np.where(others, values, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), own)


def _belonging(vectors: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """How alike each sentence ``idx`` is to the centroid of the other sentences of its side."""
    rest = vectors.sum(axis=0)[None, :] - vectors[idx]
    norms = np.linalg.norm(rest, axis=1)
    alike = np.einsum("kd,kd->k", vectors[idx], rest).astype(np.float64)
    return np.where(norms > 1e-9, alike / np.maximum(norms, 1e-9), 0.0)


def _flow(vectors: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each sentence ``idx`` with the sentences before and after it, and
    whether it has any."""
    n = len(vectors)
    total, count = np.zeros(len(idx)), np.zeros(len(idx))
    for step in (-1, 1):
        other = idx + step
        ok = (other >= 0) & (other < n)
        total[ok] += np.einsum("kd,kd->k", vectors[idx[ok]], vectors[other[ok]])
        count[ok] += 1
    return total / np.maximum(count, 1), count > 0


def pair_evidence(
    src: SideData,
    tgt: SideData,
    beads: tuple[Bead, ...],
    pairs: list[tuple[int, int, int]] | None = None,
    near: Nearest | None = None,
) -> PairEvidence | None:
    """The evidence of every 1-1 pair, or of the given ``(source, target, bead)`` pairs (a
    member of a bigger bead against the other side, say), or None when the document has
    no 1-1 pair or a side of one sentence. ``near``: :meth:`Nearest.of` the two sides,
    when the caller has it already."""
    ones = np.array([k for k, b in enumerate(beads) if len(b.src) == 1 and len(b.tgt) == 1], dtype=np.int64)
    cosines = pair_cosines(src, tgt, beads)
    if len(ones) == 0 or min(len(src), len(tgt)) < 2:
        return None
    short = len(ones) < MIN_PAIRS
    typical = float(np.median(cosines))
    if pairs is None:
        pairs = [(beads[k].src[0], beads[k].tgt[0], int(k)) for k in ones]
    i = np.array([p[0] for p in pairs], dtype=np.int64)
    j = np.array([p[1] for p in pairs], dtype=np.int64)
    index = np.array([p[2] for p in pairs], dtype=np.int64)
    cos = np.einsum("kd,kd->k", src.vectors[i], tgt.vectors[j]).astype(np.float64)
    margin = (near or Nearest.of(src, tgt)).margin(i, j, cos)
    local = np.empty(len(pairs))
    for n, k in enumerate(index):
        lo, hi = np.searchsorted(ones, k - NEIGHBOURHOOD), np.searchsorted(ones, k + NEIGHBOURHOOD, side="right")
        around = cosines[lo:hi][ones[lo:hi] != k]
        local[n] = cos[n] - (float(np.median(around)) if len(around) else typical)
    flow_s, has_s = _flow(src.vectors, i)
    flow_t, has_t = _flow(tgt.vectors, j)
    flow = np.where(has_s & has_t, flow_t - flow_s, 0.0)
    topic = _belonging(tgt.vectors, j) - _belonging(src.vectors, i)
    first = ((i == 0) & (j == 0)).astype(np.float64)
    shorter = np.log(np.minimum(src.lengths[i], tgt.lengths[j]) / 60.0)
    zeros = np.zeros(len(index))
    if short:
        return PairEvidence(index, i, j, True, zeros, margin, zeros, topic, flow, first, shorter)
    return PairEvidence(index, i, j, False, cos - typical, margin, local, topic, flow, first, shorter)


def wording_design(evidence: PairEvidence, wording: Wording, rows: np.ndarray) -> np.ndarray:
    """The same-story model's inputs with the wording's (``wording.py``) for the pairs at
    ``rows``: the story design, whether the pair has a lone figure, and its latent terms'
    cosine less the typical pair's (the median over the ``TYPICAL_SAMPLE`` pairs whose
    vectors' cosine is nearest the document's median: the terms of every pair would cost
    what the vectors cost)."""
    typical_rows = np.argsort(np.abs(evidence.typical), kind="stable")[:TYPICAL_SAMPLE]
    typical = float(np.median(wording.terms_cosine(evidence.i[typical_rows], evidence.j[typical_rows])))
    terms = wording.terms_cosine(evidence.i[rows], evidence.j[rows]) - typical
    lone = wording.lone_figures(evidence.i[rows], evidence.j[rows])
    return np.column_stack([evidence.story_design()[rows], lone, terms])


def doubtful(story: np.ndarray) -> np.ndarray:
    """The rows the wording is read for: the vectors' same-story probability ``story`` above
    ``WORDING_FROM``, at most the ``WORDING_SHARE`` likeliest (or ``WORDING_AT_LEAST``)."""
    rows = np.flatnonzero(story > WORDING_FROM)
    most = max(WORDING_AT_LEAST, int(np.ceil(WORDING_SHARE * len(story))))
    if len(rows) > most:
        rows = np.sort(rows[np.argsort(-story[rows], kind="stable")[:most]])
    return rows


def same_story(evidence: PairEvidence, wording: Wording | None = None) -> np.ndarray:
    """The probability that each 1-1 pair is a same-story substitution (0 in a document too
    short to know its typical pair). With the sentences' ``wording``, the pairs the
    vectors alone give more than ``WORDING_FROM`` are judged with it too."""
    return story_and_read(evidence, wording)[0]


def story_and_read(evidence: PairEvidence, wording: Wording | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`same_story`, and which pairs it read the wording of (their bar is
    ``same_story_above``; the others' at least ``VECTORS_ONLY_ABOVE``)."""
    read = np.zeros(len(evidence.index), dtype=bool)
    if evidence.short:
        return np.zeros(len(evidence.index)), read
    out: np.ndarray = 1.0 / (1.0 + np.exp(-(evidence.story_design() @ np.array(STORY_COEFFICIENTS))))
    if wording is not None:
        rows = doubtful(out)
        if len(rows):
            design = wording_design(evidence, wording, rows)
            out[rows] = 1.0 / (1.0 + np.exp(-(design @ np.array(STORY_WORDING_COEFFICIENTS))))
            read[rows] = True
    return out, read


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
    power: float = 0.5,
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
