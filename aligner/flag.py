"""Find where a translation does not cover its source: beads and sentences -> Flags.

Types (``model.FlagType``): ``dropped`` (source sentences with no translation), ``added``
(target sentences with no source), ``untranslated`` (a target sentence still in the
source language, or copied from it), ``number-mismatch``, ``partially-dropped`` (a
translation that covers clearly less than its source), ``low-confidence`` (a pair the
aligner is unsure of, or whose two sides look unrelated) and ``moved`` (a dropped span
that reappears as an added span elsewhere: one finding, not two).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from aligner import langid, numbers
from aligner.align import AlignConfig, SideData, span_vector
from aligner.clauses import Clause, split_clauses
from aligner.model import Bead, Flag, FlagType, Sentence, Severity, Side, check_ranges, flag_key

DEFAULT_SEVERITY = {
    FlagType.DROPPED: Severity.ERROR,
    FlagType.ADDED: Severity.ERROR,
    FlagType.UNTRANSLATED: Severity.ERROR,
    FlagType.NUMBER_MISMATCH: Severity.ERROR,
    FlagType.PARTIALLY_DROPPED: Severity.WARNING,
    FlagType.LOW_CONFIDENCE: Severity.WARNING,
    FlagType.MOVED: Severity.WARNING,
}


@dataclass(frozen=True)
class FlagConfig:
    """Thresholds of the checks; written into the alignment's signature."""

    low_confidence: float = 0.5
    """An aligned bead scoring below this is flagged low-confidence."""
    unrelated_drop: float = 0.08
    """A pair this much less similar (cosine) than the document's median 1-1 pair...
    (e5-small: true pairs come within 0.09 of it on textberg-de-fr-dev, 0.11 on bible-et-en)"""
    unrelated_rank: int = 3
    """...whose source is more similar to this many other target sentences, and its target
    to this many other source sentences, looks unrelated: more likely a dropped sentence and
    an added one in the same place (a last paragraph cut, a footer added) than a translation."""
    partial_length: float = 0.9
    """A translation of several source sentences shorter than this share of its expected
    length (the source's length times the aligned pairs' length ratio)... (0.9: no flag
    on bible-et-en, one on the 26 merged beads of a seed-7 perturbed dev set)"""
    partial_gap: float = 0.06
    """...where one source sentence is this much less similar (cosine) to the translation
    than the best of them, and the rest alone would explain the length, has dropped it."""
    partial_single_length: float = 0.5
    """A translation shorter than this share of its expected length, of one source sentence
    or of several where no one of them stands out as the left-out one. (0.5: no flag on
    bible-et-en, textberg-de-fr-dev or the seed-7 perturbed variant's merged beads.)"""
    added_gap: float = 0.06
    """A target sentence of a pair this much less similar (cosine) to the source than the
    pair's best target sentence..."""
    added_rest_length: float = 0.75
    """...while the others are at least this share of the source's expected length..."""
    added_min_letters: int = 30
    """...and it has this many letters (a short fragment of a split sentence, "il faut se
    hâter .", resembles nothing much), is added, if it also looks unrelated to its source
    (see ``unrelated_drop`` and ``unrelated_rank``)."""
    untranslated_probability: float = 0.95
    """Language identification must be this sure that a target sentence is in the source language."""
    untranslated_min_letters: int = 15
    """Shorter target sentences (names, numbers) are not judged by their language."""
    copy_similarity: float = 0.9
    """A target at least this similar, character by character, to its source is a copy."""
    moved_rank: float = 0.5
    moved_slack: float = 0.0
    """A dropped and an added span are the same text moved when their cosine is at least
    this quantile of the cosines of the document's 1-1 pairs, less the slack..."""
    moved_length_ratio: float = 1.6
    """...and their lengths differ by at most this factor (after the document's ratio)."""
    clause_min_letters: int = 25
    """An untranslated run of clauses inside a sentence must have this many letters."""
    boilerplate: tuple[str, ...] = field(default=())
    """Regular expressions of known boilerplate: an added span matching one is only ``info``."""

    def __post_init__(self) -> None:
        shares = ("low_confidence", "untranslated_probability", "copy_similarity", "moved_rank")
        check_ranges(self, {"moved_length_ratio": 1}, {name: 1 for name in shares})


def _span(sentences: tuple[Sentence, ...], idx: tuple[int, ...]) -> tuple[int, int] | None:
    if not idx:
        return None
    return sentences[idx[0]].start, sentences[idx[-1]].end


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _common_words(text: str) -> str:
    """``text`` without runs of two or more capitalised words: a multi-word name kept in
    the original inside a translated sentence (``the centre (Rahvusvaheline
    Kaitseuuringute Keskus)``) says nothing about the language the clause is written in."""
    parts = re.split(r"(\s+)", text)  # words at even places, the white space between them at odd
    capital = [part.lstrip("\"'„“«(‘[")[:1].isupper() for part in parts[0::2]]
    for k, is_capital in enumerate(capital):
        in_run = (k > 0 and capital[k - 1]) or (k + 1 < len(capital) and capital[k + 1])
        if is_capital and in_run:
            parts[2 * k] = ""
    return "".join(parts)


def length_ratio(src: SideData, tgt: SideData, beads: tuple[Bead, ...]) -> float:
    """Target length over source length, over the aligned pairs only (unaligned text, an
    embedded post say, must not change what a translation is expected to measure)."""
    pairs = [b for b in beads if b.src and b.tgt]
    src_total = sum(float(src.lengths[list(b.src)].sum()) for b in pairs)
    tgt_total = sum(float(tgt.lengths[list(b.tgt)].sum()) for b in pairs)
    return tgt_total / src_total if src_total else 1.0


def null_runs(beads: tuple[Bead, ...]) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """The runs of source sentences with no translation, and of target sentences with no source."""
    dropped: list[list[int]] = []
    added: list[list[int]] = []
    prev = ""
    for bead in beads:
        kind = "d" if not bead.tgt else "a" if not bead.src else ""
        if kind == "d":
            (dropped[-1].extend(bead.src) if prev == "d" else dropped.append(list(bead.src)))
        elif kind == "a":
            (added[-1].extend(bead.tgt) if prev == "a" else added.append(list(bead.tgt)))
        prev = kind
    return [tuple(r) for r in dropped], [tuple(r) for r in added]


def pair_cosines(src: SideData, tgt: SideData, beads: tuple[Bead, ...]) -> np.ndarray:
    """The cosine of every 1-1 pair of the alignment: what a translation looks like here."""
    pairs = [(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1]
    if not pairs:
        return np.zeros(0)
    i, j = np.array(pairs).T
    cosines: np.ndarray = np.einsum("kd,kd->k", src.vectors[i], tgt.vectors[j]).astype(np.float64)
    return cosines


class Move(NamedTuple):
    """A run of dropped source sentences that reappears as a run of added target sentences."""

    cosine: float
    """How alike the two runs are."""
    threshold: float
    """How alike they had to be (from the document's typical pair)."""
    source: tuple[int, ...]
    target: tuple[int, ...]


def find_moves(src: SideData, tgt: SideData, beads: tuple[Bead, ...], power: float, cfg: FlagConfig) -> list[Move]:
    """Runs of dropped sentences that reappear as runs of added ones elsewhere.

    A pair counts when the two runs are at least as alike as all but the least alike
    ``moved_rank`` of the document's 1-1 pairs (less ``moved_slack``) and about as long as a
    translation of each other would be; each run is used once, most alike first. (A
    lower bar, the least alike tenth of the pairs, paired unrelated verses of one style
    on the perturbed Bible sets: three verses with one, at cosine 0.83-0.88.)
    """
    dropped, added = null_runs(beads)
    dropped = [d for d in dropped if src.content[list(d)].any()]
    cosines = pair_cosines(src, tgt, beads)
    if not dropped or not added or len(cosines) < 3:
        return []
    threshold = float(np.quantile(cosines, cfg.moved_rank)) - cfg.moved_slack
    scale = length_ratio(src, tgt, beads)
    d_vecs = np.array([span_vector(src, d, power) for d in dropped])
    a_vecs = np.array([span_vector(tgt, a, power) for a in added])
    sims = d_vecs @ a_vecs.T
    close = np.argwhere(sims >= threshold)
    candidates = sorted(((float(sims[x, y]), dropped[x], added[y]) for x, y in close), reverse=True)
    moves: list[Move] = []
    used_d: set[tuple[int, ...]] = set()
    used_a: set[tuple[int, ...]] = set()
    for cos, d, a in candidates:
        ratio = float(tgt.lengths[list(a)].sum()) / max(float(src.lengths[list(d)].sum()) * scale, 1.0)
        if d in used_d or a in used_a or not 1.0 / cfg.moved_length_ratio <= ratio <= cfg.moved_length_ratio:
            continue
        used_d.add(d)
        used_a.add(a)
        moves.append(Move(cos, threshold, d, a))
    return moves


def moved_blocks(src: SideData, tgt: SideData, beads: tuple[Bead, ...], power: float, cfg: FlagConfig) -> list[Move]:
    """:func:`find_moves`, each grown by the neighbours that belong to it.

    The gap a moved paragraph leaves can pull one of its sentences into a pair with a
    neighbour. A sentence next to either run joins it when it is closer to the other run
    than to the partner it was aligned with, and the two runs grow more alike with it.
    (For aligning again around the moves; the flags are read off the alignment as it is.)
    """
    partner: dict[tuple[str, int], tuple[int, ...]] = {}
    for bead in beads:
        partner.update({("src", i): bead.tgt for i in bead.src})
        partner.update({("tgt", j): bead.src for j in bead.tgt})

    def grown(move: Move) -> Move:
        cos, threshold, d, a = move
        while True:
            options = [("src", d, a, src, tgt, k) for k in (d[0] - 1, d[-1] + 1)]
            options += [("tgt", a, d, tgt, src, k) for k in (a[0] - 1, a[-1] + 1)]
            for side, run, other, this_data, other_data, k in options:
                mate = partner.get((side, k))
                if not mate:
                    continue
                other_vec = span_vector(other_data, other, power)
                if this_data.vectors[k] @ other_vec <= this_data.vectors[k] @ span_vector(other_data, mate, power):
                    continue
                bigger = tuple(sorted((*run, k)))
                bigger_cos = float(span_vector(this_data, bigger, power) @ other_vec)
                if bigger_cos > cos:
                    cos = bigger_cos
                    d, a = (bigger, a) if side == "src" else (d, bigger)
                    break
            else:
                return Move(cos, threshold, d, a)

    return [grown(move) for move in find_moves(src, tgt, beads, power, cfg)]


class _Checker:
    """Runs every check over one alignment and collects the flags."""

    def __init__(
        self,
        source: Side,
        target: Side,
        src: SideData,
        tgt: SideData,
        align_cfg: AlignConfig,
        cfg: FlagConfig,
        texts: tuple[str, str] | None,
    ) -> None:
        self.source, self.target, self.src, self.tgt, self.cfg = source, target, src, tgt, cfg
        self.texts = texts
        self.power = align_cfg.vec_len_power
        self.scale = 1.0  # set by run(): length_ratio() of the alignment
        self.typical: float | None = None  # set by run(): the median cosine of the 1-1 pairs
        self.langs = (source.lang, target.lang)
        self.can_identify = source.lang != target.lang and langid.supported(self.langs)
        self.patterns = [re.compile(p, re.I) for p in cfg.boilerplate]
        self.flags: list[Flag] = []

    def vector(self, side: SideData, idx: tuple[int, ...]) -> np.ndarray:
        return span_vector(side, idx, self.power)

    def add(
        self,
        kind: FlagType,
        src: tuple[int, ...],
        tgt: tuple[int, ...],
        message: str,
        severity: Severity | None = None,
        src_span: tuple[int, int] | None = None,
        tgt_span: tuple[int, int] | None = None,
        **evidence: object,
    ) -> None:
        """Record a finding; spans default to the whole sentences."""
        src_texts = [self.source.sentences[i].text for i in src]
        tgt_texts = [self.target.sentences[j].text for j in tgt]
        if src_span is not None or tgt_span is not None:  # a part of a sentence: key it by that part too
            tgt_texts.append(str(evidence.get("text", "")))
        self.flags.append(
            Flag(
                type=kind,
                severity=severity if severity is not None else DEFAULT_SEVERITY[kind],
                src=src,
                tgt=tgt,
                message=message,
                src_span=src_span or _span(self.source.sentences, src),
                tgt_span=tgt_span or _span(self.target.sentences, tgt),
                evidence=dict(evidence),
                key=flag_key(kind, src_texts, tgt_texts),
            )
        )

    # --- language -------------------------------------------------------------------

    def in_source_language(self, text: str) -> float:
        """Probability that ``text`` is in the source language (0 when it cannot be told)."""
        if not self.can_identify or _letters(text) < self.cfg.untranslated_min_letters:
            return 0.0
        lang, prob = langid.identify(text, self.langs)
        return prob if lang == self.source.lang else 1.0 - prob

    def copied(self, src_text: str, tgt_text: str) -> float:
        # Within one language (two versions of a text) nothing is a copy left untranslated.
        # Names and numbers look alike in every language: judge only texts with ordinary words.
        if self.source.lang == self.target.lang or not src_text:
            return 0.0
        if sum(1 for w in re.findall(r"\w+", tgt_text) if w.islower()) < 3:
            return 0.0
        return difflib.SequenceMatcher(None, src_text.casefold(), tgt_text.casefold(), autojunk=False).ratio()

    def boilerplate(self, text: str) -> str | None:
        """The first known-boilerplate pattern that ``text`` matches."""
        return next((p.pattern for p in self.patterns if p.search(text)), None)

    # --- the checks -----------------------------------------------------------------

    def run(self, beads: tuple[Bead, ...]) -> list[Flag]:
        self.scale = length_ratio(self.src, self.tgt, beads)
        cosines = pair_cosines(self.src, self.tgt, beads)
        self.typical = float(np.median(cosines)) if len(cosines) >= 5 else None
        dropped, added = null_runs(beads)
        dropped, added = self.moved(dropped, added, beads)
        for run in dropped:
            self.dropped(run)
        for run in added:
            self.added(run)
        for bead in beads:
            if bead.src and bead.tgt:
                self.pair(bead)
        return sorted(self.flags, key=lambda f: (_position(f, beads), f.severity.rank))

    def moved(
        self, dropped: list[tuple[int, ...]], added: list[tuple[int, ...]], beads: tuple[Bead, ...]
    ) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
        moves = find_moves(self.src, self.tgt, beads, self.power, self.cfg)
        for cos, threshold, d, a in moves:
            self.add(
                FlagType.MOVED,
                d,
                a,
                f"source sentence{'s' if len(d) > 1 else ''} {_range(d)} reappear{'s' if len(d) == 1 else ''} "
                f"as target {_range(a)} (cosine {cos:.2f}, typical pair >= {threshold:.2f}): moved, not dropped",
                cosine=round(cos, 4),
                threshold=round(threshold, 4),
            )
        used_d = {move.source for move in moves}
        used_a = {move.target for move in moves}
        return [d for d in dropped if d not in used_d], [a for a in added if a not in used_a]

    def dropped(self, run: tuple[int, ...]) -> None:
        content = bool(self.src.content[list(run)].any())
        n = len(run)
        self.add(
            FlagType.DROPPED,
            run,
            (),
            f"{n} source sentence{'s' if n > 1 else ''} ({_range(run)}) {'have' if n > 1 else 'has'} no "
            f"translation" + ("" if content else " (no words: a separator)"),
            severity=None if content else Severity.INFO,
            sentences=n,
        )

    def added(self, run: tuple[int, ...]) -> None:
        text = self.target.text(run)
        prob = self.in_source_language(text)
        if prob >= self.cfg.untranslated_probability:
            self.add(
                FlagType.UNTRANSLATED,
                (),
                run,
                f"target {_range(run)} has no source and is in {self.source.lang}, the source language "
                f"(p = {prob:.2f})",
                language=self.source.lang,
                probability=round(prob, 4),
            )
            return
        matched = [self.boilerplate(self.target.sentences[j].text) for j in run]
        with_words = [j for j in run if self.tgt.content[j]]
        pattern = next((m for m in matched if m), None)
        content = bool(with_words)
        n = len(run)
        what = f"{n} target sentence{'s' if n > 1 else ''} ({_range(run)}) {'have' if n > 1 else 'has'} no source"
        if pattern is not None and all(matched[run.index(j)] for j in with_words):
            self.add(
                FlagType.ADDED,
                (),
                run,
                f"{what}; matches boilerplate pattern {pattern!r}",
                severity=Severity.INFO,
                boilerplate=pattern,
            )
        elif not content:
            self.add(FlagType.ADDED, (), run, f"{what} (no words: a separator)", severity=Severity.INFO)
        else:
            self.add(FlagType.ADDED, (), run, what, sentences=n)

    def cosine(self, i: int, j: int) -> float:
        return float(self.src.vectors[i] @ self.tgt.vectors[j])

    def far_below_typical(self, cos: float) -> bool:
        """Whether a pair this alike is much less alike than the document's typical 1-1 pair."""
        return self.typical is not None and cos < self.typical - self.cfg.unrelated_drop

    @staticmethod
    def closer(side: SideData, vector: np.ndarray, cos: float) -> int:
        """How many sentences of ``side`` are more alike to ``vector`` than ``cos``."""
        return int((side.vectors @ vector > cos).sum())

    def weakest(self, side: SideData, members: tuple[int, ...], other: np.ndarray) -> tuple[list[float], int, float]:
        """Each member sentence's cosine with the other side's run, the least alike one (its
        place in ``members``), and how far it falls below the best."""
        cosines = [float(side.vectors[k] @ other) for k in members]
        weakest = int(np.argmin(cosines))
        return cosines, weakest, max(cosines) - cosines[weakest]

    def unrelated(self, bead: Bead) -> bool:
        """Flag a pair whose most alike source and target sentences each have several better
        partners elsewhere and are much less alike than the document's typical 1-1 pair.

        (Sentence by sentence, not run by run: the sum of two unrelated sentences' vectors
        drifts towards what every sentence of the article shares, and looks related.)"""
        cos, i, j = max((self.cosine(i, j), i, j) for i in bead.src for j in bead.tgt)
        if not self.far_below_typical(cos):
            return False
        better_for_source = self.closer(self.tgt, self.src.vectors[i], cos)
        better_for_target = self.closer(self.src, self.tgt.vectors[j], cos)
        if min(better_for_source, better_for_target) < self.cfg.unrelated_rank:
            return False
        self.add(
            FlagType.LOW_CONFIDENCE,
            bead.src,
            bead.tgt,
            f"source {_range(bead.src)} and target {_range(bead.tgt)} look unrelated (similarity {cos:.2f}, the "
            f"document's typical pair {self.typical:.2f}; {better_for_source} other target and {better_for_target} "
            "other source sentences are closer): a dropped sentence and an added one in the same place?",
            similarity=round(cos, 4),
            typical=round(self.typical or 0.0, 4),
            closer_targets=better_for_source,
            closer_sources=better_for_target,
        )
        return True

    def pair(self, bead: Bead) -> None:
        src_text = self.source.text(bead.src)
        tgt_text = self.target.text(bead.tgt)
        flagged = False
        copy = self.copied(src_text, tgt_text)
        if copy >= self.cfg.copy_similarity:
            self.add(
                FlagType.UNTRANSLATED,
                bead.src,
                bead.tgt,
                f"target {_range(bead.tgt)} is a copy of its source ({copy:.0%} the same characters)",
                similarity=round(copy, 4),
            )
            return
        for j in bead.tgt:
            flagged = self.untranslated_clauses(bead.src, j) or flagged
        if flagged or self.unrelated(bead):
            return
        only_src, only_tgt = numbers.mismatch(src_text, tgt_text, self.source.lang, self.target.lang)
        if only_src or only_tgt:
            parts = []
            if only_src:
                parts.append(f"source has {', '.join(map(numbers.readable, only_src))}")
            if only_tgt:
                parts.append(f"target has {', '.join(map(numbers.readable, only_tgt))}")
            self.add(
                FlagType.NUMBER_MISMATCH,
                bead.src,
                bead.tgt,
                "numbers differ: " + "; ".join(parts),
                source_only=only_src,
                target_only=only_tgt,
            )
            flagged = True
        flagged = self.partial(bead) or flagged
        flagged = self.added_inside(bead) or flagged
        if not flagged and bead.score < self.cfg.low_confidence:
            self.add(
                FlagType.LOW_CONFIDENCE,
                bead.src,
                bead.tgt,
                f"the aligner is unsure of this {bead.kind} pair (score {bead.score:.2f})",
                score=bead.score,
            )

    def clauses(self, side: str, idx: tuple[int, ...]) -> list[Clause]:
        assert self.texts is not None
        sentences = self.source.sentences if side == "src" else self.target.sentences
        original = self.texts[0] if side == "src" else self.texts[1]
        return [c for k in idx for c in split_clauses(original, sentences[k])]

    def untranslated_sentence(self, src: tuple[int, ...], j: int) -> bool:
        """Flag target sentence j when the whole of it is in the source language."""
        prob = self.in_source_language(self.target.sentences[j].text)
        if prob < self.cfg.untranslated_probability:
            return False
        self.add(
            FlagType.UNTRANSLATED,
            src,
            (j,),
            f"target {j} is in {self.source.lang}, the source language, not {self.target.lang} (p = {prob:.2f})",
            language=self.source.lang,
            probability=round(prob, 4),
        )
        return True

    def untranslated_clauses(self, src: tuple[int, ...], j: int) -> bool:
        """Flag target sentence j, or the clauses of it, that are in the source language."""
        if self.texts is None or not self.can_identify:
            return self.untranslated_sentence(src, j)
        clauses = self.clauses("tgt", (j,))
        runs: list[list[tuple[Clause, float]]] = [[]]
        for clause in clauses:
            prob = self.in_source_language(_common_words(clause.text))
            if prob >= self.cfg.untranslated_probability:
                runs[-1].append((clause, prob))
            elif _letters(clause.text) >= self.cfg.untranslated_min_letters:
                runs.append([])
        if len(runs) == 1 and len(runs[0]) == len(clauses) and clauses and self.untranslated_sentence(src, j):
            return True
        found = False
        for run in runs:
            if not run or sum(_letters(c.text) for c, _ in run) < self.cfg.clause_min_letters:
                continue
            text = " ".join(c.text for c, _ in run)
            prob = min(p for _, p in run)
            self.add(
                FlagType.UNTRANSLATED,
                src,
                (j,),
                f"part of target {j} is in {self.source.lang}, the source language: «{_clip(text)}» (p = {prob:.2f})",
                tgt_span=(run[0][0].start, run[-1][0].end),
                text=text,
                language=self.source.lang,
                probability=round(prob, 4),
            )
            found = True
        return found

    def partial(self, bead: Bead) -> bool:
        cfg = self.cfg
        lengths = self.src.lengths[list(bead.src)]
        expected = float(lengths.sum()) * self.scale
        actual = float(self.tgt.lengths[list(bead.tgt)].sum())
        ratio = actual / max(expected, 1.0)
        if len(bead.src) > 1:
            if ratio >= cfg.partial_length:
                return False
            if self.partial_by_cosine(bead, lengths, actual, ratio):
                return True
        if ratio >= cfg.partial_single_length or expected < 60:
            return False
        what = "its source" if len(bead.src) == 1 else f"its {len(bead.src)} source sentences"
        self.add(
            FlagType.PARTIALLY_DROPPED,
            bead.src,
            bead.tgt,
            f"the translation is {ratio:.0%} of the length expected for {what}",
            length_ratio=round(ratio, 3),
        )
        return True

    def added_inside(self, bead: Bead) -> bool:
        """In a pair with several target sentences, one that the source does not explain: much
        less similar to the source than the rest, which alone are about the source's length
        (an added sentence the DP took into a merge)."""
        cfg = self.cfg
        if len(bead.tgt) < 2:
            return False
        cosines, weakest, gap = self.weakest(self.tgt, bead.tgt, self.vector(self.src, bead.src))
        lengths = self.tgt.lengths[list(bead.tgt)]
        expected = float(self.src.lengths[list(bead.src)].sum()) * self.scale
        rest = float(lengths.sum()) - float(lengths[weakest])
        if gap < cfg.added_gap or rest / max(expected, 1.0) < cfg.added_rest_length:
            return False
        j = bead.tgt[weakest]
        if _letters(self.target.sentences[j].text) < cfg.added_min_letters:
            return False
        own = max(self.cosine(i, j) for i in bead.src)
        if not self.far_below_typical(own):
            return False
        closer = self.closer(self.src, self.tgt.vectors[j], own)
        if closer < cfg.unrelated_rank:
            return False
        self.add(
            FlagType.ADDED,
            (),
            (j,),
            f"target {j} seems added inside its pair: {gap:.2f} less similar to source {_range(bead.src)} than the "
            f"rest of the translation, which alone is {rest / max(expected, 1.0):.0%} of the expected length; "
            f"{closer} other source sentences are closer to it",
            severity=Severity.WARNING,
            sentence=j,
            cosines=[round(c, 4) for c in cosines],
            similarity=round(own, 4),
            typical=round(self.typical or 0.0, 4),
            closer_sources=closer,
        )
        return True

    def partial_by_cosine(self, bead: Bead, lengths: np.ndarray, actual: float, ratio: float) -> bool:
        """In a short translation of several sentences, the one it seems to leave out."""
        cfg = self.cfg
        cosines, weakest, gap = self.weakest(self.src, bead.src, self.vector(self.tgt, bead.tgt))
        rest = (float(lengths.sum()) - float(lengths[weakest])) * self.scale
        if gap < cfg.partial_gap or actual / max(rest, 1.0) < cfg.partial_length:
            return False
        i = bead.src[weakest]
        self.add(
            FlagType.PARTIALLY_DROPPED,
            bead.src,
            bead.tgt,
            f"source sentence {i} seems left out of the translation: {gap:.2f} less similar to it than the "
            f"rest, and the translation is {ratio:.0%} of the expected length",
            sentence=i,
            length_ratio=round(ratio, 3),
            cosines=[round(c, 4) for c in cosines],
        )
        return True


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


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _range(idx: tuple[int, ...]) -> str:
    return str(idx[0]) if len(idx) == 1 else f"{idx[0]}-{idx[-1]}"


def find_flags(
    source: Side,
    target: Side,
    beads: tuple[Bead, ...],
    src: SideData,
    tgt: SideData,
    align_cfg: AlignConfig | None = None,
    cfg: FlagConfig | None = None,
    texts: tuple[str, str] | None = None,
) -> tuple[Flag, ...]:
    """All findings about an alignment, in document order.

    ``texts`` (the original source and target texts) enable the check inside sentences:
    a clause left in the source language within an otherwise translated sentence.
    """
    checker = _Checker(source, target, src, tgt, align_cfg or AlignConfig(), cfg or FlagConfig(), texts)
    return tuple(checker.run(beads))
