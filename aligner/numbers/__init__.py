"""Numbers in a text and its translation, compared as a careful bilingual editor would.

Three readers: ``digits.py`` (figures, dates, times, with the unit after them),
``words.py`` (number words, exact or rough, from a lexicon per language in ``data/``) and
``units.py`` (units of measure and their conversions). :func:`compare` pairs what the
two sides write:

1. figures equal after normalising (``7 miljonit`` = ``$7m``, ``0,5`` = ``0.5``);
2. figures that read the same another way (``kell 18.15`` = ``at 1815``, ``13.05`` = ``13:05``,
   ``kl 19`` = ``at 7``), and a score written as a clock time, in either order (``9:49`` = ``49-9``);
3. measures that agree after a conversion (``10 hektarit`` = ``25 acres``), which are
   reported as conversions, and conversions a translator added in brackets
   (``1,350 km (840 miles)``);
4. figures the other side says in words (``42-aastane`` = ``Forty-two-year-old``,
   ``poolsada`` = ``About 50``), names a month of (``1. juunist`` = ``the first of June``)
   or writes glued to letters (``U18`` = ``under 18``).

What is left is a mismatch: figures on both sides that disagree (sure), or figures on one
side only (partial evidence: an omitted or added detail). For a language with no month
names here, months are not compared at all, so a date never mismatches just because one
side's month went unread.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

from aligner.numbers.digits import MONTH_DATE, Mention, mentions
from aligner.numbers.units import agrees, name, precision
from aligner.numbers.words import Lexicon, WordNumber, month_names, said_roughly, word_numbers

__all__ = [
    "MONTH_DATE",
    "Comparison",
    "Mention",
    "comparable",
    "compare",
    "extract",
    "fingerprint",
    "minor",
    "mismatch",
    "readable",
]


def extract(text: str, lang: str) -> Counter[str]:
    """The figures of a text as canonical strings: ``'7000000'``, ``'0.5'``, ``'month:3'``,
    ``'time:12:30'`` (weak ones, glued to letters, left out)."""
    return Counter(m.token for m in mentions(text, lang) if not m.weak)


def _comparable(found: list[Mention], lang: str, other_lang: str) -> list[Mention]:
    if lang not in MONTH_DATE or other_lang not in MONTH_DATE:
        return [m for m in found if not m.token.startswith("month:")]
    return found


def comparable(text: str, lang: str, other_lang: str) -> Counter[str]:
    """The figures of ``text`` that can be compared with a text in ``other_lang``: months
    only when both languages have their month names here."""
    return Counter(m.token for m in _comparable(mentions(text, lang), lang, other_lang) if not m.weak)


def fingerprint(text: str, lang: str, other_lang: str) -> int:
    """The set of a text's comparable figures as a 63-bit mask, one hashed bit per number.

    The aligner compares the masks of two runs of sentences (a differing bit is a number
    on one side only) without keeping strings per candidate; two numbers sharing a bit
    is rare and only hides one difference.
    """
    mask = 0
    for number in comparable(text, lang, other_lang):
        mask |= 1 << (zlib.crc32(number.encode("utf-8")) % 63)
    return mask


@dataclass(frozen=True)
class Comparison:
    """What the numbers of a text and its translation say about each other."""

    only_src: list[str] = field(default_factory=list)
    """Figures of the source the translation does not have in any form."""
    only_tgt: list[str] = field(default_factory=list)
    """Figures of the translation the source does not have in any form."""
    conversions: list[str] = field(default_factory=list)
    """Measures that agree only after a conversion, for a person to check
    (``10 ha = 25 acre (24.7)``)."""
    rounded: list[str] = field(default_factory=list)
    """Exact figures that agree with a rounded one (``2957 is 3,000 rounded``)."""
    minor: bool = False
    """Only one side has figures the other lacks, and they are ones a translator adds or
    leaves out as a matter of style (see :func:`minor`)."""
    src_written: list[str] = field(default_factory=list)
    """``only_src``'s figures as the source writes them (``45 miljonit``), in text order:
    what the review pages mark."""
    tgt_written: list[str] = field(default_factory=list)
    """``only_tgt``'s figures as the translation writes them."""

    @property
    def sure(self) -> bool:
        """Both sides have a figure the other lacks: a number was changed, not left out."""
        return bool(self.only_src and self.only_tgt)


class _Side:
    """One side's figures and words, and what is still unexplained."""

    def __init__(self, text: str, lang: str, other_lang: str) -> None:
        self.text, self.lang = text, lang
        found = _comparable(mentions(text, lang), lang, other_lang)
        self.all = found
        self.open = [m for m in found if not m.weak]
        self.weak = {m.token for m in found if m.weak}
        # words that belong to a figure ("1 million") are the figure's, not a number of their own
        self.words: list[WordNumber] = [
            w for w in word_numbers(text, lang) if not any(m.start < w.end and w.start < m.end for m in found)
        ]
        self.months = {f"month:{k}" for k in month_names(text, lang)}

    def says(self, mention: Mention) -> bool:
        """Whether this side says ``mention``'s number in words, a month name or weakly."""
        if mention.token in self.weak or mention.token in self.months:
            return True
        if mention.token.startswith("time:") and mention.token.endswith(":00"):
            # "kella kolme ajal" / "at 3am", "kella 11st" / "from 11am": an hour in words or with a case ending
            hour = int(mention.token.split(":")[1])
            hours = {hour, hour % 12, hour + 12 if hour < 12 else hour}
            return any(str(h) in self.weak or any(w.covers(h) for w in self.words) for h in hours)
        value = mention.value
        if value is not None and mention.unit == "percent":
            # "pool" / "50%", "a quarter" / "25%": a share said as a fraction
            return any(w.covers(value) or (w.high <= 1 and w.covers(value / 100)) for w in self.words)
        return value is not None and any(w.covers(value) for w in self.words)


def _readings(mention: Mention, others: bool) -> set[str]:
    return {mention.token, *mention.readings} if others else {mention.token}


def _take_equal(a: _Side, b: _Side) -> None:
    """Pair figures written the same way, or readable the same way, once each."""
    for with_readings in (False, True):
        for mention in list(a.open):
            mine = _readings(mention, with_readings)
            match = next((o for o in b.open if mine & _readings(o, with_readings)), None)
            if match is not None:
                a.open.remove(mention)
                b.open.remove(match)


ROUNDING = 0.1
"""A figure said to be rounded (``nearly 3,000``) agrees with an exact one within this share."""


def _round(value: float) -> bool:
    """Whether a number has at most two significant digits (3000, 2500, 1.5 million, 87)."""
    return len(f"{value:.10g}".replace(".", "").replace("-", "").strip("0")) <= 2


_SCORE_JOIN = re.compile(r"\s?[-–—:]\s?")


def _take_scores(a: _Side, b: _Side) -> None:
    """Pair a score written as a clock time (``9:49``) with its two figures on the other
    side, in either order: a translator may give the winner's first (``49-9``)."""
    for x_side, y_side in ((a, b), (b, a)):
        for x in list(x_side.open):
            if not x.parts:
                continue
            pair = next(
                (
                    (y, z)
                    for y in y_side.open
                    for z in y_side.open
                    if y.end <= z.start
                    and sorted((y.token, z.token)) == sorted(x.parts)
                    and _SCORE_JOIN.fullmatch(y_side.text[y.end : z.start])
                ),
                None,
            )
            if pair is not None:
                x_side.open.remove(x)
                for y in pair:
                    y_side.open.remove(y)


def _take_rounded(a: _Side, b: _Side, notes: list[str]) -> None:
    """Pair a round figure said to be rounded with an exact one near it on the other side."""
    for x_side, y_side in ((a, b), (b, a)):
        for x in list(x_side.open):
            if (
                x.value is None
                or x.value < 10
                or not _round(x.value)
                or not said_roughly(x_side.text, x.start, x_side.lang)
            ):
                continue
            for y in y_side.open:
                if y.value is None or _round(y.value) or said_roughly(y_side.text, y.start, y_side.lang):
                    continue  # an exact figure has three significant digits or more (2957, not 87)
                # one unit off in the last digit is a slip or a change, not a rounding: 3,001 / about 3,000
                off_by_one = abs(abs(y.value - x.value) - 2 * precision(y.written)) < 1e-9
                if abs(y.value - x.value) <= ROUNDING * x.value and not off_by_one:
                    notes.append(f"{y.written} is {x.written} rounded")
                    x_side.open.remove(x)
                    y_side.open.remove(y)
                    break


def _pair_words(a: _Side, b: _Side) -> None:
    """Number words both sides say (``kaks`` and ``two``) explain each other, so neither is
    left to excuse a figure: ``1. augustil ... kaks`` / ``two ... on 2 August`` is 1 against 2."""
    exact_b = Counter(w.low for w in b.words if w.low == w.high)
    paired: Counter[float] = Counter()
    for w in a.words:
        if w.low == w.high and exact_b[w.low] > paired[w.low]:
            paired[w.low] += 1
    for side in (a, b):
        left = Counter(paired)
        kept = []
        for w in side.words:
            if w.low == w.high and left[w.low] > 0:
                left[w.low] -= 1
            else:
                kept.append(w)
        side.words = kept


def _take_conversions(a: _Side, b: _Side, notes: list[str]) -> None:
    """Pair measures that agree after a conversion, either way."""
    for mention in list(a.open):
        for other in list(b.open):
            for x, y in ((mention, other), (other, mention)):
                if x.signed is None or y.signed is None or not x.unit:
                    continue
                converted = agrees(x.signed, x.unit, y.signed, y.unit, y.written)
                if converted is not None:
                    notes.append(_note(x, y, *converted))
                    a.open.remove(mention)
                    b.open.remove(other)
                    break
            else:
                continue
            break


def _take_added_conversions(side: _Side, notes: list[str]) -> None:
    """A measure converted in brackets beside another on the same side (``1,350 km (840
    miles)``) explains itself: the translator added the conversion."""
    for mention in list(side.open):
        if mention.signed is None or not mention.unit:
            continue
        for other in side.all:
            if other is mention or other.signed is None or not other.unit or abs(other.start - mention.start) > 40:
                continue
            converted = agrees(other.signed, other.unit, mention.signed, mention.unit, mention.written)
            if converted is not None:
                notes.append(_note(other, mention, *converted))
                side.open.remove(mention)
                break


def _note(x: Mention, y: Mention, converted: float, unit: str) -> str:
    def shown(m: Mention) -> str:
        return f"-{m.written}" if m.negative else m.written

    return f"{shown(x)} {name(x.unit)} = {shown(y)} {name(unit)} ({converted:.4g})"


def compare(src: str, tgt: str, src_lang: str, tgt_lang: str) -> Comparison:
    """The numbers of ``src`` and ``tgt`` paired in every way they can agree; the rest."""
    a, b = _Side(src, src_lang, tgt_lang), _Side(tgt, tgt_lang, src_lang)
    notes: list[str] = []
    _take_equal(a, b)
    _take_scores(a, b)
    _take_conversions(a, b, notes)
    _take_added_conversions(a, notes)
    _take_added_conversions(b, notes)
    rounded: list[str] = []
    _take_rounded(a, b, rounded)
    _pair_words(a, b)
    left_a = [m for m in a.open if not b.says(m)]
    left_b = [m for m in b.open if not a.says(m)]
    if not left_a or not left_b:
        # a figure in brackets right after another is the translator's aside: a conversion
        # into another currency, an explanation ("€10m ($11.8m)")
        left_a = [m for m in left_a if not _bracketed(m, a.all, src)]
        left_b = [m for m in left_b if not _bracketed(m, b.all, tgt)]
    one_sided = left_a if not left_b else left_b if not left_a else []
    return Comparison(
        sorted(m.token for m in left_a),
        sorted(m.token for m in left_b),
        notes,
        rounded,
        bool(one_sided) and all(minor(m, a.all if one_sided is left_a else b.all) for m in one_sided),
        [src[m.start : m.end] for m in sorted(left_a, key=lambda m: m.start)],
        [tgt[m.start : m.end] for m in sorted(left_b, key=lambda m: m.start)],
    )


def _bracketed(mention: Mention, found: list[Mention], text: str) -> bool:
    """Whether ``mention`` stands in brackets just after another figure of its side."""
    opening = text.rfind("(", 0, mention.start)
    if opening < 0 or ")" in text[opening : mention.start] or opening < mention.start - 12:
        return False
    return any(0 <= opening - other.end <= 30 for other in found if other is not mention)


def minor(mention: Mention, found: list[Mention]) -> bool:
    """A figure one side may have alone without anything being wrong: a single digit
    (spelt out, implied, rephrased: ``Day 1`` for the opening day), a year, or a part of a
    date (``eile`` made ``on Tuesday, 12 March``): a translator adds or drops them by style."""
    if mention.token.startswith("month:") or (mention.token.isdigit() and int(mention.token) < 10):
        return True
    if mention.token.isdigit() and 1800 <= int(mention.token) <= 2099 and len(mention.written) == 4:
        return True
    return any(
        o.token.startswith("month:") and o.start < mention.end and mention.start < o.end
        for o in found
        if o is not mention
    )


def mismatch(src: str, tgt: str, src_lang: str, tgt_lang: str) -> tuple[list[str], list[str]]:
    """Figures only in the source, and figures only in the target (see :func:`compare`)."""
    found = compare(src, tgt, src_lang, tgt_lang)
    return found.only_src, found.only_tgt


def readable(token: str) -> str:
    """A canonical token as a person reads it."""
    if token.startswith("month:"):
        return Lexicon.of("en").months[int(token[6:]) - 1].capitalize()
    if token.startswith(("time:", "race:")):
        return token[5:]
    return token
