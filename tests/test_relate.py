"""Pairs that are no translation, taken apart (aligner/relate.py), on hand-built sides."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from aligner.costs import AlignConfig
from aligner.model import Bead
from aligner.pairs import MIN_PAIRS, pair_evidence
from aligner.relate import related, separate
from aligner.sides import SideData, Span
from aligner.story import WORDING_FROM, WORDING_SHARE, doubtful, same_story
from aligner.wording import Wording
from tests.conftest import FakeTermEmbedder

RNG = np.random.default_rng(3)
TOPICS = RNG.normal(size=(12, 48))


def unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return out


def article(n: int, noise: float = 0.35) -> np.ndarray:
    """``n`` sentences of one article: a shared theme, each with its own point."""
    theme = RNG.normal(size=48)
    return np.array([theme + TOPICS[k % 12] + noise * RNG.normal(size=48) for k in range(n)])


def sides(tgt_rows: np.ndarray, src_rows: np.ndarray, lengths: list[int] | None = None) -> tuple[SideData, SideData]:
    src = SideData.of(unit(src_rows), [60] * len(src_rows))
    tgt = SideData.of(unit(tgt_rows), lengths or [60] * len(tgt_rows))
    return src, tgt


def translation(rows: np.ndarray) -> np.ndarray:
    return rows + 0.25 * RNG.normal(size=rows.shape)


def ones(n: int) -> list[Span]:
    return [Span(k, k + 1, k, k + 1) for k in range(n)]


def test_a_sentence_from_another_article_in_place_of_a_translation_is_taken_apart() -> None:
    source = article(10)
    target = translation(source)
    target[9] = article(1)[0]  # the last paragraph cut, something else in its place
    src, tgt = sides(target, source)
    path = separate(src, tgt, ones(10), 0.3)
    assert path[-2:] == [Span(9, 10, 9, 9), Span(10, 10, 9, 10)] and path[:9] == ones(9)
    beads = tuple(Bead((k,), (k,), 0.9) for k in range(10))
    evidence = pair_evidence(src, tgt, beads)
    assert evidence is not None
    chances = related(evidence)
    assert chances[9] < 0.3 < min(chances[:9])
    assert evidence.topic[9] < evidence.topic[:9].min() and evidence.typical[9] < evidence.typical[:9].min()


def test_a_document_of_translations_is_left_alone() -> None:
    source = article(10)
    src, tgt = sides(translation(source), source)
    assert separate(src, tgt, ones(10), 0.3) == ones(10)
    assert separate(src, tgt, ones(10), 0.0) == ones(10)  # the setting at 0 turns it off


def test_a_short_document_is_judged_without_a_typical_pair() -> None:
    """Under MIN_PAIRS pairs there is no typical pair: the margin, topic and flow decide."""
    source = article(MIN_PAIRS - 1)
    target = translation(source)
    src, tgt = sides(target, source)
    assert separate(src, tgt, ones(MIN_PAIRS - 1), 0.3) == ones(MIN_PAIRS - 1)
    target[-1] = article(1)[0]
    src, tgt = sides(target, source)
    evidence = pair_evidence(src, tgt, tuple(Bead((k,), (k,), 0.9) for k in range(MIN_PAIRS - 1)))
    assert evidence is not None and evidence.short and not evidence.typical.any()
    assert separate(src, tgt, ones(MIN_PAIRS - 1), 0.3)[-2:] == [Span(3, 4, 3, 3), Span(4, 4, 3, 4)]


def test_a_footer_taken_into_the_last_pair_is_taken_off() -> None:
    source = article(8)
    target = np.vstack([translation(source), article(1)])
    path = [*ones(7), Span(7, 8, 7, 9)]
    src, tgt = sides(target, source)
    assert separate(src, tgt, path, 0.3)[-2:] == [Span(7, 8, 7, 8), Span(8, 8, 8, 9)]
    # the second half of a split sentence is not a footer: without it the source is not covered
    split = [*ones(7), Span(7, 8, 7, 9)]
    src, tgt = sides(target, source, [60] * 7 + [30, 30])
    assert separate(src, tgt, split, 0.3) == split


def test_a_source_sentence_a_merged_pair_leaves_out_is_taken_off() -> None:
    source = article(9)
    target = translation(np.delete(source, 6, axis=0))  # source 6 has no translation
    path = [*ones(6), Span(6, 8, 6, 7), Span(8, 9, 7, 8)]  # the DP merged it into its neighbour's pair
    src, tgt = sides(target, source)
    assert separate(src, tgt, path, 0.3)[6:8] == [Span(6, 7, 6, 6), Span(7, 8, 6, 7)]
    # a genuine merge: the translation says both, and is as long as both
    merged = translation(source)
    both = np.vstack([merged[:6], unit(merged[6:8]).sum(axis=0), merged[8:]])
    src, tgt = sides(both, source, [60] * 6 + [120, 60])
    assert separate(src, tgt, path, 0.3) == path


def _story(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """An article and its translation from their own generator (the tests below must not
    depend on the order the module's tests run in)."""
    rng = np.random.default_rng(seed)
    theme = rng.normal(size=48)
    source = np.array([theme + TOPICS[k % 12] + 0.35 * rng.normal(size=48) for k in range(n)])
    return source, source + 0.25 * rng.normal(size=source.shape)


def test_a_same_story_sentence_in_place_of_a_translation_is_taken_apart_by_the_story_model() -> None:
    """A sentence on the same story (the article's theme kept, another point) keeps enough
    topic for the first model: only the same-story model takes it apart, when it is on."""
    source, target = _story(5, 12)
    target[6] = 0.2 * source[6] + 0.8 * (source[6] - TOPICS[6] + TOPICS[11])  # same theme, another fact
    src, tgt = sides(target, source)
    evidence = pair_evidence(src, tgt, tuple(Bead((k,), (k,), 0.9) for k in range(12)))
    assert evidence is not None
    assert related(evidence, story=False)[6] > 0.3  # the first model alone keeps the pair
    story = same_story(evidence)
    assert story[6] > AlignConfig().same_story_above > 0.05 > np.delete(story, 6).max()
    assert separate(src, tgt, ones(12), 0.3) == ones(12)  # the story model off (the default)
    path = separate(src, tgt, ones(12), 0.3, story_above=AlignConfig().same_story_above)
    assert path == [*ones(6), Span(6, 7, 6, 6), Span(7, 7, 6, 7), *[Span(k, k + 1, k, k + 1) for k in range(7, 12)]]
    assert related(evidence)[6] < 0.25 < np.delete(related(evidence), 6).min()  # and a kept pair scores low


def test_the_first_pair_a_headline_weighs_less_as_a_same_story_substitution() -> None:
    source, target = _story(5, 12)
    target[6] = 0.2 * source[6] + 0.8 * (source[6] - TOPICS[6] + TOPICS[11])
    src, tgt = sides(target, source)
    evidence = pair_evidence(src, tgt, tuple(Bead((k,), (k,), 0.9) for k in range(12)))
    assert evidence is not None and evidence.first[0] == 1 and not evidence.first[1:].any()
    headline = replace(evidence, first=np.where(np.arange(12) == 6, 1.0, 0.0))
    assert same_story(headline)[6] < 0.1 < same_story(evidence)[6]


def test_a_desk_footer_paired_with_a_cut_last_sentence_is_taken_apart() -> None:
    """The footer reads as one (``SideData.footer``) and is less alike to its partner than
    the typical pair; the same sentence pair stays when the source reads as a footer too
    (a footer translated) or the target does not."""
    source, target = _story(5, 8)
    target[7] = 0.7 * source[7] + 0.3 * _story(6, 1)[0][0]  # loosely alike, as one site's sentences are
    src = SideData.of(unit(source), [60] * 8)
    tgt = SideData.of(unit(target), [60] * 8, footer=[False] * 7 + [True])
    assert separate(src, tgt, ones(8), 0.01) == [*ones(7), Span(7, 8, 7, 7), Span(8, 8, 7, 8)]
    src_footer = SideData.of(unit(source), [60] * 8, footer=[False] * 7 + [True])
    assert separate(src_footer, tgt, ones(8), 0.01) == ones(8)
    assert separate(src, SideData.of(unit(target), [60] * 8), ones(8), 0.01) == ones(8)
    target_inside = target.copy()
    target_inside[6] = 0.7 * source[6] + 0.3 * _story(6, 1)[0][0]
    footer_inside = SideData.of(unit(target_inside), [60] * 8, footer=[False] * 6 + [True, False])
    assert separate(src, footer_inside, ones(8), 0.01) == ones(8)  # a story sentence follows: no footer


def test_the_wording_of_a_doubtful_pair_decides_whether_it_is_a_same_story_substitution() -> None:
    """Pairs the vectors make doubtful are read again with their wording: one that names
    none of its source's terms (``wording.py``) is a substitution, one that names them all is not;
    a pair the vectors leave no doubt about is not read."""
    source, target = _story(5, 12)
    target[6] = 0.3 * source[6] + 0.7 * (source[6] - TOPICS[6] + TOPICS[11])  # doubtful to the vectors
    src, tgt = sides(target, source)
    evidence = pair_evidence(src, tgt, tuple(Bead((k,), (k,), 0.9) for k in range(12)))
    assert evidence is not None
    alone = same_story(evidence)
    assert WORDING_FROM < alone[6] < AlignConfig().same_story_above
    words = [f"alpha{k} beta{k} gamma{k}" for k in range(12)]
    same_words = FakeTermEmbedder()
    kept = same_story(evidence, Wording(words, words, "et", "en", same_words))
    other_words = FakeTermEmbedder()
    elsewhere = same_story(
        evidence, Wording(words, [*words[:6], "delta epsilon zeta", *words[7:]], "et", "en", other_words)
    )
    assert kept[6] < alone[6] < AlignConfig().same_story_above < elsewhere[6]
    untouched = alone <= WORDING_FROM
    np.testing.assert_array_equal(kept[untouched], alone[untouched])
    asked = {k for k, w in enumerate(words) if w in other_words.term_calls}
    assert 6 in asked and len(asked) < 12
    path = separate(
        src,
        tgt,
        ones(12),
        0.3,
        story_above=AlignConfig().same_story_above,
        wording=Wording(words, [*words[:6], "delta epsilon zeta", *words[7:]], "et", "en", FakeTermEmbedder()),
    )
    assert Span(6, 7, 6, 6) in path and Span(7, 7, 6, 7) in path


def test_the_wording_is_read_only_for_the_likeliest_doubtful_pairs() -> None:
    """Verse-by-verse pairs are all alike: many pass ``WORDING_FROM``, and only the
    likeliest share of them (or three) are read, so the terms never cost what the model does."""
    few = np.array([0.5, 0.001, 0.2, 0.9, 0.004])
    assert doubtful(few).tolist() == [0, 2, 3]  # four above 0.003: the three likeliest
    many = np.r_[few, np.full(95, 0.01)]
    rows = doubtful(many)
    assert len(rows) == int(np.ceil(WORDING_SHARE * 100))
    assert {0, 2, 3} <= set(rows.tolist()) and not {1, 4} & set(rows.tolist())  # 0.004 < 0.01: left
    assert doubtful(np.full(40, 0.001)).tolist() == []
