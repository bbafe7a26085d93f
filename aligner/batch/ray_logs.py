"""What Ray prints during a batch run, led away from standard output and cleared of
Ray's known false alarms.

Ray's C++ core writes to file descriptor 2 and its driver threads print what the raylet
reports to ``sys.stdout``, where ``--json`` goes; :func:`quiet_ray` leads both through a
filter onto the terminal's stderr for the time of the run.
"""

from __future__ import annotations

import io
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

NOISE = (
    # Ray Data's own actors are made with an argument in the object store; Ray warns about
    # its own use (ray-project/ray#57733), on the driver's stderr, from C++.
    re.compile(r"core_worker\.cc:\d+: Actor with class name: .* has constructor arguments in the object store"),
    # The raylet counts the processes it starts against the CPUs (ray-project/ray#3644): Ray
    # Data's helper actors and the embedding actors outnumber 2 CPUs from the start.
    re.compile(r"PYTHON worker processes have been started on node"),
    # Ctrl-C: the run ends its own actors, and the raylet reports their batches as failed.
    re.compile(r"The actor is dead because it was killed by `ray\.kill`"),
)


def _noise(line: str) -> bool:
    return any(pattern.search(line) for pattern in NOISE)


@contextmanager
def quiet_ray() -> Iterator[None]:
    """Ray's known false alarms kept off the terminal, and everything Ray prints kept off
    standard output (where ``--json`` goes), for the time of the run: its C++ core writes
    to file descriptor 2, which is led through a filter while Python's ``sys.stderr`` (the
    progress bar, warnings) keeps the terminal; its driver threads print what the
    raylet reports to ``sys.stdout``, which goes to stderr, filtered, instead."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (a test runner's capture): nothing to filter
        yield
        return
    reading, writing = os.pipe()
    terminal = open(saved, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)

    def relay() -> None:
        with open(reading, encoding="utf-8", errors="replace") as pipe:
            for line in pipe:
                if not _noise(line):
                    terminal.write(line)

    thread = threading.Thread(target=relay, name="aligner-ray-stderr", daemon=True)
    thread.start()
    os.dup2(writing, 2)
    os.close(writing)
    python_stderr, python_stdout = sys.stderr, sys.stdout
    sys.stderr = terminal
    sys.stdout = _Filtered(terminal)
    try:
        yield
    finally:
        sys.stderr, sys.stdout = python_stderr, python_stdout
        os.dup2(saved, 2)  # closes the pipe's last writer: the relay reads to its end
        thread.join(timeout=5)
        terminal.close()
        os.close(saved)


class _Filtered(io.TextIOBase):
    """A text stream that passes whole lines on to ``sink``, Ray's false alarms left out."""

    def __init__(self, sink: TextIO) -> None:
        self.sink = sink
        self.pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            if not _noise(line):
                self.sink.write(line + "\n")
        return len(text)


__all__ = ["NOISE", "quiet_ray"]
