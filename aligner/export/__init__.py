"""Exporters: one registry from format name to writer, so no second list can fall out of step.

Each writer takes an Alignment (and the domain, for gettext) and returns the file's bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aligner.model import Alignment


@dataclass(frozen=True)
class Exporter:
    """A format: its writer and the file name ending it is saved under."""

    write: Callable[[Alignment, str, bool], bytes]
    suffix: str
    description: str


def _po(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.po import write_po

    return write_po(alignment, domain, now).encode("utf-8")


def _mo(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.po import write_mo

    return write_mo(alignment, domain, now)


def _tmx(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.xml import write_tmx

    return write_tmx(alignment, now)


def _xliff(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.xml import write_xliff

    return write_xliff(alignment, now)


def _xliff12(alignment: Alignment, domain: str, now: bool) -> bytes:
    from aligner.export.xml import write_xliff12

    return write_xliff12(alignment, now)


EXPORTERS: dict[str, Exporter] = {
    "po": Exporter(_po, ".po", "gettext catalogue, into LOCALE_DIR/<lang>/LC_MESSAGES/<domain>.po"),
    "mo": Exporter(_mo, ".mo", "compiled gettext catalogue (accepted and unflagged segments only)"),
    "tmx": Exporter(_tmx, ".tmx", "TMX 1.4b translation memory"),
    "xliff": Exporter(_xliff, ".xlf", "XLIFF 2.1"),
    "xliff12": Exporter(_xliff12, ".xlf", "XLIFF 1.2, for older CAT tools"),
}
