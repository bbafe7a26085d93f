"""Numbers written in digits, read into one comparable form: amounts, decimals, scales,
percentages, dates and clock times, each with the unit of measure after it.

``7 miljonit``, ``7 million`` and ``$7m`` are all 7000000; ``0,5`` (a decimal comma) and
``0.5`` are 0.5; ``15 000``, ``15000`` and ``15,000`` are 15000; ``14. märtsil`` and
``March 14`` give 14 and the month 3; ``kell 12.30``, ``12:30`` and ``12.30pm`` the time
12:30; ``12.10.2026`` the day, the month and the year; ``26.49,51`` and ``26:49.51`` the
race time; ``2014-15`` the years 2014 and 2015. A number glued to letters
(``U18``, ``BOE004``, ``24h``) is read too, but only as a weak mention that can excuse,
never cause, a mismatch; so is a lone 0 (``0-positiivne`` is the blood group O).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.numbers.units import unit_after
from aligner.numbers.words import Lexicon, languages


def _month_dates(lexicon: Lexicon) -> tuple[re.Pattern[str], dict[str, int]] | None:
    """A day and its month as the language writes a date (``14. märtsil``, ``March 14``,
    ``14 марта``), from its lexicon; and each month word's number."""
    names = {name: k + 1 for k, name in enumerate(lexicon.months)} | lexicon.month_short
    if not names or not lexicon.month_dates:
        return None
    words = sorted(names, key=len, reverse=True)
    if lexicon.month_capitalised:
        words = [w.capitalize() for w in words]
    month = "(" + "|".join(map(re.escape, words)) + (r")\w*" if lexicon.month_inflected else r")\b\.?")
    pattern = "|".join(f"(?:{date.replace('{month}', month)})" for date in lexicon.month_dates)
    return re.compile(pattern, 0 if lexicon.month_capitalised else re.I), names


_DATES = {lang: found for lang in languages() if (found := _month_dates(Lexicon.of(lang))) is not None}
MONTH_DATE = {lang: pattern for lang, (pattern, _) in _DATES.items()}
"""A day and its month, per language with month names here; a month counts only inside
a date (segment.py uses the English one too)."""

# Scale words after a figure, from every lexicon: the cases inflect them ("255 miljonist").
_SCALES = {
    form: value for lang in languages() for form, (value, role) in Lexicon.of(lang).words.items() if role == "scale"
}
_SCALE = "|".join(map(re.escape, sorted(_SCALES, key=len, reverse=True)))
_CURRENCY_SHORT = {"k": 1e3, "m": 1e6, "bn": 1e9, "b": 1e9}
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
# Units written against the number ("10km", "23F", "5kg"): the measure, not a code like U18.
_GLUED_UNIT_NAMES = {
    "km": "km",
    "kg": "kg",
    "cm": "cm",
    "mm": "mm",
    "mi": "mi",
    "ft": "ft",
    "lbs": "lb",
    "lb": "lb",
    "mph": "mph",
    "kmh": "kmh",
    "ha": "ha",
    "°c": "C",
    "°f": "F",
    "°": "deg",
    "c": "C",
    "f": "F",
}
_GLUED_UNITS = "|".join(sorted(map(re.escape, _GLUED_UNIT_NAMES), key=len, reverse=True))
# "kell on peaaegu 23" (it is nearly 11 p.m.) names the hour as "kell 23" does.
_TIME = re.compile(
    r"(?<![\w.,:])(?:(kell(?:\s+on(?:\s+[^\W\d_]+)?)?|kella|kl\.?|at|в|во)\s+)?(\d{1,2})(?:[:.](\d{2}))?"
    r"(?:\s*([ap])\.?\s?m\b\.?|\s*(o'clock)|(?![\w:%]|[.,]\d|\s*%))",
    re.I,
)
_NUMBER = re.compile(
    r"(?<![\w.,])([$£€]\s?|(?:EUR|USD|GBP|EEK|SEK|NOK|RUB|CHF)\s?)?"  # a currency before
    r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:, 000)+(?![\d,])|\d+)"  # the integer
    r"([.,]\d+|[" + "".join(_VULGAR) + r"])?"  # a fraction (2½)
    r"(?:(bn|[mkb])\b"  # a short scale ($51m)
    r"|(" + _GLUED_UNITS + r")\b"  # a unit against the number (10km)
    r"|(?![^\W_]|[.,]\d)"  # else nothing glued to it, and then maybe
    r"(?:\s*(%|‰|protsent\w*|promill\w*|per\s?cent|percent|процент\w*)"  # a share
    r"|(?:\s*|-)(" + _SCALE + r")\w*\b)?)",  # or a scale word, also in a compound ($394-million)
    re.I,
)
# Digits glued to letters: a model, a flight, an age class, a duration (U18, BOE004, 24h).
_GLUED = re.compile(r"(?<=[^\W\d_])\d+(?:[.,]\d+)?|(?<![\d.,])\d+(?:[.,]\d+)?(?=[^\W\d_])")
# A century in Roman numerals, as Russian writes it ("XX век", "в XIX веке"); Estonian and
# English write 20. sajand / 20th century, which the digits already give.
_ROMAN_CENTURY = re.compile(r"(?<!\w)([IVX]{1,5})\s+(?:век\w*|вв?\.|sajand\w*|centur\w*)", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10}
# A date in digits, day first, as Estonian, Russian and most of Europe write it: 12.10.2026.
_NUMERIC_DATE = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.((?:1[89]|2\d)\d\d)(?![\w,]|\.\d)")
# What joins the two ends of a range of hours: "kell 9–17", "kella 18 ja 21 vahel" (between 18 and 21).
_RANGE_JOIN = re.compile(r"\s*[–—-]\s*|\s+(?:ja|kuni|and|to|until|и|до)\s+", re.I)
# A race time: minutes, seconds and their fraction, "26.49,51" where a decimal comma is
# written, "26:49.51" where a decimal point is (an hour's "1:02:03.4" is rare in news).
_RACE_COMMA = re.compile(r"(?<![\w.,:])(\d{1,2})[.:](\d{2}),(\d{1,3})(?!\d|[.,]\d)")
_RACE_POINT = re.compile(r"(?<![\w.,:])(\d{1,2})[:.](\d{2})\.(\d{1,3})(?!\d|[.,]\d)")
# A season or a span of years with the second year cut short: "2014-15", "2019/20".
_YEAR_SPAN = re.compile(r"(?<![\w.,])((?:1[89]|20)\d\d)\s?[-–/]\s?(\d\d)(?![\w,]|[.,]\d)")
# A name with a number in it, an uppercase word joined to its figure: COVID-19, F-35, MiG-29.
_DESIGNATION = re.compile(r"(?<![\w-])[A-ZÄÖÜÕ][\w]*-(\d+)(?![\w.,]\d|\w)")
# The preposition of a time, where a bare hour after it is a 12-hour clock ("at 7" for 19.00).
_AT_HOUR = re.compile(r"(?:^|\W)(?:at|by|until|в|во)\s+$", re.I)
# A minus sign before a figure (not the dash of a range, "5-10"), or the word.
_MINUS = re.compile(r"(?:(?<![\d\w])[-−–]|\b(?:miinus|minus|минус)\s)$", re.I)


@dataclass(frozen=True)
class Mention:
    """A number as a text writes it in digits."""

    token: str
    """Its canonical form: ``'7000000'``, ``'0.5'``, ``'month:3'``, ``'time:12:30'``."""
    start: int
    end: int
    written: str = ""
    """The digits as written (``2,754``), for the precision a conversion must meet."""
    unit: str = ""
    """The unit of measure after it (``km``, ``C``, ``percent``; see ``data/units.toml``)."""
    readings: tuple[str, ...] = ()
    """What else the same digits can mean (``1815`` the time 18:15, ``13.05`` 13:05)."""
    weak: bool = False
    """Glued to letters or a lone 0: it can excuse a figure on the other side, never flag one."""
    negative: bool = False
    """Below zero (``-5``, ``miinus 5``): the same figure as 5 to compare, not to convert."""
    parts: tuple[str, ...] = ()
    """The figures it is made of, when it can be a score (``9:49`` is 9 and 49, in either order)."""

    @property
    def value(self) -> float | None:
        """The number, for a plain number; None for a month or a time."""
        try:
            return float(self.token)
        except ValueError:
            return None

    @property
    def signed(self) -> float | None:
        """The number with its sign, to convert (``-5 °C`` is 23 °F)."""
        value = self.value
        return None if value is None else -value if self.negative else value


def _roman(numeral: str) -> int:
    total = 0
    for k, char in enumerate(numeral):
        value = _ROMAN[char]
        total += -value if k + 1 < len(numeral) and _ROMAN[numeral[k + 1]] > value else value
    return total


def _value(integer: str, fraction: str | None) -> float:
    digits = re.sub(r"[ \u00a0\u202f]", "", integer)
    if "," in digits:
        digits = digits.replace(",", "")  # an English thousands separator
    value = float(digits)
    if fraction in _VULGAR:
        value += _VULGAR[fraction]
    elif fraction:
        value += float("0." + fraction[1:])
    return value


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by spaces (offsets kept)."""
    return text[:start] + " " * (end - start) + text[end:]


def canonical(value: float) -> str:
    """A number as a token: ``7000000``, ``0.5``."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _time(m: re.Match[str], bare: bool = False, hour_only: bool = False) -> str:
    """``'time:23:45'`` for a clock time, ``''`` for a number that is not one.

    A time is ``12:30``; ``12.30`` after ``kell`` / ``kl`` / ``at`` / ``в``; ``12`` after
    ``kell`` / ``kl`` (a bare ``at 12`` or ``в 18`` is too often a count); and anything
    with ``a.m.`` / ``p.m.`` (``3.40pm`` too), read on the 0-23 clock (``11:45 p.m.`` is
    ``kell 23.45``). With ``bare``, a ``12.30`` with no word before it counts too; with
    ``hour_only`` as well, a bare ``17``.
    """
    prefix, hour_text, minutes, half = m.group(1), m.group(2), m.group(3), m.group(4)
    hour = int(hour_text)
    if m.group(5):  # "10 o'clock"
        return f"time:{hour}:00" if hour <= 24 else ""
    if half:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    elif minutes is None:
        if not hour_only and (not prefix or prefix.lower() in ("at", "в", "во")):
            return ""  # "at 12", "в 18 странах": counts as often as hours
    elif ":" not in m.group(0) and (prefix or "").lower() == "at":
        return ""  # "at 1.31 US dollars": a price; English writes a time 1:31 or 1.31pm
    elif not prefix and ":" not in m.group(0) and not bare:
        return ""  # 6.30 alone is a decimal
    if hour > 24 or int(minutes or 0) > 59:
        return ""
    return f"time:{hour}:{minutes or '00'}"


def _clock_reading(digits: str) -> str:
    """The time four digits or a decimal can stand for: ``1815`` and ``13.05`` -> 18:15, 13:05."""
    m = re.fullmatch(r"(\d{1,2})[.:]?(\d{2})", digits)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return ""
    return f"time:{int(m.group(1))}:{m.group(2)}"


def mentions(text: str, lang: str) -> list[Mention]:
    """Every number ``text`` writes in digits, in the order they are found."""
    lexicon = Lexicon.of(lang)
    decimal_comma = lexicon.decimal_comma if lexicon.words else True  # most languages without data write 0,5
    found: list[Mention] = []
    rest = text
    for name in lexicon.names:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            # a name such as the party Eesti 200: its figure is no quantity
            figures = re.findall(r"\d+", name)
            found.extend(Mention(d, m.start(), m.end(), d, weak=True) for d in figures)
            rest = _blank(rest, m.start(), m.end())
    for m in _DESIGNATION.finditer(rest):
        found.append(Mention(m.group(1), m.start(1), m.end(1), m.group(1), weak=True))
        rest = _blank(rest, m.start(1), m.end(1))
    for m in (_RACE_COMMA if decimal_comma else _RACE_POINT).finditer(rest):
        fraction = m.group(3).rstrip("0")
        token = f"race:{int(m.group(1))}:{m.group(2)}" + (f".{fraction}" if fraction else "")
        found.append(Mention(token, m.start(), m.end(), m.group(0)))
        rest = _blank(rest, m.start(), m.end())
    for m in _YEAR_SPAN.finditer(rest):
        first = int(m.group(1))
        second = first // 100 * 100 + int(m.group(2))
        second += 100 if second <= first else 0
        if second - first <= 20:
            # "2014-15" is the span 2014-2015, as "2014-2015. aasta" writes it
            found.append(Mention(str(first), m.start(1), m.end(1), m.group(1)))
            found.append(Mention(str(second), m.start(2), m.end(2), m.group(2)))
            rest = _blank(rest, m.start(), m.end())
    for m in _NUMERIC_DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            # the parts a date in words gives too: "12. oktoobril 2026", "October 12, 2026"
            for token in (str(day), f"month:{month}", m.group(3)):
                found.append(Mention(token, m.start(), m.end(), m.group(0)))
            rest = _blank(rest, m.start(), m.end())
    found.extend(_times(text, rest, lang))
    for mention in found:
        if mention.token.startswith("time:"):
            rest = _blank(rest, mention.start, mention.end)
    for m in _NUMBER.finditer(rest):
        number = _number(m, text, rest, lang, decimal_comma)
        if number is not None:
            found.append(number)
            rest = _blank(rest, m.start(), m.end())
    for m in _GLUED.finditer(rest):
        digits = m.group(0).replace(",", "." if decimal_comma else "")
        found.append(Mention(canonical(float(digits)), m.start(), m.end(), m.group(0), weak=True))
    for m in _ROMAN_CENTURY.finditer(text):
        if m.group(1).isupper():
            found.append(Mention(str(_roman(m.group(1))), m.start(), m.end(), m.group(1)))
    if lang in _DATES:
        pattern, numbers = _DATES[lang]
        for m in pattern.finditer(text):
            word = next(g for g in m.groups() if g).lower()
            found.append(Mention(f"month:{numbers[word]}", m.start(), m.end(), m.group(0)))
    return found


def _number(m: re.Match[str], text: str, rest: str, lang: str, decimal_comma: bool) -> Mention | None:
    """The number a ``_NUMBER`` match in ``rest`` (``text`` with what was read blanked)
    writes: its value scaled, its unit, its readings as a clock time; None for a short form
    that is no amount ("51m" is metres)."""
    currency, integer, fraction = m.group(1), m.group(2), m.group(3)
    short, glued, percent, scale = m.group(4), m.group(5), m.group(6), m.group(7)
    if short and not currency and short.lower() != "bn":
        return None  # "51m" is metres, "5k" a run: only "$51m" is a short form of millions
    if fraction and fraction[0] == "," and not decimal_comma and len(fraction) == 4:
        integer, fraction = integer + fraction, None  # 1,000 read as thousands
    if fraction and fraction[0] == "." and lang == "et" and _date_like(integer, fraction, rest, m.end(3)):
        fraction = None  # "14.03." is a day and a month, not a decimal
    value = _value(integer, fraction)
    if short:
        value *= _CURRENCY_SHORT[short.lower()]
    elif scale:
        value *= _SCALES[scale.lower()]
    unit = ""
    if percent:
        unit = "permille" if "‰" in percent or "promill" in percent.lower() else "percent"
    end = m.end()
    if glued:
        unit = _GLUED_UNIT_NAMES[glued.lower()]
    elif not unit and not scale and not short:
        unit = unit_after(text, end, lang)
    written = integer + (fraction or "")
    readings = tuple(r for r in (_clock_reading(written),) if r and not scale and not short)
    clock = re.fullmatch(r"(\d{1,2})(?:\.(\d{2}))?", written)
    if clock and not scale and not short and _AT_HOUR.search(text[max(0, m.start() - 8) : m.start()]):
        # "at 7" or "at 7.30" is 7.00 or 19.00: a translator drops the p.m. the context makes plain
        hour, minutes = int(clock.group(1)), clock.group(2) or "00"
        hours = {hour} | ({hour % 12, hour % 12 + 12} if hour <= 12 else set())
        more = (f"time:{h}:{minutes}" for h in sorted(hours) if h <= 24 and int(minutes) < 60)
        readings = tuple(dict.fromkeys((*readings, *more)))
    weak = value == 0 and not fraction
    negative = bool(_MINUS.search(text[max(0, m.start() - 8) : m.start()]))
    return Mention(canonical(value), m.start(), end, written, unit, readings, weak, negative)


def _date_like(integer: str, fraction: str, text: str, end: int) -> bool:
    """``14.03.``: a day and a month before a full stop, not a decimal ``70.17.``."""
    if end >= len(text) or text[end] != ".":
        return False
    return 1 <= int(integer) <= 31 and 1 <= int(fraction[1:]) <= 12 and len(fraction) == 3


def _times(text: str, rest: str, lang: str) -> list[Mention]:
    matches = list(_TIME.finditer(rest))
    times = [_time(m) for m in matches]
    if lang != "en" and any(times):
        # "kell 6.30 ja 23.45": with a decimal comma, a 12.30 beside a time is one too
        times = [t or _time(m, bare=True) for t, m in zip(times, matches, strict=True)]
    ends = set()
    for k in range(1, len(matches)):
        if times[k - 1] and not times[k] and _RANGE_JOIN.fullmatch(text[matches[k - 1].end() : matches[k].start()]):
            times[k] = _time(matches[k], bare=True, hour_only=True)  # "kell 9–17": the range's end is a time too
            ends.add(k)
    return [
        # a range's end may still be a count ("kell 10 ja 12 inimest"): it keeps that reading
        Mention(
            t,
            m.start(),
            m.end(),
            m.group(0),
            readings=(m.group(2),) if k in ends and not m.group(3) else (),
            parts=_score(m),
        )
        for k, (m, t) in enumerate(zip(matches, times, strict=True))
        if t
    ]


def _score(m: re.Match[str]) -> tuple[str, ...]:
    """The two figures of a bare ``9:49``, which is as often a score as a time."""
    if m.group(1) or m.group(4) or m.group(5) or m.group(3) is None or ":" not in m.group(0):
        return ()
    return (str(int(m.group(2))), str(int(m.group(3))))
