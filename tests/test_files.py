"""Reading UTF-8 text with clear errors, and writing outputs safely (aligner/files.py)."""

from __future__ import annotations

import codecs
import io
import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from aligner.errors import ExportError, InputError, UsageError
from aligner.files import STDIN, read_text, refuse_overwriting, require_folder, write_atomic
from aligner.read import read_document


def test_bom_is_dropped(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffTere.\r\nMaailm.".encode())
    assert read_text(str(f)) == "Tere.\nMaailm."


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("Tere, õun.\r\nMaailm.".encode("utf-16"))  # little-endian, with a BOM
    assert read_text(str(f)) == "Tere, õun.\nMaailm."
    f.write_bytes(codecs.BOM_UTF16_BE + "Tere.".encode("utf-16-be"))
    assert read_text(str(f)) == "Tere."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 3, line 1)"),
        (codecs.BOM_UTF16_LE + b"T\x00\x00\xd8", "not valid UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
    ],
)
def test_bad_input_names_file_and_problem(tmp_path: Path, data: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(str(f), "et")
    assert info.value.path == str(f)
    assert message in str(info.value)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "nope.txt"), "et")
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text to align"):
        read_document(str(tmp_path / "empty.txt"), "et")
    with pytest.raises(InputError, match="is a directory"):
        read_document(str(tmp_path), "et")


def test_standard_input_is_a_stream_the_caller_passes() -> None:
    assert read_text(STDIN, io.BytesIO("\ufeffTere.\r\n".encode())) == "Tere.\n"
    with pytest.raises(InputError, match="no stream was given"):
        read_text(STDIN)


def test_a_write_replaces_a_regular_file_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert out.read_text(encoding="utf-8") == "new" and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_symlinked_output_updates_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_fifo_is_written_as_a_stream_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_is_written_through_and_stays_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device, made here, not /dev/null
    write_atomic(null, "discarded")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_what_is_no_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path, "x")
    sock = socket.socket(socket.AF_UNIX)
    path = tmp_path / "s"
    try:
        sock.bind(str(path))
        with pytest.raises(ExportError, match="not a regular file"):
            write_atomic(path, "x")
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        sock.close()


def test_outputs_are_checked_before_any_work(tmp_path: Path) -> None:
    source = tmp_path / "et.txt"
    source.write_text("Tere.", encoding="utf-8")
    with pytest.raises(UsageError, match="is an input"):
        refuse_overwriting([tmp_path / "x.json", source], [source])
    with pytest.raises(UsageError, match="named twice as an output"):
        refuse_overwriting([tmp_path / "x.tmx", tmp_path / "sub" / ".." / "x.tmx"], [source])
    refuse_overwriting([tmp_path / "x.json", tmp_path / "x.tmx", None], [source, STDIN])
    with pytest.raises(ExportError, match="no such folder"):
        require_folder(tmp_path / "missing" / "a.json")
    require_folder(tmp_path / "a.json")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        require_folder(source / "a.json")


def test_a_nul_byte_anywhere_is_refused_with_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(b"Tere. " * 2000 + b"\x00 ja edasi.")
    with pytest.raises(InputError, match="a NUL byte at byte 12000"):
        read_text(str(path))
