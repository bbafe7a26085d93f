"""gettext: msgfmt --check, GNUTranslations reads the .mo, msgmerge-style updates, broken catalogues."""

from __future__ import annotations

import gettext
import io
import os
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from aligner.cli import ExitCode, app
from aligner.errors import AlignerWarning, InputError
from aligner.export import export_to
from aligner.export.po import catalogue, read_po, update_po, write_mo, write_po
from aligner.model import Review
from tests.export.build import TGT, msgfmt, reviewed_sample, sample

runner = CliRunner()


def test_po_is_valid_and_says_what_the_issue_asks(tmp_path: Path) -> None:
    text = write_po(sample(), "lugu")
    po = polib.pofile(text)
    assert po.metadata["Language"] == "en" and po.metadata["X-Source-Language"] == "et"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["POT-Creation-Date"] == "1970-01-01 00:00+0000"
    entries = {e.msgctxt: e for e in po}
    assert entries["s0002"].fuzzy and not entries["s0001"].fuzzy
    assert entries["s0003"].msgstr == "" and "error dropped: no translation" in entries["s0003"].comment
    assert "added in translation after this: Follow us!" in entries["s0002"].comment
    assert entries["s0004"].occurrences == [("lugu.et.txt", "4")]
    path = tmp_path / "lugu.po"
    path.write_text(text, encoding="utf-8")
    subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(path)], check=True, capture_output=True)


def test_mo_reads_back_and_leaves_out_fuzzy() -> None:
    translations = gettext.GNUTranslations(io.BytesIO(write_mo(sample(), "lugu")))
    assert translations.pgettext("s0001", "Üks lause.") == "One sentence."
    assert translations.pgettext("s0002", "Teine lause.") == "Teine lause."  # fuzzy: not in the .mo
    reviewed = sample(review=Review("accepted", "", "mari", "2026-11-28T06:00:00Z"))
    translations = gettext.GNUTranslations(io.BytesIO(write_mo(reviewed, "lugu")))
    assert translations.pgettext("s0002", "Teine lause.") == "Another sentence."


def test_updating_a_po_keeps_work_on_unchanged_segments(tmp_path: Path) -> None:
    path = tmp_path / "lugu.po"
    export_to(sample(), "po", path, "lugu")
    po = polib.pofile(str(path))
    po.find("Üks lause.", by="msgid").msgstr = "One single sentence."  # a translator's edit
    po.find("Teine lause.", by="msgid").flags = []  # and a reviewer's
    po.save()
    edited = sample(["Üks lause.", "Teine lause.", "Kolmas, muudetud lause.", "Neljas."])
    export_to(edited, "po", path, "lugu")
    merged = {e.msgctxt: e for e in polib.pofile(str(path)) if not e.obsolete}
    assert merged["s0001"].msgstr == "One single sentence." and not merged["s0001"].fuzzy
    assert not merged["s0002"].fuzzy
    assert merged["s0003"].fuzzy and merged["s0003"].previous_msgid == "Kolmas lause."
    subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(path)], check=True, capture_output=True)
    mo = path.with_suffix(".mo")
    export_to(edited, "mo", mo, "lugu")
    with mo.open("rb") as handle:
        assert gettext.GNUTranslations(handle).pgettext("s0001", "Üks lause.") == "One single sentence."


def test_a_po_rewrapped_by_another_tool_reads_back_the_same(tmp_path: Path) -> None:
    long_tgt = [*TGT[:2], "An added sentence long enough to be wrapped by any tool that wraps comments. " * 3, TGT[3]]
    first = write_po(reviewed_sample(tgt=long_tgt), "lugu")
    po = polib.pofile(first, wrapwidth=40)  # as polib's own save, or msgcat, would wrap it
    path = tmp_path / "wrapped.po"
    po.save(str(path))
    assert "#. " in path.read_text(encoding="utf-8") and len(path.read_text(encoding="utf-8").splitlines()) > len(
        first.splitlines()
    )
    assert read_po(path.read_text(encoding="utf-8")) == read_po(first)


def test_update_after_an_insertion_keeps_every_shifted_segment() -> None:
    """A sentence added at the start shifts every msgctxt; unchanged msgids must still match."""

    def po(entries: list[tuple[str, str, str]]) -> polib.POFile:
        out = polib.POFile()
        for ctxt, msgid, msgstr in entries:
            out.append(polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr=msgstr))
        return out

    old = po([("s0001", "Üks.", "One, as the translator put it."), ("s0002", "Kaks.", "Two.")])
    new = po([("s0001", "Uus.", "New."), ("s0002", "Üks.", "One."), ("s0003", "Kaks.", "Two.")])
    merged = {e.msgid: e for e in update_po(str(old), new)}
    assert merged["Üks."].msgstr == "One, as the translator put it." and not merged["Üks."].fuzzy
    assert not merged["Kaks."].fuzzy and merged["Kaks."].previous_msgid is None
    assert not merged["Uus."].fuzzy and not any(e.obsolete for e in merged.values())


def test_update_marks_vanished_entries_obsolete() -> None:
    old = catalogue(sample(), "lugu")
    old.append(polib.POEntry(msgctxt="s0009", msgid="Kustutatud lause.", msgstr="A deleted sentence."))
    changed = sample(["Üks lause.", "Teine lause.", "Kolmas lause.", "Hoopis muu."])
    merged = update_po(str(old), catalogue(changed, "lugu"))
    assert [(e.msgid, e.msgstr) for e in merged if e.obsolete] == [("Kustutatud lause.", "A deleted sentence.")]
    assert next(e for e in merged if e.msgctxt == "s0004").previous_msgid == "Neljas."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('msgid ""\nmsgstr ""\n"X-Source-Language: et\\n"\n\nmsgid "x"\nmsgstr "y\n', "line 6: expected a keyword"),
        ('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "x"\nmsgstr "y"\n', "no X-Source-Language header"),
    ],
)
def test_importing_a_broken_or_foreign_po_is_a_one_line_error(tmp_path: Path, text: str, problem: str) -> None:
    """polib reads an unterminated string without a word; a catalogue aligner did not write
    has no source language to import."""
    po = tmp_path / "a.po"
    po.write_text(text, encoding="utf-8")
    out = tmp_path / "back.json"
    result = runner.invoke(app, ["import", str(po), "-o", str(out)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith(f"error: {po}: ") and problem in result.stderr
    assert not out.exists()


def test_a_plural_entry_is_refused_by_name_not_imported_empty() -> None:
    text = (
        write_po(sample(), "lugu")
        + '\nmsgctxt "s9999"\nmsgid "üks õun"\nmsgid_plural "%d õuna"\nmsgstr[0] "one apple"\nmsgstr[1] "%d apples"\n'
    )
    with pytest.raises(InputError, match="'s9999' has plural forms, which aligner never writes"):
        read_po(text, "a.po")


def test_a_translators_comment_is_said_to_be_left_out_and_is_no_score() -> None:
    text = write_po(sample(), "lugu").replace("#. score 0.95", "# score looks fine to me\n#. score 0.95", 1)
    with pytest.warns(AlignerWarning, match="1 note that aligner did not write"):
        alignment = read_po(text, "a.po")
    assert alignment.beads[0].score == 0.95
