"""The README, run as a newcomer runs it: every command block, top to bottom, in a copy of
the repository; then nothing tracked has changed and nothing untracked shows in
``git status``, and the README's samples agree with what the code writes.

The install commands are the two the README opens with, which CI (``.ci/run``) and the
fresh-venv check of the quick start run as they are; here the ``pip install ... &&``
before a command is left out (the package under test is already installed) and the test
command itself (``pytest``) is not run again inside the tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aligner import __version__
from aligner.settings import Settings
from tests.conftest import ROOT

README = ROOT / "README.md"
DECIDING = "a\nq\n"
"""What the editor types into ``aligner review -i``: accept the first flag, quit."""
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    """The README's fenced blocks tagged with ``language``, in order."""
    return [body for tag, body in _BLOCK.findall(README.read_text(encoding="utf-8")) if tag == language]


def commands(block: str) -> list[str]:
    """The commands of a shell block, continuation lines joined."""
    return [line.strip() for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def runnable(command: str) -> str | None:
    """The part of a README command this test runs: without its ``pip install ... &&``,
    and nothing for the test command."""
    if command.startswith("pip install"):
        rest = command.partition(" && ")[2].strip()
        return None if rest in ("", "pytest") else rest
    return command


def expected_exit(command: str) -> int:
    """0, unless the command's comment says ``# exit N`` (``review --check`` with a flag open)."""
    found = re.search(r"#\s*exit (\d+)", command)
    return int(found.group(1)) if found else 0


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's tracked files, committed in a fresh git repository."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the repository")
    repo = tmp_path_factory.mktemp("readme") / "aligner"
    for name in git(ROOT, "ls-files", "-z").split("\0"):
        if name and (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=readme", "-c", "user.email=readme@example.invalid", "commit", "-qm", "base")
    return repo


def test_the_readme_blocks_are_found() -> None:
    """The test below runs what these find: an untagged or renamed block would go unrun."""
    shell = [c for block in blocks("sh") for c in commands(block)]
    assert shell[0].startswith("pip install . && aligner align examples/")
    assert sum(c.startswith("aligner review") for c in shell) >= 5
    assert sum(c.startswith("aligner export") for c in shell) >= 5
    assert any(c.startswith("aligner import") for c in shell)
    assert len(blocks("python")) == 1 and len(blocks("toml")) == 1 and len(blocks("json")) == 1
    untagged = [tag for tag, _ in _BLOCK.findall(README.read_text(encoding="utf-8")) if not tag]
    assert untagged == [], "tag every README block: sh (run by this test), text, python, toml or json"


@pytest.mark.slow
def test_running_the_readme_top_to_bottom_breaks_and_dirties_nothing(checkout: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    ran = []
    for block in blocks("sh"):
        for command in commands(block):
            line = runnable(command)
            if line is None:
                continue
            result = subprocess.run(
                ["bash", "-c", line],
                cwd=checkout,
                env=env,
                input=DECIDING if " -i " in f"{line} " else "",  # review -i: an editor accepts the first flag
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert result.returncode == expected_exit(command), f"{line}\n{result.stderr}"
            assert "Traceback" not in result.stderr, f"{line}\n{result.stderr}"
            ran.append(line)
    for code in blocks("python"):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=checkout, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{code}\n{result.stderr}"
        assert result.stdout.count("\n") == 3  # the three beads it prints
    assert len(ran) >= 14
    # Everything the commands wrote is ignored; nothing tracked changed.
    status = git(checkout, "status", "--porcelain", "--untracked-files=all")
    assert status == "", f"the README's commands left the checkout dirty:\n{status}"
    written = json.loads((checkout / "alignment.json").read_text(encoding="utf-8"))
    # The decision made in review -i survived everything after it, the re-alignment too
    # (the README's last export command exited 4 over it before).
    assert [f["review"]["reviewer"] for f in written["flags"] if f["review"]] == ["mari"]
    sample = json.loads(blocks("json")[0])
    assert agrees(sample, written), "the README's alignment-file sample no longer agrees with the code"
    assert written["signature"]["aligner"] == __version__


def agrees(sample: Any, real: Any, where: str = "") -> bool:
    """Whether the README's sample agrees with a real file: ``"..."`` stands for anything
    (as a key: for the keys left out); a listed item must be one of the real list's; a
    score agrees to the two decimals the sample prints."""
    if sample == "...":
        return True
    if isinstance(sample, dict):
        if not isinstance(real, dict):
            return False
        keys = set(sample) - {"..."}
        if not keys <= set(real) or ("..." not in sample and keys != set(real)):
            return False
        return all(agrees(sample[k], real[k], f"{where}.{k}") for k in keys)
    if isinstance(sample, list) and sample and isinstance(sample[0], dict):
        return isinstance(real, list) and all(any(agrees(item, r, where) for r in real) for item in sample)
    if isinstance(sample, float) and isinstance(real, float):
        return abs(sample - real) <= 0.005 + 1e-9
    return bool(sample == real)


def test_the_sample_matcher_notices_a_wrong_default() -> None:
    real = {"align": {"max_side": 5, "skip": 1.1}, "beads": [{"score": 0.9349}]}
    assert agrees({"align": {"max_side": 5, "...": "..."}, "beads": [{"score": 0.93}]}, real)
    assert not agrees({"align": {"max_side": 4, "...": "..."}, "beads": [{"score": 0.93}]}, real)
    assert not agrees({"align": {"max_side": 5}, "beads": [{"score": 0.93}]}, real)
    assert not agrees({"align": {"max_side": 5, "...": "..."}, "beads": [{"score": 0.71}]}, real)


def test_the_readme_settings_file_is_one_aligner_reads(tmp_path: Path) -> None:
    path = tmp_path / "aligner.toml"
    path.write_text(blocks("toml")[0], encoding="utf-8")
    settings = Settings.load(path)
    assert settings.align.skip == 1.1 and settings.moves.rank == 0.5 and settings.flags.low_confidence == 0.4
    assert "^Follow ERR News" in settings.flags.boilerplate
