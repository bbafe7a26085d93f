"""The whole job as library calls: read, segment, embed, align, check -> Alignment."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from dataclasses import replace
from typing import BinaryIO

import numpy as np

from aligner.align import Aligned, align_path
from aligner.calibrate import bead_scores, relatedness
from aligner.carry import Anchor, carried, carry_over
from aligner.carry import anchors as anchors_of
from aligner.embed import Embedder, latent_terms_of, load_embedder
from aligner.embed.cache import CachedEmbedder
from aligner.errors import AlignerError, AlignerWarning
from aligner.files import read_text
from aligner.flags import find_flags
from aligner.footers import footer_like
from aligner.joins import Texts, rejoin
from aligner.model import Alignment, Bead, Document, Flag, Sentence, Side
from aligner.moves import leave_out_moved, moved_blocks
from aligner.numbers import fingerprint
from aligner.pairs import Nearest
from aligner.read import read_document
from aligner.relate import separate
from aligner.segment import segment_document
from aligner.settings import Settings
from aligner.sides import SideData, Span, beads_of
from aligner.wording import Wording

__all__ = ["Progress", "Settings", "align_documents", "align_files", "align_texts", "make_embedder", "realign"]


Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``: ``embed`` counts the distinct texts embedded;
``align`` (the search, with moved paragraphs and pairs taken apart) and ``check`` (the
flags) are single steps, reported as 0 of 1 when they start and 1 of 1 when they end."""


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name, behind the on-disk cache unless it is turned off."""
    embedder = load_embedder(settings.model)
    return CachedEmbedder(embedder) if settings.cache else embedder


def embed_sentences(embedder: Embedder, texts: list[str], progress: Progress | None = None) -> np.ndarray:
    """Embed every distinct text once, reporting progress per text.

    A model reads a text's first tokens only (512 for e5): a longer text is embedded by
    that beginning, cut before the model sees it (so a 2 MB line costs what 512 tokens
    cost, and Ctrl-C is never kept waiting), with a warning."""
    clipped = [embedder.clip(t) for t in texts]
    cut = sum(1 for a, b in zip(texts, clipped, strict=True) if a != b)
    if cut:
        warnings.warn(
            f"{cut} sentence{'s are' if cut > 1 else ' is'} longer than the model reads "
            f"({embedder.max_tokens} tokens): embedded by {'their' if cut > 1 else 'its'} beginning",
            AlignerWarning,
            stacklevel=2,
        )
    texts = clipped
    unique = list(dict.fromkeys(texts))
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("embed", min(done, len(unique)), len(unique))

    if progress:
        progress("embed", 0, len(unique))
    vectors = embedder.embed(unique, tick if progress else None)
    row = {t: k for k, t in enumerate(unique)}
    return vectors[[row[t] for t in texts]] if texts else vectors


def _side_data(sentences: tuple[Sentence, ...], vectors: np.ndarray, lang: str, other_lang: str) -> SideData:
    paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
    texts = [s.text for s in sentences]
    numbers = [fingerprint(t, lang, other_lang) for t in texts]
    return SideData.from_texts(vectors, texts, paragraphs, numbers, [footer_like(t, lang) for t in texts])


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def path_around_moves(
    src: SideData, tgt: SideData, settings: Settings, forbidden: frozenset[tuple[int, int]] = frozenset()
) -> tuple[SideData, SideData, Aligned]:
    """The DP's path, aligned again around moved paragraphs when there are any, with the
    sides it was found on (a moved paragraph's sentences left out of the DP's pairs).

    The gap a moved paragraph leaves pulls its neighbours into wrong pairs; aligned again
    with its sentences free to leave out, they keep their partners. ``forbidden``: the
    ``(source, target)`` pairs no 1-1 bead may make.
    """
    cfg = settings.align
    aligned = align_path(src, tgt, cfg, forbidden)
    moves = moved_blocks(src, tgt, beads_of(aligned.spans), cfg.vec_len_power, settings.moves)
    if moves:
        src, tgt = leave_out_moved(src, tgt, moves)
        aligned = align_path(src, tgt, cfg, forbidden)
    return src, tgt, aligned


REALIGN_ROUNDS = 2
"""How many times the DP searches again without the pairs it made that were taken apart.
(A pair that is no translation costs the DP less than leaving both sentences out, so a
gap, a dropped paragraph, is bridged by a diagonal of wrong pairs; taken apart, they leave
their true partners, a sentence or two away, unpaired.)"""


def _taken_apart(path: list[Span], spans: list[Span]) -> set[tuple[int, int]]:
    """The 1-1 pairs of ``path`` that are no longer pairs in ``spans``."""
    kept = {(s.src_start, s.tgt_start) for s in spans if s.is_pair}
    return {(s.src_start, s.tgt_start) for s in path if s.is_pair} - kept


def _pairs(spans: list[Span]) -> set[Span]:
    return {s for s in spans if not s.is_null}


def _align(
    src: SideData,
    tgt: SideData,
    settings: Settings,
    wording: Wording | None = None,
    texts: Texts | None = None,
) -> tuple[Bead, ...]:
    """Align around moved paragraphs; take apart the pairs that are no translation,
    search again without them (see :data:`REALIGN_ROUNDS`); join a left-out sentence to
    the pair beside it that translates it in a clause (``joins.py``, with ``texts``: the
    sentences' texts and the model); score.

    Pairs are taken apart (``relate.py``) only on the path the moves were found on, so
    that a moved run stays whole. ``wording``: the sentences' texts and latent terms,
    when the model gives them (``wording.py``).
    """
    cfg = settings.align
    near = Nearest.of(src, tgt)  # what every pair is compared with (the vectors only: once for every search)
    forbidden: frozenset[tuple[int, int]] = frozenset()
    found = None
    for _ in range(REALIGN_ROUNDS + 1):
        side_s, side_t, aligned = path_around_moves(src, tgt, settings, forbidden)
        spans = separate(
            side_s, side_t, aligned.spans, cfg.unrelated_below, cfg.vec_len_power, near, cfg.same_story_above, wording
        )
        if found is not None and _pairs(spans) == _pairs(found[3]):
            break  # the same pairs: the first search's path stands (its null beads' order too)
        found = (side_s, side_t, aligned, spans)
        apart = _taken_apart(aligned.spans, spans)
        if apart <= forbidden:
            break
        forbidden = forbidden | apart
    assert found is not None
    side_s, side_t, aligned, spans = found
    if texts is not None:
        spans = rejoin(spans, side_s, side_t, texts)
    return beads_of(
        spans, bead_scores(spans, aligned.evidence(spans), relatedness(side_s, side_t, spans, near, wording))
    )


def _align_around(
    src: SideData,
    tgt: SideData,
    settings: Settings,
    anchors: list[Anchor],
    wording: Wording | None = None,
    texts: Texts | None = None,
) -> tuple[Bead, ...]:
    """Align with the ``anchors`` (a person's beads, with where each starts) kept as they
    are: each stretch between two of them is aligned on its own, and a stretch with
    sentences on one side only is left unmatched (score 1.0: nothing else is possible)."""
    if not anchors:
        return _align(src, tgt, settings, wording, texts)

    def stretch(i0: int, i1: int, j0: int, j1: int) -> list[Bead]:
        if i1 > i0 and j1 > j0:
            part = _align(
                src.part(i0, i1),
                tgt.part(j0, j1),
                settings,
                wording and wording.part(i0, j0),
                texts and texts.part(i0, j0),
            )
            return [replace(b, src=tuple(a + i0 for a in b.src), tgt=tuple(c + j0 for c in b.tgt)) for b in part]
        return [Bead((a,), (), 1.0) for a in range(i0, i1)] + [Bead((), (c,), 1.0) for c in range(j0, j1)]

    beads: list[Bead] = []
    i = j = 0
    for start_src, start_tgt, anchor in anchors:
        beads += stretch(i, start_src, j, start_tgt)
        beads.append(anchor)
        i, j = start_src + len(anchor.src), start_tgt + len(anchor.tgt)
    beads += stretch(i, len(src), j, len(tgt))
    return tuple(beads)


def realign(
    alignment: Alignment,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    read_originals: bool = True,
) -> Alignment:
    """Align ``alignment``'s sentences again around the beads a person made or checked
    (``fixed``: kept exactly), and check the result again; review decisions carry over
    as ``align -o`` carries them, and the corrections stay recorded.

    The sentences are the alignment's own (no file is read for them); with
    ``read_originals``, the original texts are read when they are still there,
    unchanged, for the check inside sentences (the review server, which touches no file
    but the alignment, does without it). Without ``settings``, the alignment's own
    (``Settings.from_signature``): its model, thresholds and boilerplate."""
    settings = settings or Settings.from_signature(alignment.signature, alignment.source.path)
    settings = replace(settings, src_lang=alignment.source.lang, tgt_lang=alignment.target.lang)
    embedder = embedder or make_embedder(settings)
    source, target = alignment.source, alignment.target
    originals = (_original(source), _original(target)) if read_originals else (None, None)
    texts = (originals[0], originals[1]) if originals[0] is not None and originals[1] is not None else None
    beads, flags = _align_and_check(source, target, settings, embedder, anchors_of(alignment.beads), texts)
    signature = settings.signature(embedder.model_id)
    fresh = Alignment(source, target, beads, flags, signature, alignment.corrections)
    return carry_over(alignment, fresh)


def _align_and_check(
    source: Side,
    target: Side,
    settings: Settings,
    embedder: Embedder,
    anchors: list[Anchor],
    texts: tuple[str, str] | None,
    progress: Progress | None = None,
) -> tuple[tuple[Bead, ...], tuple[Flag, ...]]:
    """Embed both sides' sentences, align them around the ``anchors`` (a person's beads)
    and run the checks (``texts``: the original texts, for the check inside sentences)."""
    src_sents, tgt_sents = source.sentences, target.sentences
    vectors = embed_sentences(embedder, [s.text for s in src_sents] + [s.text for s in tgt_sents], progress)
    src = _side_data(src_sents, vectors[: len(src_sents)], settings.src_lang, settings.tgt_lang)
    tgt = _side_data(tgt_sents, vectors[len(src_sents) :], settings.tgt_lang, settings.src_lang)
    if progress:
        progress("align", 0, 1)
    terms = latent_terms_of(embedder)
    wording = None
    src_texts, tgt_texts = [s.text for s in src_sents], [s.text for s in tgt_sents]
    if terms is not None:
        wording = Wording(src_texts, tgt_texts, settings.src_lang, settings.tgt_lang, terms)

    def embed(more: list[str]) -> np.ndarray:
        return embed_sentences(embedder, more)

    beads = _align_around(src, tgt, settings, anchors, wording, Texts(src_texts, tgt_texts, embed))
    if progress:
        progress("align", 1, 1)
        progress("check", 0, 1)

    flags = find_flags(
        source, target, beads, src, tgt, settings.align, settings.flags, texts, settings.moves, embed, terms
    )
    if progress:
        progress("check", 1, 1)
    return beads, flags


def _original(side: Side) -> str | None:
    """The text a side was read from, when its file is still there and unchanged."""
    try:
        text = read_text(side.path)
    except AlignerError:
        return None
    return text if _sha256(text) == side.sha256 else None


def align_documents(
    source: Document,
    target: Document,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    previous: Alignment | None = None,
) -> Alignment:
    """Segment, embed, align and check two documents (in their own languages, whatever
    ``settings`` say).

    With ``previous`` (the alignment of an earlier version of the texts, perhaps
    reviewed), every flag whose type and sentences did not change keeps its review.
    """
    settings = settings or Settings()
    settings = replace(settings, src_lang=source.lang, tgt_lang=target.lang)
    embedder = embedder or make_embedder(settings)
    src_side = Side(
        source.lang, source.path, segment_document(source, settings.segmented), _sha256(source.text), source.format
    )
    tgt_side = Side(
        target.lang, target.path, segment_document(target, settings.segmented), _sha256(target.text), target.format
    )
    anchors, corrections = (
        carried(previous, src_side.sentences, tgt_side.sentences) if previous is not None else ([], ())
    )
    beads, flags = _align_and_check(
        src_side, tgt_side, settings, embedder, anchors, (source.text, target.text), progress
    )
    alignment = Alignment(src_side, tgt_side, beads, flags, settings.signature(embedder.model_id), corrections)
    return alignment if previous is None else carry_over(previous, alignment)


def align_files(
    source_path: str,
    target_path: str,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    previous: Alignment | None = None,
    stdin: BinaryIO | None = None,
) -> Alignment:
    """Read two files and align them (see :func:`align_documents`); a path ``-`` reads
    the stream ``stdin``."""
    settings = settings or Settings()
    source = read_document(source_path, settings.src_lang, settings.input_format, stdin=stdin)
    target = read_document(target_path, settings.tgt_lang, settings.input_format, stdin=stdin)
    return align_documents(source, target, settings, embedder, progress, previous)


def align_texts(
    source_text: str,
    target_text: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
) -> Alignment:
    """Align two texts given as strings (plain text, or Markdown/HTML per ``settings``).

    The languages are ``src_lang`` / ``tgt_lang`` where given, else those of ``settings``
    (by default ``et`` and ``en``).
    """
    settings = settings or Settings()
    settings = replace(settings, src_lang=src_lang or settings.src_lang, tgt_lang=tgt_lang or settings.tgt_lang)
    fmt = settings.input_format
    source = read_document("<source>", settings.src_lang, fmt, text=source_text)
    target = read_document("<target>", settings.tgt_lang, fmt, text=target_text)
    return align_documents(source, target, settings, embedder)
