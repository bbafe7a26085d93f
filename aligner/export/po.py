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

import re

import polib

from aligner._version import __version__
from aligner.export.segments import (
    Segment,
    Unit,
    alignment_from_units,
    creation_date,
    is_score,
    note_lines,
    score_of,
    segments,
    unwrap_notes,
)
from aligner.model import Alignment

WRAP = 0  # no wrapping (as msgcat --no-wrap): a wrapped comment line could not be read back exactly
# PO readers (polib, like Python's str.splitlines) break lines at these; a PO string has no
# escape for them, so they are written as the line break they stand for.
_LINE_SEPARATORS = {0x85: "\n", 0x2028: "\n", 0x2029: "\n"}


def po_text(text: str) -> str:
    """Text as a PO string holds it: Unicode line separators become \\n."""
    return text.translate(_LINE_SEPARATORS)


def _comment(segment: Segment) -> str:
    return "\n".join([f"score {segment.score:.2f}", *note_lines(segment)])


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


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_PO_STRING}\s*")


def _malformed_line(text: str) -> tuple[int, str] | None:
    """The first line that is neither a comment, blank, nor a keyword or continuation with
    one complete quoted string (polib reads such a file without a word)."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if stripped.startswith(("#~", "#|")) and not re.search(r"msg\w*|\"", stripped):
            continue
        if not _PO_LINE.fullmatch(stripped):
            return number, f"expected a keyword and one quoted string, got {stripped[:40]!r}"
    return None


def read_po(text: str, path: str = "<po>") -> Alignment:
    """An alignment from a .po file this exporter wrote (and a CAT tool may have edited)."""
    from aligner.errors import InputError

    bad = _malformed_line(text)
    if bad:
        raise InputError(f"not a valid PO file: line {bad[0]}: {bad[1]}", path)
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError(f"not a valid PO file: {exc}", path) from exc
    if "X-Source-Language" not in po.metadata:
        raise InputError("not a catalogue that `aligner export` wrote (no X-Source-Language header)", path)
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            raise InputError(
                f"entry {entry.msgctxt or entry.msgid[:30]!r} has plural forms, which aligner never writes: "
                "not an aligner catalogue",
                path,
            )
        lines = unwrap_notes(entry.comment.splitlines()) if entry.comment else []
        score = 0.0
        if lines and is_score(lines[0]):
            score = score_of(lines.pop(0)[6:], path)
        # A translator's comments (#) have no place in an alignment: they go with the notes
        # aligner did not write, which the import names in a warning.
        lines += entry.tcomment.splitlines() if entry.tcomment else []
        refs = [f"{file}:{line}" for file, line in entry.occurrences]
        units.append(Unit(entry.msgctxt or "", entry.msgid, entry.msgstr, score, lines, refs))
    meta = po.metadata
    return alignment_from_units(units, meta.get("X-Source-Language", ""), meta.get("Language", ""), "", "", path)


def update_po(old_text: str, new: polib.POFile) -> polib.POFile:
    """Merge a fresh catalogue into an existing one, as msgmerge does.

    An entry whose msgid is unchanged keeps the old msgstr and fuzzy state (what a
    translator or reviewer did to it); an entry at the same place (msgctxt) whose msgid
    changed is fuzzy, with the previous msgid (``#| msgid``); old entries that match
    nothing become obsolete (``#~``).
    """
    old = polib.pofile(old_text)
    by_id: dict[str, polib.POEntry] = {}
    for entry in old:
        if not entry.obsolete:
            by_id.setdefault(entry.msgid, entry)
    by_ctxt = {e.msgctxt: e for e in old if not e.obsolete}
    used: set[int] = set()

    def claim(old_entry: polib.POEntry) -> bool:
        """Take an old entry for one new entry only."""
        if id(old_entry) in used:
            return False
        used.add(id(old_entry))
        return True

    # Exact msgids first, all of them: a sentence inserted early in the article must not
    # take, by its place, the entry that an unchanged sentence further on is matched to.
    unmatched = []
    for entry in new:
        same = by_id.get(entry.msgid)
        if same is not None and claim(same):
            entry.msgstr = same.msgstr
            entry.flags = list(same.flags)
        else:
            unmatched.append(entry)
    for entry in unmatched:
        moved = by_ctxt.get(entry.msgctxt)
        if moved is not None and claim(moved):
            entry.previous_msgid = moved.msgid
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
    for entry in old:
        if id(entry) not in used and not entry.obsolete and entry.msgid:
            gone = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr, obsolete=True)
            new.append(gone)
    return new
