"""The registry: every format, reproducible bytes, round trips through import, the overwrite guard, the export plan."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.decisions import blocking
from aligner.errors import UsageError
from aligner.export import FORMATS, default_domain, export_to, plan_exports, reader_for
from aligner.export.po import po_text, write_mo, write_po
from aligner.export.segments import clean
from aligner.export.xml import write_tmx, write_xliff, write_xliff12
from aligner.model import Alignment, Bead, Flag, Review, Sentence, Side
from tests.export.build import TGT, reviewed_sample, sample, validate_xml


def test_re_exporting_unchanged_input_is_byte_identical() -> None:
    for name, exporter in FORMATS.items():
        assert exporter.write(sample(), "lugu", False) == exporter.write(sample(), "lugu", False), name


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


ROUND_TRIP = {"po": ".po", "tmx": ".tmx", "xliff": ".xlf", "xliff12": ".xlf"}


@pytest.mark.parametrize("fmt", sorted(ROUND_TRIP))
def test_export_import_export_is_byte_identical(fmt: str) -> None:
    first = FORMATS[fmt].write(reviewed_sample(), "lugu", False)
    again = _reader(ROUND_TRIP[fmt])(first, "x")
    assert FORMATS[fmt].write(again, "lugu", False) == first
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
    first = FORMATS[fmt].write(reviewed_sample(src, tgt), "x", False)
    assert FORMATS[fmt].write(_reader(ROUND_TRIP[fmt])(first, "x"), "x", False) == first


def test_refuses_to_overwrite_newer_review_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    export_to(reviewed_sample(), "xliff", path, "lugu")
    with pytest.raises(Exception, match=r"newer than the alignment's \(none\); use --force"):
        export_to(sample(), "xliff", path, "lugu")
    export_to(sample(), "xliff", path, "lugu", force=True)
    assert b"Mari Kask" not in path.read_bytes()


def test_the_export_plan_says_where_every_bundle_goes() -> None:
    locales = Path("locales")
    plan = plan_exports(["po", "mo", "tmx", "xliff12"], "en", "lugu", beside=Path("out/a.json"), locale_dir=locales)
    assert [(p.format, str(p.path)) for p in plan] == [
        ("po", "locales/en/LC_MESSAGES/lugu.po"),
        ("mo", "locales/en/LC_MESSAGES/lugu.mo"),
        ("tmx", "out/a.tmx"),
        ("xliff12", "out/a.xliff12.xlf"),
    ]
    (one,) = plan_exports(["po"], "en", "lugu", output=Path("x.po"), locale_dir=locales)
    assert one.path == Path("x.po")
    with pytest.raises(UsageError, match="give -o FILE for tmx"):
        plan_exports(["tmx"], "en", "lugu", locale_dir=locales)
    with pytest.raises(UsageError, match="--locale-dir"):
        plan_exports(["mo"], "en", "lugu")
    with pytest.raises(UsageError, match="unknown format 'docx'"):
        plan_exports(["docx"], "en", "lugu", output=Path("x.docx"))
    with pytest.raises(UsageError, match="one format at a time"):
        plan_exports(["po", "tmx"], "en", "lugu", output=Path("x"))
    assert default_domain("articles/lugu.et.txt") == "lugu" and default_domain("-") == "messages"


def merged_and_split() -> Alignment:
    """A 2-1 pair, a 1-2 pair, an addition and an omission, with flags on each."""
    src = ["Esimene lause.", "Teine lause.", "Kolmas lause.", "Neljas."]
    tgt = ["The first and second sentence.", "The third", "sentence.", "Follow us!"]
    source = Side("et", "lugu.et.txt", tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(src)))
    target = Side("en", "story.en.txt", tuple(Sentence(k, t, 0, len(t), 0) for k, t in enumerate(tgt)))
    beads = (Bead((0, 1), (0,), 0.9), Bead((2,), (1, 2), 0.8), Bead((), (3,), 0.7), Bead((3,), (), 0.6))
    flags = (
        Flag("partially-dropped", "warning", (0, 1), (0,), "source sentence 1 seems left out", key="k1"),
        Flag("added", "error", (), (3,), "target sentence (3) has no source", key="k2"),
        Flag("dropped", "error", (3,), (), "source sentence (3) has no translation", key="k3"),
    )
    return Alignment(source, target, beads, flags, {})


@pytest.mark.parametrize("fmt", sorted(ROUND_TRIP))
def test_import_takes_merged_units_apart_into_their_sentences(fmt: str) -> None:
    """A 2-1 or 1-2 pair comes back as its sentences, so every sentence keeps its number and
    a flag's sentences agree with the numbers its message names."""
    original = merged_and_split()
    again = _reader(ROUND_TRIP[fmt])(FORMATS[fmt].write(original, "lugu", False), "bundle" + ROUND_TRIP[fmt])
    assert again.source.path == "lugu.et.txt" and again.target.path == "bundle" + ROUND_TRIP[fmt]
    for side in ("source", "target"):
        assert [s.text for s in getattr(again, side).sentences] == [s.text for s in getattr(original, side).sentences]
    assert [(b.src, b.tgt) for b in again.beads] == [(b.src, b.tgt) for b in original.beads]
    assert [(f.type, f.src, f.tgt, f.message) for f in again.flags] == [
        (f.type, f.src, f.tgt, f.message) for f in original.flags
    ]


def test_a_merged_side_a_cat_tool_rewrote_comes_back_as_one_sentence() -> None:
    tmx = FORMATS["tmx"].write(merged_and_split(), "lugu", False).decode("utf-8")
    edited = tmx.replace("<seg>The third sentence.</seg>", "<seg>The third and last sentence.</seg>")
    assert edited != tmx
    again = _reader(".tmx")(edited.encode("utf-8"), "x")
    assert [s.text for s in again.target.sentences] == [
        "The first and second sentence.",
        "The third and last sentence.",
        "Follow us!",
    ]
    assert [(b.src, b.tgt) for b in again.beads][:2] == [((0, 1), (0,)), ((2,), (1,))]


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "xliff12"])
def test_a_pair_a_person_checked_is_reviewed_in_the_bundle_and_comes_back_checked(fmt: str) -> None:
    from aligner.corrections import check

    checked = check(sample(), 0, "mari", at="2026-12-01T10:00:00Z")  # bead 0 has no flag
    data = FORMATS[fmt].write(checked, "lugu", False)
    word = {
        "tmx": b'<prop type="x-state">reviewed</prop>',
        "xliff": b'state="reviewed"',
        "xliff12": b'state="signed-off"',
    }
    assert data.count(word[fmt]) == 1 and FORMATS[fmt].write(sample(), "lugu", False).count(word[fmt]) == 0
    again = _reader(ROUND_TRIP[fmt])(data, "x")
    assert [b.fixed for b in again.beads if b.src and b.tgt] == [True, False, False]
    assert FORMATS[fmt].write(again, "lugu", False) == data


def _reader(suffix: str):  # type: ignore[no-untyped-def]
    """The reader ``aligner import`` picks for a file ending in ``suffix``."""
    reader = reader_for("bundle" + suffix)
    assert reader is not None
    return reader


def test_every_format_but_mo_is_read_back_and_import_knows_each_ending() -> None:
    from aligner.export import import_suffixes

    assert [name for name, f in FORMATS.items() if f.read is None] == ["mo"]
    assert import_suffixes() == [".po", ".tmx", ".xlf", ".xliff"]
    assert reader_for("a.xliff12.xlf") is reader_for("a.XLIFF") is FORMATS["xliff"].read
    assert reader_for("a.mo") is None and reader_for("a.json") is None
