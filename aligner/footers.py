"""Footers a news desk appends to a story (promotions, editor's notes, credits), recognised
by per-language data without a pattern of the user's."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    data = tomllib.loads(resources.files("aligner").joinpath("data/footers.toml").read_text(encoding="utf-8"))
    return {lang: tuple(re.compile(p, re.IGNORECASE) for p in pats) for lang, pats in data.items()}


def footer_like(text: str, lang: str) -> bool:
    """Whether ``text`` reads as a desk's footer in ``lang`` ("Follow ERR News on Facebook
    and Twitter and never miss an update!"); False for a language with no list."""
    base = lang.split("-")[0].lower()
    text = text.strip()
    return any(p.search(text) for p in _patterns().get(base, ()))
