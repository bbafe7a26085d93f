"""Exports: valid against the official schemas, accepted by msgfmt and gettext, reproducible."""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from aligner.alignfile import dumps
from aligner.cli import ExitCode, app
from aligner.export import EXPORTERS
from aligner.export.po import po_text, read_po, write_mo, write_po
from aligner.export.segments import REPLACEMENT, clean, segments
from aligner.export.xml import write_tmx, write_xliff, write_xliff12
from aligner.model import Alignment, Bead, Flag, Review, Sentence, Side
from aligner.review import blocking
from tests.conftest import SCHEMAS

SRC = ["Üks lause.", "Teine lause.", "Kolmas lause.", "Neljas."]
TGT = ["One sentence.", "Another sentence.", "Follow us!", "Fourth."]


def sample(src: list[str] = SRC, tgt: list[str] = TGT, review: Review | None = None) -> Alignment:
    source = Side("et", "lugu.et.txt", tuple(Sentence(k, t, 0, len(t), k) for k, t in enumerate(src)))
    target = Side("en", "story.en.txt", tuple(Sentence(k, t, 0, len(t), k) for k, t in enumerate(tgt)))
    beads = (
        Bead((0,), (0,), 0.95),
        Bead((1,), (1,), 0.4),
        Bead((), (2,), 0.8),
        Bead((2,), (), 0.7),
        Bead((3,), (3,), 0.9),
    )
    flags = (
        Flag("low-confidence", "warning", (1,), (1,), "unsure", key="k1", review=review),
        Flag("added", "error", (), (2,), "no source", key="k2"),
        Flag("dropped", "error", (2,), (), "no translation", key="k3"),
    )
    return Alignment(source, target, beads, flags, {})


def schema_file(name: str) -> Path:
    """An official schema from ../shared/schemas (beside the checkout, as in CI)."""
    path = SCHEMAS / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the official schemas beside the checkout: {path} is missing")
        pytest.skip(f"the official schemas are not beside this checkout ({path})")
    return path


def validate_xml(data: bytes, schema: str) -> None:
    doc = etree.parse(io.BytesIO(data))
    if schema.endswith(".dtd"):
        validator = etree.DTD(str(schema_file(schema)))
    else:
        validator = etree.XMLSchema(etree.parse(str(schema_file(schema))))
    assert validator.validate(doc), validator.error_log.filter_from_errors()


def msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI must install gettext (apt-get install -y gettext)")
    pytest.skip("no msgfmt on this machine")


def test_segments_carry_state_flags_and_additions() -> None:
    segs = segments(sample())
    assert [s.id for s in segs] == ["s0001", "s0002", "s0003", "s0004"]
    assert [s.state for s in segs] == ["final", "translated", "initial", "final"]
    assert segs[1].added_after == ("Follow us!",)
    assert segs[2].target == "" and segs[2].flags[0].type == "dropped"
    accepted = segments(sample(review=Review("accepted", "", "mari", "2026-11-28T06:00:00Z")))
    assert accepted[1].state == "reviewed"


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


def test_creation_date_comes_from_the_input() -> None:
    reviewed = sample(review=Review("accepted", "", "mari", "2026-11-28T06:30:00Z"))
    assert polib.pofile(write_po(reviewed, "lugu")).metadata["PO-Revision-Date"] == "2026-11-28 06:30+0000"
    assert b'creationdate="20261128T063000Z"' in write_tmx(reviewed)


def test_xml_formats_validate_against_the_official_schemas() -> None:
    validate_xml(write_tmx(sample()), "tmx14.dtd")
    validate_xml(write_xliff(sample()), "xliff-core-2.0.xsd")
    validate_xml(write_xliff12(sample()), "xliff-core-1.2-strict.xsd")
    states = etree.fromstring(write_xliff(sample())).xpath(
        "//x:segment/@state", namespaces={"x": "urn:oasis:names:tc:xliff:document:2.0"}
    )
    assert states == ["final", "translated", "initial", "final"]
    states12 = etree.fromstring(write_xliff12(sample())).xpath(
        "//x:target/@state", namespaces={"x": "urn:oasis:names:tc:xliff:document:1.2"}
    )
    assert states12 == ["final", "needs-review-translation", "needs-translation", "final"]


def test_re_exporting_unchanged_input_is_byte_identical() -> None:
    for name, exporter in EXPORTERS.items():
        assert exporter.write(sample(), "lugu", False) == exporter.write(sample(), "lugu", False), name


def test_forbidden_characters_are_replaced_deliberately() -> None:
    assert clean("a\x00b\x07c\ufffe\n\t") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}\n\t"


PIECES = ['"', "\\", "\n", "\t", "<", "&", "]]>", "\u05e9\u05dc\u05d5\u05dd", "\x00", "\x1b", "\ufffe", "\u202e"]
nasty = st.lists(
    st.one_of(st.text(st.characters(codec="utf-8"), min_size=1, max_size=8), st.sampled_from(PIECES)),
    min_size=1,
    max_size=8,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(nasty, min_size=4, max_size=4), st.lists(nasty, min_size=4, max_size=4))
def test_any_unicode_exports_valid_files(src: list[str], tgt: list[str]) -> None:
    a = sample(src, tgt)
    validate_xml(write_tmx(a), "tmx14.dtd")
    validate_xml(write_xliff(a), "xliff-core-2.0.xsd")
    validate_xml(write_xliff12(a), "xliff-core-1.2-strict.xsd")
    po = polib.pofile(write_po(a, "x"))
    by_ctxt = {e.msgctxt: e for e in po}
    msgid, msgstr = po_text(clean(src[0])), po_text(clean(tgt[0]))
    assert by_ctxt["s0001"].msgid == msgid and by_ctxt["s0001"].msgstr == msgstr
    translations = gettext.GNUTranslations(io.BytesIO(write_mo(a, "x")))
    assert translations.pgettext("s0001", msgid) == msgstr


runner = CliRunner()


def test_cli_export(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(dumps(sample()), encoding="utf-8")
    result = runner.invoke(app, ["export", str(path), "-f", "po", "--locale-dir", str(tmp_path / "locales")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales" / "en" / "LC_MESSAGES" / "lugu.po").is_file()
    result = runner.invoke(app, ["export", str(path), "-f", "tmx", "-o", str(tmp_path / "a.tmx")])
    assert result.exit_code == 0 and (tmp_path / "a.tmx").read_bytes().startswith(b"<?xml")
    missing = runner.invoke(app, ["export", str(path), "-f", "po"])
    assert missing.exit_code == ExitCode.USAGE and "--locale-dir" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "-f", "xliff", "-o", str(tmp_path / "x.xlf")])
    assert result.exit_code == ExitCode.INPUT and result.stderr.startswith(f"error: {bad}: ")
    assert not (tmp_path / "x.xlf").exists()


# --- import, round trip, updating, overwriting ------------------------------------------------

from aligner.export import EXPORTERS as _EXPORTERS  # noqa: E402
from aligner.export import IMPORTERS, export_to, import_file  # noqa: E402
from aligner.export.po import catalogue, update_po  # noqa: E402

ROUND_TRIP = {"po": ".po", "tmx": ".tmx", "xliff": ".xlf", "xliff12": ".xlf"}


def reviewed_sample(src: list[str] = SRC, tgt: list[str] = TGT) -> Alignment:
    review = Review("accepted", "ok: checked [twice]", "Mari Kask", "2026-11-28T06:30:00Z")
    return sample(src, tgt, review)


@pytest.mark.parametrize("fmt", sorted(ROUND_TRIP))
def test_export_import_export_is_byte_identical(fmt: str) -> None:
    first = _EXPORTERS[fmt].write(reviewed_sample(), "lugu", False)
    again = IMPORTERS[ROUND_TRIP[fmt]](first, "x")
    assert _EXPORTERS[fmt].write(again, "lugu", False) == first
    flags = {f.type: f for f in again.flags}
    assert flags["low-confidence"].review == Review(
        "accepted", "ok: checked [twice]", "Mari Kask", "2026-11-28T06:30:00Z"
    )
    assert again.source.lang == "et" and again.target.lang == "en"
    # the "added" flag travels with the added text, and comes back on it
    added = flags["added"]
    assert added.src == () and [again.target.sentences[j].text for j in added.tgt] == [TGT[2]]
    assert (added.severity, added.message) == ("error", "no source")
    assert any(f.type == "added" for f in blocking(again))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(nasty, min_size=4, max_size=4),
    st.lists(nasty, min_size=4, max_size=4),
    st.sampled_from(sorted(ROUND_TRIP)),
)
def test_round_trip_with_any_unicode(src: list[str], tgt: list[str], fmt: str) -> None:
    first = _EXPORTERS[fmt].write(reviewed_sample(src, tgt), "x", False)
    assert _EXPORTERS[fmt].write(IMPORTERS[ROUND_TRIP[fmt]](first, "x"), "x", False) == first


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


def test_refuses_to_overwrite_newer_review_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    export_to(reviewed_sample(), "xliff", path, "lugu")
    with pytest.raises(Exception, match=r"newer than the alignment's \(none\); use --force"):
        export_to(sample(), "xliff", path, "lugu")
    export_to(sample(), "xliff", path, "lugu", force=True)
    assert b"Mari Kask" not in path.read_bytes()


def test_cli_import_and_errors(tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    tmx.write_bytes(write_tmx(reviewed_sample()))
    out = tmp_path / "back.json"
    result = runner.invoke(app, ["import", str(tmx), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert import_file(str(tmx)) == __import__("aligner.alignfile", fromlist=["load"]).load(str(out))
    odd = tmp_path / "a.docx"
    odd.write_bytes(b"x")
    result = runner.invoke(app, ["import", str(odd), "-o", str(out)])
    assert result.exit_code == ExitCode.INPUT and "cannot import this kind of file" in result.stderr
    broken = tmp_path / "b.xlf"
    broken.write_bytes(b"<xliff")
    result = runner.invoke(app, ["import", str(broken), "-o", str(out)])
    assert result.exit_code == ExitCode.INPUT and result.stderr.startswith(f"error: {broken}: not well-formed XML")


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
