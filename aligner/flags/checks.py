"""The checks, one function each, and ``CHECKS``: the one list that says which run, in what
order, with what type and severity, and which checks each one silences.

A check looks at one unit of an alignment (its ``Scope``: a run of dropped source sentences,
a run of added target sentences, or an aligned pair) and returns what it found there. A new
check is a function here and a line in ``CHECKS``; its tests go in ``tests/flags/``.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from aligner import names, numbers
from aligner.clauses import Clause, char_offsets
from aligner.flags.config import PARTIAL_MIN_EXPECTED
from aligner.flags.context import Context, Finding, letters
from aligner.model import Bead, FlagType, Severity
from aligner.omissions import Omission


class Scope(enum.Enum):
    """What a check looks at, in the order the scopes are checked."""

    DROPPED = "a run of source sentences with no translation"
    ADDED = "a run of target sentences with no source"
    PAIR = "an aligned pair (source and target sentences)"


CheckFunction = Callable[[Context, Bead], Sequence[Finding]]
"""A check: the findings about one unit (a null run is a bead with one side empty)."""


@dataclass(frozen=True)
class Check:
    """A check as the runner sees it."""

    find: CheckFunction
    type: FlagType
    severity: Severity
    """The severity of its findings unless a finding says otherwise."""
    scope: Scope
    silences: tuple[CheckFunction, ...] = ()
    """Later checks that do not run on a unit once this one found something there: a
    finding that explains the unit makes their findings noise."""

    @property
    def name(self) -> str:
        return self.find.__name__

    @property
    def title(self) -> str:
        """What the check looks for: the first line of its docstring."""
        return (self.find.__doc__ or self.name).strip().splitlines()[0]


def _range(idx: tuple[int, ...]) -> str:
    return str(idx[0]) if len(idx) == 1 else f"{idx[0]}-{idx[-1]}"


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _sentences(n: int, side: str) -> str:
    """``1 source sentence`` / ``3 target sentences``."""
    return f"{n} {side} sentence{'s' if n > 1 else ''}"


# --- runs of dropped source sentences -------------------------------------------------------


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
            f"source sentence{'s' if len(d) > 1 else ''} {_range(d)} reappear{'s' if len(d) == 1 else ''} "
            f"as target {_range(a)} (cosine {move.cosine:.2f}, typical pair >= {move.threshold:.2f}): moved, "
            "not dropped",
            {"cosine": round(move.cosine, 4), "threshold": round(move.threshold, 4)},
        )
    ]


def dropped(ctx: Context, run: Bead) -> list[Finding]:
    """Source sentences with no translation (a run of them is one finding)."""
    content = bool(ctx.src.content[list(run.src)].any())
    n = len(run.src)
    message = f"{_sentences(n, 'source')} ({_range(run.src)}) {'have' if n > 1 else 'has'} no translation"
    if not content:
        return [Finding(run.src, (), message + " (no words: a separator)", {"sentences": n}, Severity.INFO)]
    return [Finding(run.src, (), message, {"sentences": n})]


# --- runs of added target sentences ---------------------------------------------------------


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
            f"target {_range(run.tgt)} has no source and is in {lang}, the source language (p = {prob:.2f})",
            {"language": lang, "probability": round(prob, 4)},
        )
    ]


def added(ctx: Context, run: Bead) -> list[Finding]:
    """Target sentences with no source: only ``info`` for known boilerplate or a separator, a
    warning for what reads as a desk's footer ("Follow ... on Facebook")."""
    tgt = run.tgt
    matched = [ctx.boilerplate(ctx.target.sentences[j].text) for j in tgt]
    with_words = [j for j in tgt if ctx.tgt.content[j]]
    pattern = next((m for m in matched if m), None)
    n = len(tgt)
    what = f"{_sentences(n, 'target')} ({_range(tgt)}) {'have' if n > 1 else 'has'} no source"
    if pattern is not None and all(matched[tgt.index(j)] for j in with_words):
        message = f"{what}; matches boilerplate pattern {pattern!r}"
        return [Finding((), tgt, message, {"boilerplate": pattern}, Severity.INFO)]
    if not with_words:
        return [Finding((), tgt, f"{what} (no words: a separator)", severity=Severity.INFO)]
    if all(ctx.tgt.footer[j] for j in with_words):
        text = _clip(" ".join(ctx.target.sentences[j].text for j in with_words))
        message = (
            f"{what}: it reads as a footer the desk adds («{text}»); if the site adds it on purpose, "
            "list it under [flags] boilerplate"
        )
        return [Finding((), tgt, message, {"sentences": n, "footer": True}, Severity.WARNING)]
    return [Finding((), tgt, what, {"sentences": n})]


# --- aligned pairs ----------------------------------------------------------------------------


def copied_source(ctx: Context, pair: Bead) -> list[Finding]:
    """A translation that is a copy of its source."""
    copy = ctx.copied(ctx.source.text(pair.src), ctx.target.text(pair.tgt))
    if copy < ctx.cfg.copy_similarity:
        return []
    message = f"target {_range(pair.tgt)} is a copy of its source ({copy:.0%} the same characters)"
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
            f"target {j} is in {source}, the source language, not {target} (p = {prob:.2f})",
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
                f"part of target {j} is in {ctx.source.lang}, the source language: «{_clip(text)}» (p = {prob:.2f})",
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
            f"source {_range(pair.src)} and target {_range(pair.tgt)} look unrelated (similarity {cos:.2f}, the "
            f"document's typical pair {typical:.2f}; {better_for_source} other target and {better_for_target} "
            "other source sentences are closer): a dropped sentence and an added one in the same place?",
            {
                "similarity": round(cos, 4),
                "typical": round(typical, 4),
                "closer_targets": better_for_source,
                "closer_sources": better_for_target,
            },
        )
    ]


def number_mismatch(ctx: Context, pair: Bead) -> list[Finding]:
    """Numbers, dates, times or amounts that one side has and the other does not.

    An error when each side has a figure the other lacks (a number was changed); a
    warning when only one side has one (left out or added: the evidence is partial), info
    when those are only figures a translator adds or drops by style (a single digit, a
    year, a date: ``numbers.minor``); info too when they agree only after a unit
    conversion, for a person to check the conversion.
    """
    found = numbers.compare(ctx.source.text(pair.src), ctx.target.text(pair.tgt), ctx.source.lang, ctx.target.lang)
    only_src, only_tgt = found.only_src, found.only_tgt
    evidence: dict[str, object] = {"source_only": only_src, "target_only": only_tgt}
    if found.conversions:
        evidence["conversions"] = found.conversions
    if found.rounded:
        evidence["rounded"] = found.rounded
    if not only_src and not only_tgt:
        if not found.conversions:
            return []
        message = "numbers agree after a conversion: " + "; ".join(found.conversions)
        return [Finding(pair.src, pair.tgt, message, evidence, Severity.INFO)]
    parts = []
    if only_src:
        parts.append(f"source has {', '.join(map(numbers.readable, only_src))}")
    if only_tgt:
        parts.append(f"target has {', '.join(map(numbers.readable, only_tgt))}")
    message = "numbers differ: " + "; ".join(parts)
    if found.conversions:
        message += " (agreeing after a conversion: " + "; ".join(found.conversions) + ")"
    severity = None if found.sure else Severity.INFO if found.minor else Severity.WARNING
    if severity is Severity.WARNING and _from_the_lead(ctx, pair, found):
        severity = Severity.INFO
    if severity is Severity.WARNING and not only_tgt and _in_the_left_out_clause(ctx, pair):
        severity = Severity.INFO  # the partially-dropped warning names the clause, figures and all
        message += " (in the clause the translation leaves out)"
    return [Finding(pair.src, pair.tgt, message, evidence, severity)]


def _in_the_left_out_clause(ctx: Context, pair: Bead) -> bool:
    """Whether the source's figures that the translation lacks are all in the clause it
    leaves out (``omissions.py``): one problem, which the ``partially-dropped`` warning names."""
    omission = ctx.omissions.get((pair.src[0], pair.tgt[0])) if len(pair.src) == len(pair.tgt) == 1 else None
    if omission is None:
        return False
    text = ctx.source.sentences[omission.src].text
    rest = (text[: omission.start].rstrip() + " " + text[omission.end :].lstrip()).strip()
    found = numbers.compare(rest, ctx.target.text(pair.tgt), ctx.source.lang, ctx.target.lang)
    return not found.only_src


def _from_the_lead(ctx: Context, pair: Bead, found: numbers.Comparison) -> bool:
    """Whether the first pair (a headline) has figures alone that the other side's next
    sentence gives: a headline may take a figure from the lead, or leave it to the lead."""
    if not pair.src or not pair.tgt or min(pair.src) or min(pair.tgt):
        return False
    if found.only_tgt:
        side, other, lead, figures = ctx.source, ctx.target, max(pair.src) + 1, found.only_tgt
    else:
        side, other, lead, figures = ctx.target, ctx.source, max(pair.tgt) + 1, found.only_src
    if lead >= len(side.sentences):
        return False
    stated = numbers.comparable(side.text((lead,)), side.lang, other.lang)
    return all(figure in stated for figure in figures)


def name_mismatch(ctx: Context, pair: Bead) -> list[Finding]:
    """A person, party, institution or place the translation names differently.

    Only a name whose place holds a different name of its kind (``names.compare``): a name
    one side gives alone is a translator's gloss or omission, not this.
    """
    found = names.compare(ctx.source.text(pair.src), ctx.target.text(pair.tgt), ctx.source.lang, ctx.target.lang)
    if not found.mismatches:
        return []
    parts = []
    for m in found.mismatches:
        source = ", ".join(t if t == k else f"{t} ({k})" for t, k in zip(m.source, m.source_keys, strict=True))
        parts.append(f"source names {source}, the translation {', '.join(m.target)}")
    evidence = {"mismatches": [asdict(m) for m in found.mismatches]}
    return [Finding(pair.src, pair.tgt, "; ".join(parts), evidence)]


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
                    f"source sentence {i} seems left out of the translation: {gap:.2f} less similar to it than "
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
        f"the translation leaves out «{_clip(omission.text)}» of source sentence {omission.src}: it is "
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
            f"target {j} seems added inside its pair: {gap:.2f} less similar to source {_range(pair.src)} than the "
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


_REASONED = (number_mismatch, name_mismatch, partially_dropped, added_inside)
"""The pair checks that say what is wrong with a pair, which a low score alone does not."""

CHECKS: tuple[Check, ...] = (
    Check(moved, FlagType.MOVED, Severity.WARNING, Scope.DROPPED, silences=(dropped, untranslated_run, added)),
    Check(dropped, FlagType.DROPPED, Severity.ERROR, Scope.DROPPED),
    Check(untranslated_run, FlagType.UNTRANSLATED, Severity.ERROR, Scope.ADDED, silences=(added,)),
    Check(added, FlagType.ADDED, Severity.ERROR, Scope.ADDED),
    Check(
        copied_source,
        FlagType.UNTRANSLATED,
        Severity.ERROR,
        Scope.PAIR,
        silences=(untranslated, unrelated, *_REASONED, low_score),
    ),
    Check(untranslated, FlagType.UNTRANSLATED, Severity.ERROR, Scope.PAIR, silences=(unrelated, *_REASONED, low_score)),
    Check(unrelated, FlagType.LOW_CONFIDENCE, Severity.WARNING, Scope.PAIR, silences=(*_REASONED, low_score)),
    Check(number_mismatch, FlagType.NUMBER_MISMATCH, Severity.ERROR, Scope.PAIR, silences=(low_score,)),
    Check(name_mismatch, FlagType.NAME_MISMATCH, Severity.ERROR, Scope.PAIR, silences=(low_score,)),
    Check(partially_dropped, FlagType.PARTIALLY_DROPPED, Severity.WARNING, Scope.PAIR, silences=(low_score,)),
    Check(added_inside, FlagType.ADDED, Severity.WARNING, Scope.PAIR, silences=(low_score,)),
    Check(low_score, FlagType.LOW_CONFIDENCE, Severity.WARNING, Scope.PAIR),
)
"""Every check, in the order they run on a unit; a check silences only checks after it."""
