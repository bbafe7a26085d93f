"""The HTML report: escaped, marked, and working in a real browser."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from aligner.model import Alignment, Bead, Flag, Sentence, Side
from aligner.review.html import render_html
from tests.browser import dump_dom
from tests.review.build import EVIL_IMG, EVIL_SCRIPT, article, sample


def test_html_escapes_article_text() -> None:
    page = render_html(sample([EVIL_SCRIPT, EVIL_IMG, "Kolmas."], path='x"><script>alert(1)</script>.txt'))
    assert EVIL_SCRIPT not in page and EVIL_IMG not in page
    assert "&lt;script&gt;document.body" in page and "&lt;img src=x onerror=" in page
    assert page.count("<script>") == 1  # ours
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page


def test_html_marks_the_flagged_part_of_a_sentence_escaped() -> None:
    a = sample()
    tgt = Side("en", "b.txt", (Sentence(0, "One <b>sentence</b>, üks lause.", 0, 30, 0), *a.target.sentences[1:]))
    evidence = {"text": "üks lause."}
    flag = Flag("untranslated", "error", (0,), (0,), "part of target 0 is in et", (0, 9), (18, 30), evidence, "k-u")
    page = render_html(Alignment(a.source, tgt, a.beads, (flag,), {}))
    assert "One &lt;b&gt;sentence&lt;/b&gt;, <mark>üks lause.</mark>" in page
    assert page.count("<mark>") == 1
    # a merged pair that seems to leave one source sentence out: that sentence is marked
    src = Side("et", "a.txt", (Sentence(0, "Esimene <i>.", 0, 12, 0), Sentence(1, "Teine.", 13, 19, 0)))
    merged = Alignment(src, a.target, (Bead((0, 1), (0,), 0.8),), (), {})
    partial = Flag("partially-dropped", "warning", (0, 1), (0,), "1 seems left out", None, None, {"sentence": 1})
    page = render_html(replace(merged, flags=(partial,)))
    numbered = '<span class="no">1</span>Esimene &lt;i&gt;.</span><span class="sentence"><span class="no">2</span>'
    assert f"{numbered}<mark>Teine.</mark>" in page and page.count("<mark>") == 1  # each sentence after its number


@pytest.mark.slow
def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(
        render_html(sample([EVIL_SCRIPT, EVIL_IMG, "Kolmas."], path='p"><script>x()</script>')), encoding="utf-8"
    )
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    assert 'data-ready="1"' in dom  # our keyboard-navigation script ran
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # the article's did not
    assert "&lt;script&gt;document.body.setAttribute" in dom  # shown as text
    assert "&lt;img src=x onerror=" in dom
    assert dom.count('class="flag ') == 3


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 420])
def test_the_report_fits_the_screen_at_1400_and_420_px(tmp_path: Path, width: int) -> None:
    """No page wider than the screen (at 420 px it was 1267 px wide, the scores off-screen),
    and no sticky header taking the screen. Screenshots go to $ALIGNER_SCREENSHOTS (else the
    test's folder) for a person to look at."""
    from tests.browser import screenshot, webdriver_for

    page = tmp_path / "report.html"
    long_path = "/toimetus/" + "väga-pikk-kausta-nimi/" * 6 + "lugu.et.html"
    page.write_text(render_html(sample([EVIL_SCRIPT, "Teine lause.", "Kolmas."], path=long_path)), encoding="utf-8")
    with webdriver_for(tmp_path / "profile", width, 900) as driver:
        driver.get(page.as_uri())
        inner = driver.execute_script("return window.innerWidth")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        header = driver.execute_script("return getComputedStyle(document.querySelector('header')).position")
        screenshot(driver, tmp_path, f"report-{width}")
    assert wide <= inner, f"the page is {wide} px wide in a {inner} px window"
    assert header == ("sticky" if width > 700 else "static")  # on a phone it scrolls away


def test_html_marks_the_figures_and_names_that_differ_whole() -> None:
    """The figures a number-mismatch names, as each side writes them, and the names a
    name-mismatch names are marked; a figure is marked whole, never inside another."""
    a = article(40)
    page = render_html(a)
    assert "<mark>12 miljonit</mark>" in page and "<mark>€21 million</mark>" in page and "<mark>2023" not in page
    src = Side("et", "a.txt", (Sentence(0, "Aastal 2023 tuli 3. kohal Kallas.", 0, 33, 0),))
    tgt = Side("en", "b.txt", (Sentence(0, "In 2023 Kallas came 4th.", 0, 24, 0),))
    flags = (
        Flag(
            "number-mismatch", "error", (0,), (0,), "3 / 4", evidence={"source_written": ["3"], "target_written": ["4"]}
        ),
        Flag(
            "name-mismatch",
            "error",
            (0,),
            (0,),
            "names",
            evidence={"mismatches": [{"source": ["Kallas"], "target": []}]},
        ),
    )
    page = render_html(Alignment(src, tgt, (Bead((0,), (0,), 0.9),), flags, {}))
    assert "Aastal 2023 tuli <mark>3</mark>. kohal <mark>Kallas</mark>." in page and "In 2023 Kallas came 4th." in page


def test_the_report_filters_by_severity_and_finds_text(tmp_path: Path) -> None:
    """The static page has the served page's filter and search: errors only, undecided
    only, a text; j then goes through the flags shown."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from aligner.decisions import decide
    from tests.browser import webdriver_for

    page = tmp_path / "report.html"
    page.write_text(render_html(decide(article(40), "f-drop", "accepted", "", "eve")), encoding="utf-8")
    with webdriver_for(tmp_path / "profile") as driver:
        driver.get(page.as_uri())

        def shown(css: str) -> list[str]:
            return [r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, css) if r.is_displayed()]

        assert len(shown("tr.bead")) == 41 and len(shown("tr.flag")) == 5
        Select(driver.find_element(By.ID, "filter")).select_by_value("error")
        assert len(shown("tr.flag")) == 4 and len(shown("tr.bead")) == 4
        Select(driver.find_element(By.ID, "filter")).select_by_value("open")
        assert len(shown("tr.flag")) == 4 and "warning" in driver.find_element(By.TAG_NAME, "tbody").text.lower()
        driver.find_element(By.ID, "search").send_keys("12 miljonit")
        assert len(shown("tr.bead")) == 1 and len(shown("tr.flag")) == 1
        driver.find_element(By.TAG_NAME, "h1").click()
        ActionChains(driver).send_keys("j").perform()
        current = driver.find_element(By.CSS_SELECTOR, "tr.flag.current").text
    assert "number-mismatch" in current


def test_the_report_lists_the_decisions_that_no_longer_apply_escaped() -> None:
    from dataclasses import replace

    from aligner.model import Retired, Review

    kept = Retired("added", "m", "", EVIL_SCRIPT, "k9", Review("rejected", EVIL_IMG, "mari", "2026-12-07T10:00:00Z"))
    page = render_html(replace(sample(), retired=(kept,)))
    assert "1 earlier decision no longer applies" in page and "rejected by mari" in page
    assert "<script>document" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    assert "no longer appl" not in render_html(sample())
