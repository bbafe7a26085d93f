"""A small reviewed alignment to export, and the official schemas and msgfmt to check with."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from lxml import etree

from aligner.model import Alignment, Bead, Flag, Review, Sentence, Side
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


def reviewed_sample(src: list[str] = SRC, tgt: list[str] = TGT) -> Alignment:
    review = Review("accepted", "ok: checked [twice]", "Mari Kask", "2026-11-28T06:30:00Z")
    return sample(src, tgt, review)


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
