"""``aligner review FILE --serve`` started as a user starts it, for the browser tests and
``benchmarks/review_keys.py``."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aligner.alignfile import dumps
from aligner.model import Alignment
from tests.review.build import EVIL_SCRIPT, sample


@contextmanager
def serving(tmp_path: Path, alignment: Alignment | None = None) -> Iterator[tuple[Path, str, str]]:
    """The server on ``alignment`` (by default a hostile sample) written to a file under
    ``tmp_path``, with ``--reviewer ants``: the file, the address and the token it printed."""
    path = tmp_path / "a.json"
    alignment = alignment or sample([EVIL_SCRIPT, "Teine lause.", "Kolmas."])
    path.write_text(dumps(alignment), encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "aligner", "review", str(path), "--serve", "--reviewer", "ants"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
        assert found, line
        yield path, found.group(1), found.group(2)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()


PLAN = ("a", "r", "n", "a", "a")
"""What the editor does with each flag in turn, in the page's order: accept, reject, a note
(then accept), accept, accept."""
NOTE = "the figure is right in the paper edition"


TIMER = """
var key = arguments[0], started = null, rows = document.querySelector('#beads tbody');
window.alignerShown = null;
document.addEventListener('keydown', function () { started = performance.now(); }, {capture: true, once: true});
var seen = new MutationObserver(function () {
  if (started !== null && document.querySelector("tr.flag.decided[data-key='" + key + "']")) {
    seen.disconnect();
    window.alignerShown = performance.now() - started;
  }
});
seen.observe(rows, {subtree: true, childList: true, attributes: true});
"""
"""Times, in the page, a real key press to the flag ``arguments[0]`` shown decided."""


def review_by_keys(driver: object, path: Path, base: str, token: str) -> tuple[int, list[float]]:
    """Decide every flag of the served file with the keyboard alone, as ``PLAN`` says, the
    way an editor does: no mouse, no dialog. After each decision the page must have moved
    to the next open flag, focused and in view below the header. Returns the keystrokes
    pressed (the note's letters not counted) and the seconds from each deciding key to the
    page showing the decision."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from aligner.alignfile import load

    wait = WebDriverWait(driver, 30, poll_frequency=0.005)
    driver.get(f"{base}/?token={token}")  # type: ignore[attr-defined]
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    keys = [r.get_attribute("data-key") for r in driver.find_elements(By.CSS_SELECTOR, "tr.flag")]  # type: ignore[attr-defined]
    assert len(keys) == len(PLAN), keys
    pressed, seconds = 0, []

    def press(key: str) -> None:
        nonlocal pressed
        ActionChains(driver).send_keys(key).perform()
        pressed += 1

    def decided(key: str) -> bool:
        rows = driver.find_elements(By.CSS_SELECTOR, f"tr.flag.decided[data-key='{key}']")  # type: ignore[attr-defined]
        return bool(rows) and not driver.execute_script(
            "return document.querySelector('header').classList.contains('busy')"
        )  # type: ignore[attr-defined]

    for n, (key, what) in enumerate(zip(keys, PLAN, strict=True)):
        if what == "n":
            press("n")
            note = wait.until(
                lambda d, key=key: d.find_element(By.CSS_SELECTOR, f"tr.flag[data-key='{key}'] input.note")
            )
            assert driver.switch_to.active_element == note  # type: ignore[attr-defined]
            ActionChains(driver).send_keys(NOTE).perform()
            press(Keys.ENTER)
            wait.until(
                lambda d, key=key: (
                    d.find_elements(By.CSS_SELECTOR, f"tr.flag.current[data-key='{key}']")
                    and "Note saved" in d.find_element(By.ID, "message").text
                )
            )
            what = "a"
        driver.execute_script(TIMER, key)  # type: ignore[attr-defined]
        press(what)
        wait.until(lambda d, key=key: decided(key))
        seconds.append(wait.until(lambda d: d.execute_script("return window.alignerShown")) / 1000)
        if n + 1 < len(keys):  # the next open flag is current, focused, and in view
            following = keys[n + 1]
            wait.until(lambda d, k=following: d.switch_to.active_element.get_attribute("data-key") == k)
            top, bottom, below_header, height = driver.execute_script(  # type: ignore[attr-defined]
                "var r = document.activeElement.getBoundingClientRect();"
                "var h = document.querySelector('header').getBoundingClientRect();"
                "return [r.top, r.bottom, Math.max(h.bottom, 0), window.innerHeight];"
            )
            assert below_header <= top and bottom <= height, (following, top, bottom, below_header, height)
    reviews = {f.key: f.review for f in load(str(path)).flags}
    assert all(r is not None and r.reviewer == "ants" for r in reviews.values()), reviews
    return pressed, seconds
