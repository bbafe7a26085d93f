"""Debian's Chromium for the browser tests: finding it (and its driver) and dumping a page's DOM.

Outside CI a missing browser skips the test; in CI (which installs ``chromium`` and
``chromium-driver``) it fails it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def _tool(names: tuple[str, ...], package: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail(f"CI must install {package} (apt-get install -y {package}) for the browser tests")
    pytest.skip(f"no {package} on this machine")


def chromium() -> str:
    return _tool(("chromium", "chromium-browser", "google-chrome"), "chromium")


def chromedriver() -> str:
    return _tool(("chromedriver",), "chromium-driver")


def dump_dom(url: str, profile: Path, budget_ms: int = 2000) -> str:
    """The DOM of ``url`` after its scripts ran (headless, offline apart from ``url``)."""
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "<body" in result.stdout, result.stderr[-2000:]
    return result.stdout


def screenshot(driver: Any, fallback: Path, name: str) -> None:
    """Save what ``driver`` shows as ``name``.png in $ALIGNER_SCREENSHOTS (else ``fallback``),
    for a person to look at."""
    shots = Path(os.environ.get("ALIGNER_SCREENSHOTS", fallback))
    shots.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(shots / f"{name}.png"))


@contextmanager
def webdriver_for(profile: Path, width: int = 1400, height: int = 900) -> Iterator[Any]:
    """Headless Chromium driven by Selenium, its window ``width`` x ``height``."""
    pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(options=options, service=Service(chromedriver()))
    try:
        yield driver
    finally:
        driver.quit()
