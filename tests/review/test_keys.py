"""The review page as an editor uses it with the keyboard alone, in headless Chromium over
real HTTP (``aligner review --serve``): every flag decided with a / r / n, the page moving
to the next open flag; and the page at 1400 and 420 px."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("selenium")

from aligner.alignfile import load
from tests.browser import screenshot, webdriver_for
from tests.review.build import article
from tests.review.serving import NOTE, PLAN, review_by_keys, serving


def test_an_editor_decides_every_flag_with_at_most_three_keys_each(tmp_path: Path) -> None:
    """The issue's measure: a 40-sentence article with 5 flags, one given a note; no mouse,
    no dialog, at most 3 keystrokes per flag; what the keys decided is in the file."""
    with serving(tmp_path, article(40)) as (path, base, token), webdriver_for(tmp_path / "profile") as driver:
        pressed, _ = review_by_keys(driver, path, base, token)
        page = driver.find_element("tag name", "body").text
        screenshot(driver, tmp_path, "serve-decided-1400")
    assert pressed <= 3 * len(PLAN), pressed
    flags = {f.key: f.review for f in load(str(path)).flags}
    decisions = [flags[key].decision.value for key in ("f-low", "f-drop", "f-add", "f-num", "f-untr")]  # type: ignore[union-attr]
    assert decisions == ["accepted", "rejected", "accepted", "accepted", "accepted"]
    assert flags["f-add"].note == NOTE  # type: ignore[union-attr]
    assert "5 of 5 flags decided" in page and "1 error not accepted (1 rejected: to fix)" in page


def test_the_keys_leave_a_text_field_alone_and_undo_takes_back_a_decision(tmp_path: Path) -> None:
    """Typing a name or a search that holds a, r, n or u decides nothing; u undoes the page's
    last decision."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    with serving(tmp_path, article(40)) as (path, base, token), webdriver_for(tmp_path / "profile") as driver:
        wait = WebDriverWait(driver, 30)
        driver.get(f"{base}/?token={token}")
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        driver.find_element(By.ID, "search").send_keys("anru")
        assert all(f.review is None for f in load(str(path)).flags)
        assert not driver.find_elements(By.CSS_SELECTOR, "tr.bead:not(.hidden)")  # no sentence holds "anru"
        driver.find_element(By.ID, "search").send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)  # as a person empties it
        driver.find_element(By.ID, "search").send_keys("LAUSE number 9 ")  # any case
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "tr.bead:not(.hidden)")) == 1)
        driver.find_element(By.ID, "search").send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)  # as a person empties it
        driver.find_element(By.TAG_NAME, "h1").click()  # out of the field
        ActionChains(driver).send_keys("a").perform()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr.flag.decided[data-key='f-low']"))
        ActionChains(driver).send_keys("u").perform()
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "tr.flag.decided"))
    assert all(f.review is None for f in load(str(path)).flags)


@pytest.mark.parametrize("width", [1400, 420])
def test_the_served_page_fits_the_screen_and_numbers_sentences_from_1(tmp_path: Path, width: int) -> None:
    """No sideways scrolling at 420 px (it was 664 px wide), source above its target; the
    sentences carry the numbers the flags' messages use. Screenshots go to
    $ALIGNER_SCREENSHOTS (else the test's folder) for a person to look at."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with serving(tmp_path, article(40)) as (_, base, token), webdriver_for(tmp_path / "p", width, 900) as driver:
        driver.get(f"{base}/?token={token}")
        WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
        )
        for _ in range(2):  # to the dropped sentence's flag
            ActionChains(driver).send_keys("j").perform()
        inner = driver.execute_script("return window.innerWidth")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        named = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".sentence.named")]
        marks = [e.text for e in driver.find_elements(By.TAG_NAME, "mark")]
        current = driver.find_element(By.CSS_SELECTOR, "tr.flag.current").text
        source, target = (
            driver.find_element(By.CSS_SELECTOR, f"#bead-1 td.text[lang='{x}']").rect for x in ("et", "en")
        )
        screenshot(driver, tmp_path, f"serve-{width}")
    assert wide <= inner, f"the page is {wide} px wide in a {inner} px window"
    assert named == ["9Lause number 9 räägib linnavalitsuse otsusest."]
    assert marks == ["12 miljonit", "€21 million"]  # the figures that differ, as each side writes them
    assert "1 source sentence (9) has no translation (source 9)" in current
    if width < 700:
        assert source["y"] + source["height"] <= target["y"] + 1  # source above its target
    else:
        assert source["y"] == target["y"] and source["x"] < target["x"]


def test_a_run_of_rows_is_merged_in_one_step(tmp_path: Path) -> None:
    """Merging 4 rows took 3 clicks and 3 corrections: tick them, Merge ticked, one
    correction; rows that are not neighbours are refused in words."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with serving(tmp_path, article(40)) as (path, base, token), webdriver_for(tmp_path / "profile") as driver:
        wait = WebDriverWait(driver, 30)
        driver.get(f"{base}/?token={token}")
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        for k in (2, 4):
            driver.find_element(By.CSS_SELECTOR, f"#bead-{k} input.pick").click()
        driver.find_element(By.ID, "merge").click()
        assert "neighbouring rows" in driver.find_element(By.ID, "message").text
        driver.find_element(By.CSS_SELECTOR, "#bead-3 input.pick").click()
        driver.find_element(By.ID, "merge").click()
        wait.until(lambda d: len(load(str(path)).corrections) == 1)
    alignment = load(str(path))
    assert alignment.beads[2].notation == "[2, 3, 4]:[2, 3, 4]" and alignment.corrections[0].op == "merge"


def test_keys_pressed_quickly_each_count_and_a_hidden_flag_is_never_decided(tmp_path: Path) -> None:
    """a a a pressed at once decides three flags (the second and third waited for the
    first, rather than being dropped); with 'undecided' shown and every flag decided, r
    changes nothing it cannot show (it rejected the last flag, off the page)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    with serving(tmp_path, article(40)) as (path, base, token), webdriver_for(tmp_path / "profile") as driver:
        wait = WebDriverWait(driver, 30)
        driver.get(f"{base}/?token={token}")
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        ActionChains(driver).send_keys("aaa").perform()
        wait.until(lambda d: sum(f.review is not None for f in load(str(path)).flags) == 3)
        Select(driver.find_element(By.ID, "filter")).select_by_value("open")
        driver.find_element(By.TAG_NAME, "h1").click()
        ActionChains(driver).send_keys("aa").perform()
        wait.until(lambda d: "Every flag is decided" in d.find_element(By.ID, "message").text)
        ActionChains(driver).send_keys("rn").perform()
        wait.until(lambda d: "No flag shown here" in d.find_element(By.ID, "message").text)
        assert not driver.find_elements(By.CSS_SELECTOR, "tr.flag")
    assert {f.key: f.review.decision.value for f in load(str(path)).flags if f.review} == dict.fromkeys(
        ["f-low", "f-drop", "f-add", "f-num", "f-untr"], "accepted"
    )


CONTRAST = """
function rgba(text) { var m = text.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; }
function over(top, under) {
  return [0, 1, 2].map(function (k) { return top[3] * top[k] + (1 - top[3]) * under[k]; }).concat([1]);
}
var out = [];
arguments[0].forEach(function (css) {
  var node = document.querySelector(css);
  if (!node) { out.push([css, null, null]); return; }
  var chain = [], opacity = 1;
  for (var n = node; n && n.nodeType === 1; n = n.parentElement) {
    chain.push(n);
    opacity *= Number(getComputedStyle(n).opacity);
  }
  var bg = [255, 255, 255, 1];
  chain.slice().reverse().forEach(function (n) { bg = over(rgba(getComputedStyle(n).backgroundColor), bg); });
  var fg = over(rgba(getComputedStyle(node).color), bg);
  // an element faded by opacity: both its text and its own background blend into what is behind it
  var behind = [255, 255, 255, 1];
  if (opacity < 1) {
    fg = over(fg.slice(0, 3).concat([opacity]), behind);
    bg = over(bg.slice(0, 3).concat([opacity]), behind);
  }
  out.push([css, fg, bg]);
});
return out;
"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_pages_text_has_a_contrast_of_at_least_4_5(tmp_path: Path) -> None:
    """Faded buttons had 3.5:1 and "(nothing)" 2.3:1: every kind of text on the served
    page, faded buttons too, reads at WCAG AA (4.5:1), as the browser computes the colours."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    kinds = [
        "#bead-2 td.actions button",
        ".nothing",
        "td.n",
        "td.score",
        "span.sentence .no",
        ".where",
        ".keys",
        "tr.flag.error .sev",
        "tr.flag.warning td",
        "#summary",
    ]
    with serving(tmp_path, article(40)) as (_, base, token), webdriver_for(tmp_path / "profile") as driver:
        driver.get(f"{base}/?token={token}")
        WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
        )
        driver.find_element(By.TAG_NAME, "h1").click()  # no row hovered
        found = driver.execute_script(CONTRAST, kinds)
    for css, fg, bg in found:
        assert fg is not None, f"{css}: not on the page"
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, f"{css}: contrast {ratio:.2f}:1 ({fg} on {bg})"
