"""Which translation goes with which source: pairing the articles of two folders.

An archive seldom says which English article translates which Estonian one. Each
article is read as ``aligner align`` reads it; its title and opening sentences (the
lead) are embedded once, and its figures are read as the number checks read them. The
candidates of each article are its nearest leads on the other side (a nearest-neighbour
search over the lead vectors, block by block, so no two texts are compared in full and
memory stays flat), scored by the leads' similarity, the figures both articles mention
and how their lengths compare; then a one-to-one assignment takes the best-scored pairs
first. A pair below ``threshold``, or not clearly better than either article's next
candidate, is left unpaired: a translation written from scratch, an article never
translated.

When both articles of a candidate pair are dated (a page's publication date, a
Markdown front matter's ``date``), the pair is a candidate only within ``date_window``
days: a report of next year's budget is not a translation of last year's, however alike
their leads. An undated article is a candidate of any.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from aligner.embed import Embedder
from aligner.errors import AlignerError, InputError
from aligner.files import utf8_name
from aligner.numbers import fingerprint
from aligner.read import SUFFIXES, read_document
from aligner.read.dates import published
from aligner.segment import segment_document


@dataclass(frozen=True)
class PairConfig:
    """How articles are paired; tuned on news-et-en-dev (``benchmarks/pairing.py``)."""

    lead: int = 3
    """Sentences of an article's opening (its title first) that stand for it."""
    neighbours: int = 10
    """Candidates per article, from the nearest-neighbour search."""
    threshold: float = 0.84
    """Least score of a pair."""
    margin: float = 0.01
    """How much better than each article's next candidate a pair must be."""
    number_weight: float = 0.05
    """Added for figures both articles mention (their share of the figures either mentions)."""
    length_weight: float = 0.05
    """Taken off for lengths that disagree (the log ratio of sentence counts, up to 1)."""
    date_window: int | None = 7
    """Most days between the publication dates of a pair's articles, when both are known
    (a translation may follow its source by days); None: dates are not used."""


@dataclass(frozen=True)
class Article:
    """What pairing knows of an article."""

    path: str
    sentences: int
    numbers: int
    """The figures of the whole text as a bit mask (``numbers.fingerprint``)."""
    lead: str
    published: date | None = None
    """When it was published, if the file says (see :func:`published`)."""


@dataclass(frozen=True)
class Pair:
    source: str
    translation: str
    score: float


@dataclass
class Pairing:
    pairs: list[Pair] = field(default_factory=list)
    unpaired_sources: list[str] = field(default_factory=list)
    unpaired_translations: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """``<path>: <problem>`` of files that could not be read."""

    def manifest(self, src_lang: str, tgt_lang: str, folder: str | Path = ".") -> str:
        """The pairs as the CSV manifest ``aligner batch`` reads (article id: the source's
        name), to be written in ``folder``: its paths are relative to it, as batch reads them."""

        def where(path: str) -> str:
            return os.path.relpath(os.path.abspath(path), os.path.abspath(folder))

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["article", "source", "source_lang", "translation", "translation_lang", "score"])
        taken: set[str] = set()
        for pair in sorted(self.pairs, key=lambda p: p.source):
            name = Path(pair.source).name.split(".")[0] or "article"
            article, n = name, 1
            while article.lower() in taken:  # x.txt, x.md and x-2.txt: x, x-3 and x-2, never x-2 twice
                n += 1
                article = f"{name}-{n}"
            taken.add(article.lower())
            row = [article, where(pair.source), src_lang, where(pair.translation), tgt_lang, f"{pair.score:.3f}"]
            writer.writerow(row)
        return out.getvalue()


def articles_in(folder: str | Path, lang: str, other_lang: str, cfg: PairConfig) -> tuple[list[Article], list[str]]:
    """The readable articles of ``folder`` (its files in a supported format), and the others."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("is not a folder of articles", str(folder))
    articles, problems = [], []
    for path in sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
        if not utf8_name(path):
            problems.append(f"{path}: its name is not UTF-8 text: rename it to be paired")
            continue
        try:
            document = read_document(str(path), lang)
            sentences = segment_document(document, False)
        except AlignerError as exc:
            problems.append(exc.describe())
            continue
        text = " ".join(s.text for s in sentences)
        lead = " ".join(s.text for s in sentences[: cfg.lead])
        articles.append(
            Article(
                str(path),
                len(sentences),
                fingerprint(text, lang, other_lang),
                lead,
                published(document.text, document.format),
            )
        )
    return articles, problems


def _days(articles: list[Article]) -> np.ndarray:
    """Each article's publication day as a number (NaN: not known)."""
    return np.array([a.published.toordinal() if a.published else np.nan for a in articles], dtype=np.float64)


def _candidates(
    a: np.ndarray, b: np.ndarray, k: int, a_days: np.ndarray, b_days: np.ndarray, window: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``a``, the ``k`` rows of ``b`` with the highest cosine, block by
    block; a row of ``b`` dated more than ``window`` days from the row of ``a`` is not one
    (its cosine is -inf: the caller drops it)."""
    k = min(k, len(b))
    index = np.empty((len(a), k), dtype=np.int64)
    score = np.empty((len(a), k), dtype=np.float32)
    for start in range(0, len(a), 1024):
        sims = a[start : start + 1024] @ b.T
        if window is not None:
            with np.errstate(invalid="ignore"):  # NaN, an undated article: never too far
                far = np.abs(a_days[start : start + 1024, None] - b_days[None, :]) > window
            sims[far] = -np.inf
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        index[start : start + 1024] = top
        score[start : start + 1024] = np.take_along_axis(sims, top, axis=1)
    return index, score


def _score(cos: float, s: Article, t: Article, cfg: PairConfig) -> float:
    either = bin(s.numbers | t.numbers).count("1")
    shared = bin(s.numbers & t.numbers).count("1") / either if either else 0.0
    ratio = abs(math.log(max(s.sentences, 1) / max(t.sentences, 1)))
    return cos + cfg.number_weight * shared - cfg.length_weight * min(ratio, 1.0)


def pair_articles(
    sources: list[Article], translations: list[Article], embedder: Embedder, cfg: PairConfig | None = None
) -> Pairing:
    """Pair ``sources`` with ``translations`` one to one (see the module's description)."""
    from aligner.pipeline import embed_sentences

    cfg = cfg or PairConfig()
    result = Pairing()
    if not sources or not translations:
        result.unpaired_sources = [s.path for s in sources]
        result.unpaired_translations = [t.path for t in translations]
        return result
    vectors = embed_sentences(embedder, [a.lead for a in sources] + [a.lead for a in translations])
    src_vec, tgt_vec = vectors[: len(sources)], vectors[len(sources) :]
    scored: dict[tuple[int, int], float] = {}
    src_days, tgt_days = _days(sources), _days(translations)
    for rows, cols, days, flip in ((src_vec, tgt_vec, (src_days, tgt_days), False),
                                   (tgt_vec, src_vec, (tgt_days, src_days), True)):  # fmt: skip
        index, cosine = _candidates(rows, cols, cfg.neighbours, *days, cfg.date_window)
        for r in range(len(rows)):
            for c, cos in zip(index[r], cosine[r], strict=True):
                if not np.isfinite(cos):
                    continue  # outside the date window
                i, j = (int(c), r) if flip else (r, int(c))
                scored[(i, j)] = _score(float(cos), sources[i], translations[j], cfg)
    best_src: dict[int, list[float]] = {}
    best_tgt: dict[int, list[float]] = {}
    for (i, j), value in scored.items():
        best_src.setdefault(i, []).append(value)
        best_tgt.setdefault(j, []).append(value)

    def runner_up(values: list[float], value: float) -> float:
        others = sorted(values, reverse=True)
        others.remove(value)
        return others[0] if others else -1.0

    taken_src: set[int] = set()
    taken_tgt: set[int] = set()
    for (i, j), value in sorted(scored.items(), key=lambda item: -item[1]):
        if i in taken_src or j in taken_tgt or value < cfg.threshold:
            continue
        if value - max(runner_up(best_src[i], value), runner_up(best_tgt[j], value)) < cfg.margin:
            continue
        taken_src.add(i)
        taken_tgt.add(j)
        result.pairs.append(Pair(sources[i].path, translations[j].path, round(value, 4)))
    result.unpaired_sources = [s.path for k, s in enumerate(sources) if k not in taken_src]
    result.unpaired_translations = [t.path for k, t in enumerate(translations) if k not in taken_tgt]
    return result


def pair_folders(
    source_dir: str | Path,
    translation_dir: str | Path,
    src_lang: str,
    tgt_lang: str,
    embedder: Embedder,
    cfg: PairConfig | None = None,
) -> Pairing:
    """Read two folders of articles and pair them (see :func:`pair_articles`)."""
    cfg = cfg or PairConfig()
    sources, bad_src = articles_in(source_dir, src_lang, tgt_lang, cfg)
    translations, bad_tgt = articles_in(translation_dir, tgt_lang, src_lang, cfg)
    result = pair_articles(sources, translations, embedder, cfg)
    result.unreadable = bad_src + bad_tgt
    return result
