"""locales/ holds the bundles generated from examples/: regenerating them must change nothing.

To regenerate after a change that alters them (and read the diff before committing), for
each example NAME and its two files (``EXAMPLES`` below):

    aligner align examples/NAME/SOURCE examples/NAME/TRANSLATION \\
        -o /tmp/NAME.json --export po,mo --locale-dir locales --domain NAME

(with no ``locales/en/LC_MESSAGES/NAME.po`` present, or it is updated, not rewritten).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from tests.conftest import ROOT

EXAMPLES = {
    "rutte-nato": ("source.et.txt", "translation.en.txt"),
    "tallinn-tram": ("source.et.txt", "translation.en.txt"),
    "budget-cuts": ("source.et.html", "translation.en.html"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLES)
def test_committed_bundles_are_what_the_examples_generate(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, translation = EXAMPLES[name]
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = CliRunner().invoke(
        app,
        [
            "align",
            f"examples/{name}/{source}",
            f"examples/{name}/{translation}",
            "-o",
            str(tmp_path / "a.json"),
            "--export",
            "po,mo",
            "--locale-dir",
            str(tmp_path / "locales"),
            "--domain",
            name,
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    for bundle in (f"en/LC_MESSAGES/{name}.po", f"en/LC_MESSAGES/{name}.mo"):
        fresh = (tmp_path / "locales" / bundle).read_bytes()
        assert fresh == (ROOT / "locales" / bundle).read_bytes(), f"locales/{bundle} is stale: regenerate it"


def test_align_export_needs_o_for_xml_formats() -> None:
    result = CliRunner().invoke(app, ["align", "a.txt", "b.txt", "--export", "tmx"])
    assert result.exit_code == 2 and "give -o" in result.output
    result = CliRunner().invoke(app, ["align", "a.txt", "b.txt", "--export", "docx", "-o", "x.json"])
    assert result.exit_code == 2 and "unknown format 'docx'" in result.output
