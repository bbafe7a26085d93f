"""Settings of a run: defaults, a TOML file, the caller's values, the signature (aligner/settings.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aligner import __version__
from aligner.errors import InputError
from aligner.settings import Settings


def toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aligner.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_boilerplate_then_given_fields(tmp_path: Path) -> None:
    path = toml(tmp_path, '[align]\nskip = 1\n\n[moves]\nrank = 0.4\n\n[flags]\nboilerplate = ["^Follow"]\n')
    settings = Settings.load(path, ["^Loe ka:"], tgt_lang="ru", segmented=True)
    assert settings.align.skip == 1.0 and isinstance(settings.align.skip, float)
    assert settings.moves.rank == 0.4
    assert settings.flags.boilerplate == ("^Follow", "^Loe ka:")
    assert (settings.src_lang, settings.tgt_lang, settings.segmented) == ("et", "ru", True)
    assert Settings.load() == Settings()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[align\n", "not valid TOML"),
        ("[aling]\nskip = 1\n", "unknown table(s) aling"),
        ("[align]\nskp = 1\n", "[align] has no setting 'skp'"),
        ("[align]\nskip = 'high'\n", "[align] skip must be a float"),
        ("[flags]\nboilerplate = '^x'\n", "[flags] boilerplate must be a list of strings"),
        ("[flags]\nboilerplate = ['(']\n", "not a valid regular expression"),
        ("[flags]\nlow_confidence = 2.0\n", "low_confidence must be between 0 and 1"),
        ("[flags]\nmoved_rank = 0.4\n", "[flags] moved_rank is now [moves] rank"),
        ("[moves]\nlength_ratio = 0.5\n", "length_ratio must be at least 1"),
    ],
)
def test_file_errors_name_the_file_and_the_setting(tmp_path: Path, text: str, problem: str) -> None:
    path = toml(tmp_path, text)
    with pytest.raises(InputError) as info:
        Settings.load(path)
    assert info.value.path == str(path) and problem in str(info.value)


def test_a_bad_boilerplate_pattern_names_the_option() -> None:
    with pytest.raises(InputError) as info:
        Settings.load(None, ["[unclosed"])
    assert info.value.path == "--boilerplate"


def test_the_signature_has_every_setting() -> None:
    signature = Settings(tgt_lang="ru").signature("model-x")
    assert signature["aligner"] == __version__ and signature["model_id"] == "model-x"
    assert signature["tgt_lang"] == "ru" and signature["align"]["skip"] == Settings().align.skip
    assert set(signature) == {
        "aligner",
        "model",
        "model_id",
        "segmented",
        "src_lang",
        "tgt_lang",
        "align",
        "flags",
        "moves",
    }
    assert "rank" in signature["moves"] and "low_confidence" in signature["flags"]


def test_the_signature_gives_the_settings_back(tmp_path: Path) -> None:
    """Aligning again (the review page, ``pipeline.realign``) uses the alignment's own
    settings: every setting a signature records comes back; an older signature's missing
    setting keeps its default; one this version cannot use is an InputError naming the file."""
    config = tmp_path / "c.toml"
    config.write_text("[align]\nskip = 0.7\n[flags]\nlow_confidence = 0.3\n[moves]\nrank = 0.45\n", encoding="utf-8")
    settings = Settings.load(config, boilerplate=["^Follow ERR"], src_lang="ru", segmented=True, model="labse")
    again = Settings.from_signature(settings.signature("sentence-transformers/LaBSE"), "a.json")
    assert again == settings
    newer = settings.signature("x") | {"align": {**settings.signature("x")["align"], "from_a_newer_aligner": 1}}
    assert Settings.from_signature(newer, "a.json") == settings  # a setting it does not know is left out
    renamed = settings.signature("x")
    renamed["flags"]["moved_rank"] = renamed.pop("moves")["rank"]  # as an aligner before [moves] wrote it
    assert Settings.from_signature(renamed, "a.json").moves.rank == 0.45
    older = settings.signature("x")
    del older["moves"], older["flags"]["low_confidence"]
    assert Settings.from_signature(older, "a.json") == Settings.load(
        boilerplate=["^Follow ERR"], src_lang="ru", segmented=True, model="labse", align=settings.align
    )
    for broken, problem in [
        ({"align": {"skip": "far"}}, "[align] skip must be a float"),
        ({"model": 3}, "signature's model must be a str"),
    ]:
        with pytest.raises(InputError, match=re.escape(problem)) as caught:
            Settings.from_signature(broken, "a.json")
        assert caught.value.describe().startswith("a.json")
