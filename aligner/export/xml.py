"""TMX 1.4b and XLIFF 2.1 / 1.2 documents (lxml), one unit per segment.

Scores, flags and review states travel as TMX ``prop type="x-..."`` and XLIFF notes;
XLIFF states follow the review: 2.1 ``initial`` / ``translated`` / ``reviewed`` /
``final``; 1.2 ``needs-translation`` / ``needs-review-translation`` / ``signed-off`` /
``final``. TMX language codes are written as OmegaT writes them: ``et``, ``pt-BR``.
"""

from __future__ import annotations

from lxml import etree

from aligner import __version__
from aligner.export.segments import Segment, creation_date, segments
from aligner.model import Alignment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
STATE_12 = {
    "initial": "needs-translation",
    "translated": "needs-review-translation",
    "reviewed": "signed-off",
    "final": "final",
}


def tmx_lang(code: str) -> str:
    """``et`` -> ``et``; ``pt-br`` -> ``pt-BR`` (the form OmegaT writes)."""
    lang, _, region = code.partition("-")
    return f"{lang.lower()}-{region.upper()}" if region else lang.lower()


def _flag_lines(segment: Segment) -> list[str]:
    lines = []
    for flag in segment.flags:
        line = f"{flag.severity} {flag.type}: {flag.message}"
        if flag.review is not None:
            line += f" [{flag.review.decision or 'noted'} by {flag.review.reviewer} {flag.review.at}"
            line += f": {flag.review.note}]" if flag.review.note else "]"
        lines.append(line)
    lines.extend(f"added in translation before this: {t}" for t in segment.added_before)
    lines.extend(f"added in translation after this: {t}" for t in segment.added_after)
    return lines


def _serialise(root: etree._Element, doctype: str = "") -> bytes:
    if doctype:
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)
    else:
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_tmx(alignment: Alignment, now: bool = False) -> bytes:
    """A TMX 1.4b document: a ``tu`` per segment with a ``tuv`` per language."""
    stamp = creation_date(alignment, now).strftime("%Y%m%dT%H%M%SZ")
    src_lang, tgt_lang = tmx_lang(alignment.source.lang), tmx_lang(alignment.target.lang)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "aligner",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "aligner",
            "adminlang": "en",
            "srclang": src_lang,
            "datatype": "plaintext",
            "creationdate": stamp,
        },
    )
    body = etree.SubElement(root, "body")
    for segment in segments(alignment):
        tu = etree.SubElement(body, "tu", tuid=segment.id)
        for line in _flag_lines(segment):
            etree.SubElement(tu, "note").text = line
        for name, value in (
            ("x-score", f"{segment.score:.4f}"),
            ("x-bead", segment.kind),
            ("x-state", segment.state),
            *(("x-reference", r) for r in segment.references),
        ):
            etree.SubElement(tu, "prop", type=name).text = value
        for lang, text in ((src_lang, segment.source), (tgt_lang, segment.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return _serialise(root, '<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def write_xliff(alignment: Alignment, now: bool = False) -> bytes:
    """An XLIFF 2.1 document: a ``unit`` per segment, its state from the review."""
    _ = now
    root = etree.Element(
        f"{{{XLIFF2}}}xliff",
        nsmap={None: XLIFF2},  # type: ignore[dict-item]
        version="2.1",
        srcLang=alignment.source.lang,
        trgLang=alignment.target.lang,
    )
    file = etree.SubElement(root, f"{{{XLIFF2}}}file", id="f1", original=alignment.source.path)
    for segment in segments(alignment):
        unit = etree.SubElement(file, f"{{{XLIFF2}}}unit", id=segment.id)
        notes = [
            f"score {segment.score:.4f} ({segment.kind})",
            *_flag_lines(segment),
            *(f"reference {r}" for r in segment.references),
        ]
        notes_el = etree.SubElement(unit, f"{{{XLIFF2}}}notes")
        for k, line in enumerate(notes, 1):
            etree.SubElement(notes_el, f"{{{XLIFF2}}}note", id=f"n{k}").text = line
        seg = etree.SubElement(unit, f"{{{XLIFF2}}}segment", state=segment.state)
        etree.SubElement(seg, f"{{{XLIFF2}}}source").text = segment.source
        if segment.target:
            etree.SubElement(seg, f"{{{XLIFF2}}}target").text = segment.target
    return _serialise(root)


def write_xliff12(alignment: Alignment, now: bool = False) -> bytes:
    """An XLIFF 1.2 document, for older CAT tools: a ``trans-unit`` per segment."""
    _ = now
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")  # type: ignore[dict-item]
    file = etree.SubElement(
        root,
        f"{{{XLIFF12}}}file",
        {
            "original": alignment.source.path,
            "source-language": alignment.source.lang,
            "target-language": alignment.target.lang,
            "datatype": "plaintext",
        },
    )
    etree.SubElement(
        etree.SubElement(file, f"{{{XLIFF12}}}header"),
        f"{{{XLIFF12}}}tool",
        {"tool-id": "aligner", "tool-name": "aligner", "tool-version": __version__},
    )
    body = etree.SubElement(file, f"{{{XLIFF12}}}body")
    for segment in segments(alignment):
        unit = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", id=segment.id)
        etree.SubElement(unit, f"{{{XLIFF12}}}source").text = segment.source
        target = etree.SubElement(unit, f"{{{XLIFF12}}}target", state=STATE_12[segment.state])
        target.text = segment.target
        for line in [
            f"score {segment.score:.4f} ({segment.kind})",
            *_flag_lines(segment),
            *(f"reference {r}" for r in segment.references),
        ]:
            etree.SubElement(unit, f"{{{XLIFF12}}}note", {"from": "aligner"}).text = line
    return _serialise(root)
