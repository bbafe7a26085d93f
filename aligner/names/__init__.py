"""Names in a text and its translation, compared as an editor reads them.

Each side is read for the names it gives: first the named things of the language pair's
lexicon (``data/<src>-<tgt>.toml``: parties, courts, ministries and agencies, universities,
places, countries, in their case forms: ``Isamaaga`` is Isamaa, ``Riigikogus`` the
Riigikogu, ``Põlva vallas`` Põlva), then every other capitalised word that is not a
function word, title or date word of its language (``data/<lang>.toml``): a person, a
village, a name the lexicon lacks. :func:`compare` pairs what the two sides name:

1. named things of the lexicon by their key (``Harju maakohus`` = ``Harju County Court``);
2. other names letter by letter, through case endings (``Kaasikule`` = ``Kaasik``),
   transliteration (``Zahharov`` = ``Zakharov``, ``Jaakob`` = ``Jacob``) and lost
   diacritics (``Nõmm`` = ``Nomm``).

A name with no counterpart is not wrong in itself: translators add glosses, drop first
names, write "the minister" for a name. A *mismatch* is a name on one side whose place on
the other holds a different name of the same kind: a party, court, body, university, place
or country of the lexicon that each side has and the other lacks (``Harju maakohus`` /
``Tartu County Court``), or a person whose surname both sides share under different first
names (``Henri Kaasik`` / ``Mattias Kaasik``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from aligner.names.lexicon import Form, Language, Lexicon, lookalike, skeleton

__all__ = ["Mismatch", "Name", "NameComparison", "compare", "names", "same_first_name", "same_name", "shared_names"]

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = ".!?:;…"
"""A word after one of these (or first) may be capitalised only for where it stands..."""
_QUOTES = "\"'„“”«»–—("
"""...and so may one after a quote or dash that follows one (an opening quote)."""
FIRST_NAME_ALIKE = 0.7
"""Two first names this alike, letter by letter, are one name spelt two ways..."""
SHORT_NAME = 6
"""...when both have at least this many letters: a letter changed in a shorter name makes
another name (Mart / Mari, Kask / Kaas), and so does any change but a slip (see
:func:`same_first_name`)."""
_VOWELS = "aeiouõäöüy"
NAME_ALIKE = 0.8
"""Other names this alike are one name spelt two ways (a transliteration)."""
PLACE = "place"
"""The lexicon's kind of towns, municipalities and counties, which contain one another."""


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    initial: bool


@dataclass(frozen=True)
class Name:
    """A name one side gives: a named thing of the lexicon (``kind`` and ``key``) or another
    capitalised word (``kind`` None, ``key`` the word)."""

    text: str
    """As the text writes it (``Harju maakohus``, ``Kaasikule``)."""
    kind: str | None
    key: str
    """What it names: the lexicon's name (``Harju County Court``) or the word itself."""
    first: int
    last: int
    """Its first and last word, counted in its text."""
    initial: bool = False
    """Whether it opens a sentence, where any word is capitalised."""


@dataclass(frozen=True)
class Mismatch:
    """A name on one side whose place on the other holds a different name of its kind."""

    kind: str
    """``person`` or a kind of the lexicon: ``party``, ``court``, ``body``, ``place`` ..."""
    source: list[str]
    """The source's names, as written."""
    source_keys: list[str]
    """What they name, in the lexicon's words (the names themselves for people)."""
    target: list[str]


@dataclass(frozen=True)
class NameComparison:
    """What the names of a text and its translation say about each other."""

    shared: list[str] = field(default_factory=list)
    """Names both sides give (the lexicon's key, or the source's form)."""
    only_src: list[str] = field(default_factory=list)
    """Names of the source the translation does not give, as written."""
    only_tgt: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _WORD.finditer(text):
        before = text[: m.start()].rstrip()
        while before and before[-1] in _QUOTES:
            before = before[:-1].rstrip()
        out.append(_Token(m.group(), m.start(), m.end(), not before or before[-1] in _SENTENCE_END))
    return out


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Whether two words stand side by side in one name: only spaces (or the hyphen of
    ``Maksu- ja Tolliamet``) between them."""
    return not text[left.end : right.start].replace("-", " ").strip()


def _word_fits(form_word: str, word: str, last: bool, lang: Language) -> bool:
    """Whether ``word`` is ``form_word`` of a lexicon form, in a case form if it is the last."""
    written = form_word.rstrip("-")
    prefix = written.endswith("*")
    written = written.rstrip("*")
    if written[:1].isupper() and not word[:1].isupper():
        return False
    w, f = _bare(word).lower(), written.lower()
    if prefix:
        return w.startswith(f)
    if w == f:
        return True
    return last and w.startswith(f) and lang.inflects(w[len(f) :])


def _bare(word: str) -> str:
    """A word without an English possessive (``Kaasik's``, ``Estonians'``)."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _fits(form: Form, tokens: list[_Token], i: int, text: str, lang: Language) -> bool:
    k = len(form.words)
    if i + k > len(tokens):
        return False
    if any(not _adjacent(text, tokens[i + m], tokens[i + m + 1]) for m in range(k - 1)):
        return False
    if not all(_word_fits(form.words[m], tokens[i + m].text, m == k - 1, lang) for m in range(k)):
        return False
    if form.ordinary and tokens[i].initial:  # "Laeva kapten ...": the ship's, not Laeva's
        j = i + k
        return j < len(tokens) and _adjacent(text, tokens[j - 1], tokens[j]) and lang.marks_place(tokens[j].text)
    if form.alone:  # a word that is also a common word ("Center") counts as a name only on its own
        before = i > 0 and tokens[i - 1].text[:1].isupper() and _adjacent(text, tokens[i - 1], tokens[i])
        j = i + k
        after = j < len(tokens) and tokens[j].text[:1].isupper() and _adjacent(text, tokens[j - 1], tokens[j])
        return not before and not after
    return True


def names(text: str, lang: str, other_lang: str, side: int = 0) -> list[Name]:
    """The names ``text`` gives, read with the lexicon of its pair with ``other_lang`` (``side``
    0: ``text`` is the source of the pair; 1: the target)."""
    lexicon = Lexicon.of(lang, other_lang) if side == 0 else Lexicon.of(other_lang, lang)
    language = Language.of(lang)
    tokens = _tokens(text)
    found: list[Name] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        form = next((f for f in lexicon.candidates(side, token.text) if _fits(f, tokens, i, text, language)), None)
        if form is not None:
            last = i + len(form.words) - 1
            found.append(Name(text[token.start : tokens[last].end], form.kind, form.key, i, last, token.initial))
            i = last + 1
            continue
        word = _bare(token.text)
        if word[:1].isupper() and len(word) > 1 and not word.isdigit() and not language.is_common(word):
            found.append(Name(token.text, None, word, i, i, token.initial))
        i += 1
    return found


def same_name(a: str, b: str, lang_a: Language, lang_b: Language, alike: float = NAME_ALIKE) -> bool:
    """Whether two words are one name: the same letters but for a case ending, a
    transliteration or lost diacritics, or at least ``alike`` of them."""
    s, t = skeleton(_bare(a)), skeleton(_bare(b))
    if s == t:
        return True
    for x, y, lang in ((s, t, lang_a), (t, s, lang_b)):
        short_ok = x[len(y) : len(y) + 1] == "-"  # an abbreviation's ending: PPA-st
        if lang.inflected and (len(y) >= 3 or short_ok) and x.startswith(y) and lang.inflects(x[len(y) :], loose=True):
            return True
    shape = _vowels_as_one(s)
    if len(shape) - shape.count("V") >= 3 and shape == _vowels_as_one(t):
        return True  # one vowel for another: Volodõmõr / Volodymyr
    # short names that differ by a letter or two are other names (Kask / Kaasik, Lepp / Lapp)
    return min(len(s), len(t)) >= SHORT_NAME and difflib.SequenceMatcher(None, s, t).ratio() >= alike


def same_first_name(a: str, b: str, lang_a: Language, lang_b: Language) -> bool:
    """Whether two first names are one person's: as :func:`same_name`, more loosely (a long
    first name misspelt: Kristjan / Kristian), but a short one only misspelt as a hand or an
    eye slips: two letters swapped (Mrat / Mart), a letter read for one that looks like it
    (Karl / Kari), an initial ``h`` its language drops (Hardo / Ardo). Any other letter
    changed is another name: Mart / Mari / Mati, Jaan / Jaak."""
    if same_name(a, b, lang_a, lang_b, FIRST_NAME_ALIKE):
        return True
    s, t = skeleton(_bare(a)), skeleton(_bare(b))
    shorter, longer = sorted((s, t), key=len)
    if len(shorter) >= 5 and longer.startswith(shorter):
        return True  # one form the other's beginning: Kristuses / Christ (krist-), Christoph / Christopher
    if min(len(s), len(t)) >= SHORT_NAME:
        return False
    if len(s) == len(t):
        diff = [k for k in range(len(s)) if s[k] != t[k]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and s[diff[0]] == t[diff[1]] and s[diff[1]] == t[diff[0]]:
            return True
        if len(diff) == 1 and lookalike(s[diff[0]], t[diff[0]]):
            return True
    for x, y, lang in ((s, t, lang_a), (t, s, lang_b)):
        if x[:1] in lang.dropped_initials and x[1:2] in _VOWELS and x[1:] == y:
            return True
    return False


def _vowels_as_one(word: str) -> str:
    return re.sub(f"[{_VOWELS}]", "V", word)


@dataclass
class _Reading:
    text: str
    names: list[Name]
    tokens: list[_Token]
    lang: Language
    partner: dict[int, int] = field(default_factory=dict)
    """Which name of the other side each unknown name was paired with (by position)."""

    def last_in_run(self, k: int) -> bool:
        """Whether name ``k`` ends its run of capitalised words (a surname, not ``David`` of
        ``David Pinkney``)."""
        if k + 1 >= len(self.names):
            return True
        after = self.names[k + 1]
        return after.first != self.names[k].last + 1 or not _adjacent(
            self.text, self.tokens[self.names[k].last], self.tokens[after.first]
        )

    def before(self, k: int) -> int | None:
        """The unknown name right before name ``k`` in the same run of capitalised words."""
        if k == 0:
            return None
        prev, name = self.names[k - 1], self.names[k]
        if prev.kind is not None or prev.last != name.first - 1:
            return None
        return k - 1 if _adjacent(self.text, self.tokens[prev.last], self.tokens[name.first]) else None


def _read(text: str, lang: str, other: str, side: int) -> _Reading:
    found = names(text, lang, other, side)
    return _Reading(text, found, _tokens(text), Language.of(lang))


def compare(src: str, tgt: str, src_lang: str, tgt_lang: str) -> NameComparison:
    """The names of ``src`` and ``tgt`` paired where they agree; the rest, and mismatches."""
    a, b = _read(src, src_lang, tgt_lang, 0), _read(tgt, tgt_lang, src_lang, 1)
    _pair_unknown(a, b)
    keys_a = {n.key for n in a.names if n.kind}
    keys_b = {n.key for n in b.names if n.kind}
    shared = sorted(keys_a & keys_b) + [a.names[k].key for k in sorted(a.partner)]
    mismatches = _person_mismatches(a, b) + _kind_mismatches(a, b, keys_a, keys_b)
    only_a = [n for k, n in enumerate(a.names) if _unpaired(a, k, keys_b)]
    only_b = [n for k, n in enumerate(b.names) if _unpaired(b, k, keys_a)]
    strangers = _strangers(only_a, mismatches, 0), _strangers(only_b, mismatches, 1)
    if all(strangers) or (any(strangers) and not shared):
        # each side also names someone the other does not, or the sides share no name and
        # one names someone the other does not: two different sentences (a pair the aligner
        # got wrong), not one sentence with a name changed
        mismatches = []
    return NameComparison(shared, [n.text for n in only_a], [n.text for n in only_b], mismatches)


def _strangers(unpaired: list[Name], mismatches: list[Mismatch], side: int) -> bool:
    """Whether a side gives a name outside the lexicon, beyond those of the mismatches, that
    the other side does not give."""
    in_mismatch = {w for m in mismatches for t in (m.source if side == 0 else m.target) for w in t.split()}
    return any(n.kind is None and n.text not in in_mismatch for n in unpaired)


def _unpaired(side: _Reading, k: int, other_keys: set[str]) -> bool:
    """Whether name ``k`` has no counterpart; an unknown word opening a sentence is no name
    unless the other side has it (it may be capitalised only for where it stands)."""
    name = side.names[k]
    if name.kind is not None:
        return name.key not in other_keys
    return k not in side.partner and not name.initial


def _pair_unknown(a: _Reading, b: _Reading) -> None:
    """Pair the names outside the lexicon one to one, in order, where they are one name."""
    taken: set[int] = set()
    for k, name in enumerate(a.names):
        if name.kind is not None:
            continue
        for m, other in enumerate(b.names):
            if other.kind is None and m not in taken and same_name(name.key, other.key, a.lang, b.lang):
                a.partner[k], b.partner[m] = m, k
                taken.add(m)
                break


_CONTRACTION = re.compile(r"['’](t|s|re|ve|ll|d|m)$", re.IGNORECASE)
"""A word ending as a contraction (Wasn't, Isn't, Didn’t): never a first name."""


def _person_mismatches(a: _Reading, b: _Reading) -> list[Mismatch]:
    """A surname both sides give, under a first name each gives and the other does not."""
    out = []
    for k, m in a.partner.items():
        first_a, first_b = a.before(k), b.before(m)
        if first_a is None or first_b is None or first_a in a.partner or first_b in b.partner:
            continue
        if not a.last_in_run(k) or not b.last_in_run(m):
            continue
        fa, fb = a.names[first_a], b.names[first_b]
        # a first word opening its sentence may be capitalised only for where it stands
        # ("Endine FBI" / "Former FBI"); it is no name when its language's list of common
        # words has it, which is why no such word reached this far ("Former" is not a
        # name): "Henri Kaasik ütles" / "Mattias Kaasik said" is still two people
        if _CONTRACTION.search(fa.text) or _CONTRACTION.search(fb.text):
            continue  # "Eks Aabraham" / "Wasn't Abraham": a verb opening a question, no first name
        if same_first_name(fa.key, fb.key, a.lang, b.lang) or _said_elsewhere(fa, b) or _said_elsewhere(fb, a):
            continue
        source = f"{fa.text} {a.names[k].text}"
        out.append(Mismatch("person", [source], [source], [f"{fb.text} {b.names[m].text}"]))
    return out


def _said_elsewhere(name: Name, other: _Reading) -> bool:
    """Whether the other side gives this first name anywhere (names swapped, not changed)."""
    return any(n.kind is None and same_first_name(name.key, n.key, other.lang, other.lang) for n in other.names)


def _kind_mismatches(a: _Reading, b: _Reading, keys_a: set[str], keys_b: set[str]) -> list[Mismatch]:
    """Named things of one kind that each side has and the other lacks."""
    out = []
    kinds = dict.fromkeys(n.kind for n in a.names if n.kind)
    for kind in kinds:
        only_a = [n for n in a.names if n.kind == kind and n.key not in keys_b]
        only_b = [n for n in b.names if n.kind == kind and n.key not in keys_a]
        if kind == PLACE:
            # a place inside another is a part of it, and one spelt alike is itself:
            # Põhja-Pärnumaa / "northern Pärnu County", Setumaa / Setomaa
            only_a = [n for n in only_a if not any(_near(n.key, o.key) for o in only_b)]
            only_b = [n for n in only_b if not any(_near(n.key, o.key) for o in only_a)]
        if only_a and only_b:
            out.append(
                Mismatch(
                    str(kind),
                    list(dict.fromkeys(n.text for n in only_a)),
                    list(dict.fromkeys(n.key for n in only_a)),
                    list(dict.fromkeys(n.text for n in only_b)),
                )
            )
    return out


def _near(x: str, y: str) -> bool:
    sx, sy = skeleton(x), skeleton(y)
    return sx in sy or sy in sx or difflib.SequenceMatcher(None, sx, sy).ratio() >= NAME_ALIKE


def shared_names(src: str, tgt: str, src_lang: str, tgt_lang: str) -> tuple[int, int, int]:
    """Whether two texts are about the same people and things, as counts: names both give,
    names only the source gives, names only the target gives (see :func:`compare`).

    Cheap evidence for pairing sentences: two sentences about the same people share names;
    a name only one side gives is weak evidence against (translators gloss and drop names).
    """
    found = compare(src, tgt, src_lang, tgt_lang)
    return len(found.shared), len(found.only_src), len(found.only_tgt)
