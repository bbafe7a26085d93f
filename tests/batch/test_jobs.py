"""Finding a batch's work in a folder of articles or a manifest, and naming what does not fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.batch.jobs import Job, find_jobs, read_manifest
from aligner.errors import InputError


def _write(folder: Path, names: dict[str, str]) -> None:
    for name, text in names.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_folder_of_articles_gives_one_job_per_translation_and_names_every_misfit(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "good/source.et.txt": "Tere.",
            "good/translation.en.html": "<p>Hello.</p>",
            "good/translation.ru.md": "Привет.",
            "good/README.md": "notes, not a text of the article",
            "no-source/translation.en.txt": "Hello.",
            "two-sources/source.et.txt": "Tere.",
            "two-sources/source.et.md": "Tere.",
            "two-sources/translation.en.txt": "Hello.",
            "odd-language/source.et.txt": "Tere.",
            "odd-language/translation.xx.txt": "Hello.",
            "odd-language/translation.txt": "no language in the name",
            "twice/source.et.txt": "Tere.",
            "twice/translation.en.txt": "Hello.",
            "twice/translation.en.html": "<p>Hello.</p>",
            "docx/source.et.docx": "not a format aligner reads",
            ".hidden/source.et.txt": "skipped: a hidden folder is no article",
        },
    )
    jobs, problems = find_jobs(tmp_path)
    assert jobs == [
        Job("good", str(tmp_path / "good/source.et.txt"), "et", str(tmp_path / "good/translation.en.html"), "en"),
        Job("good", str(tmp_path / "good/source.et.txt"), "et", str(tmp_path / "good/translation.ru.md"), "ru"),
    ]
    said = "\n".join(p.describe() for p in problems)
    assert f"{tmp_path / 'no-source'}: has no source" in said
    assert f"{tmp_path / 'two-sources'}: has 2 sources (source.et.md, source.et.txt)" in said
    assert f"{tmp_path / 'odd-language/translation.xx.txt'}: 'xx' is not a language code" in said
    assert f"{tmp_path / 'odd-language/translation.txt'}: not named <role>.<language>.<format>" in said
    assert f"{tmp_path / 'twice'}: has 2 translations into en (translation.en.html, translation.en.txt)" in said
    assert f"{tmp_path / 'docx/source.et.docx'}: not a format aligner reads" in said
    assert "hidden" not in said and "README" not in said


def test_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a folder of articles"):
        find_jobs(tmp_path / "nowhere")


def test_a_csv_or_jsonl_manifest_resolves_paths_against_its_folder(tmp_path: Path) -> None:
    _write(tmp_path, {"texts/a.et.txt": "Tere.", "texts/a.en.txt": "Hello."})
    (tmp_path / "list.csv").write_text(
        "article,source,source_lang,translation,translation_lang\n"
        "a,texts/a.et.txt,et,texts/a.en.txt,en\n"
        "b,texts/b.et.txt,et,,en\n"
        "c,texts/c.et.txt,et,texts/c.en.txt,english\n"
        "../up,texts/a.et.txt,et,texts/a.en.txt,en\n"
        "a,texts/a.et.txt,et,texts/a.en.txt,en\n",
        encoding="utf-8",
    )
    jobs, problems = read_manifest(tmp_path / "list.csv")
    assert jobs == [Job("a", str(tmp_path / "texts/a.et.txt"), "et", str(tmp_path / "texts/a.en.txt"), "en")]
    assert [p.describe() for p in problems] == [
        f"{tmp_path / 'list.csv'}:3: no translation",
        f"{tmp_path / 'list.csv'}:4: translation_lang 'english' is not a language tag (BCP 47, e.g. et, en, pt-BR)",
        f"{tmp_path / 'list.csv'}:5: '../up' cannot name an article (a plain file name is needed)",
        f"{tmp_path / 'list.csv'}:6: a/en is listed already ({tmp_path / 'list.csv'}:2)",
    ]
    row = {"article": "a", "source": "texts/a.et.txt", "source_lang": "et", "translation": "texts/a.en.txt"}
    (tmp_path / "list.jsonl").write_text(
        json.dumps({**row, "translation_lang": "en"}) + "\n\n" + json.dumps(row) + "\n", encoding="utf-8"
    )
    jobs, problems = read_manifest(tmp_path / "list.jsonl")
    assert [j.name for j in jobs] == ["a/en"] and [p.message for p in problems] == ["no translation_lang"]


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("list.csv", "article,source\na,b\n", "the header row lacks source_lang, translation, translation_lang"),
        ("list.jsonl", "{not json\n", "line 1 is not JSON"),
        ("list.txt", "a b c", "a manifest is a .csv or a .jsonl file"),
    ],
)
def test_a_manifest_that_cannot_be_read_is_an_input_error(tmp_path: Path, name: str, text: str, problem: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_manifest(tmp_path / name)
