"""The ``untranslated`` checks: copies, sentences and clauses in the source language, and
added sentences in it."""

from __future__ import annotations

from aligner.flags import find_flags
from aligner.flags.language import copied_source, untranslated, untranslated_run
from aligner.model import Flag
from tests.flags.build import SRC, b, context, flags_for, side, vectors


def test_a_copy_of_the_source_is_untranslated() -> None:
    names = "Tallinn, Tartu ja Pärnu 2025."
    src = [SRC[0], names, *SRC[2:]]
    tgt = ["The government approved next year's state budget on Thursday.", names, SRC[2]]
    beads = [b([0], [0]), b([1], [1]), b([2], [2]), b([3, 4], [])]
    ctx = context(tgt, beads, [0, 1, 2, 3, 4], [0, 1, 2], src_texts=src)
    (finding,) = copied_source(ctx, b([2], [2]))
    assert finding.message == "target 3 is a copy of its source (100% the same characters)"  # from 1
    # names and numbers look alike in every language: a target of fewer than three
    # lower-case words is never a copy
    assert copied_source(ctx, b([1], [1])) == []


def test_names_lists_are_not_copies() -> None:
    source, _ = side("et", ["Hadoram, Uusal, Dikla,"])
    target, _ = side("en", ["Hadoram, Uzal, Diklah,"])
    assert find_flags(source, target, (b([0], [0]),), vectors(["x"], [0]), vectors(["y"], [0])) == ()


def test_a_sentence_in_the_source_language_is_untranslated() -> None:
    tgt = [
        "The government approved next year's state budget on Thursday.",
        "Eelarve kogumaht on seitse miljonit eurot.",
    ]
    ctx = context(tgt, [b([0], [0]), b([1], [1]), b([2, 3, 4], [])], [0, 1, 2, 3, 4], [0, 1])
    (finding,) = untranslated(ctx, b([1], [1]))
    assert finding.tgt == (1,) and "is in et, the source language, not en" in finding.message
    assert finding.evidence["language"] == "et" and finding.evidence["probability"] >= 0.95


def marked_clause(sentence: str) -> tuple[str, Flag]:
    """The one untranslated flag on a one-sentence translation of SRC[0], and the text its span marks."""
    source, src_text = side("et", SRC[:1])
    target, tgt_text = side("en", [sentence])
    flags = find_flags(
        source, target, (b([0], [0]),), vectors(SRC[:1], [0]), vectors([sentence], [0]), texts=(src_text, tgt_text)
    )
    (flag,) = [f for f in flags if f.type == "untranslated"]
    assert flag.tgt_span is not None
    return tgt_text[flag.tgt_span[0] : flag.tgt_span[1]], flag


def test_an_untranslated_clause_inside_a_sentence_points_at_the_clause() -> None:
    tgt = [
        "The government approved the budget for next year on Thursday, opositsioon kritiseeris kärpeid haridusele "
        "ja tervishoiule, and the parliament will vote on it next week in the capital."
    ]
    marked, flag = marked_clause(tgt[0])
    assert marked == "opositsioon kritiseeris kärpeid haridusele ja tervishoiule,"
    assert flag.evidence["text"] == "opositsioon kritiseeris kärpeid haridusele ja tervishoiule,"


def test_an_original_name_kept_in_a_translation_is_not_untranslated() -> None:
    src = ["Keskus (Rahvusvaheline Kaitseuuringute Keskus) avaldas raporti."]
    tgt = ["The centre (Rahvusvaheline Kaitseuuringute Keskus, the International Centre) published a report."]
    source, src_text = side("et", src)
    target, tgt_text = side("en", tgt)
    flags = find_flags(source, target, (b([0], [0]),), vectors(src, [0]), vectors(tgt, [0]), texts=(src_text, tgt_text))
    assert not [f for f in flags if f.type == "untranslated"]


def test_two_versions_in_one_language_have_nothing_untranslated() -> None:
    text = ["The government approved the budget on Thursday.", "The opposition criticised the cuts."]
    source, src_text = side("en", text)
    target, tgt_text = side("en", text)
    beads = (b([0], [0]), b([1], [1]))
    flags = find_flags(source, target, beads, vectors(text, [0, 1]), vectors(text, [0, 1]), texts=(src_text, tgt_text))
    assert flags == ()


def test_an_added_sentence_in_the_source_language_is_untranslated_not_added() -> None:
    tgt = ["The government approved the budget.", "Opositsioon kritiseeris kärpeid haridusele ja tervishoiule."]
    beads = [b([0], [0]), b([], [1]), b([1, 2, 3, 4], [])]
    ctx = context(tgt, beads, [0, 1, 2, 3, 4], [0, 2])
    (finding,) = untranslated_run(ctx, b([], [1]))
    assert "has no source and is in et" in finding.message
    assert untranslated_run(ctx, b([0], [0])) == []
    flags = flags_for(tgt, beads, [0, 1, 2, 3, 4], [0, 2])
    assert [(f.type, f.tgt) for f in flags if f.tgt] == [("untranslated", (1,))]


def test_a_short_clause_joins_the_untranslated_run_next_to_it() -> None:
    """``mis laval toimus.`` is too short to identify alone; read with the clause before it,
    the whole untranslated tail is marked."""
    tgt = ['"The public has been told," he adds, "muidugi nad ka nägid kõike, mis laval toimus."']
    marked, _ = marked_clause(tgt[0])
    assert marked == '"muidugi nad ka nägid kõike, mis laval toimus."'


def test_a_three_word_headline_is_too_short_to_judge() -> None:
    tgt = ["Chaga mushroom tea"]
    source, src_text = side("et", ["Mustpässikutee"])
    target, tgt_text = side("en", tgt)
    flags = find_flags(
        source, target, (b([0], [0]),), vectors(["x"], [0]), vectors(tgt, [0]), texts=(src_text, tgt_text)
    )
    assert flags == ()
