"""The translation units every export format writes: one Segment per bead.

A segment's state comes from the review: no translation -> ``initial``; flags not all
accepted -> ``translated`` (needs review); flags all accepted -> ``reviewed``; no flag ->
``final``. Target sentences with no source (0-1 beads) are not units of their own: they
ride on the segment before them (the first segment, for additions before any) as notes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from aligner.model import Alignment, Flag

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
    kind: str
    state: str
    flags: tuple[Flag, ...]
    references: tuple[str, ...]
    added_before: tuple[str, ...] = ()
    added_after: tuple[str, ...] = ()

    @property
    def fuzzy(self) -> bool:
        """Flagged and not (yet) accepted: gettext leaves it out of the .mo."""
        return self.state == "translated" and bool(self.flags)


def creation_date(alignment: Alignment, now: bool = False) -> datetime:
    """When the bundle was made, taken from the input so that re-exporting is reproducible.

    The latest review decision in the alignment; else ``$SOURCE_DATE_EPOCH`` (the
    reproducible-builds convention); else the Unix epoch. ``now`` asks for the clock.
    """
    if now:
        return datetime.now(UTC).replace(microsecond=0)
    stamps = [f.review.at for f in alignment.flags if f.review is not None and f.review.at]
    if stamps:
        try:
            return datetime.fromisoformat(max(stamps).replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            pass
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, UTC)


def _state(target: str, flags: list[Flag]) -> str:
    if not target:
        return "initial"
    if not flags:
        return "final"
    if all(f.review is not None and f.review.decision == "accepted" for f in flags):
        return "reviewed"
    return "translated"


def segments(alignment: Alignment) -> list[Segment]:
    """The alignment's beads with a source side, in order, as segments."""
    src, tgt = alignment.source, alignment.target
    out: list[Segment] = []
    pending: list[str] = []
    for bead in alignment.beads:
        if not bead.src:
            text = clean(" ".join(tgt.sentences[j].text for j in bead.tgt))
            if out:
                out[-1] = replace(out[-1], added_after=(*out[-1].added_after, text))
            else:
                pending.append(text)
            continue
        source = clean(" ".join(src.sentences[i].text for i in bead.src))
        target = clean(" ".join(tgt.sentences[j].text for j in bead.tgt))
        flags = [f for f in alignment.flags if set(f.src) & set(bead.src) or (bead.tgt and set(f.tgt) & set(bead.tgt))]
        paragraphs = sorted({src.sentences[i].paragraph + 1 for i in bead.src})
        references = tuple(f"{src.path}:{p}" for p in paragraphs)
        out.append(
            Segment(
                f"s{len(out) + 1:04d}",
                source,
                target,
                bead.score,
                bead.kind,
                _state(target, flags),
                tuple(flags),
                references,
                added_before=tuple(pending),
            )
        )
        pending = []
    return out
