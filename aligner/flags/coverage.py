"""The checks of what a translation covers: sentences dropped (or moved) and added, a
clause a pair leaves out, text a pair adds, and pairs that are no translation or that the
aligner is unsure of."""

from __future__ import annotations

import html
import re

from aligner.clauses import char_offsets
from aligner.flags.config import PARTIAL_MIN_EXPECTED
from aligner.flags.context import Context, Finding, letters
from aligner.flags.say import sentences
from aligner.model import Bead, Severity
from aligner.omissions import Omission
from aligner.printable import clip, number, span_range


def moved(ctx: Context, run: Bead) -> list[Finding]:
    """A dropped run that reappears as an added run elsewhere: moved, not dropped."""
    move = next((m for m in ctx.moves if m.source == run.src), None)
    if move is None:
        return []
    d, a = move.source, move.target
    return [
        Finding(
            d,
            a,
            f"source sentence{'s' if len(d) > 1 else ''} {span_range(d)} reappear{'s' if len(d) == 1 else ''} "
            f"as target {span_range(a)} (cosine {move.cosine:.2f}, typical pair >= {move.threshold:.2f}): moved, "
            "not dropped",
            {"cosine": round(move.cosine, 4), "threshold": round(move.threshold, 4)},
        )
    ]


def dropped(ctx: Context, run: Bead) -> list[Finding]:
    """Source sentences with no translation (a run of them is one finding)."""
    content = bool(ctx.src.content[list(run.src)].any())
    n = len(run.src)
    message = f"{sentences(n, 'source')} ({span_range(run.src)}) {'have' if n > 1 else 'has'} no translation"
    if not content:
        return [Finding(run.src, (), message + " (no words: a separator)", {"sentences": n}, Severity.INFO)]
    return [Finding(run.src, (), message, {"sentences": n})]


def added(ctx: Context, run: Bead) -> list[Finding]:
    """Target sentences with no source: only ``info`` for known boilerplate or a separator, a
    warning for what reads as a desk's footer ("Follow ... on Facebook")."""
    tgt = run.tgt
    matched = [ctx.boilerplate(ctx.target.sentences[j].text) for j in tgt]
    with_words = [j for j in tgt if ctx.tgt.content[j]]
    pattern = next((m for m in matched if m), None)
    n = len(tgt)
    what = f"{sentences(n, 'target')} ({span_range(tgt)}) {'have' if n > 1 else 'has'} no source"
    if pattern is not None and all(matched[tgt.index(j)] for j in with_words):
        message = f"{what}; matches boilerplate pattern {pattern!r}"
        return [Finding((), tgt, message, {"boilerplate": pattern}, Severity.INFO)]
    if not with_words:
        return [Finding((), tgt, f"{what} (no words: a separator)", severity=Severity.INFO)]
    if all(ctx.tgt.footer[j] for j in with_words):
        text = clip(" ".join(ctx.target.sentences[j].text for j in with_words))
        message = (
            f"{what}: it reads as a footer the desk adds («{text}»); if the site adds it on purpose, "
            "list it under [flags] boilerplate"
        )
        return [Finding((), tgt, message, {"sentences": n, "footer": True}, Severity.WARNING)]
    return [Finding((), tgt, what, {"sentences": n})]


def unrelated(ctx: Context, pair: Bead) -> list[Finding]:
    """A pair whose two sides look unrelated: a dropped sentence and an added one in one place.

    Its most alike source and target sentences each have several better partners elsewhere
    and are much less alike than the document's typical 1-1 pair. (Sentence by sentence,
    not run by run: the sum of two unrelated sentences' vectors drifts towards what every
    sentence of the article shares, and looks related.)
    """
    cos, i, j = max((ctx.cosine(i, j), i, j) for i in pair.src for j in pair.tgt)
    if not ctx.far_below_typical(cos):
        return []
    better_for_source = ctx.closer(ctx.tgt, ctx.src.vectors[i], cos)
    better_for_target = ctx.closer(ctx.src, ctx.tgt.vectors[j], cos)
    if min(better_for_source, better_for_target) < ctx.cfg.unrelated_rank:
        return []
    typical = ctx.typical or 0.0
    return [
        Finding(
            pair.src,
            pair.tgt,
            f"source {span_range(pair.src)} and target {span_range(pair.tgt)} look unrelated "
            f"(similarity {cos:.2f}, the document's typical pair {typical:.2f}; {better_for_source} other target "
            f"and {better_for_target} other source sentences are closer): a dropped sentence and an added one in "
            "the same place?",
            {
                "similarity": round(cos, 4),
                "typical": round(typical, 4),
                "closer_targets": better_for_source,
                "closer_sources": better_for_target,
            },
        )
    ]


def partially_dropped(ctx: Context, pair: Bead) -> list[Finding]:
    """A translation that covers clearly less than its source.

    A clause of the source that a short translation leaves out (``omissions.py``: without
    it the lengths fit and the source is no less alike), named; in a merged pair that is
    too short, the source sentence much less alike to the translation than the rest, which
    alone explain its length; else, a translation under ``partial_single_length`` of its
    expected length.
    """
    cfg = ctx.cfg
    if len(pair.src) == 1 and len(pair.tgt) == 1 and (pair.src[0], pair.tgt[0]) in ctx.omissions:
        return [_omission(ctx, ctx.omissions[(pair.src[0], pair.tgt[0])])]
    lengths = ctx.src.lengths[list(pair.src)]
    expected = float(lengths.sum()) * ctx.scale
    actual = float(ctx.tgt.lengths[list(pair.tgt)].sum())
    ratio = actual / max(expected, 1.0)
    if len(pair.src) > 1:
        if ratio >= cfg.partial_length:
            return []
        cosines, weakest, gap = ctx.weakest(ctx.src, pair.src, ctx.vector(ctx.tgt, pair.tgt))
        rest = (float(lengths.sum()) - float(lengths[weakest])) * ctx.scale
        i = pair.src[weakest]
        if (
            gap >= cfg.partial_gap
            and actual / max(rest, 1.0) >= cfg.partial_length
            and not ctx.joined_in_a_clause(pair, i)
        ):
            return [
                Finding(
                    pair.src,
                    pair.tgt,
                    f"source sentence {number(i)} seems left out of the translation: {gap:.2f} less similar to it than "
                    f"the rest, and the translation is {ratio:.0%} of the expected length",
                    {"sentence": i, "length_ratio": round(ratio, 3), "cosines": [round(c, 4) for c in cosines]},
                )
            ]
    if ratio >= cfg.partial_single_length or expected < PARTIAL_MIN_EXPECTED:
        return []
    what = "its source" if len(pair.src) == 1 else f"its {len(pair.src)} source sentences"
    message = f"the translation is {ratio:.0%} of the length expected for {what}"
    return [Finding(pair.src, pair.tgt, message, {"length_ratio": round(ratio, 3)})]


def _omission(ctx: Context, omission: Omission) -> Finding:
    """The finding of a clause left out, with its span in the original source text."""
    sentence = ctx.source.sentences[omission.src]
    span = (sentence.start, sentence.end)
    if ctx.texts is not None:
        offsets = char_offsets(ctx.texts[0], sentence)
        clause = (offsets[omission.start], offsets[omission.end - 1] + 1)
        # In a page, an entity or a tag can stand among the characters, and one that ends
        # the clause is not found: the clause's span is kept only where the original, read
        # as a page reads, is the clause, else the sentence's is given.
        shown = html.unescape(re.sub(r"<[^>]*>", " ", ctx.texts[0][clause[0] : clause[1]]))
        if " ".join(shown.split()) == " ".join(omission.text.split()):
            span = clause
    message = (
        f"the translation leaves out «{clip(omission.text)}» of source sentence {number(omission.src)}: it is "
        f"{omission.length_ratio:.0%} of the expected length, {omission.rest_ratio:.0%} of what the rest needs"
    )
    evidence = {
        "text": omission.text,
        "length_ratio": omission.length_ratio,
        "rest_ratio": omission.rest_ratio,
        "similarity_change": omission.change,
    }
    return Finding((omission.src,), (omission.tgt,), message, evidence, src_span=span)


def added_inside(ctx: Context, pair: Bead) -> list[Finding]:
    """A target sentence that the aligner took into a pair but that its source does not explain.

    Much less similar to the source than the rest of the pair, which alone is about the
    source's length, long enough to judge, and unrelated to the source as ``unrelated``
    judges a pair: an added sentence the DP took into a merge.
    """
    cfg = ctx.cfg
    if len(pair.tgt) < 2:
        return []
    cosines, weakest, gap = ctx.weakest(ctx.tgt, pair.tgt, ctx.vector(ctx.src, pair.src))
    lengths = ctx.tgt.lengths[list(pair.tgt)]
    expected = float(ctx.src.lengths[list(pair.src)].sum()) * ctx.scale
    rest = float(lengths.sum()) - float(lengths[weakest])
    if gap < cfg.added_gap or rest / max(expected, 1.0) < cfg.added_rest_length:
        return []
    j = pair.tgt[weakest]
    if letters(ctx.target.sentences[j].text) < cfg.added_min_letters:
        return []
    own = max(ctx.cosine(i, j) for i in pair.src)
    if not ctx.far_below_typical(own):
        return []
    closer = ctx.closer(ctx.src, ctx.tgt.vectors[j], own)
    if closer < cfg.unrelated_rank:
        return []
    return [
        Finding(
            (),
            (j,),
            f"target {number(j)} seems added inside its pair: {gap:.2f} less similar to source "
            f"{span_range(pair.src)} than the "
            f"rest of the translation, which alone is {rest / max(expected, 1.0):.0%} of the expected length; "
            f"{closer} other source sentences are closer to it",
            {
                "sentence": j,
                "cosines": [round(c, 4) for c in cosines],
                "similarity": round(own, 4),
                "typical": round(ctx.typical or 0.0, 4),
                "closer_sources": closer,
            },
        )
    ]


def low_score(ctx: Context, pair: Bead) -> list[Finding]:
    """A pair the aligner is unsure of: its score is under ``low_confidence``."""
    if pair.score >= ctx.cfg.low_confidence:
        return []
    message = f"the aligner is unsure of this {pair.kind} pair (score {pair.score:.2f})"
    return [Finding(pair.src, pair.tgt, message, {"score": pair.score})]
