"""When a file says it was published: what ``aligner pair`` weighs candidate pairs with."""

from __future__ import annotations

import re
from datetime import date

from aligner.model import InputFormat
from aligner.read.markdown import front_matter

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DATE_NAMES = {
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dcterms.created",
}
_JSON_LD = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_FRONT_DATE = re.compile(r"^date\s*[:=]\s*[\"']?([^\"'\n]+)", re.MULTILINE | re.IGNORECASE)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def published(text: str, fmt: InputFormat) -> date | None:
    """The publication date a file's ``text`` states, else None: in a page, a
    publication-date ``<meta>`` (``article:published_time``, ``datePublished``, ``date``,
    ...), JSON-LD's ``datePublished`` or the first ``<time datetime>``; in Markdown, the
    front matter's ``date`` (YAML between ``---`` lines or TOML between ``+++`` lines, as the
    reader reads it). Only an ISO day (``2026-11-30``, perhaps with a time) is read,
    and only in the first 64 KB."""
    head = text[:65536]
    found: list[str] = []
    if fmt is InputFormat.HTML:
        for tag in _META.findall(head):
            attributes = {k.lower(): a or b for k, a, b in _ATTRIBUTE.findall(tag)}
            key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
            if key.lower() in _DATE_NAMES and "content" in attributes:
                found.append(attributes["content"])
        found += _JSON_LD.findall(head) + _TIME.findall(head)[:1]
    elif fmt is InputFormat.MARKDOWN:
        front = front_matter(head)
        found += _FRONT_DATE.findall(front) if front else []
    for value in found:
        day = _ISO_DAY.match(value.strip())
        if day:
            try:
                return date(int(day[1]), int(day[2]), int(day[3]))
            except ValueError:
                continue
    return None
