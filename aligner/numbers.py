"""Numbers, dates and amounts in Estonian, English and Russian text, in one comparable form.

``7 miljonit`` and ``7 million`` are both 7000000; ``0,5`` (Estonian decimal comma) and
``0.5`` are 0.5; ``15 000``, ``15000`` and ``15,000`` are 15000; ``14. märtsil`` and
``March 14`` give 14 and the month 3; ``kell 12.30`` and ``12:30`` the time 12:30;
``5%``, ``5 protsenti`` and ``5 per cent`` give 5. Number words (``seven``, ``seitse``)
are not extracted, so a text written out in words never causes a mismatch, but a
missing digit is excused when the other side has it as a word. Russian reads like Estonian
(``1 января``, ``45 млн``, ``2,5``, ``в 23.45``). For a language with no month names here,
months are not compared at all, so a date never mismatches just because one side's month
went unread.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

MONTHS = {
    "et": ["jaan", "veebr", "märts", "apr", "mai", "juun", "juul", "aug", "sept", "okt", "nov", "dets"],
    "en": ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    "ru": ["янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
}
# A month counts only inside a date, next to its day: "14. märtsil", "March 14", "14 March".
# (segment.py uses the English one too.)
# Stems, as the cases inflect them: "oktoober" but "oktoobril", "detsembriks".
_ET_MONTHS = r"(jaanuar|veebruar|märts|aprill|mai|juuni|juuli|august|septemb|oktoob|novemb|detsemb)\w*"
_EN_MONTHS = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
_RU_MONTHS = r"(январ|феврал|март|апрел|ма[йяю]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
MONTH_DATE = {
    "et": re.compile(r"\b\d{1,2}\.\s*" + _ET_MONTHS, re.I),
    "ru": re.compile(r"\b\d{1,2}\s+" + _RU_MONTHS, re.I),
    "en": re.compile(r"(?:\b\d{1,2}(?:st|nd|rd|th)?\s+" + _EN_MONTHS + r"|\b" + _EN_MONTHS + r"\s+\d{1,2}\b)"),
}
SCALES = {
    "tuhat": 1e3,
    "tuh": 1e3,
    "thousand": 1e3,
    "miljon": 1e6,
    "miljonit": 1e6,
    "miljoni": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "miljard": 1e9,
    "miljardit": 1e9,
    "miljardi": 1e9,
    "mld": 1e9,
    "mlrd": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "тыс": 1e3,
    "тысяч": 1e3,
    "тысячи": 1e3,
    "тысяча": 1e3,
    "млн": 1e6,
    "миллион": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "млрд": 1e9,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
}
WORDS = {
    "et": {
        "kaks": 2,
        "kolm": 3,
        "neli": 4,
        "viis": 5,
        "kuus": 6,
        "seitse": 7,
        "kaheksa": 8,
        "üheksa": 9,
        "kümme": 10,
        "kaksteist": 12,
        "sada": 100,
        "tuhat": 1000,
        "kahe": 2,
        "kolme": 3,
        "nelja": 4,
        "viie": 5,
        "kuue": 6,
        "seitsme": 7,
        "kümne": 10,
    },
    "ru": {
        "два": 2,
        "две": 2,
        "двух": 2,
        "три": 3,
        "трех": 3,
        "трёх": 3,
        "четыре": 4,
        "четырех": 4,
        "четырёх": 4,
        "пять": 5,
        "пяти": 5,
        "шесть": 6,
        "шести": 6,
        "семь": 7,
        "семи": 7,
        "восемь": 8,
        "восьми": 8,
        "девять": 9,
        "девяти": 9,
        "десять": 10,
        "десяти": 10,
        "двенадцать": 12,
        "сто": 100,
        "тысяча": 1000,
    },
    "en": {
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "twelve": 12,
        "hundred": 100,
        "thousand": 1000,
        "twice": 2,
        "dozen": 12,
    },
}
_TIME = re.compile(
    r"(?<![\w.,:])(?:(kell|kl\.?|at|в|во)\s+)?(\d{1,2})(?:[:.](\d{2}))?(?![\w:]|[.,]\d)(?:\s*([ap])\.?\s?m\b\.?)?",
    re.I,
)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?!\d)|\d+)([.,]\d+)?"
    r"(?:\s*(%|protsent\w*|per\s?cent|percent|процент\w*)|\s*("
    + "|".join(sorted(SCALES, key=len, reverse=True))
    + r")\b)?",
    re.I,
)


# A century in Roman numerals, as Russian writes it ("XX век", "в XIX веке"); Estonian and
# English write 20. sajand / 20th century, which the digits already give.
_ROMAN_CENTURY = re.compile(r"(?<!\w)([IVX]{1,5})\s+(?:век\w*|вв?\.|sajand\w*|centur\w*)", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10}
# A date in digits, day first, as Estonian, Russian and most of Europe write it: 12.10.2026.
_NUMERIC_DATE = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.((?:1[89]|2\d)\d\d)(?![\w,]|\.\d)")


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
    if fraction:
        value += float("0." + fraction[1:])
    return value


_RANGE_DASH = re.compile(r"\s*[–—-]\s*")


def _blank(text: str, m: re.Match[str]) -> str:
    """``text`` with the match's span replaced by spaces (offsets kept)."""
    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]


def extract(text: str, lang: str) -> Counter[str]:
    """The numbers of a text as canonical strings: ``'7000000'``, ``'0.5'``, ``'month:3'``, ``'time:12:30'``."""
    found: Counter[str] = Counter()
    rest = text
    for m in _NUMERIC_DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            # the parts a date in words gives too: "12. oktoobril 2026", "October 12, 2026"
            found.update([str(day), f"month:{month}", m.group(3)])
            rest = _blank(rest, m)
    matches = list(_TIME.finditer(rest))
    times = [_time(m) for m in matches]
    if lang != "en" and any(times):
        # "kell 6.30 ja 23.45": with a decimal comma, a 12.30 beside a time is one too
        times = [t or _time(m, bare=True) for t, m in zip(times, matches, strict=True)]
    for k in range(1, len(matches)):
        if times[k - 1] and not times[k] and _RANGE_DASH.fullmatch(text[matches[k - 1].end() : matches[k].start()]):
            times[k] = _time(matches[k], bare=True, hour_only=True)  # "kell 9–17": the range's end is a time too
    for m, time in zip(matches, times, strict=True):
        if time:
            found[time] += 1
            rest = _blank(rest, m)
    for m in _NUMBER.finditer(rest):
        integer, fraction, scale = m.group(1), m.group(2), m.group(4)
        if fraction and fraction[0] == "," and lang == "en" and len(fraction) == 4:
            integer, fraction = integer + fraction, None  # 1,000 read as thousands
        if fraction and fraction[0] == "." and lang == "et" and m.end(2) < len(rest) and rest[m.end(2)] == ".":
            fraction = None
        value = _value(integer, fraction)
        if scale:
            value *= SCALES[scale.lower()]
        found[_canonical(value)] += 1
    for m in _ROMAN_CENTURY.finditer(text):
        if m.group(1).isupper():
            found[str(_roman(m.group(1)))] += 1
    month_re = MONTH_DATE.get(lang)
    if month_re:
        for m in month_re.finditer(text):
            word = next(g for g in m.groups() if g).lower()
            for k, prefix in enumerate(MONTHS[lang]):
                if word.startswith(prefix[:3]):
                    found[f"month:{k + 1}"] += 1
                    break
    return found


def _time(m: re.Match[str], bare: bool = False, hour_only: bool = False) -> str:
    """``'time:23:45'`` for a clock time, ``''`` for a number that is not one.

    A time is ``12:30``; ``12.30`` after ``kell`` / ``kl`` / ``at`` / ``в``; ``12`` after
    ``kell`` / ``kl`` (a bare ``at 12`` or ``в 18`` is too often a count); and anything
    with ``a.m.`` / ``p.m.``, read on the 0-23 clock (``11:45 p.m.`` is ``kell 23.45``).
    With ``bare``, a ``12.30`` with no word before it counts too; with ``hour_only`` as well,
    a bare ``17``.
    """
    prefix, hour_text, minutes, half = m.group(1), m.group(2), m.group(3), m.group(4)
    hour = int(hour_text)
    if half:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    elif minutes is None:
        if not hour_only and (not prefix or prefix.lower() in ("at", "в", "во")):
            return ""  # "at 12", "в 18 странах": counts as often as hours
    elif not prefix and ":" not in m.group(0) and not bare:
        return ""  # 6.30 alone is a decimal
    if hour > 24 or int(minutes or 0) > 59:
        return ""
    return f"time:{hour}:{minutes or '00'}"


def _canonical(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def words_for(text: str, lang: str) -> set[str]:
    """Numbers the text spells out in words (used only to excuse a missing digit)."""
    table = WORDS.get(lang, {})
    return {str(table[w]) for w in re.findall(r"\w+", text.lower()) if w in table}


def comparable(text: str, lang: str, other_lang: str) -> Counter[str]:
    """The numbers of ``text`` that can be compared with a text in ``other_lang``: months
    only when both languages have their month names here."""
    found = extract(text, lang)
    if lang not in MONTH_DATE or other_lang not in MONTH_DATE:
        found = Counter({k: v for k, v in found.items() if not k.startswith("month:")})
    return found


def fingerprint(text: str, lang: str, other_lang: str) -> int:
    """The set of a text's comparable numbers as a 63-bit mask, one hashed bit per number.

    The aligner compares the masks of two runs of sentences (a differing bit is a number
    on one side only) without keeping strings per candidate; two numbers sharing a bit
    is rare and only hides one difference.
    """
    mask = 0
    for number in comparable(text, lang, other_lang):
        mask |= 1 << (zlib.crc32(number.encode("utf-8")) % 63)
    return mask


def mismatch(src: str, tgt: str, src_lang: str, tgt_lang: str) -> tuple[list[str], list[str]]:
    """Numbers only in the source, and numbers only in the target, after normalising both."""
    a, b = comparable(src, src_lang, tgt_lang), comparable(tgt, tgt_lang, src_lang)
    only_src = sorted((a - b).elements())
    only_tgt = sorted((b - a).elements())
    only_src = [n for n in only_src if n not in words_for(tgt, tgt_lang)]
    only_tgt = [n for n in only_tgt if n not in words_for(src, src_lang)]
    return only_src, only_tgt


def readable(token: str) -> str:
    """A canonical token as a person reads it."""
    if token.startswith("month:"):
        return [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][int(token[6:]) - 1]
    if token.startswith("time:"):
        return token[5:]
    return token
