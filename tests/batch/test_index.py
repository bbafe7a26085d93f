"""The batch's index page: escaped, offline, its links pointing at the files written."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from aligner.batch import find_jobs, run_batch
from aligner.batch.index import render_index
from tests.batch.test_run import make_archive
from tests.browser import dump_dom
from tests.conftest import FakeEmbedder

HOSTILE = "<img src=x onerror=\"document.body.setAttribute('data-pwned', '1')\">"


def test_the_index_escapes_what_comes_from_the_articles() -> None:
    row = {
        "article": HOSTILE,
        "lang": "en",
        "source_sentences": 1,
        "target_sentences": 1,
        "flags_by_type": {"added": 1},
        "flags_by_severity": {"error": 1},
        "open_errors": 1,
        "weakest": 0.5,
        "review": f"{HOSTILE}/en.review.html",
        "alignment": f"{HOSTILE}/en.alignment.json",
    }
    page = render_index([row], [(f"{HOSTILE}/en", "<b>no text</b>")])
    assert "<img" not in page and "&lt;img src=x onerror=" in page and "&lt;b&gt;no text&lt;/b&gt;" in page
    assert "script-src 'sha256-" in page and "default-src 'none'" in page


@pytest.mark.slow
def test_the_index_in_a_real_browser(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "in", {HOSTILE: ("Linn kinnitas eelarve.", "The city approved it. Follow us!")})
    make_archive(archive, {"ilm": ("Homme sajab vihma.", "It will rain tomorrow.")})
    jobs, problems = find_jobs(archive)
    assert not problems
    out = tmp_path / "out"
    run_batch(jobs, out, embedder=FakeEmbedder())
    dom = dump_dom((out / "index.html").as_uri(), tmp_path / "profile")
    assert 'data-ready="1"' in dom  # the sorting script ran
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # the article's name did not
    assert "&lt;img src=x onerror=" in dom
    links = [unquote(href.replace("&amp;", "&")) for href in re.findall(r'href="([^"]+)"', dom)]
    assert len(links) == 4  # a review page and an alignment file per translation
    assert all((out / link).is_file() for link in links), links


def _row(article: str, open_errors: int, errors: int, weakest: float | None) -> dict[str, object]:
    return {
        "article": article,
        "lang": "en",
        "source_sentences": 3,
        "target_sentences": 3,
        "flags_by_type": {},
        "flags_by_severity": {"error": errors},
        "open_errors": open_errors,
        "weakest": weakest,
        "review": f"{article}/en.review.html",
        "alignment": f"{article}/en.alignment.json",
    }


def test_the_index_lists_the_worst_first_the_skipped_and_how_to_correct_each() -> None:
    """A desk works from the top: most errors not accepted first (the worst was last);
    what was skipped is on the page, not only in the terminal; each row gives the command
    that opens its correction page."""
    rows = [
        _row("aaa-clean", 0, 0, 0.95),
        _row("bbb-two", 2, 3, 0.4),
        _row("ccc-one", 1, 1, 0.9),
        _row("ddd", 1, 1, 0.3),
    ]
    skipped = [("in/eee", "two sources: source.et.md and source.et.txt")]
    page = render_index(rows, [], skipped)
    order = [m for m in re.findall(r'<a href="([a-z-]+)/en\.review\.html"', page)]
    assert order == ["bbb-two", "ddd", "ccc-one", "aaa-clean"]
    assert "1 skipped" in page and "in/eee: two sources: source.et.md and source.et.txt" in page
    assert "aligner review ARTICLE/LANG.alignment.json --serve" in page
    assert '<a href="ddd/en.alignment.json">ddd/en.alignment.json</a>' in page
    quoted = html.unescape(render_index([_row("it's", 0, 0, None)], []))  # quoted for the shell, escaped for HTML
    assert "title=\"aligner review 'it'\"'\"'s/en.alignment.json' --serve\"" in quoted


@pytest.mark.parametrize("width", [1400, 420])
def test_the_index_fits_the_screen(tmp_path: Path, width: int) -> None:
    """At 420 px the index was 1267 px wide: now its table scrolls inside its box. Screenshots
    go to $ALIGNER_SCREENSHOTS (else the test's folder) for a person to look at."""

    from tests.browser import screenshot, webdriver_for

    rows = [_row(f"artikkel-{k}", k % 3, k % 4, 0.5 + k / 40) for k in range(12)]
    (tmp_path / "index.html").write_text(render_index(rows, [], [("in/x", "no translation")]), encoding="utf-8")
    with webdriver_for(tmp_path / "profile", width, 900) as driver:
        driver.get((tmp_path / "index.html").as_uri())
        inner = driver.execute_script("return window.innerWidth")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        screenshot(driver, tmp_path, f"index-{width}")
    assert wide <= inner, f"the page is {wide} px wide in a {inner} px window"
