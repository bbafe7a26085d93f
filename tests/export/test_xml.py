"""TMX and XLIFF: valid against the official schemas."""

from __future__ import annotations

from lxml import etree

from aligner.export.xml import write_tmx, write_xliff, write_xliff12
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
