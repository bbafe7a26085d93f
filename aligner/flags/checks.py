"""The checks, one function each, and ``CHECKS``: the one list that says which run, in what
order, with what type and severity, and which checks each one silences.

A check looks at one unit of an alignment (its ``Scope``: a run of dropped source sentences,
a run of added target sentences, or an aligned pair) and returns what it found there. A new
check is a function in the module of its kind (``coverage.py``: what the translation covers;
``language.py``: text left in the source language; ``facts.py``: figures and names) and a
line in ``CHECKS``; its tests go in ``tests/flags/``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aligner.flags.context import Context, Finding
from aligner.flags.coverage import added, added_inside, dropped, low_score, moved, partially_dropped, unrelated
from aligner.flags.facts import name_mismatch, number_mismatch
from aligner.flags.language import copied_source, untranslated, untranslated_run
from aligner.model import Bead, FlagType, Severity


class Scope(enum.Enum):
    """What a check looks at, in the order the scopes are checked."""

    DROPPED = "a run of source sentences with no translation"
    ADDED = "a run of target sentences with no source"
    PAIR = "an aligned pair (source and target sentences)"


CheckFunction = Callable[[Context, Bead], Sequence[Finding]]
"""A check: the findings about one unit (a null run is a bead with one side empty)."""


@dataclass(frozen=True)
class Check:
    """A check as the runner sees it."""

    find: CheckFunction
    type: FlagType
    severity: Severity
    """The severity of its findings unless a finding says otherwise."""
    scope: Scope
    silences: tuple[CheckFunction, ...] = ()
    """Later checks that do not run on a unit once this one found something there: a
    finding that explains the unit makes their findings noise."""

    @property
    def name(self) -> str:
        return self.find.__name__

    @property
    def title(self) -> str:
        """What the check looks for: the first line of its docstring."""
        return (self.find.__doc__ or self.name).strip().splitlines()[0]


_REASONED = (number_mismatch, name_mismatch, partially_dropped, added_inside)
"""The pair checks that say what is wrong with a pair, which a low score alone does not."""

CHECKS: tuple[Check, ...] = (
    Check(moved, FlagType.MOVED, Severity.WARNING, Scope.DROPPED, silences=(dropped, untranslated_run, added)),
    Check(dropped, FlagType.DROPPED, Severity.ERROR, Scope.DROPPED),
    Check(untranslated_run, FlagType.UNTRANSLATED, Severity.ERROR, Scope.ADDED, silences=(added,)),
    Check(added, FlagType.ADDED, Severity.ERROR, Scope.ADDED),
    Check(
        copied_source,
        FlagType.UNTRANSLATED,
        Severity.ERROR,
        Scope.PAIR,
        silences=(untranslated, unrelated, *_REASONED, low_score),
    ),
    Check(untranslated, FlagType.UNTRANSLATED, Severity.ERROR, Scope.PAIR, silences=(unrelated, *_REASONED, low_score)),
    Check(unrelated, FlagType.LOW_CONFIDENCE, Severity.WARNING, Scope.PAIR, silences=(*_REASONED, low_score)),
    Check(number_mismatch, FlagType.NUMBER_MISMATCH, Severity.ERROR, Scope.PAIR, silences=(low_score,)),
    Check(name_mismatch, FlagType.NAME_MISMATCH, Severity.ERROR, Scope.PAIR, silences=(low_score,)),
    Check(partially_dropped, FlagType.PARTIALLY_DROPPED, Severity.WARNING, Scope.PAIR, silences=(low_score,)),
    Check(added_inside, FlagType.ADDED, Severity.WARNING, Scope.PAIR, silences=(low_score,)),
    Check(low_score, FlagType.LOW_CONFIDENCE, Severity.WARNING, Scope.PAIR),
)
"""Every check, in the order they run on a unit; a check silences only checks after it."""
