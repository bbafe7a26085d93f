"""What each review page changed, so that its Undo and Redo revert only its own changes,
as operations on the file as it is then.

A page's change is kept as the file before and after it (a ``Step``). Undoing it puts back,
on the current file, what the step changed and nothing else: the reviews of the flags it
decided, and the beads it corrected, where no one has changed them since. Another page's
(or ``review -i``'s) decision on another flag stays; a flag another reviewer decided since
is not overwritten: the undo is refused and says so. So is an undo of corrected beads
after someone else changed the beads. Redo is the same with the step's sides swapped.

The history lives in the server's memory, per page (each page makes an id when it loads),
at most ``STEPS`` steps a page and ``PAGES`` pages.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

from aligner.model import Alignment, Review

STEPS = 200
"""Steps kept per page (the oldest go first)."""
PAGES = 64
"""Pages whose history is kept (the least recently used go first)."""


class Refused(Exception):
    """An undo or redo that would overwrite what someone else did since (the message says what)."""


@dataclass(frozen=True)
class Step:
    """One change a page made: the file before it and after it."""

    before: Alignment
    after: Alignment

    def reverted(self) -> Step:
        return Step(self.after, self.before)


def _reviews(alignment: Alignment) -> dict[str, Review | None]:
    return {flag.key: flag.review for flag in alignment.flags if flag.key}


def _beads(alignment: Alignment) -> tuple[object, ...]:
    return (alignment.beads, alignment.corrections)


def apply_back(step: Step, current: Alignment) -> Alignment:
    """``current`` with ``step`` taken back: what it changed set to what it was before it,
    where no one has changed it since; else Refused."""
    before, after = step.before, step.after
    if _beads(before) != _beads(after):
        if _beads(current) != _beads(after):
            raise Refused("the beads were changed since (another tab or reviewer): this correction cannot be undone")
        base = replace(current, beads=before.beads, corrections=before.corrections, flags=before.flags)
    else:
        base = current
    was, became, now = _reviews(before), _reviews(after), _reviews(current)
    changed = {key for key in was.keys() | became.keys() if was.get(key) != became.get(key)}
    for key in changed:
        if key in now and now[key] != became.get(key):
            raise Refused("a flag was decided since by someone else: undo would overwrite their decision")
    flags = []
    for flag in base.flags:
        if flag.key in changed:
            flags.append(replace(flag, review=was.get(flag.key)))
        elif flag.key in now:
            flags.append(replace(flag, review=now[flag.key]))  # what others decided stays
        else:
            flags.append(flag)
    return replace(base, flags=tuple(flags))


@dataclass
class _Page:
    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)


class History:
    """The steps of every page served (see the module docstring)."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, _Page] = OrderedDict()

    def _page(self, page: str) -> _Page:
        found = self._pages.pop(page, None) or _Page()
        self._pages[page] = found
        while len(self._pages) > PAGES:
            self._pages.popitem(last=False)
        return found

    def record(self, page: str, before: Alignment, after: Alignment) -> None:
        """A new change by ``page``: it can be undone; what it could redo is gone."""
        if not page or before == after:
            return
        steps = self._page(page)
        steps.undo = [*steps.undo, Step(before, after)][-STEPS:]
        steps.redo = []

    def next(self, page: str, redo: bool) -> Step | None:
        """The step ``page``'s Undo (or Redo) would take back, if any."""
        steps = self._page(page).redo if redo else self._page(page).undo
        return (steps[-1].reverted() if redo else steps[-1]) if steps else None

    def done(self, page: str, redo: bool) -> None:
        """``page``'s Undo (or Redo) was applied: the step moves to the other list."""
        steps = self._page(page)
        if redo:
            steps.undo.append(steps.redo.pop())
        else:
            steps.redo.append(steps.undo.pop())
