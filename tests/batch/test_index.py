"""The batch's index page: escaped, offline, its links pointing at the files written."""

from __future__ import annotations

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
