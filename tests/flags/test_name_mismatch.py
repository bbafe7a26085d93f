"""The ``name-mismatch`` check, on pairs (how names are read: tests/test_names.py)."""

from __future__ import annotations

from aligner.flags import find_flags
from aligner.flags.facts import name_mismatch
from aligner.model import FlagType, Severity
from tests.flags.build import b, context, side, vectors

SRC = [
    "Harju maakohus mõistis esmaspäeval süüdi kaks meest.",
    "Mehed petsid inimestelt välja ligi miljon eurot.",
    "Kohtuotsuse peale võib edasi kaevata.",
]
BEADS = [b([0], [0]), b([1], [1]), b([2], [2])]


def check(tgt: list[str]) -> list[str]:
    ctx = context(tgt, BEADS, [0, 1, 2], [0, 1, 2], src_texts=SRC)
    return [f.message for f in name_mismatch(ctx, b([0], [0]))]


def test_a_different_court_is_named_on_both_sides() -> None:
    tgt = ["Tartu County Court convicted two men on Monday.", "They swindled people.", "It can be appealed."]
    ctx = context(tgt, BEADS, [0, 1, 2], [0, 1, 2], src_texts=SRC)
    (finding,) = name_mismatch(ctx, b([0], [0]))
    assert finding.message == "source names Harju maakohus (Harju County Court), the translation Tartu County Court"
    assert finding.evidence == {
        "mismatches": [
            {
                "kind": "court",
                "source": ["Harju maakohus"],
                "source_keys": ["Harju County Court"],
                "target": ["Tartu County Court"],
            }
        ]
    }


def test_the_same_court_or_none_is_no_flag() -> None:
    assert check(["Harju County Court convicted two men on Monday.", "x", "y"]) == []
    assert check(["The court convicted two men on Monday.", "x", "y"]) == []  # the name left out


def test_a_person_names_the_whole_names() -> None:
    src = ["Väravas seisis Henri Kaasik.", *SRC[1:]]
    ctx = context(["Mattias Kaasik stood in goal.", "x", "y"], BEADS, [0, 1, 2], [0, 1, 2], src_texts=src)
    (finding,) = name_mismatch(ctx, b([0], [0]))
    assert finding.message == "source names Henri Kaasik, the translation Mattias Kaasik"


def test_the_runner_makes_it_an_error_flag_on_the_pair() -> None:
    tgt = ["Tartu County Court convicted two men on Monday.", "They swindled people.", "It can be appealed."]
    source, src_text = side("et", SRC)
    target, tgt_text = side("en", tgt)
    vec_src, vec_tgt = vectors(SRC, [0, 1, 2]), vectors(tgt, [0, 1, 2])
    flags = find_flags(source, target, tuple(BEADS), vec_src, vec_tgt, texts=(src_text, tgt_text))
    assert [(f.type, f.severity, f.src, f.tgt) for f in flags] == [(FlagType.NAME_MISMATCH, Severity.ERROR, (0,), (0,))]


def test_a_person_is_flagged_when_both_names_open_their_sentences() -> None:
    src = ["Henri Kaasik ütles, et otsus jõustub kohe.", *SRC[1:]]
    ctx = context(
        ["Mattias Kaasik said the decision takes effect.", "x", "y"], BEADS, [0, 1, 2], [0, 1, 2], src_texts=src
    )
    (finding,) = name_mismatch(ctx, b([0], [0]))
    assert finding.message == "source names Henri Kaasik, the translation Mattias Kaasik"
