"""Hand-built alignments for the checks: sentences, topic vectors, beads, a Context."""

from __future__ import annotations

import numpy as np

from aligner.flags import Context, FlagConfig, find_flags
from aligner.model import Bead, Flag, Sentence, Side
from aligner.moves import MoveConfig
from aligner.sides import SideData

SRC = [
    "Valitsus kinnitas neljapäeval järgmise aasta riigieelarve.",
    "Eelarve maht on 7 miljonit eurot.",
    "Opositsioon kritiseeris kärpeid haridusele ja tervishoiule.",
    "Peaminister lubas maksud jätta samaks.",
    "Sama meelt olid ka mitmed ettevõtjad.",
]
SRC_OFFSETS = [sum(len(t) + 1 for t in SRC[:k]) for k in range(len(SRC))]


def side(lang: str, texts: list[str]) -> tuple[Side, str]:
    """A side of one paragraph, one sentence per line, and its original text."""
    sentences, pos, original = [], 0, ""
    for k, t in enumerate(texts):
        sentences.append(Sentence(k, t, pos, pos + len(t), 0))
        original += t + "\n"
        pos += len(t) + 1
    return Side(lang, f"{lang}.txt", tuple(sentences)), original


def vectors(texts: list[str], topics: list[int], dim: int = 32) -> SideData:
    """Sentences with the same topic number get nearly the same vector."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=(max(topics) + 1, dim))
    noise = np.random.default_rng(len(texts)).normal(size=(len(texts), dim)) * 0.05
    v = base[topics] + noise
    return SideData.from_texts(v / np.linalg.norm(v, axis=1, keepdims=True), texts)


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1."""
    out: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return out


def b(src: list[int], tgt: list[int], score: float = 0.95) -> Bead:
    return Bead(tuple(src), tuple(tgt), score)


def context(
    tgt_texts: list[str],
    beads: list[Bead],
    src_topics: list[int],
    tgt_topics: list[int],
    cfg: FlagConfig | None = None,
    src_texts: list[str] = SRC,
) -> Context:
    """The checks' view of an Estonian text (``SRC`` unless given) and its English translation."""
    source, src_text = side("et", src_texts)
    target, tgt_text = side("en", tgt_texts)
    return Context.of(
        source,
        target,
        tuple(beads),
        vectors(src_texts, src_topics),
        vectors(tgt_texts, tgt_topics),
        cfg or FlagConfig(),
        0.5,
        MoveConfig(),
        (src_text, tgt_text),
    )


def flags_for(
    tgt_texts: list[str],
    beads: list[Bead],
    src_topics: list[int],
    tgt_topics: list[int],
    cfg: FlagConfig | None = None,
) -> tuple[Flag, ...]:
    """Every check over the alignment, as ``find_flags`` runs them."""
    source, src_text = side("et", SRC)
    target, tgt_text = side("en", tgt_texts)
    return find_flags(
        source,
        target,
        tuple(beads),
        vectors(SRC, src_topics),
        vectors(tgt_texts, tgt_topics),
        cfg=cfg,
        texts=(src_text, tgt_text),
    )
