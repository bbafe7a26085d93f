"""The registry of checks and the runner: order, scopes, severities, who silences whom."""

from __future__ import annotations

from aligner.flags import CHECKS, Check, Finding, Scope, run_checks
from aligner.flags.facts import number_mismatch
from aligner.model import FlagType, Severity
from tests.flags.build import SRC, b, context, flags_for


def test_every_flag_type_has_a_check_and_every_check_a_docstring() -> None:
    assert {c.type for c in CHECKS} == set(FlagType)
    assert all(c.find.__doc__ for c in CHECKS)
    assert len({c.name for c in CHECKS}) == len(CHECKS)


def test_a_check_silences_only_later_checks_of_a_scope_it_can_reach() -> None:
    order = {c.find: k for k, c in enumerate(CHECKS)}
    scopes = list(Scope)
    for check in CHECKS:
        for silenced in check.silences:
            assert order[silenced] > order[check.find], (check.name, silenced.__name__)
            later = next(c for c in CHECKS if c.find is silenced)
            assert scopes.index(later.scope) >= scopes.index(check.scope)


def test_checks_run_in_scope_order_and_are_sorted_in_document_order() -> None:
    tgt = ["The government approved next year's state budget on Thursday.", "The budget is 17 million euros."]
    beads = [b([0], [0]), b([1], [1]), b([2], []), b([3, 4], [])]
    flags = flags_for(tgt, beads, [0, 1, 2, 3, 4], [0, 1])
    assert [(f.type, f.src) for f in flags] == [("number-mismatch", (1,)), ("dropped", (2, 3, 4))]


def test_an_untranslated_sentence_silences_the_number_check() -> None:
    """A sentence left in Estonian has other numbers than its 'translation' says nothing
    about: the untranslated flag is the finding, a number mismatch would be noise."""
    tgt = ["The government approved next year's state budget on Thursday.", "Eelarve maht on 8 miljonit eurot ja veel."]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    assert number_mismatch(ctx, b([1], [1]))  # on its own, it would flag the pair
    assert [f.type for f in run_checks(ctx) if f.src == (1,)] == ["untranslated"]


def test_the_runner_gives_findings_the_check_type_and_severity() -> None:
    def everything(ctx, unit):  # type: ignore[no-untyped-def]
        """Flags every pair."""
        return [Finding(unit.src, unit.tgt, "seen")]

    def quiet(ctx, unit):  # type: ignore[no-untyped-def]
        """Flags every pair, as info."""
        return [Finding(unit.src, unit.tgt, "quiet", severity=Severity.INFO)]

    tgt = ["The government approved next year's state budget on Thursday.", "The budget is 7 million euros."]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    checks = (
        Check(everything, FlagType.MOVED, Severity.WARNING, Scope.PAIR, silences=(quiet,)),
        Check(quiet, FlagType.ADDED, Severity.ERROR, Scope.PAIR),
    )
    flags = run_checks(ctx, checks)
    assert [(f.type, f.severity, f.src) for f in flags] == [("moved", "warning", (0,)), ("moved", "warning", (1,))]
    assert [(f.type, f.severity) for f in run_checks(ctx, checks[1:])][:1] == [("added", "info")]
    assert flags[0].src_span == (0, len(SRC[0]))
    assert isinstance(flags[0].type, FlagType)
