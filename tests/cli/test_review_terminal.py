"""``aligner review`` on a real terminal (a pseudo-terminal): severities in colour, a report
longer than the screen through the pager, plain text into a pipe and with $NO_COLOR."""

from __future__ import annotations

import os
import pty
import sys
from pathlib import Path

import pytest

from aligner.alignfile import dumps
from tests.review.build import article

ESC = "\x1b["


def on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """What ``aligner review ARGS`` shows on a 100 x 24 terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, its standard streams the terminal
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "aligner", "review", *args], env)  # noqa: S606 - no shell wanted
    shown = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, shown.decode("utf-8", "replace")
    return shown.decode("utf-8", "replace")


@pytest.fixture
def setting(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    (tmp_path / "a.json").write_text(dumps(article(40)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER", "MANPAGER")}
    env |= {"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "24", "PAGER": f"cat > {tmp_path / 'paged'}"}
    return tmp_path, env


def test_a_long_report_goes_through_the_pager_in_colour(setting: tuple[Path, dict[str, str]]) -> None:
    where, env = setting
    screen = on_a_terminal(["a.json"], env, where)
    paged = (where / "paged").read_text(encoding="utf-8")
    assert "dropped" not in screen  # the pager had it, not the screen
    assert paged.count("\n") > 24 and "1 source sentence (9) has no translation" in paged
    assert f"{ESC}1;31mERROR{ESC}0m dropped" in paged and f"{ESC}1;33mWARN{ESC}0m" in paged


def test_a_short_report_is_printed_in_colour(setting: tuple[Path, dict[str, str]]) -> None:
    where, env = setting
    screen = on_a_terminal(["a.json", "-t", "dropped"], env, where)
    assert not (where / "paged").exists()
    assert f"{ESC}1;31mERROR{ESC}0m dropped" in screen


def test_no_color_and_a_pipe_get_plain_text(setting: tuple[Path, dict[str, str]]) -> None:
    import subprocess

    where, env = setting
    screen = on_a_terminal(["a.json", "-t", "dropped"], env | {"NO_COLOR": "1"}, where)
    assert ESC not in screen and "ERROR dropped" in screen
    piped = subprocess.run(
        [sys.executable, "-m", "aligner", "review", "a.json"], cwd=where, env=env, capture_output=True, text=True
    )
    assert piped.returncode == 0 and ESC not in piped.stdout and piped.stdout.count("#") == 5
    assert not (where / "paged").exists()
