#!/usr/bin/env python3
"""The bad-input matrix: every command given broken files, options, settings and outputs.

    python benchmarks/bad_inputs.py

Each case runs the installed ``aligner`` command in a fresh folder holding good and bad
files, and reports its exit code, the first line it wrote to stderr, whether stderr holds
a traceback, whether any file that was there before changed (other than the outputs the
case names), whether an output it was asked for was left behind after a failure, and for
some cases a check of its own (a symlink still a symlink, a device still a device). A
case passes when the exit code is the documented one, there is no traceback, a failure
is one ``error:`` line, nothing else changed and no output was left. The totals line
counts the tracebacks, the changed inputs, the hangs (a case past ``TIME_LIMIT``) and
the review decisions lost (a command writing over a reviewed alignment): all must be 0.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "rutte-nato"

GOOD_PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
    'msgid "Tere."\nmsgstr "Hello."\n'
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    '<tmx version="1.4"><header/><body><tu><tuv xml:lang="et"><seg>&x;</seg></tuv></tu></body></tmx>\n'
)

BAD_SCORE = (
    '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="et" adminlang="en" segtype="sentence" '
    'o-tmf="aligner" creationtool="aligner" creationtoolversion="1" datatype="plaintext"/><body>'
    '<tu><prop type="x-score">high</prop><tuv xml:lang="et"><seg>Tere.</seg></tuv>'
    '<tuv xml:lang="en"><seg>Hello.</seg></tuv></tu></body></tmx>\n'
)


def prepare(folder: Path, alignment: str) -> None:
    """The files the cases use: good inputs, a good alignment, and broken ones."""
    shutil.copy(EXAMPLE / "source.et.txt", folder / "et.txt")
    shutil.copy(EXAMPLE / "translation.en.txt", folder / "en.txt")
    (folder / "a.json").write_text(alignment, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + b"T\x00\x00\xd8")
    (folder / "adir").mkdir()
    (folder / "notjson.json").write_text("{not json", encoding="utf-8")
    (folder / "list.json").write_text("[]", encoding="utf-8")
    data = json.loads(alignment)
    (folder / "v9.json").write_text(json.dumps({**data, "version": 9}), encoding="utf-8")
    flag = {**data["flags"][0], "severity": "fatal"} if data["flags"] else {}
    (folder / "badenum.json").write_text(json.dumps({**data, "flags": [flag]}), encoding="utf-8")
    beads = [{"src": [999], "tgt": [], "score": 0.5, "type": "1-0"}]
    (folder / "badindex.json").write_text(json.dumps({**data, "beads": beads}), encoding="utf-8")
    (folder / "bad.toml").write_text("[align\n", encoding="utf-8")
    (folder / "unknown.toml").write_text("[align]\nskp = 1\n", encoding="utf-8")
    (folder / "wrongtype.toml").write_text("[align]\nskip = 'high'\n", encoding="utf-8")
    (folder / "range.toml").write_text("[flags]\nlow_confidence = 2.0\n", encoding="utf-8")
    (folder / "moved.toml").write_text("[flags]\nmoved_rank = 0.4\n", encoding="utf-8")
    (folder / "broken.po").write_text('msgid "open\nmsgstr ""\n', encoding="utf-8")
    (folder / "foreign.po").write_text(GOOD_PO, encoding="utf-8")
    (folder / "broken.tmx").write_text("<tmx><body>", encoding="utf-8")
    (folder / "xxe.tmx").write_text(XXE, encoding="utf-8")
    (folder / "badscore.tmx").write_text(BAD_SCORE, encoding="utf-8")
    (folder / "a.docx").write_text("x", encoding="utf-8")
    prepare_more(folder, data)


def _xliff_from(data: dict[str, object]) -> str:
    from aligner.alignfile import from_json
    from aligner.export.xml import write_xliff

    return write_xliff(from_json(data)).decode("utf-8")


def prepare_more(folder: Path, data: dict[str, Any]) -> None:
    """The files of the cases added with the issue on destroyed data and crashes."""
    (folder / "real.json").write_text("old text", encoding="utf-8")
    (folder / "link.json").symlink_to("real.json")
    (folder / "latenul.txt").write_bytes(b"Tere. " * 2000 + b"\x00 ja edasi.\n")
    (folder / "huge.toml").write_text("[align]\nmax_side = 100000\n", encoding="utf-8")
    (folder / "nan.toml").write_text("[align]\nskip = nan\n", encoding="utf-8")
    (folder / "long.txt").write_text(
        "Tallinna linnavalitsus kinnitas uue trammiliini " * 44_000 + ".\n", encoding="utf-8"
    )
    rows = ["| a | b |", "|---|---|", *(f"| rida {k} | {k * 3} |" for k in range(20_000))]
    (folder / "table.md").write_text("# Tabel\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "comment.html").write_text(
        "<html><body><p>Esimene lõik on siin.</p>\n<!-- never closed\n<p>Teine lõik.</p></body></html>\n",
        encoding="utf-8",
    )
    (folder / "deep.md").write_text("Alguses.\n\n" + "> " * 150 + "Sügaval.\n", encoding="utf-8")
    (folder / "cache").mkdir()
    (folder / "cache" / "embeddings.sqlite").write_bytes(b"not a database at all " * 300)
    if os.geteuid() == 0:  # a device node, made here (never /dev/null itself)
        os.mknod(folder / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    (folder / "surrogate.json").write_text(json.dumps(data).replace('"et"', '"\\ud800"', 1), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (folder / "bigint.json").write_text('{"version": ' + "9" * 5000 + "}", encoding="utf-8")
    nan = {**data, "beads": [{**data["beads"][0], "score": float("nan")}, *data["beads"][1:]]}
    (folder / "nan.json").write_text(json.dumps(nan), encoding="utf-8")
    (folder / "unordered.json").write_text(json.dumps({**data, "beads": data["beads"][::-1]}), encoding="utf-8")
    badlang = {**data, "target": {**data["target"], "lang": "../../x"}}
    (folder / "badlang.json").write_text(json.dumps(badlang), encoding="utf-8")
    reviewed = {**data, "flags": [{**data["flags"][0], "review": REVIEW}, *data["flags"][1:]]}
    (folder / "reviewed.json").write_text(json.dumps(reviewed), encoding="utf-8")
    xliff = _xliff_from(data)
    (folder / "good.xlf").write_text(xliff, encoding="utf-8")
    (folder / "pathlang.xlf").write_text(xliff.replace('trgLang="en"', 'trgLang="../../../tmp/x"'), encoding="utf-8")
    (folder / "scorenote.xlf").write_text(
        xliff.replace("<notes>", "<notes><note>score this again, please</note>", 1), encoding="utf-8"
    )
    (folder / "twosegs.xlf").write_text(TWO_SEGMENTS, encoding="utf-8")
    prepare_22(folder)


def prepare_22(folder: Path) -> None:
    """The files of the cases added with the issue on the new surfaces (serve, batch,
    prune, pair, import) under hostile and careless use."""
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.json")
    header = "article,source,source_lang,translation,translation_lang\n"
    (folder / "pipe.csv").write_text(header + "nato,et.txt,et,pipe.txt,en\n", encoding="utf-8")
    (folder / "good.csv").write_text(header + "nato,et.txt,et,en.txt,en\n", encoding="utf-8")
    (folder / "foreign-out").mkdir()
    with contextlib.closing(sqlite3.connect(folder / "foreign-out" / "batch-state.sqlite")) as db:
        db.execute("CREATE TABLE jobs (id INTEGER, name TEXT)")
        db.commit()
    (folder / "reviewed.csv").write_text(header + "nato,et.txt,et,en.txt,en\n", encoding="utf-8")
    (folder / "rout" / "nato").mkdir(parents=True)
    shutil.copy(folder / "reviewed.json", folder / "rout" / "nato" / "en.alignment.json")
    for side in ("et-dir", "en-dir"):
        (folder / side).mkdir()
    shutil.copy(folder / "et.txt", folder / "et-dir" / "tram.txt")
    shutil.copy(folder / "en.txt", folder / "en-dir" / "tram.txt")
    (folder / "upper.tmx").write_text(
        BAD_SCORE.replace(">high<", ">0.9<")
        .replace('xml:lang="et"', 'xml:lang="ET-EE"')
        .replace('srclang="et"', 'srclang="et-EE"')
        .replace('xml:lang="en"', 'xml:lang="EN-GB"'),
        encoding="utf-8",
    )
    (folder / "inline.tmx").write_text(
        BAD_SCORE.replace(">high<", ">0.9<").replace(
            "<seg>Tere.</seg>",
            '<seg>Tere<x id="1"/>sina <bpt i="1">&lt;b&gt;</bpt>siin<ept i="1">&lt;/b&gt;</ept>.</seg>',
        ),
        encoding="utf-8",
    )
    (folder / "plural.po").write_text(
        GOOD_PO.replace('"Language: en\\n"', '"Language: en\\n"\n"X-Source-Language: et\\n"')
        + '\nmsgctxt "s0002"\nmsgid "õun"\nmsgid_plural "õuna"\nmsgstr[0] "apple"\nmsgstr[1] "apples"\n',
        encoding="utf-8",
    )
    (folder / "empty.tmx").write_text(
        BAD_SCORE[: BAD_SCORE.index("<body>")] + "<body></body></tmx>\n", encoding="utf-8"
    )


REVIEW = {"decision": "accepted", "note": "fine", "reviewer": "mari", "at": "2026-11-30T10:00:00Z"}
TWO_SEGMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="et" trgLang="en">
 <file id="f1" original="lugu.et.txt"><unit id="s0001">
  <segment><source>Esimene lause.</source><target>First sentence.</target></segment>
  <ignorable><source> </source></ignorable>
  <segment><source>Teine lause.</source><target>Second sentence.</target></segment>
 </unit></file>
</xliff>
"""


@dataclass
class Case:
    """A command line, the exit code it must give, and what it may change."""

    name: str
    args: list[str]
    want: int
    output: str = ""
    """An output that must not be left behind when the command fails."""
    changes: tuple[str, ...] = ()
    """Files the command is asked to write (they may change)."""
    stdout: str = ""
    """A file to send standard output to (``/dev/full``: a full disk)."""
    env: dict[str, str] = field(default_factory=dict)
    check: Callable[[Path], str] | None = None
    """Returns what is wrong after the run ("" when nothing is)."""


def _still_symlink(folder: Path) -> str:
    link, real = folder / "link.json", folder / "real.json"
    if not link.is_symlink():
        return "the symlink was replaced by a file"
    return "" if real.read_text(encoding="utf-8").startswith("{") else "the file it points to was not updated"


def _still_device(folder: Path) -> str:
    return "" if stat.S_ISCHR((folder / "null").stat().st_mode) else "the device node became a file"


def _cache_set_aside(folder: Path) -> str:
    return "" if list((folder / "cache").glob("embeddings.sqlite.corrupt-*")) else "the damaged cache was not set aside"


def _decision_kept_in(name: str) -> Callable[[Path], str]:
    """A check that the review decision ``reviewed.json`` held is still in the alignment
    at ``name`` (the flag's reviewer is there)."""

    def check(folder: Path) -> str:
        flags = json.loads((folder / name).read_text(encoding="utf-8"))["flags"]
        kept = any((f.get("review") or {}).get("reviewer") == REVIEW["reviewer"] for f in flags)
        return "" if kept else "LOST DECISION"

    return check


def _nothing_outside(folder: Path) -> str:
    return "" if not (folder / "evil.po").exists() and not (folder.parent / "evil.po").exists() else "wrote outside"


OLD = [
    ("align: missing source", ["align", "nope.txt", "en.txt", "-o", "out.json"], 1, "out.json"),
    ("align: a directory", ["align", "adir", "en.txt", "-o", "out.json"], 1, "out.json"),
    ("align: not UTF-8", ["align", "latin1.txt", "en.txt", "-o", "out.json"], 1, "out.json"),
    ("align: binary file", ["align", "binary.txt", "en.txt", "-o", "out.json"], 1, "out.json"),
    ("align: empty file", ["align", "empty.txt", "en.txt", "-o", "out.json"], 1, "out.json"),
    ("align: broken UTF-16", ["align", "utf16.txt", "en.txt", "-o", "out.json"], 1, "out.json"),
    ("align: both from stdin", ["align", "-", "-", "-o", "out.json"], 2, "out.json"),
    ("align: bad language", ["align", "et.txt", "en.txt", "--src-lang", "estonian"], 2, ""),
    ("align: unknown --format", ["align", "et.txt", "en.txt", "-f", "xml"], 2, ""),
    ("align: unknown --export", ["align", "et.txt", "en.txt", "-o", "out.json", "--export", "docx"], 2, "out.json"),
    ("align: --export tmx without -o", ["align", "et.txt", "en.txt", "--export", "tmx"], 2, ""),
    ("align: -o in a missing folder", ["align", "et.txt", "en.txt", "-o", "no/such/out.json"], 4, "no"),
    ("align: -o under a file", ["align", "et.txt", "en.txt", "-o", "et.txt/out.json"], 4, ""),
    ("align: -o over the source", ["align", "et.txt", "en.txt", "-o", "et.txt"], 2, ""),
    ("align: config not TOML", ["align", "et.txt", "en.txt", "--config", "bad.toml", "-o", "out.json"], 1, "out.json"),
    ("align: config unknown key", ["align", "et.txt", "en.txt", "--config", "unknown.toml"], 1, ""),
    ("align: config wrong type", ["align", "et.txt", "en.txt", "--config", "wrongtype.toml"], 1, ""),
    ("align: config out of range", ["align", "et.txt", "en.txt", "--config", "range.toml"], 1, ""),
    ("align: config old [flags] moved_*", ["align", "et.txt", "en.txt", "--config", "moved.toml"], 1, ""),
    ("align: missing config", ["align", "et.txt", "en.txt", "--config", "none.toml"], 1, ""),
    ("align: bad --boilerplate", ["align", "et.txt", "en.txt", "--boilerplate", "[x"], 1, ""),
    ("review: missing file", ["review", "none.json"], 1, ""),
    ("review: not JSON", ["review", "notjson.json"], 1, ""),
    ("review: not an alignment", ["review", "list.json"], 1, ""),
    ("review: unknown version", ["review", "v9.json"], 1, ""),
    ("review: bad severity", ["review", "badenum.json"], 1, ""),
    ("review: index out of range", ["review", "badindex.json"], 1, ""),
    ("review: unknown --type", ["review", "a.json", "--type", "nonsense"], 2, ""),
    ("review: --html over the alignment", ["review", "a.json", "--html", "a.json"], 2, ""),
    ("review: --html in a missing folder", ["review", "a.json", "--html", "no/r.html"], 4, "no"),
    ("export: missing --locale-dir", ["export", "a.json", "-f", "po"], 2, ""),
    ("export: unknown format", ["export", "a.json", "-f", "docx", "-o", "x.docx"], 2, "x.docx"),
    ("export: tmx without -o", ["export", "a.json", "-f", "tmx"], 2, ""),
    ("export: broken alignment", ["export", "notjson.json", "-f", "tmx", "-o", "x.tmx"], 1, "x.tmx"),
    ("export: -o under a file", ["export", "a.json", "-f", "tmx", "-o", "a.json/x.tmx"], 4, ""),
    ("export: -o over the alignment", ["export", "a.json", "-f", "tmx", "-o", "a.json"], 2, ""),
    ("import: unknown suffix", ["import", "a.docx", "-o", "back.json"], 1, "back.json"),
    ("import: missing file", ["import", "none.po", "-o", "back.json"], 1, "back.json"),
    ("import: broken .po", ["import", "broken.po", "-o", "back.json"], 1, "back.json"),
    ("import: .po not from aligner", ["import", "foreign.po", "-o", "back.json"], 1, "back.json"),
    ("import: broken TMX", ["import", "broken.tmx", "-o", "back.json"], 1, "back.json"),
    ("import: TMX with an external entity", ["import", "xxe.tmx", "-o", "back.json"], 1, "back.json"),
    ("import: -o over the bundle", ["import", "foreign.po", "-o", "foreign.po"], 2, ""),
    ("import: TMX with a bad score", ["import", "badscore.tmx", "-o", "back.json"], 1, "back.json"),
]

CASES: list[Case] = [Case(name, args, want, output) for name, args, want, output in OLD] + [
    Case("align: -o over the translation (stdin source)", ["align", "-", "en.txt", "-o", "en.txt"], 2),
    Case(
        "align: -o and --export name one file",
        ["align", "et.txt", "en.txt", "-o", "x.tmx", "--export", "tmx"],
        2,
        "x.tmx",
    ),
    Case(
        "align: -o through a symlink",
        ["align", "et.txt", "en.txt", "-o", "link.json", "-q"],
        0,
        changes=("link.json", "real.json"),
        check=_still_symlink,
    ),
    Case("align: NUL after the first 8 KiB", ["align", "latenul.txt", "en.txt", "-o", "out.json"], 1, "out.json"),
    Case("align: --src-lang xx", ["align", "et.txt", "en.txt", "--src-lang", "xx"], 2),
    Case("align: config max_side = 100000", ["align", "et.txt", "en.txt", "--config", "huge.toml"], 1),
    Case("align: config skip = nan", ["align", "et.txt", "en.txt", "--config", "nan.toml"], 1),
    Case("align: a 2 MB line", ["align", "long.txt", "en.txt", "-o", "out.json", "-q"], 0, changes=("out.json",)),
    Case(
        "align: a 20,000-row Markdown table",
        ["align", "table.md", "en.txt", "-o", "out.json", "-q"],
        0,
        changes=("out.json",),
    ),
    Case(
        "align: an unclosed HTML comment",
        ["align", "comment.html", "en.txt", "-o", "out.json", "-q"],
        0,
        changes=("out.json",),
    ),
    Case("align: Markdown nested 150 deep", ["align", "deep.md", "en.txt", "-o", "out.json"], 1, "out.json"),
    Case(
        "align: a damaged embedding cache",
        ["align", "et.txt", "en.txt", "-o", "out.json", "-q"],
        0,
        changes=("out.json", "cache/embeddings.sqlite"),
        env={"ALIGNER_CACHE_DIR": "cache"},
        check=_cache_set_aside,
    ),
    Case(
        "review: --html to a device node",
        ["review", "a.json", "--html", "null"],
        0,
        changes=("null",),
        check=_still_device,
    ),
    Case("review: lone surrogate in the JSON", ["review", "surrogate.json"], 1),
    Case("review: JSON nested 200,000 deep", ["review", "deep.json"], 1),
    Case("review: an integer of 5,000 digits", ["review", "bigint.json"], 1),
    Case("review: NaN score", ["review", "nan.json"], 1),
    Case("review: beads out of order", ["review", "unordered.json"], 1),
    Case("review: stdout on a full disk", ["review", "a.json"], 4, stdout="/dev/full"),
    Case("review --json: stdout on a full disk", ["review", "a.json", "--json"], 4, stdout="/dev/full"),
    Case(
        "export: --domain with ../",
        ["export", "a.json", "-f", "po", "--locale-dir", "loc", "--domain", "../../evil"],
        2,
        check=_nothing_outside,
    ),
    Case(
        "export: --domain an absolute path",
        ["export", "a.json", "-f", "po", "--locale-dir", "loc", "--domain", "/var/evil"],
        2,
    ),
    Case("export: a language that is a path", ["export", "badlang.json", "-f", "po", "--locale-dir", "loc"], 1),
    Case("export: -o over the alignment as po", ["export", "a.json", "-f", "po", "-o", "a.json"], 2),
    Case("import: over a reviewed alignment", ["import", "good.xlf", "-o", "reviewed.json"], 4),
    Case("import: target-language is a path", ["import", "pathlang.xlf", "-o", "back.json"], 1, "back.json"),
    Case(
        "import: a note 'score ...' from a translator",
        ["import", "scorenote.xlf", "-o", "back.json"],
        0,
        changes=("back.json",),
    ),
    Case(
        "import: XLIFF 2 unit in two segments", ["import", "twosegs.xlf", "-o", "back.json"], 0, changes=("back.json",)
    ),
    Case("import: TMX with ET-EE / EN-GB", ["import", "upper.tmx", "-o", "back.json"], 0, changes=("back.json",)),
    Case("import: TMX with <x/> and <bpt>", ["import", "inline.tmx", "-o", "back.json"], 0, changes=("back.json",)),
    Case("import: .po with a plural entry", ["import", "plural.po", "-o", "back.json"], 1, "back.json"),
    Case("import: an empty TMX", ["import", "empty.tmx", "-o", "back.json"], 1, "back.json"),
    # the new surfaces under hostile and careless use (#22)
    Case("align: -o over an unreadable alignment", ["align", "et.txt", "en.txt", "-o", "notjson.json"], 4),
    Case("pair: -o over an input article", ["pair", "et-dir", "en-dir", "-o", "et-dir/tram.txt"], 2),
    Case("batch: a pipe in the manifest", ["batch", "pipe.csv", "-o", "out", "-q"], 1, changes=("out",)),
    Case("batch: another program's state file", ["batch", "good.csv", "-o", "foreign-out", "-q"], 4),
    Case("review --serve: a pipe", ["review", "pipe.json", "--serve"], 1),
    Case(
        "align: -o over a reviewed alignment of the same texts",
        ["align", "et.txt", "en.txt", "-o", "reviewed.json", "-q"],
        0,
        changes=("reviewed.json",),
        check=_decision_kept_in("reviewed.json"),
    ),
    Case(
        "batch: a manifest over a reviewed alignment",
        ["batch", "reviewed.csv", "-o", "rout", "-q"],
        0,
        changes=("rout/nato/en.alignment.json",),
        check=_decision_kept_in("rout/nato/en.alignment.json"),
    ),
]


TIME_LIMIT = 180
"""Seconds a case may take (the slowest, a 2 MB line, takes well under a minute): past it,
a hang."""


def digest(folder: Path) -> dict[str, str]:
    """Every regular file's hash (symlinks read through; device nodes and FIFOs not read)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def main() -> None:
    aligner = shutil.which("aligner") or sys.exit("aligner is not installed (pip install .)")
    env = {**os.environ, "ALIGNER_CACHE_DIR": tempfile.mkdtemp(), "ALIGNER_REVIEWER": "bench"}
    with tempfile.TemporaryDirectory() as tmp:
        made = Path(tmp) / "made.json"
        subprocess.run(
            [aligner, "align", str(EXAMPLE / "source.et.txt"), str(EXAMPLE / "translation.en.txt"), "-o", made, "-q"],
            check=True,
            env=env,
        )
        alignment = made.read_text(encoding="utf-8")
    failures = tracebacks = changed_inputs = hangs = lost = 0
    print(f"{'case':<46} {'exit':>4} {'want':>4} {'trace':<5} {'inputs':<7} {'output':<6} {'s':>5}  stderr")
    for case in CASES:
        if case.check is _still_device and os.geteuid() != 0:
            print(f"{case.name:<46} skipped: making a device node needs root")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "work"
            folder.mkdir()
            prepare(folder, alignment)
            before = digest(folder)
            started = time.perf_counter()
            with open(case.stdout, "w") if case.stdout else contextlib.nullcontext(subprocess.PIPE) as out:
                try:
                    run = subprocess.run(
                        [aligner, *case.args],
                        cwd=folder,
                        stdout=out,
                        stderr=subprocess.PIPE,
                        text=True,
                        stdin=subprocess.DEVNULL,
                        env={**env, **case.env},
                        timeout=TIME_LIMIT,
                    )
                except subprocess.TimeoutExpired:
                    run = subprocess.CompletedProcess(case.args, -1, "", f"HANG: no end after {TIME_LIMIT} s")
                    hangs += 1
            seconds = time.perf_counter() - started
            after = digest(folder)
            changed = [f for f, h in before.items() if after.get(f) != h and f not in case.changes]
            left = bool(case.output) and (folder / case.output).exists()
            errors = [line for line in run.stderr.splitlines() if line.strip() and not line.startswith("warning: ")]
            trace = "Traceback" in run.stderr
            one_line = (len(errors) == 1 and errors[0].startswith("error: ")) if run.returncode else True
            problem = case.check(folder) if case.check and run.returncode == 0 else ""
            lost += problem == "LOST DECISION"
            ok = run.returncode == case.want and not trace and one_line and not changed and not left and not problem
            failures += not ok
            tracebacks += trace
            changed_inputs += len(changed)
            first = problem or (
                errors[0] if errors else run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""
            )
            print(
                f"{case.name:<46} {run.returncode:>4} {case.want:>4} {'YES' if trace else 'no':<5} "
                f"{'CHANGED' if changed else 'same':<7} {'LEFT' if left else 'none':<6} {seconds:>5.1f}  "
                f"{first[:70]}{'' if ok else '   <-- FAILS'}"
            )
    print(
        f"{len(CASES) - failures} of {len(CASES)} cases pass; "
        f"tracebacks: {tracebacks}; changed inputs: {changed_inputs}; hangs: {hangs}; lost decisions: {lost}"
    )


if __name__ == "__main__":
    main()
