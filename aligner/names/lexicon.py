"""Knowledge of names as data: a language's case endings and non-names (``data/<lang>.toml``)
and a language pair's lexicon of named things (``data/<src>-<tgt>.toml``)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Language:
    """How one language writes names, as ``data/<lang>.toml`` gives it."""

    inflected: bool = False
    """Whether a name takes case endings (Estonian ``Kaasiku|le``)."""
    endings: frozenset[str] = frozenset()
    stem_vowels: frozenset[str] = frozenset()
    """Vowels a consonant-final name adds before an ending (``Kaasik`` -> ``Kaasiku|t``)."""
    common: frozenset[str] = frozenset()
    """Capitalised words that are not names, lower-cased."""
    common_prefixes: tuple[str, ...] = ()
    dropped_initials: frozenset[str] = frozenset()
    """Letters a name may lose at its start, before a vowel, and stay itself (Estonian
    ``h``: Hardo / Ardo)."""
    place_markers: frozenset[str] = frozenset()
    """Words after a place's name that say it is one (``Tapa vallas``, ``Laeva külas``)."""

    @classmethod
    def of(cls, lang: str) -> Language:
        """The knowledge of ``lang`` (none, for a language with no data file)."""
        return _language(lang)

    def inflects(self, rest: str, loose: bool = False) -> bool:
        """Whether ``rest``, what follows a name's stem in a word, is a case ending (with the
        stem's vowel, or after a hyphen: ``PPA-st``); ``loose``: as :func:`skeleton` writes it."""
        if not rest:
            return True
        if not self.inflected:
            return False
        rest = rest.removeprefix("-")
        endings = {skeleton(e) for e in self.endings} if loose else self.endings
        vowels = {skeleton(v) for v in self.stem_vowels} if loose else self.stem_vowels
        return rest in endings or (rest[:1] in vowels and (rest[1:] in endings or not rest[1:]))

    def marks_place(self, word: str) -> bool:
        """Whether a word after a name says the name is a place's (``vallas``, ``küla``)."""
        return word.lower() in self.place_markers

    def is_common(self, word: str) -> bool:
        """Whether a capitalised word is a function word, a title or a date word, not a name."""
        low = word.lower()
        return low in self.common or any(low.startswith(p) for p in self.common_prefixes)


@dataclass(frozen=True)
class Form:
    """One way a text writes a named thing: its words, as the data file gives them."""

    words: tuple[str, ...]
    kind: str
    key: str
    """The name in the pair's target language, which a flag shows (``Harju County Court``)."""
    alone: bool = False
    """Counts only with no capitalised word beside it (``(Center)``, not ``Center for ...``)."""
    ordinary: bool = False
    """Also an ordinary word, so a name only where it cannot be one: not opening a sentence,
    or with a place marker after it (``Tapa vallas``, not ``Laeva kapten ...``)."""


@dataclass(frozen=True)
class Lexicon:
    """The named things of a language pair, each side's forms indexed by their first letters."""

    forms: tuple[dict[str, list[Form]], dict[str, list[Form]]] = field(default_factory=lambda: ({}, {}))

    @classmethod
    def of(cls, src_lang: str, tgt_lang: str) -> Lexicon:
        """The lexicon of a pair, read either way round (an empty one for a pair with no data)."""
        return _lexicon(src_lang, tgt_lang)

    def candidates(self, side: int, word: str) -> list[Form]:
        """The forms of one side (0 source, 1 target) that may start at ``word``, longest first."""
        return self.forms[side].get(index_key(word), [])


_TRANSLITERATIONS = (
    ("kh", "h"),
    ("hh", "h"),
    ("shch", "s"),
    ("tš", "c"),
    ("tsch", "c"),
    ("tsh", "c"),
    ("ch", "c"),
    ("c", "k"),
    ("sh", "s"),
    ("š", "s"),
    ("zh", "z"),
    ("ž", "z"),
    ("y", "i"),
    ("j", "i"),
    ("x", "ks"),
    ("w", "v"),
    ("ph", "f"),
    ("q", "k"),
)
"""Letters that Estonian and English write differently for one sound (Zahharov / Zakharov,
Tšernov / Chernov, Jevgeni / Yevgeny, Joosep / Joseph), written one way."""


_LOOKALIKE = frozenset({("l", "i"), ("i", "l"), ("n", "u"), ("u", "n")})
"""Letters read for one another, as a hand writes them or an eye takes them in (Karl /
Kari): a name with one of them for the other is the same name misread, not another."""


def lookalike(x: str, y: str) -> bool:
    """Whether one letter is easily read for the other (see ``_LOOKALIKE``)."""
    return (x, y) in _LOOKALIKE


def skeleton(word: str) -> str:
    """A name as it sounds, to compare spellings: lower-case, one transliteration, no
    diacritics (Nõmm / Nomm), no doubled letters (Jeesus / Jesus, Sepp / Sepa)."""
    out = word.lower()
    for written, sound in _TRANSLITERATIONS:
        out = out.replace(written, sound)
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
    return re.sub(r"(.)\1+", r"\1", out)


def index_key(word: str) -> str:
    return word.lower().lstrip("~")[:3]


@cache
def _language(lang: str) -> Language:
    data = _read(f"{lang}.toml")
    if data is None:
        return Language()
    return Language(
        inflected=bool(data.get("inflected", False)),
        endings=frozenset(data.get("endings", ())),
        stem_vowels=frozenset(data.get("stem_vowels", ())),
        common=frozenset(w.lower() for w in data.get("common", ())),
        common_prefixes=tuple(data.get("common_prefixes", ())),
        dropped_initials=frozenset(data.get("dropped_initials", ())),
        place_markers=frozenset(w.lower() for w in data.get("place_markers", ())),
    )


@cache
def _lexicon(src_lang: str, tgt_lang: str) -> Lexicon:
    data, langs = _read(f"{src_lang}-{tgt_lang}.toml"), (src_lang, tgt_lang)
    if data is None:
        data, langs = _read(f"{tgt_lang}-{src_lang}.toml"), (tgt_lang, src_lang)
    if data is None:
        return Lexicon()
    # the file gives the first language's forms under its code ("et") and the second's under
    # its code ("en"); a reversed pair reads them the other way round
    first, second = langs
    by_side: list[dict[str, list[Form]]] = [defaultdict(list), defaultdict(list)]
    owner: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for kind, table in data.items():
        ordinary = set(table.pop("ordinary", ())) if isinstance(table, dict) else set()
        for key, forms in _entries(kind, table, langs):
            sides = (forms.get(first, []), [key, *forms.get(second, [])])
            for number, written in enumerate(sides):
                for text in written:
                    _own(owner[number], text, f"{kind}: {key}", langs[number])
            if (src_lang, tgt_lang) != langs:
                sides = (sides[1], sides[0])
            for side, written in enumerate(sides):
                # the ordinary words are the first language's ("Laeva": the ship's)
                own = side == (0 if (src_lang, tgt_lang) == langs else 1)
                for text in dict.fromkeys(written):
                    form = Form(
                        tuple(text.lstrip("~").split()), kind, key, text.startswith("~"), own and text in ordinary
                    )
                    by_side[side][index_key(text)].append(form)
    for index in by_side:
        for forms_list in index.values():
            forms_list.sort(key=lambda f: (len(f.words), len(" ".join(f.words))), reverse=True)
    return Lexicon((dict(by_side[0]), dict(by_side[1])))


def _own(owner: dict[str, str], text: str, entry: str, lang: str) -> None:
    """Record that ``entry`` lists the form ``text``; a form listed under two entries would
    name whichever the reader met first (EMTA: the tax board or the music academy?)."""
    held = owner.setdefault(text, entry)
    if held != entry:
        raise ValueError(f"names data: the {lang} form {text!r} is listed under {held!r} and {entry!r}")


def _entries(kind: str, table: dict[str, Any], langs: tuple[str, str]) -> list[tuple[str, dict[str, list[str]]]]:
    """The named things of one kind's table: the key and its forms per language. ``same``
    lists names written alike in both languages; a sub-table of ``names`` and ``forms``
    (templates, ``{}`` standing for the name) gives a series written to one pattern
    (counties: ``Harjumaa``, ``Harju County``)."""
    out: list[tuple[str, dict[str, list[str]]]] = []
    for key, value in table.items():
        if key == "same":
            twice = sorted({name for name in value if value.count(name) > 1})
            if twice:
                raise ValueError(f"names data: [{kind}] same lists {', '.join(twice)} more than once")
            out.extend((name, {langs[0]: [name], langs[1]: []}) for name in value)
        elif isinstance(value, dict) and "names" in value and "forms" in value:
            out.extend(
                (name, {lang: [t.format(name) for t in templates] for lang, templates in value["forms"].items()})
                for name in value["names"]
            )
        elif isinstance(value, dict) and not {"et", "en"} & set(value) and not set(langs) & set(value):
            out.extend(_entries(kind, value, langs))
        else:
            out.append((key, value))
    return out


def _read(name: str) -> dict[str, Any] | None:
    try:
        text = resources.files("aligner.names").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return tomllib.loads(text)
