"""gettext bundles: a .po catalogue (polib) and its compiled .mo.

msgid is the source text of a bead, msgstr its translation, msgctxt the segment id (so a
sentence repeated in the article never collides). ``#.`` comments carry the score, the
flags with their review, and any target sentences the translation added after this
segment (gettext has no entry without a msgid, so additions are comments here, not
entries). ``#:`` references name the source file and paragraph. A flagged segment that
is not accepted is ``#, fuzzy`` and stays out of the .mo; a dropped sentence is an entry
with an empty msgstr.
"""

from __future__ import annotations

import polib

from aligner import __version__
from aligner.export.segments import Segment, creation_date, segments
from aligner.model import Alignment

WRAP = 79
# PO readers (polib, like Python's str.splitlines) break lines at these; a PO string has no
# escape for them, so they are written as the line break they stand for.
_LINE_SEPARATORS = {0x85: "\n", 0x2028: "\n", 0x2029: "\n"}


def po_text(text: str) -> str:
    """Text as a PO string holds it: Unicode line separators become \\n."""
    return text.translate(_LINE_SEPARATORS)


def _comment(segment: Segment) -> str:
    lines = [f"score {segment.score:.2f} ({segment.kind})"]
    for flag in segment.flags:
        line = f"{flag.severity} {flag.type}: {flag.message}"
        if flag.review is not None:
            line += f" [{flag.review.decision or 'noted'} by {flag.review.reviewer} {flag.review.at}"
            line += f": {flag.review.note}]" if flag.review.note else "]"
        lines.append(line)
    lines.extend(f"added in translation before this: {text}" for text in segment.added_before)
    lines.extend(f"added in translation after this: {text}" for text in segment.added_after)
    # A comment is one line: fold every line break Python knows (\r, \x85, \u2028, ...).
    return "\n".join(" ".join(line.splitlines()) for line in lines)


def catalogue(alignment: Alignment, domain: str, now: bool = False) -> polib.POFile:
    """The alignment as a polib catalogue."""
    po = polib.POFile(wrapwidth=WRAP, check_for_duplicates=False)
    stamp = creation_date(alignment, now).strftime("%Y-%m-%d %H:%M+0000")
    po.metadata = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": alignment.target.lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": alignment.source.lang,
        "X-Generator": f"aligner {__version__}",
    }
    for segment in segments(alignment):
        entry = polib.POEntry(
            msgctxt=segment.id,
            msgid=po_text(segment.source),
            msgstr=po_text(segment.target),
            comment=_comment(segment),
            occurrences=[tuple(ref.rsplit(":", 1)) for ref in segment.references],
            flags=["fuzzy"] if segment.fuzzy else [],
        )
        po.append(entry)
    return po


def write_po(alignment: Alignment, domain: str, now: bool = False) -> str:
    """The .po file's text."""
    return str(catalogue(alignment, domain, now))


def write_mo(alignment: Alignment, domain: str, now: bool = False) -> bytes:
    """The compiled .mo file: translated, non-fuzzy entries only."""
    data: bytes = catalogue(alignment, domain, now).to_binary()
    return data
