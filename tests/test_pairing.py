"""Pairing two folders of articles: the one-to-one assignment, its thresholds, and the
manifest that aligner batch reads."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from aligner.batch import read_manifest, run_batch
from aligner.cli import app
from aligner.pairing import Article, PairConfig, Pairing, pair_articles
from aligner.read import detect_format
from aligner.read.dates import published
from tests.conftest import ROOT, FakeEmbedder


class Table:
    """An embedder that returns given vectors for given leads (a hand-built similarity matrix)."""

    model_id = "table"
    dim = 3
    max_tokens = 64

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = {k: np.asarray(v, np.float32) / np.linalg.norm(v) for k, v in vectors.items()}

    def clip(self, text: str) -> str:
        return text

    def embed(self, texts, progress=None):  # type: ignore[no-untyped-def]
        return np.stack([self.vectors[t] for t in texts])


def article(name: str, sentences: int = 10, numbers: int = 0) -> Article:
    return Article(name, sentences, numbers, name)


def test_the_assignment_is_one_to_one_best_first_and_leaves_the_weak_unpaired() -> None:
    table = Table(
        {
            "et-a": [1, 0, 0],
            "et-b": [0.9, 0.44, 0],
            "et-orphan": [0, 0, 1],
            "en-a": [1, 0.02, 0],
            "en-b": [0.88, 0.47, 0],
            "en-new": [0, 1, 0.05],
        }
    )
    sources = [article("et-a"), article("et-b"), article("et-orphan")]
    translations = [article("en-a"), article("en-b"), article("en-new")]
    result = pair_articles(sources, translations, table, PairConfig(threshold=0.8, margin=0.0))
    assert {(p.source, p.translation) for p in result.pairs} == {("et-a", "en-a"), ("et-b", "en-b")}
    assert result.unpaired_sources == ["et-orphan"] and result.unpaired_translations == ["en-new"]
    # et-a is close to both English leads: taken first by its better one, it leaves en-b to et-b
    strict = pair_articles(sources, translations, table, PairConfig(threshold=0.9997, margin=0.0))
    assert [(p.source, p.translation) for p in strict.pairs] == [("et-a", "en-a")]


def test_a_pair_not_clearly_better_than_the_next_candidate_is_left_unpaired() -> None:
    table = Table({"et": [1, 0, 0], "en-1": [1, 0.001, 0], "en-2": [1, 0.002, 0]})
    result = pair_articles([article("et")], [article("en-1"), article("en-2")], table, PairConfig(threshold=0.5))
    assert result.pairs == [] and result.unpaired_sources == ["et"]


def test_shared_figures_and_lengths_decide_between_close_leads() -> None:
    table = Table({"et": [1, 0, 0], "en-1": [1, 0.05, 0], "en-2": [1, 0.05, 0.0001]})
    sources = [article("et", 10, numbers=0b1011)]
    translations = [article("en-1", 30, numbers=0), article("en-2", 10, numbers=0b1011)]
    result = pair_articles(sources, translations, table, PairConfig(threshold=0.5))
    assert [(p.source, p.translation) for p in result.pairs] == [("et", "en-2")]


def test_dated_articles_are_candidates_only_within_the_date_window() -> None:
    table = Table({"et": [1, 0, 0], "en-last-year": [1, 0.01, 0], "en-next-day": [1, 0.2, 0], "en-undated": [0, 1, 0]})
    sources = [Article("et", 10, 0, "et", date(2026, 11, 30))]
    translations = [
        Article("en-last-year", 10, 0, "en-last-year", date(2025, 11, 30)),
        Article("en-next-day", 10, 0, "en-next-day", date(2026, 12, 1)),
    ]
    windowed = pair_articles(sources, translations, table, PairConfig(threshold=0.5))
    assert [(p.source, p.translation) for p in windowed.pairs] == [("et", "en-next-day")]
    assert windowed.unpaired_translations == ["en-last-year"]
    # without dates, the closer lead of last year wins
    undated = pair_articles(sources, translations, table, PairConfig(threshold=0.5, date_window=None))
    assert [(p.source, p.translation) for p in undated.pairs] == [("et", "en-last-year")]
    # an article with no date is a candidate of any
    table.vectors["en-undated"] = table.vectors["et"]
    anyway = pair_articles(sources, [*translations, article("en-undated")], table, PairConfig(threshold=0.5, margin=0))
    assert ("et", "en-undated") in [(p.source, p.translation) for p in anyway.pairs]


@pytest.mark.parametrize(
    ("name", "text", "day"),
    [
        ("a.html", '<head><meta property="article:published_time" content="2026-11-30T08:00:00+02:00">', "2026-11-30"),
        ("a.html", "<head><meta content='2026-01-02' name='date'></head>", "2026-01-02"),
        ("a.html", '<script type="application/ld+json">{"datePublished": "2025-05-06"}</script>', "2025-05-06"),
        ("a.htm", '<p>By <time datetime="2024-02-29">Thursday</time></p>', "2024-02-29"),
        ("a.md", "---\ntitle: Eelarve\ndate: 2026-03-04\n---\n# Eelarve\n", "2026-03-04"),
        ("a.md", '+++\ntitle = "Eelarve"\ndate = 2026-03-05T08:00:00Z\n+++\n# Eelarve\n', "2026-03-05"),  # TOML
        ("a.md", "# Eelarve\n\ndate: 2026-03-04\n", None),  # not front matter
        ("a.txt", "2026-03-04 Eelarve kinnitati.\n", None),  # plain text states no date
        ("a.html", '<meta name="date" content="2026-02-30">', None),  # no such day
        ("a.html", '<meta name="description" content="2026-02-03">', None),
    ],
)
def test_the_publication_date_a_file_states(name: str, text: str, day: str | None) -> None:
    assert published(text, detect_format(name, text)) == (date.fromisoformat(day) if day else None)


def test_the_manifest_goes_into_batch(tmp_path: Path) -> None:
    example = ROOT / "examples" / "tallinn-tram"
    result = Pairing()
    from aligner.pairing import Pair

    result.pairs = [Pair(str(example / "source.et.txt"), str(example / "translation.en.txt"), 0.93)]
    (tmp_path / "pairs.csv").write_text(result.manifest("et", "en", tmp_path), encoding="utf-8")
    jobs, problems = read_manifest(tmp_path / "pairs.csv")
    assert not problems and [j.name for j in jobs] == ["source/en"]
    done = run_batch(jobs, tmp_path / "out", embedder=FakeEmbedder())
    assert done.aligned == ["source/en"] and not done.failures


@pytest.mark.slow
def test_pairing_two_folders_end_to_end_with_the_bundled_model(tmp_path: Path) -> None:
    et, en = tmp_path / "et", tmp_path / "en"
    et.mkdir()
    en.mkdir()
    for k, name in enumerate(["rutte-nato", "tallinn-tram"]):
        shutil.copy(ROOT / "examples" / name / "source.et.txt", et / f"{k}.txt")
        shutil.copy(ROOT / "examples" / name / "translation.en.txt", en / f"{9 - k}.txt")
    shutil.copy(ROOT / "examples" / "budget-cuts" / "translation.en.html", en / "extra.html")  # no source
    result = CliRunner().invoke(app, ["pair", str(et), str(en), "-o", str(tmp_path / "pairs.csv")])
    assert result.exit_code == 0, result.output
    jobs, problems = read_manifest(tmp_path / "pairs.csv")
    assert not problems
    assert {(Path(j.source).name, Path(j.translation).name) for j in jobs} == {("0.txt", "9.txt"), ("1.txt", "8.txt")}
    assert "no source found: " in result.stderr and "extra.html" in result.stderr
