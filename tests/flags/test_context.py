"""What every check may ask about one alignment, computed once (aligner/flags/context.py)."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.flags.config import FlagConfig
from aligner.flags.context import Context, Finding, letters
from aligner.model import Bead, Severity
from aligner.moves import MoveConfig
from aligner.sides import SideData
from tests.conftest import FakeTermEmbedder
from tests.flags.build import b, side


def at(cos: float) -> np.ndarray:
    """The unit vector whose cosine with ``[1, 0]`` is ``cos``."""
    return np.array([cos, np.sqrt(1 - cos * cos)], dtype=np.float32)


def build(
    src_texts: list[str],
    tgt_texts: list[str],
    beads: list[Bead],
    src_vectors: np.ndarray | None = None,
    tgt_vectors: np.ndarray | None = None,
    langs: tuple[str, str] = ("et", "en"),
    **options: object,
) -> Context:
    """A context over hand-built sides: one paragraph, one sentence a line; by default every
    source vector is ``[1, 0]`` and so is every target vector."""
    source, src_text = side(langs[0], src_texts)
    target, tgt_text = side(langs[1], tgt_texts)
    src_vectors = np.tile(at(1.0), (len(src_texts), 1)) if src_vectors is None else src_vectors
    tgt_vectors = np.tile(at(1.0), (len(tgt_texts), 1)) if tgt_vectors is None else tgt_vectors
    args: dict[str, object] = {"cfg": FlagConfig(), "power": 0.5, "moves": MoveConfig(), "texts": (src_text, tgt_text)}
    args.update(options)
    return Context.of(
        source,
        target,
        tuple(beads),
        SideData.from_texts(src_vectors, src_texts),
        SideData.from_texts(tgt_vectors, tgt_texts),
        **args,  # type: ignore[arg-type]
    )


# --- what Context.of computes --------------------------------------------------------


def test_the_scale_is_target_over_source_length_over_the_aligned_pairs_only() -> None:
    """Dropped and added text (a cut paragraph, an embedded post) must not change it; a 2-1
    pair is aligned text."""
    src = ["a" * 40, "b" * 30, "c" * 30, "d" * 500]
    tgt = ["A" * 50, "B" * 70, "E" * 900]
    ctx = build(src, tgt, [b([0], [0]), b([1, 2], [1]), b([3], []), b([], [2])])
    assert ctx.scale == pytest.approx(120 / 100)
    assert build(src, tgt, [b([0, 1, 2, 3], []), b([], [0, 1, 2])]).scale == 1.0  # nothing aligned: no ratio


def test_the_typical_pair_is_the_median_cosine_of_the_one_to_one_pairs() -> None:
    """A 2-1 pair, however unlike, is no 1-1 pair; with fewer than five 1-1 pairs there is no typical one."""
    texts = [f"Lause number {k}." for k in range(7)]
    cosines = [0.9, 0.5, 0.7, 0.6, 0.95, 0.1, 0.1]  # mean 0.73, median 0.7
    beads = [b([k], [k]) for k in range(5)] + [b([5, 6], [5])]
    vectors = np.array([at(c) for c in cosines])
    assert build(texts, texts[:6], beads, vectors).typical == pytest.approx(0.7)
    assert build(texts, texts[:6], [*beads[:4], b([4, 5, 6], [4, 5])], vectors).typical is None


def test_far_below_typical_is_strictly_more_than_the_drop_below_it_and_never_without_a_typical() -> None:
    texts = [f"Lause number {k}." for k in range(5)]
    beads = [b([k], [k]) for k in range(5)]
    ctx = build(texts, texts, beads, np.array([at(0.75)] * 5), cfg=FlagConfig(unrelated_drop=0.25))
    assert ctx.typical == 0.75
    assert ctx.far_below_typical(0.49) and not ctx.far_below_typical(0.5) and not ctx.far_below_typical(0.51)
    assert not build(texts[:4], texts[:4], beads[:4]).far_below_typical(-1.0)


SHORT_SRC = [
    "Pealkiri on siin.",
    "Linn ostab kümme uut bussi ning piletid lähevad järgmisel aastal odavamaks.",
    "Teine lause räägib ilmast.",
    "Kolmas lause räägib spordist.",
    "Neljas lause räägib kultuurist.",
    "Viies lause räägib majandusest.",
]
SHORT_TGT = [
    "The headline is here.",
    "Linn ostab kümme uut bussi.",
    "The second one is about the weather.",
    "The third one is about the sport.",
    "The fourth one is about the culture.",
    "The fifth one is about the economy.",
]
LEFT_OUT = "ning piletid lähevad järgmisel aastal odavamaks."


def short_pair(pairs: int = 6, **options: object) -> Context:
    """Sentence 1's translation says only its first clause; the typical pair's cosine is 0.9."""
    vectors = np.array([at(c) for c in [1.0, 0.95, 0.9, 0.9, 0.9, 0.9]])
    beads = [b([k], [k]) for k in range(pairs)]
    if pairs < 6:
        beads.append(b(list(range(pairs, 6)), list(range(pairs, 6))))
    return build(SHORT_SRC, SHORT_TGT, beads, vectors, **options)


def test_a_left_out_clause_is_looked_for_only_with_the_model_and_a_typical_pair() -> None:
    asked: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        """The source without either clause is exactly as alike as the translation."""
        asked.append(list(texts))
        return np.tile(at(1.0), (len(texts), 1))

    assert short_pair().omissions == {}  # no model to read the clauses with
    found = short_pair(embed=embed).omissions
    assert list(found) == [(1, 1)] and found[1, 1].text == LEFT_OUT
    assert asked == [[LEFT_OUT, "Linn ostab kümme uut bussi"]]  # the source without each clause
    asked.clear()
    assert short_pair(4, embed=embed).omissions == {} and asked == []  # four 1-1 pairs: no typical one


def test_the_models_latent_terms_are_passed_on_to_find_the_clause() -> None:
    """Where the source without a clause is less alike than the whole, only the terms find it."""

    def embed(texts: list[str]) -> np.ndarray:
        return np.tile(at(0.93), (len(texts), 1))

    assert short_pair(embed=embed).omissions == {}
    terms = FakeTermEmbedder()
    found = short_pair(embed=embed, terms=terms).omissions
    assert [o.text for o in found.values()] == [LEFT_OUT]
    assert terms.term_calls[-1] == SHORT_TGT[1]


@pytest.mark.parametrize(
    ("langs", "expected"),
    [(("et", "en"), True), (("en", "et"), True), (("en", "en"), False), (("et", "smn"), False)],
    ids=["et-en", "en-et", "one-language", "inari-sami-unknown"],
)
def test_languages_can_be_identified_only_when_they_differ_and_both_are_known(
    langs: tuple[str, str], expected: bool
) -> None:
    assert build(["Tere."], ["Hello."], [b([0], [0])], langs=langs).can_identify is expected


def test_a_regional_tag_is_identified_as_its_language() -> None:
    """``language_tag`` allows ``en-GB`` and ``EN`` (batch reads them from file names)."""
    assert build(["Tere."], ["Hello."], [b([0], [0])], langs=("et", "en-GB")).can_identify
    assert build(["Tere."], ["Hello."], [b([0], [0])], langs=("ET", "en")).can_identify
    assert not build(["Tere."], ["Hello."], [b([0], [0])], langs=("en", "en-GB")).can_identify
    ctx = build(
        ["Tere hommikust, kallid sõbrad."], ["Tere hommikust, kallid sõbrad."], [b([0], [0])], langs=("et", "en-GB")
    )
    assert ctx.in_source_language("Tere hommikust, kallid sõbrad ja head kolleegid.") > 0.9


def test_a_dropped_run_that_reappears_as_an_added_one_is_a_move_under_the_given_settings() -> None:
    src = ["Kolinud lõik on siin algul."] + [f"Lause number {k}." for k in range(1, 6)]
    tgt = [f"Sentence number {k}." for k in range(1, 6)] + ["The moved paragraph is found here, at the end."]
    vectors = np.array([at(0.0)] + [at(0.9)] * 5)
    tgt_vectors = np.array([at(1.0)] * 5 + [at(0.0)])
    beads = [b([0], []), *(b([k], [k - 1]) for k in range(1, 6)), b([], [5])]
    ctx = build(src, tgt, beads, vectors, tgt_vectors)
    assert [(m.source, m.target) for m in ctx.moves] == [((0,), (5,))]
    assert ctx.moves[0].cosine == pytest.approx(1.0)
    # the added run is 1.42 times the dropped one's expected length (its 27 characters times the scale, 1.2)
    assert build(src, tgt, beads, vectors, tgt_vectors, moves=MoveConfig(length_ratio=1.2)).moves == ()


# --- similarity ----------------------------------------------------------------------


def test_a_runs_vector_weighs_its_sentences_as_the_context_was_told() -> None:
    src, vectors = ["a" * 100, "b" * 25], np.eye(2, dtype=np.float32)
    weighted = build(src, ["c"], [b([0, 1], [0])], vectors, power=0.5)
    flat = build(src, ["c"], [b([0, 1], [0])], vectors, power=0.0)
    weighted, flat = weighted.vector(weighted.src, (0, 1)), flat.vector(flat.src, (0, 1))
    assert weighted[0] / weighted[1] == pytest.approx(2.0)  # sqrt(100) / sqrt(25)
    np.testing.assert_allclose(flat, [2**-0.5, 2**-0.5], atol=1e-6)


def test_cosine_takes_a_source_sentence_then_a_target_sentence() -> None:
    src = np.array([at(1.0), at(0.0)])
    tgt = np.array([at(0.6), at(1.0)])
    ctx = build(["a.", "b."], ["c.", "d."], [b([0], [0]), b([1], [1])], src, tgt)
    assert ctx.cosine(0, 1) == pytest.approx(1.0) and ctx.cosine(1, 0) == pytest.approx(0.8)
    assert ctx.cosine(0, 0) == pytest.approx(0.6) and ctx.cosine(1, 1) == pytest.approx(0.0)


def test_closer_counts_the_sentences_strictly_more_alike() -> None:
    side_data = SideData.from_texts(np.array([at(0.9), at(0.5), at(0.5), at(0.2)]), ["a", "b", "c", "d"])
    vector = at(1.0)
    assert Context.closer(side_data, vector, 0.5) == 1
    assert Context.closer(side_data, vector, 0.49) == 3
    assert Context.closer(side_data, vector, 0.95) == 0


def test_weakest_names_the_least_alike_member_by_its_place_and_its_gap_below_the_best() -> None:
    side_data = SideData.from_texts(np.array([at(0.1), at(0.9), at(0.3), at(0.6)]), ["a", "b", "c", "d"])
    cosines, weakest, gap = Context.weakest(side_data, (3, 2, 1), at(1.0))
    assert cosines == pytest.approx([0.6, 0.3, 0.9])
    assert weakest == 1  # sentence 2, second of the members
    assert gap == pytest.approx(0.6)


JOINED_SRC = ["Linn ostab kümme uut bussi.", "Piletid lähevad järgmisel aastal odavamaks."]
JOINED_TGT = ["The city buys ten new buses and the tickets will be cheaper next year."]


def joined(embed: object = None, beads: list[Bead] | None = None) -> Context:
    """Two source sentences (vectors e0, e1) and one target sentence between them, whose
    first clause is sentence 0's translation and whose second is unlike either."""
    e0, e1 = np.eye(2, dtype=np.float32)
    partner = ((e0 + e1) / np.sqrt(2)).astype(np.float32)
    return build(
        JOINED_SRC, JOINED_TGT, beads or [b([0, 1], [0])], np.array([e0, e1]), np.array([partner]), embed=embed
    )


def clause_vectors(texts: list[str]) -> np.ndarray:
    """The clause on buses (or the sentence without the other clause) is sentence 0; the rest
    is as alike to both source sentences."""
    e0, e1 = np.eye(2, dtype=np.float32)
    middle = (e0 + e1) / np.sqrt(2)
    return np.array([e0 if "buses" in t and "tickets" not in t else middle for t in texts], dtype=np.float32)


def test_a_member_translated_in_a_clause_of_the_joined_sentence_is_joined_not_left_out() -> None:
    asked: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        asked.extend(texts)
        return clause_vectors(texts)

    assert joined(embed).joined_in_a_clause(Bead((0, 1), (0,), 0.9), 0)
    assert asked[:2] == ["The city buys ten new buses", "and the tickets will be cheaper next year."]
    # sentence 1 is in no clause of its own: the clause on buses is more alike to sentence 0
    assert not joined(embed).joined_in_a_clause(Bead((0, 1), (0,), 0.9), 1)


def test_only_a_two_to_one_pair_with_the_model_can_be_a_join() -> None:
    assert not joined(None).joined_in_a_clause(Bead((0, 1), (0,), 0.9), 0)
    asked: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        asked.extend(texts)
        return clause_vectors(texts)

    ctx = joined(embed, [b([0], [0]), b([1], [])])
    assert not ctx.joined_in_a_clause(Bead((0,), (0,), 0.9), 0)
    assert not ctx.joined_in_a_clause(Bead((0, 1), (0, 1), 0.9), 0)
    assert asked == []


# --- language ------------------------------------------------------------------------

ESTONIAN = "Valitsus kinnitas neljapäeval järgmise aasta riigieelarve."
ENGLISH = "The government approved next year's state budget on Thursday."


def test_the_source_language_is_told_apart_from_the_target_language() -> None:
    ctx = build([ESTONIAN], [ENGLISH], [b([0], [0])])
    assert ctx.in_source_language(ESTONIAN) > 0.95
    assert ctx.in_source_language(ENGLISH) < 0.05
    assert build([ENGLISH], [ESTONIAN], [b([0], [0])], langs=("en", "et")).in_source_language(ENGLISH) > 0.95


def test_a_text_too_short_or_in_one_language_pair_is_never_in_the_source_language() -> None:
    ctx = build([ESTONIAN], [ENGLISH], [b([0], [0])])
    short = "Tere, Eesti ja Läti!"  # 15 letters: at the default bar
    assert ctx.in_source_language(short) > 0.5
    higher = build([ESTONIAN], [ENGLISH], [b([0], [0])], cfg=FlagConfig(untranslated_min_letters=16))
    assert higher.in_source_language(short) == 0.0 and higher.in_source_language(ESTONIAN) > 0.95
    assert build([ESTONIAN], [ENGLISH], [b([0], [0])], langs=("et", "et")).in_source_language(ESTONIAN) == 0.0


def test_a_copy_is_measured_character_by_character_ignoring_case() -> None:
    ctx = build([ESTONIAN], [ENGLISH], [b([0], [0])])
    assert ctx.copied(ESTONIAN.upper(), ESTONIAN) == 1.0
    assert 0.3 < ctx.copied(ESTONIAN, ESTONIAN[:30] + " on Thursday.") < 0.9
    assert ctx.copied("", ESTONIAN) == 0.0


def test_a_target_of_names_and_numbers_or_one_language_is_no_copy() -> None:
    ctx = build([ESTONIAN], [ENGLISH], [b([0], [0])])
    assert ctx.copied("Eesti ja Läti koos", "Eesti ja Läti koos") == 0.0  # two lower-case words
    assert ctx.copied("Eesti ja Läti koos täna", "Eesti ja Läti koos täna") == 1.0  # three
    assert ctx.copied("NATO 2024 Tallinn", "NATO 2024 Tallinn") == 0.0
    same = build([ESTONIAN], [ESTONIAN], [b([0], [0])], langs=("et", "et"))
    assert same.copied(ESTONIAN, ESTONIAN) == 0.0


def test_boilerplate_gives_the_first_pattern_that_matches_ignoring_case() -> None:
    cfg = FlagConfig(boilerplate=(r"^Follow ERR News", r"loe ka:", r"news"))
    ctx = build(["Tere."], ["Hello."], [b([0], [0])], cfg=cfg)
    assert ctx.patterns[0].pattern == r"^Follow ERR News"
    assert ctx.boilerplate("FOLLOW err news on Facebook") == r"^Follow ERR News"
    assert ctx.boilerplate("Palun LOE KA: eelarve") == r"loe ka:"
    assert ctx.boilerplate("See also: Follow ERR News") == r"news"  # anchored at the start, the first misses
    assert ctx.boilerplate("The budget was approved.") is None
    assert build(["Tere."], ["Hello."], [b([0], [0])]).boilerplate("Follow ERR News") is None


# --- clauses, letters, findings ------------------------------------------------------


def test_target_clauses_point_into_the_original_text_and_need_it() -> None:
    tgt = ["Hello.", "The state budget grew by a tenth, said the minister of finance on Thursday."]
    ctx = build(["Tere.", "Eelarve kasvas."], tgt, [b([0], [0]), b([1], [1])])
    assert ctx.texts is not None
    clauses = ctx.target_clauses(1)
    assert clauses is not None and [c.text for c in clauses] == [
        "The state budget grew by a tenth,",
        "said the minister of finance on Thursday.",
    ]
    assert all(ctx.texts[1][c.start : c.end] == c.text and c.sentence == 1 for c in clauses)
    assert build(["Tere.", "Eelarve kasvas."], tgt, [b([0], [0]), b([1], [1])], texts=None).target_clauses(1) is None


def test_letters_counts_letters_of_any_alphabet_only() -> None:
    assert letters("Tere, 2024!") == 4
    assert letters("Õun ja Щука…") == 9
    assert letters("12:30 – 3 %") == 0


def test_a_finding_defaults_to_the_checks_severity_whole_sentences_and_its_own_evidence() -> None:
    first = Finding((1,), (), "dropped")
    second = Finding((2,), (), "dropped")
    assert (first.severity, first.src_span, first.tgt_span) == (None, None, None)
    assert first.evidence == {} and first.evidence is not second.evidence
    lowered = Finding((1,), (2,), "a footer", {"text": "Loe ka"}, Severity.INFO, tgt_span=(3, 9))
    assert lowered.severity is Severity.INFO and lowered.tgt_span == (3, 9) and lowered.src_span is None
