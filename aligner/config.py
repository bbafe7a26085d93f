"""Settings from a TOML file: ``[align]``, ``[moves]`` and ``[flags]`` tables of the fields
of AlignConfig, MoveConfig and FlagConfig.

```toml
[align]
skip = 1.0

[moves]
rank = 0.4

[flags]
low_confidence = 0.4
boilerplate = ["^Follow ERR News", "^Loe ka:"]
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields, replace
from typing import Any

from aligner.align import AlignConfig
from aligner.errors import InputError
from aligner.files import read_text
from aligner.flags import FlagConfig
from aligner.moves import MoveConfig

_MOVED = {"moved_rank": "rank", "moved_slack": "slack", "moved_length_ratio": "length_ratio"}
"""Settings of finding moved paragraphs that were ``[flags]`` fields before they had a table."""


def _apply(base: Any, table: Any, section: str, path: str) -> Any:
    if not isinstance(table, dict):
        raise InputError(f"[{section}] must be a table", path)
    known = {f.name: f for f in fields(base)}
    changes = {}
    for key, value in table.items():
        if section == "flags" and key in _MOVED:
            raise InputError(f"[flags] {key} is now [moves] {_MOVED[key]}", path)
        if key not in known:
            raise InputError(f"[{section}] has no setting {key!r} (known: {', '.join(sorted(known))})", path)
        current = getattr(base, key)
        if isinstance(current, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"[{section}] {key} must be a list of strings", path)
            value = tuple(value)
        elif isinstance(current, bool) or not isinstance(value, type(current) | int):
            if type(value) is not type(current):
                raise InputError(f"[{section}] {key} must be a {type(current).__name__}", path)
        changes[key] = type(current)(value) if isinstance(current, float) else value
    try:
        return replace(base, **changes)
    except ValueError as exc:
        raise InputError(f"[{section}] {exc}", path) from exc


def check_patterns(patterns: tuple[str, ...], path: str) -> None:
    """Every boilerplate pattern must be a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise InputError(f"boilerplate pattern {pattern!r} is not a valid regular expression: {exc}", path) from exc


def load_config(
    path: str, align: AlignConfig, flags: FlagConfig, moves: MoveConfig
) -> tuple[AlignConfig, FlagConfig, MoveConfig]:
    """The given settings updated from the TOML file at ``path``."""
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", path) from exc
    unknown = set(data) - {"align", "flags", "moves"}
    if unknown:
        raise InputError(f"unknown table(s) {', '.join(sorted(unknown))}; expected [align], [moves] and [flags]", path)
    if "align" in data:
        align = _apply(align, data["align"], "align", path)
    if "moves" in data:
        moves = _apply(moves, data["moves"], "moves", path)
    if "flags" in data:
        flags = _apply(flags, data["flags"], "flags", path)
        check_patterns(flags.boilerplate, path)
    return align, flags, moves
