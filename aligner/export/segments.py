"""The translation units every export format writes: one Segment per bead.

A segment's state comes from the review: no translation -> ``initial``; flags not all
accepted -> ``translated`` (needs review); flags all accepted -> ``reviewed``; no flag ->
``final``. Target sentences with no source (0-1 beads) are not units of their own: they
ride on the segment before them (the first segment, for additions before any) as notes.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from aligner.decisions import accepted
from aligner.errors import AlignerWarning, InputError
from aligner.model import (
    Alignment,
    Bead,
    Decision,
    Flag,
    FlagType,
    Review,
    SegmentState,
    Sentence,
    Severity,
    Side,
    flag_key,
    language_tag,
)
from aligner.printable import clip

# Characters XML 1.0 does not allow (and NUL, which an MO file cannot hold): every export
# writes U+FFFD for them, the same way each time, so a re-export stays byte-identical.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _FORBIDDEN.sub(REPLACEMENT, text)


@dataclass(frozen=True)
class Segment:
    """One bead as a translation unit."""

    id: str
    source: str
    target: str
    score: float
    state: SegmentState
    flags: tuple[Flag, ...]
    references: tuple[str, ...]
    added_before: tuple[str, ...] = ()
    added_after: tuple[str, ...] = ()
    addition_flags: tuple[Flag, ...] = ()
    """Flags on the added text around the segment (``added``): they travel with it, but do
    not make the segment's own translation fuzzy."""
    source_lengths: tuple[int, ...] = ()
    target_lengths: tuple[int, ...] = ()
    """The length of each sentence of a side that joins more than one (else empty): what
    lets an import take the side apart into the sentences it was made of."""

    @property
    def fuzzy(self) -> bool:
        """Flagged and not (yet) accepted: gettext leaves it out of the .mo."""
        return self.state is SegmentState.TRANSLATED and bool(self.flags)


def creation_date(alignment: Alignment, now: bool = False) -> datetime:
    """When the bundle was made, taken from the input so that re-exporting is reproducible.

    The latest review decision among the flags the bundle carries; else
    ``$SOURCE_DATE_EPOCH`` (the reproducible-builds convention); else the Unix epoch.
    ``now`` asks for the clock.
    """
    if now:
        return datetime.now(UTC).replace(microsecond=0)
    stamps = [
        f.review.at
        for seg in segments(alignment)
        for f in (*seg.flags, *seg.addition_flags)
        if f.review is not None and f.review.at
    ]
    if stamps:
        try:
            return datetime.fromisoformat(max(stamps).replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            pass
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, UTC)


def _state(target: str, flags: list[Flag], checked: bool = False) -> SegmentState:
    """``checked``: a person made or checked the pair (a fixed bead): reviewed, unless a flag
    on it is still open."""
    if not target:
        return SegmentState.INITIAL
    if not flags:
        return SegmentState.REVIEWED if checked else SegmentState.FINAL
    if all(accepted(f) for f in flags):
        return SegmentState.REVIEWED
    return SegmentState.TRANSLATED


def _flags_by_sentence(flags: tuple[Flag, ...]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """For each source and each target sentence, the positions of the flags on it."""
    by_src: dict[int, list[int]] = {}
    by_tgt: dict[int, list[int]] = {}
    for k, flag in enumerate(flags):
        for i in flag.src:
            by_src.setdefault(i, []).append(k)
        for j in flag.tgt:
            by_tgt.setdefault(j, []).append(k)
    return by_src, by_tgt


def segments(alignment: Alignment) -> list[Segment]:
    """The alignment's beads with a source side, in order, as segments (linear in beads
    and flags: each bead looks up the flags on its own sentences)."""
    src, tgt = alignment.source, alignment.target
    by_src, by_tgt = _flags_by_sentence(alignment.flags)

    def flags_on(src_idx: tuple[int, ...], tgt_idx: tuple[int, ...]) -> list[int]:
        found = {k for i in src_idx for k in by_src.get(i, ())} | {k for j in tgt_idx for k in by_tgt.get(j, ())}
        return sorted(found)

    out: list[Segment] = []
    # Additions ride on the segment before them (the first one for those before any): they
    # are gathered here, and each segment is completed when the next one begins.
    added: list[tuple[list[str], list[str], dict[int, None]]] = [([], [], {})]  # (before, after, flags)
    for bead in alignment.beads:
        if not bead.src:
            before, after, on_added = added[-1]
            (after if out else before).append(clean(tgt.text(bead.tgt)))
            on_added.update((k, None) for k in flags_on((), bead.tgt) if not alignment.flags[k].src)
            continue
        source = clean(src.text(bead.src))
        target = clean(tgt.text(bead.tgt))
        flags = [alignment.flags[k] for k in flags_on(bead.src, bead.tgt)]
        paragraphs = sorted({src.sentences[i].paragraph + 1 for i in bead.src})
        lengths = [tuple(len(side.sentences[k].text) for k in idx) for side, idx in ((src, bead.src), (tgt, bead.tgt))]
        references = tuple(f"{src.path}:{p}" for p in paragraphs)
        out.append(
            Segment(
                f"s{len(out) + 1:04d}",
                source,
                target,
                bead.score,
                _state(target, flags, bead.fixed),
                tuple(flags),
                references,
                source_lengths=lengths[0] if len(lengths[0]) > 1 else (),
                target_lengths=lengths[1] if len(lengths[1]) > 1 else (),
            )
        )
        added.append(([], [], {}))
    for k, segment in enumerate(out):
        first: tuple[list[str], list[str], dict[int, None]] = added[0] if k == 0 else ([], [], {})
        following = added[k + 1]
        flag_places = {**first[2], **following[2]}
        out[k] = replace(
            segment,
            added_before=tuple(first[0]),
            added_after=tuple(following[1]),
            addition_flags=tuple(alignment.flags[f] for f in flag_places),
        )
    return out


# --- notes: how flags and additions travel in every format, and how they come back ---------

_FLAG_LINE = re.compile(
    rf"^(?P<severity>{'|'.join(Severity)}) (?P<type>{'|'.join(FlagType)}): (?P<message>.*?)"
    rf"(?: \[(?P<decision>{'|'.join(d.label for d in Decision)}) by (?P<reviewer>.*?) (?P<at>\S+?)"
    r"(?:: (?P<note>.*))?\])?$"
)
BEFORE = "added in translation before this: "
AFTER = "added in translation after this: "
LENGTHS = "sentence lengths: "
_LENGTHS_LINE = re.compile(rf"^{LENGTHS}(?P<side>source|target)(?P<lengths>(?: \d+)+)$")


def note_lines(segment: Segment) -> list[str]:
    """The segment's flags (with their review) and the additions around it, one line each."""
    lines = []
    for flag in (*segment.flags, *segment.addition_flags):
        line = f"{flag.severity} {flag.type}: {flag.message}"
        if flag.review is not None:
            line += f" [{flag.review.decision.label} by {flag.review.reviewer} {flag.review.at}"
            line += f": {flag.review.note}]" if flag.review.note else "]"
        lines.append(line)
    lines.extend(BEFORE + text for text in segment.added_before)
    lines.extend(AFTER + text for text in segment.added_after)
    for side, lengths in (("source", segment.source_lengths), ("target", segment.target_lengths)):
        if lengths:
            lines.append(f"{LENGTHS}{side} {' '.join(map(str, lengths))}")
    # One line each, white space folded: comment lines in PO lose trailing white space when
    # read, so a note must not depend on it to read back the same.
    return [" ".join(line.split()) for line in lines]


def unwrap_notes(lines: list[str]) -> list[str]:
    """Note lines as written, after a tool that wraps long comments (polib, msgcat) has
    split them: a line that does not begin as a note begins continues the one before."""

    def begins(line: str) -> bool:
        return bool(
            is_score(line)
            or _FLAG_LINE.match(line)
            or _addition(line, BEFORE) is not None
            or _addition(line, AFTER) is not None
            or line.startswith(LENGTHS)
        )

    out: list[str] = []
    for line in lines:
        if out and not begins(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


@dataclass
class Unit:
    """What a format holds of one segment, read back."""

    id: str
    source: str
    target: str
    score: float
    notes: list[str]
    references: list[str]
    state: str = ""
    """The unit's state as the format writes it (``reviewed``, ``signed-off``), if any."""


def _flag(m: re.Match[str], src: tuple[int, ...], tgt: tuple[int, ...]) -> Flag:
    """The flag a note line (matched by ``_FLAG_LINE``) stands for."""
    review = None
    if m.group("decision"):
        review = Review(
            Decision.from_label(m.group("decision")), m.group("note") or "", m.group("reviewer"), m.group("at")
        )
    kind = FlagType(m.group("type"))
    return Flag(
        kind,
        Severity(m.group("severity")),
        src,
        tgt,
        m.group("message"),
        key=flag_key(kind, [m.group("message")], []),
        review=review,
    )


def _addition(line: str, prefix: str) -> str | None:
    """The added text of a note line, or None; a reader may have trimmed an empty one's space."""
    if line.startswith(prefix):
        return line[len(prefix) :]
    return "" if line == prefix.rstrip() else None


def is_score(line: str) -> bool:
    """Whether a note line is a unit's score as aligner writes it (``score 0.93``); a
    translator's note that happens to begin with "score " is not."""
    if not line.startswith("score "):
        return False
    try:
        float(line[6:])
    except ValueError:
        return False
    return True


def score_of(text: str, path: str) -> float:
    """A unit's score as its notes write it; an InputError naming the file when it is not
    a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:
        raise InputError(f"a unit's score {text.strip()!r} is not a number from 0 to 1", path)
    return value


def _sentences_of(text: str, lengths: list[int]) -> list[str]:
    """``text`` taken apart into sentences of these lengths (joined by one space each, as
    exported); the whole text as one sentence when it no longer fits them (a CAT tool
    changed it) or no lengths were written (the side had one sentence)."""
    if len(lengths) < 2 or sum(lengths) + len(lengths) - 1 != len(text):
        return [text] if text else []
    parts, start = [], 0
    for length in lengths:
        parts.append(text[start : start + length])
        if text[start + length : start + length + 1] not in ("", " "):
            return [text]
        start += length + 1
    return parts


@dataclass(frozen=True)
class Notes:
    """A unit's note lines, read once: what aligner wrote there, and the rest."""

    flags: tuple[re.Match[str], ...]
    """The flag lines, matched by ``_FLAG_LINE``."""
    lengths: dict[str, list[int]]
    """The sentence lengths of each side (``source``, ``target``), where a note gives them."""
    before: tuple[str, ...]
    """Text the translation adds before the unit, and after it."""
    after: tuple[str, ...]
    foreign: tuple[str, ...]
    """Lines aligner did not write (a translator's notes)."""

    @classmethod
    def of(cls, lines: list[str]) -> Notes:
        flags, before, after, foreign = [], [], [], []
        lengths: dict[str, list[int]] = {"source": [], "target": []}
        for line in lines:
            flag, length = _FLAG_LINE.match(line), _LENGTHS_LINE.match(line)
            added_before, added_after = _addition(line, BEFORE), _addition(line, AFTER)
            if flag is not None:
                flags.append(flag)
            elif length is not None:
                lengths[length["side"]] = [int(n) for n in length["lengths"].split()]
            elif added_before is not None:
                before.append(added_before)
            elif added_after is not None:
                after.append(added_after)
            else:
                foreign.append(line)
        return cls(tuple(flags), lengths, tuple(before), tuple(after), tuple(foreign))


def alignment_from_units(
    units: list[Unit], src_lang: str, tgt_lang: str, src_path: str, tgt_path: str, origin: str
) -> Alignment:
    """Rebuild an alignment from the units of an exported file: a unit's side is taken
    apart into the sentences its ``sentence lengths`` note names, else it is one sentence.

    ``origin`` is the file read: it names errors (one that names no source language is no
    file ``aligner export`` wrote), and it is the target side's path when none is given,
    since the bundle is where the target text now comes from."""
    if not src_lang:
        raise InputError("names no source language: not a file that `aligner export` wrote", origin)
    if not units:
        raise InputError("holds no translation units: there is nothing to import", origin)
    try:
        language_tag(src_lang, "the source language")
        language_tag(tgt_lang, "the target language")
    except ValueError as exc:
        raise InputError(str(exc), origin) from None
    built = _Built()
    foreign: list[str] = []
    for unit in units:
        notes = Notes.of(unit.notes)
        foreign.extend(notes.foreign)
        paragraph = 0
        for ref in unit.references:
            path, _, number = ref.rpartition(":")
            if number.isdigit():
                paragraph = int(number) - 1
                src_path = path or src_path
        built.add_unit(unit, notes, paragraph)
    if foreign:
        warnings.warn(
            f"{origin}: {len(foreign)} note{'s' if len(foreign) > 1 else ''} that aligner did not write "
            f"(a translator's?) cannot be kept in an alignment: {clip(foreign[0])!r}"
            + (" and more" if len(foreign) > 1 else ""),
            AlignerWarning,
            stacklevel=2,
        )
    return Alignment(
        Side(src_lang, src_path, tuple(built.src)),
        Side(tgt_lang, tgt_path or origin, tuple(built.tgt)),
        tuple(built.beads),
        tuple(built.flags),
        {"imported": True},
    )


@dataclass
class _Built:
    """An alignment's sentences, beads and flags as the units of a file are read."""

    src: list[Sentence] = field(default_factory=list)
    tgt: list[Sentence] = field(default_factory=list)
    beads: list[Bead] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def add_unit(self, unit: Unit, notes: Notes, paragraph: int) -> None:
        """A unit's text added before it, its pair, the text added after it, and its flags
        (an "added" flag is about the added text the unit carries, not about the unit)."""
        added = [self._added(text, paragraph) for text in notes.before]
        src = _append(self.src, _sentences_of(unit.source, notes.lengths["source"]) or [""], paragraph)
        tgt = _append(self.tgt, _sentences_of(unit.target, notes.lengths["target"]), paragraph)
        # A pair checked by a person (a fixed bead) is "reviewed" with no flag on it.
        checked = unit.state in (SegmentState.REVIEWED, "signed-off") and not notes.flags
        self.beads.append(Bead(src, tgt, unit.score, fixed=checked and bool(src) and bool(tgt)))
        added += [self._added(text, paragraph) for text in notes.after]
        self.flags.extend(
            _flag(m, (), tuple(added)) if m["type"] == FlagType.ADDED else _flag(m, src, tgt) for m in notes.flags
        )

    def _added(self, text: str, paragraph: int) -> int:
        j = _append(self.tgt, [text], paragraph)[0]
        self.beads.append(Bead((), (j,), 0.0))
        return j


def _append(sentences: list[Sentence], texts: list[str], paragraph: int) -> tuple[int, ...]:
    """Append the sentences of one side of a unit; offsets count from the unit's text."""
    start = len(sentences)
    offset = 0
    for text in texts:
        sentences.append(Sentence(len(sentences), text, offset, offset + len(text), paragraph))
        offset += len(text) + 1
    return tuple(range(start, len(sentences)))
