"""Language-aware sentence splitting with offsets into the original text.

The base splitter is Wikimedia's ``sentencex`` (rules for ~300 languages). It knows no
Estonian ordinals or lower-case Estonian abbreviations, and splits ``14. märtsil``,
``2023. a.`` or ``vt. lk. 5``; our rules then join a split that is not a sentence end:
a fragment that ends with an abbreviation which never closes a sentence, or a fragment
followed by one that starts in lower case, in any script (a new sentence starts with a
capital, a digit or a quote in every language we align; a lower-case start means the full
stop belonged to an ordinal, a date or an abbreviation). Russian ``т.д.`` / ``т.п.``
before a capital end a sentence, which the base splitter does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aligner.model import Document, Paragraph, Sentence
from aligner.numbers import MONTH_DATE

# Abbreviations after which a sentence never ends (lower-cased, with their full stop).
# ``jne.``, ``jm.``, ``jt.``, ``vms.``, ``mln.``, ``mld.`` and ``a.`` are not here: they
# can close a sentence, and are joined only when a lower-case word follows.
_NON_FINAL = {
    "et": {
        "hr.",
        "pr.",
        "dr.",
        "prof.",
        "nt.",
        "vt.",
        "lk.",
        "ca.",
        "u.",
        "nn.",
        "s.o.",
        "st.",
        "vrd.",
        "tel.",
        "nr.",
        "sh.",
        "k.a.",
        "e.m.a.",
        "m.a.j.",
        "p.s.",
        "mh.",
        "tn.",
        "pst.",
        "mnt.",
        "kl.",
        "dots.",
        "dir.",
        "kd.",
        "toim.",
        "sm.",
        "lp.",
    },
    "en": {
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "st.",
        "sr.",
        "jr.",
        "no.",
        "vs.",
        "e.g.",
        "i.e.",
        "cf.",
        "gen.",
        "gov.",
        "sen.",
        "rep.",
        "rev.",
        "capt.",
        "col.",
        "lt.",
        "sgt.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "approx.",
        "fig.",
        "vol.",
        "pp.",
        "p.",
    },
    # "то есть", "так как", "так называемый", "в том числе", "например", "смотри", "улица",
    # "имени", titles, "рисунок", "страница", "телефон" (not "г.", "тыс.", "млн.": those
    # end sentences, "в 2025 г.").
    "ru": {
        "т.е.",
        "т.к.",
        "т.н.",
        "т.ч.",
        "напр.",
        "см.",
        "ул.",
        "им.",
        "проф.",
        "акад.",
        "рис.",
        "стр.",
        "тел.",
    },
}
_LAST_WORD = re.compile(r"(\S+)\s*$")
_FIRST_LETTER = re.compile(r"^[\s\"'„“”«»‘’(\[]*([^\W\d_])")
# Abbreviations that may close a sentence but that the base splitter never splits after
# (they are in its own lists): a capitalised word after them starts a new sentence.
_MAY_END = {"ru": re.compile(r"(?:(?<=\s)|^)(?:т\.\s?д\.|т\.\s?п\.|др\.)(?=\s+[\"„«(]*[А-ЯЁA-Z])")}
_WHITESPACE = re.compile(r"\s+")
_RANGE_START = re.compile(r"^[–—-]\s?\d")
_EN_WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
# An initial (``J.``) or a one-letter abbreviation inside a name: never a sentence end
# when a capitalised word follows, as in ``J. R. R. Tolkien``.
_INITIAL = re.compile(r"(?:^|\s)[^\W\d_]\.\s*$")


def _base_split(lang: str, text: str) -> list[str]:
    from sentencex import segment as sentencex_segment

    try:
        parts = list(sentencex_segment(lang, text))
    except (KeyError, ValueError, LookupError):
        parts = list(sentencex_segment("en", text))
    return parts


def _spans(text: str, parts: Iterable[str]) -> list[tuple[int, int]]:
    """Locate the splitter's parts in ``text`` as [start, end) spans, in order."""
    spans = []
    cursor = 0
    for part in parts:
        core = part.strip()
        if not core:
            continue
        found = text.find(core, cursor)
        if found < 0:  # the splitter changed the text: keep what is left as one span
            break
        spans.append((found, found + len(core)))
        cursor = found + len(core)
    rest = text[cursor:].strip()
    if rest:
        lo = text.index(rest, cursor)
        spans.append((lo, lo + len(rest)))
    return spans


def _joins(lang: str, left: str, right: str) -> bool:
    """Whether the boundary between ``left`` and ``right`` is a false split."""
    first = _FIRST_LETTER.match(right)
    if first and first.group(1).islower():
        return True
    if _RANGE_START.match(right) and re.search(r"\d\.\s*$", left):
        return True  # a range of ordinals or dates: "1.–3. klass", "14.-16. märts"
    if lang == "en" and re.search(r"\b[ap]\.m\.\s*$", left, re.I):
        if _EN_WEEKDAY.match(right) or MONTH_DATE["en"].match(right):
            return True  # "at 5 p.m. Tuesday", "at 9 a.m. March 3"
    match = _LAST_WORD.search(left)
    last = match.group(1).lower().lstrip("(\"'„“«") if match else ""
    if last in _NON_FINAL.get(lang, set()):
        return True
    initial = _INITIAL.search(left)
    if initial is None or not initial.group(0).strip()[0].isupper():
        return False
    return right[:1].isupper() and _short_initials(left)


def _short_initials(left: str) -> bool:
    # ``... Tallinn. A new ...`` ends a sentence with a one-letter word only rarely in
    # Estonian and English; ``A.`` as a one-letter sentence-final word would be "a.".
    word = left.split()[-1]
    return len(word) == 2 and word[0] != "I"


_OPENING = {"et": "„«", "de": "„«»", "ru": "«„"}
_CLOSING = {"et": "“”»", "de": "“»«", "ru": "»“"}
_INNER_END = re.compile(r"[.!?…]+[\"'”“»’)\]]*(?=\s+[\"'„“«(\[]*[A-ZÄÖÜÕŠŽА-ЯЁ0-9])")


def _quoted_ends(text: str, lang: str) -> list[int]:
    """Ends of sentences inside quotations, which the base splitter leaves whole."""
    opening = _OPENING.get(lang, "“‘«")
    closing = _CLOSING.get(lang, "”’»")
    depth = 0
    inside = [0] * (len(text) + 1)
    for k, char in enumerate(text):
        if char == '"':
            depth = 0 if depth else 1
        elif char in opening:
            depth += 1
        elif char in closing:
            depth = max(depth - 1, 0)
        inside[k + 1] = depth
    return [m.end() for m in _INNER_END.finditer(text) if inside[m.start()] > 0]


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of one paragraph of running text."""
    pieces = []
    may_end = _MAY_END.get(lang)
    for start, end in _spans(text, _base_split(lang, text)):
        cut = start
        stops = set(_quoted_ends(text[start:end], lang))
        if may_end:
            stops.update(m.end() for m in may_end.finditer(text[start:end]))
        for stop in sorted(stops):
            pieces.append((cut, start + stop))
            cut = start + stop
        pieces.append((cut, end))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        start += len(text[start:end]) - len(text[start:end].lstrip())
        if start >= end:
            continue
        if merged and _joins(lang, text[merged[-1][0] : merged[-1][1]], text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def normalise_space(text: str) -> str:
    """Collapse runs of white space (line breaks included) to one space."""
    return _WHITESPACE.sub(" ", text).strip()


def segment_paragraph(paragraph: Paragraph, lang: str, first_index: int) -> list[Sentence]:
    """The sentences of one paragraph, numbered from ``first_index``."""
    sentences: list[Sentence] = []
    for start, end in split_sentences(paragraph.text, lang):
        begin, stop = paragraph.span(start, end)
        sentences.append(
            Sentence(
                first_index + len(sentences), normalise_space(paragraph.text[start:end]), begin, stop, paragraph.index
            )
        )
    return sentences


def segment_document(document: Document, segmented: bool = False) -> tuple[Sentence, ...]:
    """Split a document into sentences; with ``segmented``, every non-empty line is one unit."""
    sentences: list[Sentence] = []
    if segmented:
        return _lines_as_units(document)
    for paragraph in document.paragraphs:
        sentences.extend(segment_paragraph(paragraph, document.lang, len(sentences)))
    return tuple(sentences)


def _lines_as_units(document: Document) -> tuple[Sentence, ...]:
    """Each non-blank line of the original text is one unit (for pre-segmented corpora)."""
    units: list[Sentence] = []
    paragraph = 0
    pos = 0
    blank_run = False
    for line in document.text.split("\n"):
        stripped = line.strip()
        if stripped:
            if blank_run and units:
                paragraph += 1
            lead = len(line) - len(line.lstrip())
            units.append(
                Sentence(len(units), normalise_space(stripped), pos + lead, pos + lead + len(stripped), paragraph)
            )
            blank_run = False
        else:
            blank_run = True
        pos += len(line) + 1
    return tuple(units)
