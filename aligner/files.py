"""Reading input files as UTF-8 text and writing outputs atomically."""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from aligner.errors import ExportError, InputError, UsageError

STDIN = "-"
"""The path that names standard input."""
STDIN_NAME = "<stdin>"
"""How messages and alignment files name standard input."""


def decode_text(data: bytes, path: str) -> str:
    """Decode ``data`` as UTF-8 (a BOM is dropped) or raise an InputError naming ``path``.

    UTF-16 with a byte-order mark (what some Windows editors save) is decoded too. Line
    endings become ``\n``: for UTF-8 the text, and every offset into it, is what Python's
    ``open(path, encoding="utf-8-sig").read()`` gives.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _newlines(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 (byte {exc.start})", path) from exc
    if b"\x00" in data[:8192]:
        raise InputError("not a text file (it contains NUL bytes)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start}, line {line})", path) from exc
    return _newlines(text)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str, stdin: BinaryIO | None = None) -> str:
    """Read a UTF-8 text file, or the stream ``stdin`` for ``-``, with clear errors.

    The library never reads the process's standard input itself: a front end that
    accepts ``-`` passes it (``sys.stdin.buffer``).
    """
    if path == STDIN:
        if stdin is None:
            raise InputError("standard input was named, but no stream was given to read it from", STDIN_NAME)
        return decode_text(stdin.read(), STDIN_NAME)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", path) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", path) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from exc
    return decode_text(data, path)


def refuse_overwriting(
    outputs: Iterable[str | os.PathLike[str] | None], inputs: Iterable[str | os.PathLike[str]]
) -> None:
    """Raise UsageError when an output would be written over one of the command's inputs
    (``align a.txt b.txt -o a.txt``), before any work is done; standard input is no file."""
    existing = [Path(p) for p in inputs if str(p) != STDIN and Path(p).is_file()]
    for output in outputs:
        if output is not None and Path(output).exists() and any(Path(output).samefile(p) for p in existing):
            raise UsageError("is an input of this command: writing there would overwrite it", str(output))


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or an error leaves either the old file or the new one, never half of one.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror or exc}", str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write: {exc.strerror or exc}", str(path)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
