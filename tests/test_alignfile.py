"""The alignment JSON document: round trip, renderings, and validation of bad files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from aligner.alignfile import dumps, format_beads, format_tsv, from_json, load, to_json
from aligner.errors import InputError
from aligner.model import Alignment, Bead, Flag, Retired, Review, Sentence, Side


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
    kept = Retired(
        "added",
        "1 target sentence (3) has no source",
        "",
        "Follow us!",
        "k9",
        Review("rejected", "cut it", "mari", "2026-12-07T10:00:00Z"),
    )
    a = replace(a, retired=(kept,))
    assert from_json(json.loads(dumps(a))) == a and "retired" in to_json(a) and "retired" not in to_json(sample())


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
        (lambda d: d["beads"][1].update(src=[0, 1, 2]), "beads[1].src: expected the next sentences in order, from 1"),
        (lambda d: d["beads"].reverse(), "beads[0].tgt: expected the next sentences in order, from 0, not [1]"),
        (lambda d: d["beads"][0].update(score=float("nan")), "NaN is not a number JSON allows"),
        (lambda d: d["beads"][0].update(score=1.5), "beads[0].score: 1.5 is not a number from 0 to 1"),
        (lambda d: d["beads"].insert(1, {"src": [], "tgt": [], "score": 0.5}), "beads[1]: a bead with no sentence"),
        (lambda d: d["target"].update(lang="../x"), "target.lang '../x' is not a language tag"),
        (lambda d: d["source"]["sentences"][1].pop("end"), "source.sentences[1]: missing 'end'"),
        (lambda d: d["beads"][0].update(score="high"), "beads[0].score: expected"),
        (lambda d: d.update(retired={}), "retired: expected a list"),
        (lambda d: d.update(retired=[{"type": "added"}]), "retired[0]: missing 'review'"),
        (lambda d: d.update(retired=[{"type": "nope", "review": {}}]), "retired[0].type"),
        (
            lambda d: d.update(retired=[{"type": "added", "review": {"decision": "maybe"}}]),
            "retired[0].review.decision",
        ),
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


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"format": "aligner-alignment", "x": "\\ud800"}', "holds text that is no Unicode"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
        ('{"version": ' + "9" * 5000 + "}", "not valid JSON: Exceeds the limit"),
        ('{"version": Infinity}', "Infinity is not a number JSON allows"),
    ],
)
def test_a_strangers_json_is_an_error_not_a_crash(tmp_path: Path, text: str, problem: str) -> None:
    f = tmp_path / "odd.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as info:
        load(str(f))
    assert info.value.path == str(f)
