"""Numbers written in words (``viie miljardi``, ``forty-two``, ``poolsada``), read with a
lexicon per language (``data/<lang>.toml``): the forms, what each is, the case endings.

A word number only ever excuses a figure the other side writes in digits: ``viis`` is
also a verb (took) and ``teine`` also means another, so a word never causes a mismatch.
Every contiguous run of number words gives a value (``tuhande ja pooleteise tuhande``
gives 1000 and 1500), and so do its sub-runs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_TOKEN = re.compile(r"[^\W\d_]+")
_JOINS = re.compile(r"[\s\-–]*")  # what may stand between two words of one number


@dataclass(frozen=True)
class Lexicon:
    """One language's knowledge of numbers, as ``data/<lang>.toml`` gives it."""

    words: dict[str, tuple[float, str]] = field(default_factory=dict)
    """A form and what it is: (value, role)."""
    approximate: dict[str, tuple[float, float]] = field(default_factory=dict)
    """A word that says a number roughly, and the range it says."""
    endings: tuple[str, ...] = ()
    """Case endings that may follow a number word."""
    compounds: bool = False
    """Whether the parts of a number join into one word (Estonian ``kakskümmend``)."""
    decimal_comma: bool = False
    months: tuple[str, ...] = ()
    """Month names (or their stems), January first."""
    month_short: dict[str, int] = field(default_factory=dict)
    """Abbreviations of month names, and the month each stands for."""
    month_inflected: bool = False
    """Whether the names are stems the cases inflect (``oktoob``: ``oktoobril``)."""
    month_capitalised: bool = False
    """Whether a month is a proper noun, written capitalised (English: ``may`` is a verb)."""
    month_dates: tuple[str, ...] = ()
    """Regular expressions of a date in words, ``{month}`` standing for a month's name."""
    units: dict[str, str] = field(default_factory=dict)
    """A unit's name (or stem) and the unit it is."""
    rounded: tuple[str, ...] = ()
    """Words before a figure that say it is rounded (``about``, ``ligi``)."""
    compound_adjective: str = ""
    """A regular expression for how a compound adjective whose first part is a number ends
    (``kümne|aastane``, ``kolme|kilomeetrise``)."""
    names: tuple[str, ...] = ()
    """Names with a figure in them that is no quantity (the party ``Eesti 200``)."""

    @classmethod
    def of(cls, lang: str) -> Lexicon:
        """The lexicon of ``lang`` (an empty one for a language with no data file)."""
        return _load(lang)

    def parts(self, word: str) -> list[tuple[float, str]] | None:
        """The number parts a word is made of (a case ending aside), or None."""
        word = word.lower()
        for ending in ("", *sorted(self.endings, key=len, reverse=True)):
            if ending and not word.endswith(ending):
                continue
            stem = word[: len(word) - len(ending)] if ending else word
            found = self._split(stem) if self.compounds else ([self.words[stem]] if stem in self.words else None)
            if found:
                return found
        return self._compound_head(word)

    def _compound_head(self, word: str) -> list[tuple[float, str]] | None:
        """The number a compound adjective starts with (``poolteise|kilomeetrisel``: 1.5)."""
        if not self.compound_adjective:
            return None
        for k in range(len(word) - 4, 2, -1):
            head = self._split(word[:k])
            if head and re.search(self.compound_adjective, word[k:]):
                return head
        return None

    def _split(self, stem: str) -> list[tuple[float, str]] | None:
        """``stem`` as a sequence of forms, longest first (``kahe|kümne|viie``)."""
        if not stem:
            return []
        for k in range(len(stem), 0, -1):
            head = self.words.get(stem[:k])
            if head is not None:
                rest = self._split(stem[k:])
                if rest is not None:
                    return [head, *rest]
        return None


@cache
def _load(lang: str) -> Lexicon:
    try:
        text = resources.files("aligner.numbers").joinpath("data", f"{lang}.toml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return Lexicon()
    data: dict[str, Any] = tomllib.loads(text)
    months = data.get("months", {})
    return Lexicon(
        words={k: (float(v[0]), str(v[1])) for k, v in data.get("words", {}).items()},
        approximate={k: (float(v[0]), float(v[1])) for k, v in data.get("approximate", {}).items()},
        endings=tuple(data.get("endings", ())),
        compounds=bool(data.get("compounds", False)),
        decimal_comma=bool(data.get("decimal_comma", False)),
        months=tuple(months.get("names", ())),
        month_short={str(k): int(v) for k, v in months.get("short", {}).items()},
        month_inflected=bool(months.get("inflected", False)),
        month_capitalised=bool(months.get("capitalised", False)),
        month_dates=tuple(months.get("dates", ())),
        units={str(k).lower(): str(v) for k, v in data.get("units", {}).items()},
        rounded=tuple(data.get("rounded", {}).get("before", ())),
        compound_adjective=str(data.get("compound_adjective", "")),
        names=tuple(data.get("names", ())),
    )


@dataclass(frozen=True)
class WordNumber:
    """A number a text says in words: exactly (``low == high``) or roughly."""

    low: float
    high: float
    start: int
    end: int

    def covers(self, value: float) -> bool:
        return self.low <= value <= self.high


def _value(parts: list[list[tuple[float, str]]]) -> float | None:
    """The value of consecutive number words, each given as its parts."""
    total = 0.0
    current = 0.0
    for word in parts:
        last = 0.0  # the value of the unit just before, inside this word
        for value, role in word:
            if role == "number":
                current += value
                last = value
            elif role == "teen":
                if not last:
                    return None
                current += value
                last = 0.0
            elif role == "tens":
                current += last * (value - 1) if last else value
                last = 0.0
            elif role == "hundred":
                current = current * value if current else value
                last = 0.0
            elif role == "scale":
                total += (current or 1.0) * value
                current = 0.0
                last = 0.0
    return total + current


def word_numbers(text: str, lang: str) -> list[WordNumber]:
    """Every number ``text`` says in words, exact or rough."""
    lexicon = Lexicon.of(lang)
    if not lexicon.words and not lexicon.approximate:
        return []
    found: list[WordNumber] = []
    run: list[tuple[list[tuple[float, str]], int, int]] = []
    previous_end = -1

    def close() -> None:
        for a in range(len(run)):
            for b in range(a + 1, len(run) + 1):
                value = _value([parts for parts, _, _ in run[a:b]])
                if value:
                    found.append(WordNumber(value, value, run[a][1], run[b - 1][2]))
        run.clear()

    for m in _TOKEN.finditer(text):
        word = m.group(0).lower()
        rough = lexicon.approximate.get(word)
        if rough is not None:
            found.append(WordNumber(rough[0], rough[1], m.start(), m.end()))
        parts = lexicon.parts(word)
        if parts is None:
            close()
            continue
        if run and not _JOINS.fullmatch(text[previous_end : m.start()]):
            close()
        run.append((parts, m.start(), m.end()))
        previous_end = m.end()
    close()
    return found


def month_names(text: str, lang: str) -> set[int]:
    """The months (1-12) a text names anywhere, in a date or not."""
    lexicon = Lexicon.of(lang)
    months = lexicon.months
    found = set()
    for m in _TOKEN.finditer(text):
        if lexicon.month_capitalised and not m.group(0)[0].isupper():
            continue  # "may", "march": an English month is a proper noun
        word = m.group(0).lower()
        for k, stem in enumerate(months):
            # a short stem takes only a case ending: "mail" is May, "maitse" (taste) is not
            slack = 99 if len(stem) > 3 else 2 if len(stem) == 3 else 1
            if word.startswith(stem) and len(word) <= len(stem) + slack:
                found.add(k + 1)
                break
    return found


def said_roughly(text: str, start: int, lang: str) -> bool:
    """Whether the figure that starts at ``start`` follows a word that says it is rounded
    (``about 3,000``, ``ligi 3000``; a currency sign may stand between)."""
    before = re.sub(r"[\s$£€]+$", "", text[max(0, start - 30) : start]).lower()
    # a short word may stand between: "почти на 87", "примерно в 48", "about a"
    before = re.sub(r"\s+[^\W\d_]{1,2}$", "", before)
    return any(re.search(r"(?:^|\W)" + re.escape(word) + r"$", before) for word in Lexicon.of(lang).rounded)


def languages() -> list[str]:
    """The languages with a lexicon here."""
    folder = resources.files("aligner.numbers").joinpath("data")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml") and p.name != "units.toml")
