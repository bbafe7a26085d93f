"""TMX 1.4b and XLIFF 2.1 / 1.2 documents (lxml), one unit per segment.

Scores, flags (with their review), added sentences and the sentence lengths of a unit
that joins several travel as TMX ``prop
type="x-score|x-flag|x-added|x-sentences|x-state|x-reference"`` and as XLIFF notes. Target sentences
with no source are not units of their own (they have no source text for a CAT tool to
translate; an empty-source unit is what CAT tools handle worst): they ride on the unit
before them.
XLIFF states follow the review: 2.1 ``initial`` / ``translated`` / ``reviewed`` /
``final``; 1.2 ``needs-translation`` / ``needs-review-translation`` / ``signed-off`` /
``final``. TMX language codes are written as OmegaT writes them: ``et``, ``pt-BR``.
"""

from __future__ import annotations

import warnings

from lxml import etree

from aligner._version import __version__
from aligner.errors import AlignerWarning, InputError
from aligner.export.segments import (
    AFTER,
    BEFORE,
    LENGTHS,
    REPLACEMENT,
    Unit,
    alignment_from_units,
    creation_date,
    is_score,
    note_lines,
    score_of,
    segments,
)
from aligner.model import Alignment, SegmentState
from aligner.printable import clip

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
STATE_12 = {
    SegmentState.INITIAL: "needs-translation",
    SegmentState.TRANSLATED: "needs-review-translation",
    SegmentState.REVIEWED: "signed-off",
    SegmentState.FINAL: "final",
}


def tmx_lang(code: str) -> str:
    """``et`` -> ``et``; ``pt-br`` -> ``pt-BR`` (the form OmegaT writes)."""
    lang, _, region = code.partition("-")
    return f"{lang.lower()}-{region.upper()}" if region else lang.lower()


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
        lines = note_lines(segment)
        for name, value in (
            ("x-score", f"{segment.score:.4f}"),
            ("x-state", segment.state),
            *(("x-reference", r) for r in segment.references),
            *(
                (
                    "x-added"
                    if line.startswith((BEFORE, AFTER))
                    else "x-sentences"
                    if line.startswith(LENGTHS)
                    else "x-flag",
                    line,
                )
                for line in lines
            ),
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
            f"score {segment.score:.4f}",
            *note_lines(segment),
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
            f"score {segment.score:.4f}",
            *note_lines(segment),
            *(f"reference {r}" for r in segment.references),
        ]:
            etree.SubElement(unit, f"{{{XLIFF12}}}note", {"from": "aligner"}).text = line
    return _serialise(root)


# --- reading back ----------------------------------------------------------------------------


def _parse(data: bytes, path: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc}", path) from exc
    subs = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "sub"]
    if subs:
        warnings.warn(
            f"{path}: {len(subs)} <sub> element{'s' if len(subs) > 1 else ''} (translatable text inside an "
            f"inline code, such as an image's alt text) not imported: {clip(_text(subs[0]), 40)!r}",
            AlignerWarning,
            stacklevel=3,
        )
    return root


# Inline markup of TMX 1.4b, XLIFF 1.2 and XLIFF 2, by what its content is:
_NATIVE_CODE = {"bpt", "ept", "it", "ph", "ut"}  # TMX, XLIFF 1.2: the original's codes, not text
_STANDALONE = {"x", "ph", "it"}  # a placeholder that may stand between two words
_PAIRED = {"bx", "ex", "sc", "ec", "sm", "em"}  # formatting or an annotation opened and closed: no text of its own
_DELETED = {"x-sdl-deleted"}  # a tracked deletion (Trados): text that is no longer there


def _text(element: etree._Element | None) -> str:
    """The text a translator sees in a ``seg``, ``source`` or ``target``: text inside
    ``g``, ``pc``, ``hi``, ``mrk`` kept; the native code inside ``bpt``, ``ept``, ``ph``,
    ``it`` left out; a standalone placeholder (``<x/>``, ``<ph/>``) read as a space so that
    it does not glue two words (unless white space is already there); ``<cp hex="..."/>``
    as its character. Text with no markup is read exactly as written."""
    if element is None:
        return ""
    parts: list[str] = [element.text or ""]

    def space_between(tail: str) -> None:
        before = next((p[-1] for p in reversed(parts) if p), " ")
        if not (before.isspace() or tail[:1].isspace() or not tail):
            parts.append(" ")

    def walk(node: etree._Element) -> None:
        for child in node:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if child.tag is etree.Entity:  # an entity left unresolved: kept as written, never read
                parts.append(child.text or "")
            elif name == "cp":
                try:
                    code = int(child.get("hex", ""), 16)
                except ValueError:
                    code = -1
                # a surrogate half is no character: no output could write it
                parts.append(chr(code) if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else REPLACEMENT)
            elif name == "mrk" and child.get("mtype", "") in _DELETED:
                pass  # the deleted text of a tracked change is not the translation
            elif name in _STANDALONE:
                space_between(child.tail or "")
            elif name in _NATIVE_CODE or name in _PAIRED or not name:
                pass
            else:
                parts.append(child.text or "")
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts)


def _unit_from_notes(uid: str, source: str, target: str, notes: list[str], path: str, state: str = "") -> Unit:
    score, refs, rest = 0.0, [], []
    for line in notes:
        if is_score(line):
            score = score_of(line[6:], path)
        elif line.startswith("reference "):
            refs.append(line[10:])
        else:
            rest.append(line)
    return Unit(uid, source, target, score, rest, refs, state)


def read_tmx(data: bytes, path: str = "<tmx>") -> Alignment:
    """An alignment from a TMX file this exporter wrote."""
    root = _parse(data, path)
    header = root.find("header")
    if root.tag != "tmx" or header is None:
        raise InputError("not a TMX document", path)
    src_lang = header.get("srclang", "")
    units, tgt_lang = [], ""
    for tu in root.iter("tu"):
        # Language tags are case-insensitive (BCP 47): a tool that writes ET-EE means et-EE.
        langs = [tuv.get(XML_LANG, "") for tuv in tu.findall("tuv")]
        if len({lang.lower() for lang in langs}) < len(langs):
            raise InputError(f"unit {tu.get('tuid', '')!r} holds two variants in one language: which one is it?", path)
        others = [lang for lang in langs if lang.lower() != src_lang.lower()]
        tgt_lang = tgt_lang or (others[0] if others else "")
        has_source = any(lang.lower() == src_lang.lower() for lang in langs)  # else the header's error first
        if has_source and (len(others) > 1 or (others and others[0].lower() != tgt_lang.lower())):
            found = ", ".join(sorted({lang for lang in others} | {tgt_lang}))
            raise InputError(f"holds more than one target language ({found}): aligner imports one pair", path)
        texts = {tuv.get(XML_LANG, "").lower(): _text(tuv.find("seg")) for tuv in tu.findall("tuv")}
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        refs = [p.text or "" for p in tu.findall("prop") if p.get("type") == "x-reference"]
        notes = [p.text or "" for p in tu.findall("prop") if p.get("type") in ("x-flag", "x-added", "x-sentences")]
        units.append(
            Unit(
                tu.get("tuid", ""),
                texts.get(src_lang.lower(), ""),
                texts.get(tgt_lang.lower(), ""),
                score_of(props.get("x-score") or "0", path),
                notes,
                refs,
                props.get("x-state") or "",
            )
        )
    return alignment_from_units(units, src_lang, tgt_lang, "", "", path)


def _xliff_units(
    parent: etree._Element, ns: str, unit: str, source: str, target: str, note: str, path: str
) -> list[Unit]:
    """The units under ``parent``, by the paths of one XLIFF version. Every ``source`` and
    ``target`` a unit holds is read, in order: a CAT tool (Okapi, memoQ) may have split
    an XLIFF 2 unit into several segments, with ``ignorable`` white space between them."""
    x = {"x": ns}

    def joined(u: etree._Element, where: str) -> str:
        pieces = [_text(e) for e in u.iterfind(where, x)]
        if len(pieces) == 1:
            return pieces[0]  # one segment, as aligner writes: exactly as it is
        return " ".join(p.strip() for p in pieces if p.strip())

    return [
        _unit_from_notes(
            u.get("id", ""),
            joined(u, source),
            joined(u, target),
            [n.text or "" for n in u.findall(note, x)],
            path,
            _state_of(u),
        )
        for u in parent.iterfind(unit, x)
    ]


def _state_of(unit: etree._Element) -> str:
    """The unit's state (XLIFF 2: its segments'; 1.2: its target's) when it has one."""
    states = {e.get("state", "") for e in unit.iter() if isinstance(e.tag, str)} - {""}
    return states.pop() if len(states) == 1 else ""


def read_xliff(data: bytes, path: str = "<xliff>") -> Alignment:
    """An alignment from an XLIFF 2.1 or 1.2 file this exporter wrote."""
    root = _parse(data, path)
    if root.tag == f"{{{XLIFF2}}}xliff":
        paths = ("x:*/x:source", "x:*/x:target", "x:notes/x:note")
        units = _xliff_units(root, XLIFF2, ".//x:unit", *paths, path)
        files = root.findall("x:file", {"x": XLIFF2})
        if len(files) > 1:
            raise InputError(f"holds {len(files)} <file> elements (documents): aligner imports one at a time", path)
        original = files[0].get("original", "") if files else ""
        return alignment_from_units(units, root.get("srcLang", ""), root.get("trgLang", ""), original, "", path)
    if root.tag == f"{{{XLIFF12}}}xliff":
        files = root.findall("x:file", {"x": XLIFF12})
        if not files:
            raise InputError("an XLIFF 1.2 document with no <file>", path)
        if len(files) > 1:
            raise InputError(f"holds {len(files)} <file> elements (documents): aligner imports one at a time", path)
        file = files[0]
        units = _xliff_units(file, XLIFF12, ".//x:trans-unit", "x:source", "x:target", "x:note", path)
        langs = (file.get("source-language", ""), file.get("target-language", ""))
        return alignment_from_units(units, *langs, file.get("original", ""), "", path)
    raise InputError("not an XLIFF 2.x or 1.2 document", path)
