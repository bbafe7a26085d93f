#!/usr/bin/env python3
"""The bad-input matrix: every command given broken files, options and settings.

    python benchmarks/bad_inputs.py

Each case runs the installed ``aligner`` command in a fresh folder holding good and bad
files, and reports its exit code, the first line it wrote to stderr, whether stderr holds
a traceback or more than one line, whether any file that was there before changed, and
whether the output it was asked for was left behind (half-written or not). A case
passes when the exit code is the documented one, stderr is one message line with no
traceback, no input changed and no output was left. A usage error (exit code 2) keeps
click's ``Usage:`` and ``Try ... --help`` lines above its one ``Error:`` line.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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


# (name, arguments, expected exit code, output the case must not leave behind)
CASES: list[tuple[str, list[str], int, str]] = [
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


USAGE = re.compile(r"^(Usage: |Try '.* --help' for help\.)")
"""The lines click adds above a usage error's message (exit code 2): not counted as message lines."""


def digest(folder: Path) -> dict[str, str]:
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
    failures = 0
    print(f"{'case':<38} {'exit':>4} {'want':>4}  {'1 line':<6} {'trace':<5} {'inputs':<7} {'output':<7} stderr")
    for name, args, want, output in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            prepare(folder, alignment)
            before = digest(folder)
            run = subprocess.run(
                [aligner, *args], cwd=folder, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env
            )
            after = digest(folder)
            changed = [f for f, h in before.items() if after.get(f) != h]
            left = bool(output) and (folder / output).exists()
            lines = [line for line in run.stderr.splitlines() if line.strip() and not USAGE.match(line)]
            trace = "Traceback" in run.stderr
            ok = run.returncode == want and not trace and len(lines) <= 1 and not changed and not left
            failures += not ok
            first = (lines[0] if lines else "")[:70]
            print(
                f"{name:<38} {run.returncode:>4} {want:>4}  {'yes' if len(lines) <= 1 else 'NO':<6} "
                f"{'YES' if trace else 'no':<5} {'CHANGED' if changed else 'same':<7} {'LEFT' if left else 'none':<7} "
                f"{first}{'' if ok else '   <-- FAILS'}"
            )
    print(f"{len(CASES) - failures} of {len(CASES)} cases pass")


if __name__ == "__main__":
    main()
