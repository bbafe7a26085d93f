"""Reading input files as UTF-8 text and writing outputs atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
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
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"not a text file (a NUL byte at byte {nul})", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start}, line {line})", path) from exc
    return _newlines(text)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utf8_name(path: str | os.PathLike[str]) -> bool:
    """Whether a file name is UTF-8 text (Python keeps other bytes as lone surrogates, which
    no output, JSON or page, can write)."""
    try:
        os.fsdecode(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same inode once both exist, else the same real path)."""
    try:
        return a.samefile(b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_overwriting(
    outputs: Iterable[str | os.PathLike[str] | None], inputs: Iterable[str | os.PathLike[str]]
) -> None:
    """Raise UsageError, before any work is done, when an output would be written over one
    of the command's inputs (``align a.txt b.txt -o a.txt``; a file inside an input folder,
    ``pair et en -o et/tram.txt``) or two outputs are one file (``align ... -o x.tmx
    --export tmx``); standard input is no file."""
    given = [Path(p) for p in inputs if str(p) != STDIN]
    files = [p for p in given if p.is_file()]
    folders = [p.resolve() for p in given if p.is_dir()]
    seen: list[Path] = []
    for output in outputs:
        if output is None:
            continue
        path = Path(output)
        inside = path.is_file() and any(path.resolve().is_relative_to(folder) for folder in folders)
        if path.exists() and (inside or any(_same(path, p) for p in files)):
            raise UsageError("is an input of this command: writing there would overwrite it", str(output))
        if any(_same(path, p) for p in seen):
            raise UsageError("is named twice as an output of this command: one would overwrite the other", str(output))
        seen.append(path)


def require_folder(path: str | os.PathLike[str] | None, create: bool = False) -> None:
    """Make sure the folder ``path`` is to be written into is there (``create``: make it
    and its parents); else an ExportError naming ``path``: a file stands where a folder
    should, or the folder is missing (and not to be made), or cannot be made."""
    if path is None:
        return
    folder = Path(path).parent
    blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise ExportError(f"cannot write: {str(blocker)!r} is a file, not a folder", str(path))
    if not create:
        if not folder.is_dir():
            raise ExportError(f"cannot write: no such folder {str(folder)!r}", str(path))
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the folder {str(folder)!r}: {exc.strerror or exc}", str(path)) from exc


_STREAMS = re.compile(r"^/(dev/(stdout|stderr|fd/\d+)|proc/self/fd/\d+)$")


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path``, never leaving half a file and never replacing what is
    not a regular file.

    * a regular file, or nothing yet: through a temporary file and a rename (a crash or an
      error leaves the old file or the new one); mode and, where allowed, owner are kept;
    * a symbolic link: the file it points to is replaced as above, and the link stays;
    * a character device, a FIFO or ``/dev/stdout`` (``--html /dev/null``, a pipe): written
      as a stream, the node left as it is;
    * anything else (a folder, a socket, a block device): an ExportError.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror or exc}", str(path)) from exc
    streamed = info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode))
    if streamed or _STREAMS.match(os.fspath(path)):
        _write_stream(path, payload)
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise ExportError(f"cannot write: is {what}", str(path))
    _replace(Path(os.path.realpath(path)) if os.path.islink(path) else Path(path), payload, info, str(path))


def _write_stream(path: str | os.PathLike[str], payload: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror or exc}", str(path)) from exc


def _replace(target: Path, payload: bytes, info: os.stat_result | None, name: str) -> None:
    """Write ``payload`` over the regular file ``target`` (or create it) through a rename."""
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror or exc}", name) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(tmp, info.st_mode & 0o7777)
            with contextlib.suppress(OSError):
                os.chown(tmp, info.st_uid, info.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write: {exc.strerror or exc}", name) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
