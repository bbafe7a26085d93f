"""What every check may ask about one alignment, computed once: the ``Context``; and what
a check reports: a ``Finding``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aligner import langid
from aligner.clauses import Clause, split_clauses
from aligner.embed import TermEmbedder
from aligner.flags.config import COPY_MIN_WORDS, COPY_SHARED_WORDS, TYPICAL_MIN_PAIRS, FlagConfig
from aligner.joins import translates_clause
from aligner.measures import length_ratio, pair_cosines
from aligner.model import Bead, Severity, Side
from aligner.moves import Move, MoveConfig, find_moves
from aligner.omissions import Omission, find_omissions
from aligner.sides import SideData, span_vector


@dataclass(frozen=True)
class Finding:
    """One thing a check found: the sentences, a one-line message and the evidence behind it.

    ``severity`` is ``None`` for the check's own; a check lowers it where the evidence is
    weaker (a separator, a boilerplate footer). Spans default to the whole sentences; a
    finding about a part of a sentence gives its span and its ``text`` in the evidence.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    src_span: tuple[int, int] | None = None
    tgt_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Context:
    """One alignment as the checks see it (build it with :meth:`of`)."""

    source: Side
    target: Side
    src: SideData
    tgt: SideData
    beads: tuple[Bead, ...]
    cfg: FlagConfig
    power: float
    """How a run's vector weighs its sentences (the aligner's ``vec_len_power``)."""
    texts: tuple[str, str] | None
    """The original source and target texts, for checks inside sentences (clauses)."""
    scale: float
    """Target length over source length, over the aligned pairs."""
    typical: float | None
    """The median cosine of the 1-1 pairs (``None`` with too few of them)."""
    can_identify: bool
    """Whether the two languages differ and language identification knows both."""
    patterns: tuple[re.Pattern[str], ...]
    """The known-boilerplate patterns, compiled."""
    moves: tuple[Move, ...]
    """Dropped runs that reappear as added runs elsewhere."""
    omissions: dict[tuple[int, int], Omission]
    """The clause a short 1-1 pair's translation leaves out, by (source, target) sentence."""
    embed: Callable[[list[str]], np.ndarray] | None = None
    """Texts -> unit vectors with the alignment's model, when the checks may use it."""

    @classmethod
    def of(
        cls,
        source: Side,
        target: Side,
        beads: tuple[Bead, ...],
        src: SideData,
        tgt: SideData,
        cfg: FlagConfig,
        power: float,
        moves: MoveConfig,
        texts: tuple[str, str] | None = None,
        embed: Callable[[list[str]], np.ndarray] | None = None,
        terms: TermEmbedder | None = None,
    ) -> Context:
        """``embed`` (texts -> unit vectors, the alignment's model) lets the checks look
        inside short pairs for a clause the translation leaves out (``omissions.py``)."""
        cosines = pair_cosines(src, tgt, beads)
        langs = (source.lang, target.lang)
        scale = length_ratio(src, tgt, beads)
        typical = float(np.median(cosines)) if len(cosines) >= TYPICAL_MIN_PAIRS else None
        omissions = {}
        if embed is not None and typical is not None:
            omissions = find_omissions(source, target, beads, src, tgt, embed, scale, typical, terms)
        return cls(
            source=source,
            target=target,
            src=src,
            tgt=tgt,
            beads=beads,
            cfg=cfg,
            power=power,
            texts=texts,
            scale=scale,
            typical=typical,
            can_identify=langid.supported(langs),
            patterns=tuple(re.compile(p, re.I) for p in cfg.boilerplate),
            moves=tuple(find_moves(src, tgt, beads, power, moves)),
            omissions=omissions,
            embed=embed,
        )

    # --- similarity ------------------------------------------------------------------

    def vector(self, side: SideData, idx: tuple[int, ...]) -> np.ndarray:
        """The unit vector of a run of sentences, weighted as the aligner weighs them."""
        return span_vector(side, idx, self.power)

    def cosine(self, i: int, j: int) -> float:
        """How alike source sentence ``i`` and target sentence ``j`` are."""
        return float(self.src.vectors[i] @ self.tgt.vectors[j])

    def far_below_typical(self, cos: float) -> bool:
        """Whether a pair this alike is much less alike than the document's typical 1-1 pair."""
        return self.typical is not None and cos < self.typical - self.cfg.unrelated_drop

    @staticmethod
    def closer(side: SideData, vector: np.ndarray, cos: float) -> int:
        """How many sentences of ``side`` are more alike to ``vector`` than ``cos``."""
        return int((side.vectors @ vector > cos).sum())

    @staticmethod
    def weakest(side: SideData, members: tuple[int, ...], other: np.ndarray) -> tuple[list[float], int, float]:
        """Each member sentence's cosine with the other side's run, the least alike one (its
        place in ``members``), and how far it falls below the best."""
        cosines = [float(side.vectors[k] @ other) for k in members]
        weakest = int(np.argmin(cosines))
        return cosines, weakest, max(cosines) - cosines[weakest]

    def joined_in_a_clause(self, pair: Bead, member: int) -> bool:
        """Whether a 2-1 pair's one target sentence translates the source ``member`` in a
        clause of its own and the other source sentence in the rest (``joins.py``): a
        join, not a sentence left out."""
        if self.embed is None or len(pair.src) != 2 or len(pair.tgt) != 1:
            return False
        own = pair.src[1] if member == pair.src[0] else pair.src[0]
        j = pair.tgt[0]
        return translates_clause(
            self.src.vectors[member],
            self.src.vectors[own],
            self.tgt.vectors[j],
            self.target.sentences[j].text,
            self.embed,
        )

    # --- language --------------------------------------------------------------------

    def in_source_language(self, text: str) -> float:
        """Probability that ``text`` is in the source language (0 when it cannot be told)."""
        if not self.can_identify or letters(text) < self.cfg.untranslated_min_letters:
            return 0.0
        lang, prob = langid.identify(text, (self.source.lang, self.target.lang))
        return prob if lang == self.source.lang else 1.0 - prob

    def copied(self, src_text: str, tgt_text: str, at_least: float = 0.0) -> float:
        """How much of ``tgt_text`` is ``src_text`` character by character (0 when a copy is
        impossible: one language on both sides, or a target of names and numbers; 0 too when
        the characters the two share already say it is under ``at_least``: the full
        comparison was a third of the checks' time on a 400-sentence pair: a copy shares most
        of its words with its source, a translation few)."""
        if langid.base(self.source.lang) == langid.base(self.target.lang) or not src_text:
            return 0.0
        words = re.findall(r"\w+", tgt_text)
        if sum(1 for w in words if w.islower()) < COPY_MIN_WORDS:
            return 0.0
        shared = set(re.findall(r"\w+", src_text.casefold()))
        if at_least > 0 and sum(1 for w in words if w.casefold() in shared) < COPY_SHARED_WORDS * at_least * len(words):
            return 0.0
        return difflib.SequenceMatcher(None, src_text.casefold(), tgt_text.casefold(), autojunk=False).ratio()

    def boilerplate(self, text: str) -> str | None:
        """The first known-boilerplate pattern that ``text`` matches."""
        return next((p.pattern for p in self.patterns if p.search(text)), None)

    def target_clauses(self, j: int) -> list[Clause] | None:
        """The clauses of target sentence ``j``, or ``None`` without the original text."""
        if self.texts is None:
            return None
        return split_clauses(self.texts[1], self.target.sentences[j])


def letters(text: str) -> int:
    """How many letters ``text`` has."""
    return sum(1 for c in text if c.isalpha())
