"""Progress bars on stderr for the long commands, drawn into a stand-in terminal
(aligner/cli/progress.py)."""

from __future__ import annotations

import io
import re
import sys

import pytest

from aligner.cli.progress import ALIGN_STAGES, BATCH_STAGES, progress_bars

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal(io.StringIO):
    """What a terminal on stderr was sent."""

    def isatty(self) -> bool:
        return True


def on_terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """A terminal in place of stderr, for the rest of the test (set in the test itself: pytest
    puts its own stderr back between a fixture's setup and the test)."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "120")
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    return screen


def last(screen: Terminal, label: str) -> str:
    """The last line drawn for ``label``, colours aside."""
    lines = [line.strip() for line in re.split(r"[\r\n]", ANSI.sub("", screen.getvalue()))]
    return [line for line in lines if label in line][-1]


def segments(screen: Terminal, label: str) -> list[int]:
    """For each line drawn for ``label``: how many separately coloured pieces its bar has
    (a pulsing bar colours each of its pieces; a bar that counts has one or two runs)."""
    lines = re.split(r"[\r\n]", screen.getvalue())
    return [len(re.findall(r"\x1b\[[0-9;]*m━", line)) for line in lines if label in ANSI.sub("", line)]


def drawn(screen: Terminal, label: str) -> list[str]:
    lines = [line.strip() for line in re.split(r"[\r\n]", ANSI.sub("", screen.getvalue()))]
    return [line for line in lines if label in line]


def test_no_bars_when_not_asked_for_or_when_stderr_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(False, ALIGN_STAGES) as progress:
        assert progress is None
    assert terminal.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress_bars(True, BATCH_STAGES, {"align": "articles"}) as progress:
        assert progress is None
    assert piped.getvalue() == ""


def test_a_counted_stage_shows_its_label_and_done_over_total_and_ends_ticked(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, BATCH_STAGES) as progress:
        assert progress is not None
        progress("embed", 0, 10)
        progress("embed", 10, 10)
    line = last(terminal, "Sentences")
    assert line.startswith("✓ Sentences") and " 10/10 " in line


def test_the_total_may_change_as_the_stage_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, BATCH_STAGES) as progress:
        assert progress is not None
        progress("embed", 0, 10)
        progress("embed", 5, 20)
    line = last(terminal, "Sentences")
    assert " 5/20 " in line and not line.startswith("✓")


def test_the_rate_is_shown_only_for_a_stage_with_a_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, BATCH_STAGES, {"align": "articles"}) as progress:
        assert progress is not None
        for done in range(3):
            progress("align", done, 4)
            progress("embed", done * 10, 40)
    assert re.search(r" 2/4 \d+ articles/min ", last(terminal, "Articles"))
    assert "/min" not in last(terminal, "Sentences") and " 20/40 " in last(terminal, "Sentences")


def test_a_single_step_pulses_without_a_count_until_it_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, ALIGN_STAGES) as progress:
        assert progress is not None
        progress("align", 0, 1)
        progress("check", 0, 1)
        progress("check", 1, 1)
    aligning, checking = drawn(terminal, "Aligning"), drawn(terminal, "Checking the translation")
    assert aligning and checking
    assert not any("0/1" in line or "1/1" in line for line in aligning + checking)
    assert not any(line.startswith("✓") for line in aligning)  # never done
    assert checking[-1].startswith("✓ Checking the translation")
    assert min(segments(terminal, "Aligning")) >= 10  # pulsing throughout


def test_a_counted_stage_does_not_pulse_even_at_nothing_done(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, BATCH_STAGES) as progress:
        assert progress is not None
        progress("embed", 0, 10)
    assert segments(terminal, "Sentences") and max(segments(terminal, "Sentences")) <= 2


def test_a_stage_without_a_label_is_shown_by_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, ALIGN_STAGES) as progress:
        assert progress is not None
        progress("embed", 1, 3)
        progress("pairing", 2, 5)
    assert " 1/3 " in last(terminal, "Embedding sentences")
    assert re.match(r"^\S pairing .* 2/5 ", last(terminal, "pairing"))


def test_the_bars_are_cleared_when_the_work_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results and the summary follow on a clean terminal."""
    terminal = on_terminal(monkeypatch)
    with progress_bars(True, BATCH_STAGES) as progress:
        assert progress is not None
        progress("embed", 3, 3)
        progress("align", 1, 2)
    raw = terminal.getvalue()
    assert raw.endswith("\x1b[1A\x1b[2K\x1b[1A\x1b[2K")  # both lines erased, bottom up
