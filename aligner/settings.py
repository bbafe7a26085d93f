"""Every setting of a run in one value, ``Settings``: defaults, then a TOML file's
``[align]``, ``[moves]`` and ``[flags]`` tables, then what the caller gives.

```toml
[align]
skip = 1.0

[moves]
rank = 0.4

[flags]
low_confidence = 0.4
boilerplate = ["^Follow ERR News", "^Loe ka:"]
```

Unknown tables and names are errors, and so is a value of the wrong type or out of range.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from aligner._version import __version__
from aligner.costs import AlignConfig
from aligner.embed import DEFAULT_MODEL
from aligner.errors import InputError
from aligner.files import read_text
from aligner.flags import FlagConfig
from aligner.model import InputFormat
from aligner.moves import MoveConfig

_MOVED = {"moved_rank": "rank", "moved_slack": "slack", "moved_length_ratio": "length_ratio"}
"""Settings of finding moved paragraphs that were ``[flags]`` fields before they had a table."""


@dataclass(frozen=True)
class Settings:
    """Everything that decides the result of a run; written into the output's signature."""

    src_lang: str = "et"
    tgt_lang: str = "en"
    model: str = DEFAULT_MODEL
    segmented: bool = False
    cache: bool = True
    input_format: InputFormat = InputFormat.AUTO
    align: AlignConfig = field(default_factory=AlignConfig)
    flags: FlagConfig = field(default_factory=FlagConfig)
    moves: MoveConfig = field(default_factory=MoveConfig)

    @classmethod
    def load(
        cls, config: str | os.PathLike[str] | None = None, boilerplate: Sequence[str] = (), **given: Any
    ) -> Settings:
        """The defaults, updated from the TOML file ``config`` (if any), with ``boilerplate``
        patterns added to the file's and the fields ``given`` (``src_lang="ru"``) last.

        Raises InputError naming the file (or ``--boilerplate``) and the problem.
        """
        settings = cls(**given)
        if config is not None:
            settings = settings.updated_from(str(config))
        if boilerplate:
            try:  # FlagConfig checks that each pattern compiles
                flags = replace(settings.flags, boilerplate=(*settings.flags.boilerplate, *boilerplate))
            except ValueError as exc:
                raise InputError(str(exc), "--boilerplate") from None
            settings = replace(settings, flags=flags)
        return settings

    def updated_from(self, path: str) -> Settings:
        """These settings updated from the TOML file at ``path``."""
        try:
            data = tomllib.loads(read_text(path))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML: {exc}", path) from exc
        tables = {"align": self.align, "moves": self.moves, "flags": self.flags}
        unknown = set(data) - set(tables)
        if unknown:
            raise InputError(
                f"unknown table(s) {', '.join(sorted(unknown))}; expected [align], [moves] and [flags]", path
            )
        updated = {name: _apply(tables[name], data[name], name, path) for name in tables if name in data}
        return replace(self, **updated)

    @classmethod
    def from_signature(cls, signature: dict[str, Any], where: str) -> Settings:
        """The settings an alignment was made with, read back from its ``signature``: what
        aligning it again must use unless told otherwise (a ``--config``'s boilerplate, the
        model, the thresholds). A setting the signature lacks (an older aligner's) keeps its
        default, one this version does not know (a newer aligner's) is left out, and an
        older name is read as its new one (``[flags] moved_rank``: ``[moves] rank``): an
        alignment file outlives the version that wrote it. Raises InputError naming
        ``where`` for a value this version cannot use."""
        given: dict[str, Any] = {}
        for name, kind in (("model", str), ("src_lang", str), ("tgt_lang", str), ("segmented", bool)):
            if name in signature:
                if not isinstance(signature[name], kind):
                    raise InputError(f"its signature's {name} must be a {kind.__name__}", where)
                given[name] = signature[name]
        settings = cls(**given)
        tables: dict[str, Any] = {"align": settings.align, "moves": settings.moves, "flags": settings.flags}
        recorded = {name: dict(signature[name]) for name in tables if isinstance(signature.get(name), dict)}
        for old, new in _MOVED.items():  # written before moves had a table of their own
            if old in recorded.get("flags", {}):
                recorded.setdefault("moves", {}).setdefault(new, recorded["flags"].pop(old))
        updated = {}
        for name, values in recorded.items():
            known = {f.name for f in fields(tables[name])}
            updated[name] = _apply(tables[name], {k: v for k, v in values.items() if k in known}, name, where)
        return replace(settings, **updated)

    def signature(self, model_id: str) -> dict[str, Any]:
        """What reproduces a result: aligner version, exact model, every setting."""
        return {
            "aligner": __version__,
            "model": self.model,
            "model_id": model_id,
            "segmented": self.segmented,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "align": asdict(self.align),
            "flags": asdict(self.flags),
            "moves": asdict(self.moves),
        }


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
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
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
