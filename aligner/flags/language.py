"""The checks of the translation's language: source text left untranslated, whole or in
a clause, or copied."""

from __future__ import annotations

import re

from aligner.clauses import Clause
from aligner.flags.context import Context, Finding, letters
from aligner.model import Bead
from aligner.printable import clip, number, span_range


def untranslated_run(ctx: Context, run: Bead) -> list[Finding]:
    """Target sentences with no source that are in the source language."""
    prob = ctx.in_source_language(ctx.target.text(run.tgt))
    if prob < ctx.cfg.untranslated_probability:
        return []
    lang = ctx.source.lang
    return [
        Finding(
            (),
            run.tgt,
            f"target {span_range(run.tgt)} has no source and is in {lang}, the source language (p = {prob:.2f})",
            {"language": lang, "probability": round(prob, 4)},
        )
    ]


def copied_source(ctx: Context, pair: Bead) -> list[Finding]:
    """A translation that is a copy of its source."""
    copy = ctx.copied(ctx.source.text(pair.src), ctx.target.text(pair.tgt), ctx.cfg.copy_similarity)
    if copy < ctx.cfg.copy_similarity:
        return []
    message = f"target {span_range(pair.tgt)} is a copy of its source ({copy:.0%} the same characters)"
    return [Finding(pair.src, pair.tgt, message, {"similarity": round(copy, 4)})]


def untranslated(ctx: Context, pair: Bead) -> list[Finding]:
    """A target sentence, or clauses inside one, still in the source language."""
    return [finding for j in pair.tgt for finding in _untranslated_in(ctx, pair.src, j)]


def _untranslated_sentence(ctx: Context, src: tuple[int, ...], j: int) -> list[Finding]:
    """Target sentence ``j`` when the whole of it is in the source language."""
    text = ctx.target.sentences[j].text
    if letters(text) < ctx.cfg.sentence_min_letters:
        return []
    prob = ctx.in_source_language(text)
    if prob < ctx.cfg.untranslated_probability:
        return []
    source, target = ctx.source.lang, ctx.target.lang
    return [
        Finding(
            src,
            (j,),
            f"target {number(j)} is in {source}, the source language, not {target} (p = {prob:.2f})",
            {"language": source, "probability": round(prob, 4)},
        )
    ]


def _untranslated_in(ctx: Context, src: tuple[int, ...], j: int) -> list[Finding]:
    """Target sentence ``j`` in the source language, or the runs of its clauses that are.

    A clause too short to identify on its own (``mis laval toimus.``) joins the run of
    clauses next to it when the run, read as one text, is still in the source language.
    """
    cfg = ctx.cfg
    clauses = ctx.target_clauses(j) if ctx.can_identify else None
    if clauses is None:
        return _untranslated_sentence(ctx, src, j)
    runs: list[list[tuple[Clause, float]]] = [[]]  # clauses in the source language (p) or too short to tell (0)
    for clause in clauses:
        prob = ctx.in_source_language(_common_words(clause.text))
        if prob >= cfg.untranslated_probability:
            runs[-1].append((clause, prob))
        elif letters(clause.text) >= cfg.untranslated_min_letters:
            runs.append([])
        else:
            runs[-1].append((clause, 0.0))
    if len(runs) == 1 and all(p for _, p in runs[0]) and clauses:
        whole = _untranslated_sentence(ctx, src, j)
        if whole:
            return whole
    found = []
    for run in runs:
        parts = _in_source_language(ctx, run)
        if not parts or sum(letters(c.text) for c in parts) < cfg.clause_min_letters:
            continue
        text = " ".join(c.text for c in parts)
        prob = ctx.in_source_language(_common_words(text))
        found.append(
            Finding(
                src,
                (j,),
                f"part of target {number(j)} is in {ctx.source.lang}, the source language: «{clip(text)}» "
                f"(p = {prob:.2f})",
                {"text": text, "language": ctx.source.lang, "probability": round(prob, 4)},
                tgt_span=(parts[0].start, parts[-1].end),
            )
        )
    return found


def _in_source_language(ctx: Context, run: list[tuple[Clause, float]]) -> list[Clause]:
    """The clauses of a run that are in the source language: all of them when the run,
    read as one text, is; else those identified on their own, from the first to the last."""
    sure = [k for k, (_, p) in enumerate(run) if p]
    if not sure:
        return []
    whole = [c for c, _ in run]
    if ctx.in_source_language(_common_words(" ".join(c.text for c in whole))) >= ctx.cfg.untranslated_probability:
        return whole
    return whole[sure[0] : sure[-1] + 1]


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
