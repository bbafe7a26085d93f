"""Reading UTF-8 text with clear errors (aligner/files.py)."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.files import STDIN, read_text
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
