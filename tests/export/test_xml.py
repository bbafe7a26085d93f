"""TMX and XLIFF: valid against the official schemas; imports refuse what aligner did not write."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from aligner.alignfile import to_json
from aligner.errors import AlignerWarning, InputError
from aligner.export.xml import read_tmx, read_xliff, write_tmx, write_xliff, write_xliff12
from tests.export.build import sample, validate_xml


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


TMX_HEADER = (
    '<?xml version="1.0"?>\n{doctype}<tmx version="1.4"><header {srclang}adminlang="en" segtype="sentence" '
    'o-tmf="aligner" creationtool="aligner" creationtoolversion="1" datatype="plaintext"/><body>'
    '<tu>{prop}<tuv xml:lang="et"><seg>{seg}</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>'
    "</body></tmx>\n"
)


def _tmx(srclang: str = 'srclang="et" ', prop: str = "", seg: str = "Tere.", doctype: str = "") -> bytes:
    return TMX_HEADER.format(srclang=srclang, prop=prop, seg=seg, doctype=doctype).encode()


def test_a_tmx_aligner_wrote_by_hand_imports() -> None:
    alignment = read_tmx(_tmx(prop='<prop type="x-score">0.75</prop>'), "a.tmx")
    assert [b.score for b in alignment.beads] == [0.75]
    assert (alignment.source.lang, alignment.target.lang) == ("et", "en")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_tmx(srclang=""), "names no source language"),
        (_tmx(prop='<prop type="x-score">high</prop>'), "score 'high' is not a number from 0 to 1"),
        (_tmx(prop='<prop type="x-score">7</prop>'), "score '7' is not a number from 0 to 1"),
        (_tmx(prop='<prop type="x-score">nan</prop>'), "score 'nan' is not a number from 0 to 1"),
        (_tmx(srclang='srclang="../../x" '), "source language '../../x' is not a language tag"),
        (_tmx().replace(b'xml:lang="en"', b'xml:lang="/etc/cron.d"'), "'/etc/cron.d' is not a language tag"),
    ],
)
def test_a_foreign_tmx_or_a_bad_score_is_an_input_error_naming_the_file(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as caught:
        read_tmx(data, "a.tmx")
    assert caught.value.path == "a.tmx"


def test_an_external_entity_is_never_read() -> None:
    doctype = '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
    alignment = read_tmx(_tmx(seg="&x;", doctype=doctype), "a.tmx")
    (sentence,) = alignment.source.sentences
    assert sentence.text == "&x;"  # left as written, the file it names unread


def test_tmx_language_codes_match_whatever_their_case() -> None:
    data = _tmx(srclang='srclang="et-EE" ').replace(b'xml:lang="et"', b'xml:lang="ET-EE"')
    alignment = read_tmx(data.replace(b'xml:lang="en"', b'xml:lang="EN-GB"'), "a.tmx")
    assert [s.text for s in alignment.source.sentences] == ["Tere."]
    assert [s.text for s in alignment.target.sentences] == ["Hello."] and alignment.target.lang == "EN-GB"


def test_an_xliff_language_that_is_a_path_is_refused() -> None:
    data = write_xliff(sample()).replace(b'trgLang="en"', b'trgLang="../../../tmp/x"')
    with pytest.raises(InputError, match=re.escape("target language '../../../tmp/x' is not a language tag")):
        read_xliff(data, "a.xlf")


XLIFF2_SPLIT = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="et" trgLang="en">
 <file id="f1" original="lugu.et.txt">
  <unit id="s0001">
   <notes><note>score 0.9000</note><note>score this one again, Mari</note></notes>
   <segment><source>Esimene lause.</source><target>First sentence.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source>Teine<ph id="1"/>lause.</source><target>Second<ph id="1"/>sentence.</target></segment>
  </unit>
 </file>
</xliff>
"""


def test_what_a_cat_tool_writes_into_xliff_comes_back_whole() -> None:
    """Okapi and memoQ split units into segments; placeholders stand between words; a
    translator's note that begins with 'score' is a note, said to be left out."""
    with pytest.warns(AlignerWarning, match="1 note that aligner did not write .*'score this one again, Mari'"):
        alignment = read_xliff(XLIFF2_SPLIT, "a.xlf")
    assert [s.text for s in alignment.source.sentences] == ["Esimene lause. Teine lause."]
    assert [s.text for s in alignment.target.sentences] == ["First sentence. Second sentence."]
    assert [b.score for b in alignment.beads] == [0.9]


def test_native_code_inside_inline_tags_is_not_text() -> None:
    seg = 'Vaata <bpt i="1">&lt;b&gt;</bpt>siia<ept i="1">&lt;/b&gt;</ept> ja<x id="2"/>sinna<ph>&lt;br/&gt;</ph>.'
    alignment = read_tmx(_tmx(seg=seg), "a.tmx")
    assert [s.text for s in alignment.source.sentences] == ["Vaata siia ja sinna ."]


def test_a_tmx_with_no_unit_is_refused() -> None:
    empty = _tmx().replace(
        b'<tu><tuv xml:lang="et"><seg>Tere.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>', b""
    )
    with pytest.raises(InputError, match="holds no translation units"):
        read_tmx(empty, "a.tmx")


def test_import_never_drops_or_changes_text_silently() -> None:
    """#22 item 8: what a CAT tool writes is read as the translator sees it, or refused."""
    tracked = 'Hind on <mrk mtype="x-sdl-deleted">54</mrk><mrk mtype="x-sdl-added">45</mrk> eurot.'
    assert read_tmx(_tmx(seg=tracked), "a.tmx").source.sentences[0].text == "Hind on 45 eurot."
    marked = _tmx(seg='Linn on <sm id="m1" type="term"/>Tallinn<em startRef="m1"/>, pealinn.')
    assert read_tmx(marked, "a.tmx").source.sentences[0].text == "Linn on Tallinn, pealinn."
    three = _tmx().replace(b"</tu>", b'<tuv xml:lang="ru"><seg>Privet.</seg></tuv></tu>')
    with pytest.raises(InputError, match=r"more than one target language \(en, ru\)"):
        read_tmx(three, "a.tmx")
    twice = _tmx().replace(b"</tu>", b'<tuv xml:lang="EN"><seg>Hi.</seg></tuv></tu>')
    with pytest.raises(InputError, match="two variants in one language"):
        read_tmx(twice, "a.tmx")


def test_an_xliff_of_several_documents_or_a_surrogate_code_point_is_refused_or_replaced() -> None:
    two_files = XLIFF2_SPLIT.replace(
        b"</file>",
        b'</file><file id="f2"><unit id="u"><segment><source>X.</source><target>Y.</target></segment></unit></file>',
        1,
    )
    with pytest.raises(InputError, match="holds 2 <file> elements"):
        read_xliff(two_files, "a.xlf")
    surrogate = XLIFF2_SPLIT.replace(b"Teine<ph", b'Teine<cp hex="D800"/><ph', 1)
    with pytest.warns(AlignerWarning):
        alignment = read_xliff(surrogate, "a.xlf")
    assert "\ufffd" in alignment.source.sentences[0].text
    json.dumps(to_json(alignment), ensure_ascii=False).encode("utf-8")  # writable


def test_alt_text_inside_an_inline_code_is_said_to_be_left_out() -> None:
    seg = 'Vaata pilti <ph>&lt;img alt="<sub>Tallinna raekoda</sub>"&gt;</ph> siin.'
    with pytest.warns(AlignerWarning, match=r"1 <sub> element .* not imported: 'Tallinna raekoda'"):
        alignment = read_tmx(_tmx(seg=seg), "a.tmx")
    assert " ".join(alignment.source.sentences[0].text.split()) == "Vaata pilti siin."
