"""The flag stage: each type on hand-built alignments, numbers, language identification."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.align import SideData
from aligner.flag import FlagConfig, find_flags
from aligner.langid import identify, supported
from aligner.model import Bead, Sentence, Side, flag_key
from aligner.numbers import extract, fingerprint, mismatch


def side(lang: str, texts: list[str]) -> tuple[Side, str]:
    sentences, pos, original = [], 0, ""
    for k, t in enumerate(texts):
        sentences.append(Sentence(k, t, pos, pos + len(t), 0))
        original += t + "\n"
        pos += len(t) + 1
    return Side(lang, f"{lang}.txt", tuple(sentences)), original


def vectors(texts: list[str], topics: list[int], dim: int = 32) -> SideData:
    """Sentences with the same topic number get nearly the same vector."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=(max(topics) + 1, dim))
    noise = np.random.default_rng(len(texts)).normal(size=(len(texts), dim)) * 0.05
    v = base[topics] + noise
    return SideData.from_texts(v / np.linalg.norm(v, axis=1, keepdims=True), texts)


SRC = [
    "Valitsus kinnitas neljapäeval järgmise aasta riigieelarve.",
    "Eelarve maht on 7 miljonit eurot.",
    "Opositsioon kritiseeris kärpeid haridusele ja tervishoiule.",
    "Peaminister lubas maksud jätta samaks.",
    "Sama meelt olid ka mitmed ettevõtjad.",
]


def flags_for(
    tgt_texts: list[str], beads: list[Bead], src_topics: list[int], tgt_topics: list[int], cfg: FlagConfig | None = None
):  # type: ignore[no-untyped-def]
    source, src_text = side("et", SRC)
    target, tgt_text = side("en", tgt_texts)
    return find_flags(
        source,
        target,
        tuple(beads),
        vectors(SRC, src_topics),
        vectors(tgt_texts, tgt_topics),
        cfg=cfg,
        texts=(src_text, tgt_text),
    )


def b(src: list[int], tgt: list[int], score: float = 0.95) -> Bead:
    return Bead(tuple(src), tuple(tgt), score)


def test_dropped_added_number_and_untranslated() -> None:
    tgt = [
        "The government approved next year's state budget on Thursday.",
        "The budget is 17 million euros.",
        "Opositsioon kritiseeris kärpeid haridusele ja tervishoiule.",
        "Follow us on Facebook and never miss an update!",
    ]
    beads = [b([0], [0]), b([1], [1]), b([2], [2]), b([3], []), b([], [3]), b([4], [])]
    flags = flags_for(tgt, beads, [0, 1, 2, 3, 4], [0, 1, 2, 9])
    got = {(f.type, f.src, f.tgt, f.severity) for f in flags}
    assert ("number-mismatch", (1,), (1,), "error") in got
    assert ("untranslated", (2,), (2,), "error") in got
    assert ("dropped", (3,), (), "error") in got
    assert ("added", (), (3,), "error") in got
    assert ("dropped", (4,), (), "error") in got
    mismatch_flag = next(f for f in flags if f.type == "number-mismatch")
    assert "7000000" in mismatch_flag.message and "17000000" in mismatch_flag.message
    dropped = next(f for f in flags if f.type == "dropped" and f.src == (3,))
    assert dropped.src_span == (SRC_OFFSETS[3], SRC_OFFSETS[3] + len(SRC[3]))


SRC_OFFSETS = [sum(len(t) + 1 for t in SRC[:k]) for k in range(len(SRC))]


def test_boilerplate_and_separators_are_info() -> None:
    tgt = ["The government approved the budget.", "--", "Follow ERR News on Facebook and Twitter!"]
    beads = [b([0], [0]), b([], [1]), b([], [2]), b([1, 2, 3, 4], [])]
    cfg = FlagConfig(boilerplate=(r"^Follow ERR News",))
    flags = flags_for(tgt, beads, [0, 1, 2, 3, 4], [0, 7, 8], cfg)
    added = [f for f in flags if f.type == "added"]
    assert [(f.tgt, f.severity) for f in added] == [((1, 2), "info")]
    assert "boilerplate" in added[0].message


def test_moved_paragraph_is_one_flag() -> None:
    tgt = [
        "The government approved next year's state budget on Thursday.",
        "The prime minister promised to keep taxes the same.",
        "The budget amounts to 7 million euros.",
        "The opposition criticised cuts to education and health care.",
        "Several entrepreneurs agreed.",
        "Extra one.",
        "Extra two.",
        "Extra three.",
    ]
    # source 3 was moved by the translator to after target 0
    beads = [
        b([0], [0]),
        b([], [1]),
        b([1], [2]),
        b([2], [3]),
        b([3], []),
        b([4], [4]),
        b([], [5]),
        b([], [6]),
        b([], [7]),
    ]
    src_topics, tgt_topics = [0, 1, 2, 3, 4], [0, 3, 1, 2, 4, 5, 6, 7]
    source, _ = side("et", SRC)
    target = side("en", tgt)[0]
    src_vectors, tgt_vectors = vectors(SRC, src_topics), vectors(tgt, tgt_topics)
    # The synthetic pairs are all equally good, so the moved one is as alike as the median
    # pair give or take the noise: allow that noise.
    cfg = FlagConfig(moved_slack=0.01)
    flags = find_flags(source, target, tuple(beads), src_vectors, tgt_vectors, cfg=cfg)
    moved = [f for f in flags if f.type == "moved"]
    assert [(f.src, f.tgt) for f in moved] == [((3,), (1,))]
    assert not any(f.type == "dropped" and f.src == (3,) for f in flags)
    # a run of a very different length is no translation of it, however alike
    short = [*tgt[:1], "Taxes.", *tgt[2:]]
    flags = find_flags(source, side("en", short)[0], tuple(beads), src_vectors, vectors(short, tgt_topics), cfg=cfg)
    assert not [f for f in flags if f.type == "moved"]


def test_partially_dropped_sentence_in_a_merge() -> None:
    tgt = [
        "The government approved next year's state budget on Thursday; it is 7 million euros.",
        "The prime minister promised to keep taxes where they are.",
        "So did several entrepreneurs, said the paper.",
    ]
    beads = [b([0, 1, 2], [0]), b([3], [1]), b([4], [2])]
    flags = flags_for(tgt, beads, [0, 0, 5, 3, 4], [0, 3, 4])
    assert [(f.type, f.evidence.get("sentence")) for f in flags] == [("partially-dropped", 2)]


def test_merged_pair_with_a_translation_under_half_its_length_is_partially_dropped() -> None:
    """Both source sentences are about what the translation says (no weakest one to name),
    but it keeps under half of them: a quote or a clause was cut."""
    tgt = [
        "The budget was approved.",
        "The opposition criticised cuts to education and health care.",
        "The prime minister promised to keep taxes unchanged.",
        "Several entrepreneurs were of the same opinion.",
    ]
    beads = [b([0, 1], [0]), b([2], [1]), b([3], [2]), b([4], [3])]
    flags = [f for f in flags_for(tgt, beads, [0, 0, 2, 3, 4], [0, 2, 3, 4]) if f.type != "number-mismatch"]
    assert [(f.type, f.src) for f in flags] == [("partially-dropped", (0, 1))]
    assert "of the length expected for its 2 source sentences" in flags[0].message
    # at two thirds of the length, a condensed translation, not a cut one
    tgt[0] = "The government approved the state budget for next year on Thursday."
    assert not [f for f in flags_for(tgt, beads, [0, 0, 2, 3, 4], [0, 2, 3, 4]) if f.type == "partially-dropped"]


def test_two_versions_in_one_language_have_nothing_untranslated() -> None:
    text = ["The government approved the budget on Thursday.", "The opposition criticised the cuts."]
    source, src_text = side("en", text)
    target, tgt_text = side("en", text)
    beads = (b([0], [0]), b([1], [1]))
    flags = find_flags(source, target, beads, vectors(text, [0, 1]), vectors(text, [0, 1]), texts=(src_text, tgt_text))
    assert flags == ()


def test_untranslated_clause_inside_a_sentence_points_at_the_clause() -> None:
    tgt = [
        "The government approved the budget for next year on Thursday, opositsioon kritiseeris kärpeid haridusele "
        "ja tervishoiule, and the parliament will vote on it next week in the capital."
    ]
    source, src_text = side("et", SRC[:1])
    target, tgt_text = side("en", tgt)
    flags = find_flags(
        source, target, (b([0], [0]),), vectors(SRC[:1], [0]), vectors(tgt, [0]), texts=(src_text, tgt_text)
    )
    (flag,) = [f for f in flags if f.type == "untranslated"]
    assert flag.tgt_span is not None
    assert (
        tgt_text[flag.tgt_span[0] : flag.tgt_span[1]] == "opositsioon kritiseeris kärpeid haridusele ja tervishoiule,"
    )


def test_an_original_name_kept_in_a_translation_is_not_untranslated() -> None:
    src = ["Keskus (Rahvusvaheline Kaitseuuringute Keskus) avaldas raporti."]
    tgt = ["The centre (Rahvusvaheline Kaitseuuringute Keskus, the International Centre) published a report."]
    source, src_text = side("et", src)
    target, tgt_text = side("en", tgt)
    flags = find_flags(source, target, (b([0], [0]),), vectors(src, [0]), vectors(tgt, [0]), texts=(src_text, tgt_text))
    assert not [f for f in flags if f.type == "untranslated"]


def test_low_confidence_and_keys_are_stable() -> None:
    tgt = ["Something else entirely."]
    source, _ = side("et", SRC[:1])
    target, _ = side("en", tgt)
    flags = find_flags(source, target, (b([0], [0], score=0.2),), vectors(SRC[:1], [0]), vectors(tgt, [0]))
    assert [f.type for f in flags] == ["low-confidence"]
    assert flags[0].key == flag_key("low-confidence", [SRC[0]], tgt)


def test_names_lists_are_not_copies() -> None:
    source, _ = side("et", ["Hadoram, Uusal, Dikla,"])
    target, _ = side("en", ["Hadoram, Uzal, Diklah,"])
    flags = find_flags(source, target, (b([0], [0]),), vectors(["x"], [0]), vectors(["y"], [0]))
    assert flags == ()


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        ("Eelarve on 7 miljonit eurot.", "The budget is 17 million euros.", (["7000000"], ["17000000"])),
        ("See juhtus 3. mail.", "It happened on May 4.", (["3"], ["4"])),
        ("Intress on 0,5 protsenti.", "The rate is 0.5 percent.", ([], [])),
        ("Tuli 15 000 inimest.", "15,000 people came.", ([], [])),
        ("Kokku 15000 eurot.", "In all 15,000 euros.", ([], [])),
        ("Kohtumine on kell 12.30.", "The meeting is at 12:30.", ([], [])),
        ("Viimane tramm väljub kell 23.45.", "The last tram departs at 11:45 p.m.", ([], [])),
        ("Esimene väljub kell 6.30.", "The first departs at 6:30 a.m.", ([], [])),
        ("Algus kell 18.", "It starts at 6 p.m.", ([], [])),
        ("Algus kell 18.", "It starts at 6 a.m.", (["time:18:00"], ["time:6:00"])),
        ("Kesköö on kell 0.00.", "Midnight is 12:00 a.m.", ([], [])),
        ("Kell 12.30 oli 6,5 kraadi.", "At 12:30 it was 6.5 degrees.", ([], [])),
        ("Avatud kell 9–17.", "Open 9 a.m. to 5 p.m.", ([], [])),
        ("Avatud kl 9.30-17, pilet 5-10 eurot.", "Open 9:30 a.m.-5 p.m., tickets €5-10.", ([], [])),
        ("Kohal oli 12 inimest.", "There were 12 people at 9 a.m.", ([], ["time:9:00"])),
        ("Võlg on 2 mld eurot.", "The debt is 2 billion euros.", ([], [])),
        ("Tal oli 7 last.", "He had seven children.", ([], [])),
        ("Nad võisid seda teha.", "They may have done it.", ([], [])),
        ("Reedel, 14. märtsil.", "On Friday, April 14.", (["month:3"], ["month:4"])),
        # the autumn months change their stem in the cases: oktoober -> oktoobril
        ("Hiljemalt 15. detsembriks, lugemine 21. oktoobril.", "By December 15; reading on October 21.", ([], [])),
        ("Alates 1. novembrist ja 30. septembrini.", "From November 1 to September 30.", ([], [])),
        ("Lugemine 21. oktoobril.", "Reading on November 21.", (["month:10"], ["month:11"])),
        # a date in digits is the day, the month and the year, however the other side writes it
        ("Avaldatud 12.10.2026 kell 14.35.", "Published 12.10.2026 at 2:35 p.m.", ([], [])),
        ("Avaldatud 12.10.2026.", "Published October 12, 2026.", ([], [])),
        ("Avaldatud 12.10.2026.", "Published October 13, 2026.", (["12"], ["13"])),
    ],
)
def test_number_normalisation(src: str, tgt: str, expected: tuple[list[str], list[str]]) -> None:
    assert mismatch(src, tgt, "et", "en") == expected


@pytest.mark.parametrize(
    ("src", "tgt", "langs", "expected"),
    [
        ("Avatakse 1. jaanuaril 2027.", "Откроется 1 января 2027 года.", ("et", "ru"), ([], [])),
        ("See juhtus 3. mail.", "Это случилось 4 мая.", ("et", "ru"), (["3"], ["4"])),
        ("Reedel, 14. märtsil.", "В пятницу, 14 апреля.", ("et", "ru"), (["month:3"], ["month:4"])),
        ("Maksab 45 miljonit eurot, 2,5 km.", "Стоит 45 млн евро, 2,5 км.", ("et", "ru"), ([], [])),
        ("Väljub kell 6.30 ja 23.45.", "Отправится в 6.30 и в 23.45.", ("et", "ru"), ([], [])),
        ("Tõusis 5 protsenti 18 riigis.", "Вырос на 5 процентов в 18 странах.", ("et", "ru"), ([], [])),
        ("Tal oli 7 last.", "У него было семь детей.", ("et", "ru"), ([], [])),
        ("Rajatud 20. sajandi alguses.", "Проложены в начале XX века.", ("et", "ru"), ([], [])),
        ("Rajatud 19. sajandil.", "Проложены в XX веке.", ("et", "ru"), (["19"], ["20"])),
        ("Ehitatud XIV sajandil.", "Built in the 14th century.", ("et", "en"), ([], [])),
        # no month names for German here: months are not compared, the day still is
        ("Es geschah am 3. Mai.", "It happened on May 3.", ("de", "en"), ([], [])),
        ("Es geschah am 3. Mai.", "It happened on May 4.", ("de", "en"), (["3"], ["4"])),
    ],
)
def test_number_normalisation_other_pairs(
    src: str, tgt: str, langs: tuple[str, str], expected: tuple[list[str], list[str]]
) -> None:
    assert mismatch(src, tgt, *langs) == expected


def test_extract_reads_decimal_comma_only_in_estonian() -> None:
    assert extract("1,5", "et") == {"1.5": 1}
    assert extract("1,500", "en") == {"1500": 1}


def test_fingerprint_is_the_set_of_comparable_numbers() -> None:
    et = fingerprint("Eelarve on 7 miljonit eurot, otsus tehti 14. märtsil.", "et", "en")
    assert et == fingerprint("The budget is €7 million; it was decided on March 14.", "en", "et")
    assert et != fingerprint("The budget is €17 million; it was decided on March 14.", "en", "et")
    assert bin(et).count("1") == 3  # 7000000, 14 and the month
    # German has no month names here, so the month is left out on both sides
    assert fingerprint("am 3. Mai", "de", "en") == fingerprint("on May 3", "en", "de") == fingerprint("3", "en", "de")
    assert fingerprint("Kein Wort.", "de", "fr") == 0


def test_language_identification_restricted_to_the_pair() -> None:
    assert supported(("et", "en"))
    assert not supported(("et", "et"))
    assert identify("Valitsus kinnitas järgmise aasta eelarve.", ("et", "en"))[0] == "et"
    assert identify("The government approved the budget.", ("et", "en"))[0] == "en"


def test_a_pair_whose_sides_look_unrelated_is_flagged() -> None:
    """A cut last paragraph and an added footer in the same place pair up in the DP; the
    pair's sentences each resemble several other sentences more than each other."""
    rng = np.random.default_rng(5)
    topics = rng.normal(size=(8, 32))

    def unit_rows(rows: np.ndarray) -> np.ndarray:
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def sides(last_src: np.ndarray, last_tgt: np.ndarray):  # type: ignore[no-untyped-def]
        src_texts = [f"Eestikeelne lause number {k}." for k in range(9)]
        tgt_texts = [f"English sentence number {k}." for k in range(9)]
        src_v = unit_rows(np.vstack([topics + 0.1 * rng.normal(size=(8, 32)), last_src]))
        tgt_v = unit_rows(np.vstack([topics + 0.1 * rng.normal(size=(8, 32)), last_tgt]))
        source, _ = side("et", src_texts)
        target, _ = side("en", tgt_texts)
        beads = tuple(b([k], [k]) for k in range(9))
        return find_flags(
            source, target, beads, SideData.from_texts(src_v, src_texts), SideData.from_texts(tgt_v, tgt_texts)
        )

    # The last source sentence is about what sentences 0-3 are about, the last target one
    # about 4-6: they share nothing.
    flags = sides(topics[:4].sum(axis=0), topics[4:7].sum(axis=0))
    assert [(f.type, f.src, f.tgt) for f in flags] == [("low-confidence", (8,), (8,))]
    assert "look unrelated" in flags[0].message
    assert flags[0].evidence["closer_targets"] >= 3 and flags[0].evidence["closer_sources"] >= 3
    # the same pair as a translation of each other: nothing to say
    shared = topics[:4].sum(axis=0)
    assert sides(shared, shared + 0.1 * rng.normal(size=32)) == ()


def test_an_unrelated_sentence_taken_into_a_pair_is_flagged_as_added() -> None:
    """The DP took an added sentence into a 1-2 pair; it resembles other sentences of the
    article more than its pair's source, and the rest of the pair covers the source."""
    rng = np.random.default_rng(7)
    topics = rng.normal(size=(8, 32))

    def unit_rows(rows: np.ndarray) -> np.ndarray:
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    src_texts = [f"Eestikeelne lause number {k}, mis on piisavalt pikk." for k in range(8)]
    extra = "The museum will be closed for renovation until the end of the summer."
    tgt_texts = [f"English sentence number {k}, long enough to count." for k in range(8)]
    tgt_texts.insert(5, extra)
    src_v = unit_rows(topics + 0.1 * rng.normal(size=(8, 32)))
    tgt_rows = list(topics + 0.1 * rng.normal(size=(8, 32)))
    tgt_rows.insert(5, topics[[0, 1, 2]].sum(axis=0))  # about sentences 0-2, not 4
    tgt_v = unit_rows(np.array(tgt_rows))
    beads = [b([k], [k]) for k in range(4)] + [b([4], [4, 5])] + [b([k], [k + 1]) for k in range(5, 8)]
    source, _ = side("et", src_texts)
    target, _ = side("en", tgt_texts)

    def flags_with(vectors: np.ndarray):  # type: ignore[no-untyped-def]
        return find_flags(
            source, target, tuple(beads), SideData.from_texts(src_v, src_texts), SideData.from_texts(vectors, tgt_texts)
        )

    flags = flags_with(tgt_v)
    assert [(f.type, f.severity, f.src, f.tgt) for f in flags] == [("added", "warning", (), (5,))]
    assert "seems added inside its pair" in flags[0].message
    # a genuine split: the second part is about the same thing as the source
    split = tgt_v.copy()
    split[5] = unit_rows((topics[4] + 0.3 * rng.normal(size=32))[None])[0]
    assert flags_with(split) == ()
