"""Whether a 1-1 pair is another sentence on the same story in its source sentence's place.

A sentence replaced by another *on the same story* keeps the topic and the flow of its
document, which tell a sentence from elsewhere (``relate.py``). A logistic model
(fitted by ``benchmarks/same_story.py`` on newsroom-et-en-dev's 22 same-story
substitutions against the translations of newsroom-et-en-dev and news-et-en-dev) gives the
probability that a pair is such a substitution, from what still tells them apart
(``pairs.py``): the ``margin`` and the ``local`` difference, whether the pair is the
document's first (a headline, translated freely) and the shorter side's length (a short
sentence's cosine varies more). The sentence cosine of e5-small is weak evidence here:
held out by article group, the vectors alone find 2 of the 22 at 0.8 (taking apart 1 of
2,604 translations), 7 at 0.5 (3). So the pairs the vectors make at all doubtful
(``WORDING_FROM``) are read again with their wording (``wording.py``: the model's latent
terms, and a figure only one side gives): held out, 9 of the 22 at the default 0.5 (3
translations taken apart, all short, loose news-et-en-dev ones), 5 at 0.8 (3). In the
aligner's own runs on newsroom-et-en-dev (``benchmarks/newsroom.py``) the default finds 12
(0.8: 7). Measured and left out: coverage of clauses (or of words) by the same model's
vectors, shared capitalised names, figures on both sides that differ (a translation with
one figure changed has them too, and must stay a pair with a ``number-mismatch`` flag),
how far a pair stands out from its document's others (``benchmarks/README.md``), and the
cosine of the pair with its names and figures taken out of both sides (AUC 0.81 among the
pairs read again, but held out it finds no substitution more and takes apart two more
news translations at 0.3).
"""

from __future__ import annotations

import numpy as np

from aligner.pairs import PairEvidence
from aligner.wording import Wording

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
