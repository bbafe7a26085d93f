"""The alignment JSON document: round trip, renderings, and validation of bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.alignfile import dumps, format_beads, format_tsv, from_json, load, to_json
from aligner.errors import InputError
from aligner.model import Alignment, Bead, Flag, Sentence, Side


def sample() -> Alignment:
    src = Side(
        "et",
        "a.txt",
        (Sentence(0, "Üks.", 0, 4, 0), Sentence(1, "Kaks\tkolm.", 5, 15, 0), Sentence(2, "Neli.", 16, 21, 1)),
        "abc",
        "txt",
    )
    tgt = Side("en", "b.txt", (Sentence(0, "One.", 0, 4, 0), Sentence(1, "Two three.", 5, 15, 0)), "def", "txt")
    beads = (Bead((0,), (0,), 0.9), Bead((1, 2), (), 0.2), Bead((), (1,), 0.3))
    flags = (Flag("dropped", "error", (1, 2), (), "no translation"),)
    return Alignment(src, tgt, beads, flags, {"aligner": "0.1.0", "model": "fake"})


def test_round_trip_is_exact() -> None:
    a = sample()
    assert from_json(json.loads(dumps(a))) == a


def test_schema_names_later_stages_rely_on() -> None:
    data = to_json(sample())
    assert {"format", "version", "signature", "source", "target", "beads", "flags"} <= set(data)
    assert set(data["source"]) >= {"lang", "path", "sentences"}
    assert set(data["source"]["sentences"][0]) == {"index", "text", "start", "end", "paragraph"}
    assert set(data["beads"][0]) >= {"src", "tgt", "score"}
    assert set(data["flags"][0]) >= {"type", "severity", "src", "tgt", "message"}


def test_beads_and_tsv_renderings() -> None:
    a = sample()
    assert format_beads(a) == "[0]:[0]\n[1, 2]:[]\n[]:[1]\n"
    lines = format_tsv(a).splitlines()
    assert lines[0] == "source\ttarget\tscore"
    assert lines[2] == "Kaks kolm. Neli.\t\t0.200"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="x"), "not an aligner alignment file"),
        (lambda d: d.update(version=99), "unsupported version 99"),
        (lambda d: d["beads"][0].update(src=[7]), "beads[0].src: sentence 7 out of range"),
        (lambda d: d["beads"].pop(), "some sentences are in no bead"),
        (lambda d: d["beads"][1].update(src=[0, 1, 2]), "a sentence is in two beads"),
        (lambda d: d["source"]["sentences"][1].pop("end"), "source.sentences[1]: missing 'end'"),
        (lambda d: d["beads"][0].update(score="high"), "beads[0].score: expected"),
    ],
)
def test_bad_alignment_files_get_a_clear_error(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = to_json(sample())
    mutate(data)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")) as info:
        load(str(f))
    assert info.value.path == str(f)


def test_not_json(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text("{nope", encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid JSON \(line 1"):
        load(str(f))
