"""What Ray prints during a run: its known false alarms left out, everything else led to the
terminal's stderr and never to standard output (aligner/batch/ray_logs.py). No Ray is started:
the lines are written as Ray's C++ core (file descriptor 2) and its driver threads
(``sys.stdout``) write them."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading

import pytest

from aligner.batch.ray_logs import NOISE, quiet_ray

NOISY = [
    "[2025-06-01 10:00:00,123 W 4242 4242] core_worker.cc:2741: Actor with class name: "
    "'MapWorker(MapBatches(_Embed))' and ID: '5e3c9f00aa' has constructor arguments in the object store and "
    "max_restarts > 0. If the arguments in the object store go out of scope or are lost, the actor restart "
    "will fail. See https://github.com/ray-project/ray/issues/53727 for more details.",
    "(raylet) WARNING: 6 PYTHON worker processes have been started on node: 3f2a0c with address: 127.0.0.1, "
    "which is 3x the maximum expected startup concurrency (2). See https://github.com/ray-project/ray/issues/3644 "
    "for some discussion of workarounds.",
    "ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task. "
    "The actor is dead because it was killed by `ray.kill`.",
]
KEPT = [
    "Traceback (most recent call last):",
    "ray.exceptions.ActorDiedError: The actor is dead because its worker process has died.",
    "[2025-06-01 10:00:01,000 E 4242 4242] core_worker.cc:900: Actor with class name: 'MapWorker' failed to start",
    "has constructor arguments in the object store",  # the warning's words, not Ray's warning
    "(raylet) A worker died or was killed while executing a task by an unexpected system error.",
    "Tallinn: 3 PYTHON worker processes",
    "",
]


def fds() -> set[str]:
    """The open file descriptors, once what earlier tests left for the collector is closed: a
    descriptor of theirs closed during the block is not one of ours leaked (CI failed so at a70126b)."""
    gc.collect()
    return set(os.listdir("/proc/self/fd"))


def relays() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "aligner-ray-stderr"]


def test_the_noise_is_ray_known_false_alarms() -> None:
    assert len(NOISE) == 3
    for line in NOISY:
        assert sum(1 for pattern in NOISE if pattern.search(line)) == 1, line
    for line in KEPT:
        assert not any(pattern.search(line) for pattern in NOISE), line


def test_what_ray_prints_to_standard_output_goes_to_stderr_without_the_noise(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_ray():
        for line in [*KEPT[:3], *NOISY, *KEPT[3:]]:
            print(line)
    out, err = capfd.readouterr()
    assert out == ""
    assert err == "".join(f"{line}\n" for line in KEPT)


def test_a_line_is_judged_whole_however_it_was_written(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_ray():
        assert sys.stdout.writable()
        for piece in ["(raylet) WARNING: 6 PYTHON worker ", "processes have been started on node: 3f2a0c\nTra"]:
            assert sys.stdout.write(piece) == len(piece)
        sys.stdout.write("ceback (most recent call last):\nline one\nline two\n")
    out, err = capfd.readouterr()
    assert (out, err) == ("", "Traceback (most recent call last):\nline one\nline two\n")


def test_what_ray_core_writes_to_file_descriptor_2_is_filtered_to_the_end(capfd: pytest.CaptureFixture[str]) -> None:
    """Written just before the block ends, a line is still relayed; a last line without its newline too."""
    with quiet_ray():
        os.write(2, "".join(f"{line}\n" for line in [*NOISY, *KEPT]).encode())
        os.write(2, b"the last words, no newline")
    out, err = capfd.readouterr()
    assert out == ""
    assert err == "".join(f"{line}\n" for line in KEPT) + "the last words, no newline"


def test_python_stderr_keeps_the_terminal_unfiltered(capfd: pytest.CaptureFixture[str]) -> None:
    """The progress bar and warnings are aligner's own: nothing of them is taken for Ray's noise."""
    with quiet_ray():
        sys.stderr.write(f"{NOISY[1]}\nEmbedding 3/10")
    assert capfd.readouterr() == ("", f"{NOISY[1]}\nEmbedding 3/10")


def test_quiet_ray_restores_the_streams_the_descriptor_and_leaves_no_thread(
    capfd: pytest.CaptureFixture[str],
) -> None:
    stdout, stderr, where, open_fds = sys.stdout, sys.stderr, os.fstat(2), fds()
    with quiet_ray():
        assert sys.stdout is not stdout and sys.stderr is not stderr
        assert os.fstat(2).st_ino != where.st_ino  # the pipe to the filter
        assert len(relays()) == 1
    assert sys.stdout is stdout and sys.stderr is stderr
    assert (os.fstat(2).st_dev, os.fstat(2).st_ino) == (where.st_dev, where.st_ino)
    assert fds() <= open_fds and relays() == []  # none left open


def test_quiet_ray_restores_them_when_the_run_fails(capfd: pytest.CaptureFixture[str]) -> None:
    stdout, stderr, where, open_fds = sys.stdout, sys.stderr, os.fstat(2), fds()
    with pytest.raises(KeyboardInterrupt), quiet_ray():
        os.write(2, b"said before Ctrl-C\n")
        raise KeyboardInterrupt
    assert sys.stdout is stdout and sys.stderr is stderr and os.fstat(2).st_ino == where.st_ino
    assert fds() <= open_fds and relays() == []  # none left open
    print("after the run")
    assert capfd.readouterr() == ("after the run\n", "said before Ctrl-C\n")


def test_without_a_usable_stderr_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = open(os.devnull, "w")
    closed.close()
    monkeypatch.setattr(sys, "stderr", closed)
    stdout, where = sys.stdout, os.fstat(2)
    with quiet_ray():
        assert sys.stdout is stdout and sys.stderr is closed and os.fstat(2).st_ino == where.st_ino
        assert relays() == []


def test_without_file_descriptor_2_the_run_goes_on_unfiltered() -> None:
    code = (
        "import os, sys\n"
        "os.close(2)\n"
        "from aligner.batch.ray_logs import quiet_ray\n"
        "with quiet_ray():\n"
        "    print('inside')\n"
        "print('after')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (0, "inside\nafter\n")


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="bug: text Ray's driver writes to sys.stdout without a final newline is held back and dropped "
    "when quiet_ray ends (what reaches file descriptor 2 so is relayed)",
)
def test_a_last_line_without_its_newline_on_standard_output_is_not_lost(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_ray():
        sys.stdout.write("the last words, no newline")
    assert capfd.readouterr().err == "the last words, no newline"


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="bug: a process started during quiet_ray that outlives it by more than 5 s (and so holds the pipe) "
    "makes the relay thread write to the closed terminal: a traceback, and the process's last words lost",
)
def test_a_process_that_outlives_the_block_leaves_no_traceback() -> None:
    code = (
        "import subprocess, time\n"
        "from aligner.batch.ray_logs import quiet_ray\n"
        "with quiet_ray():\n"
        "    subprocess.Popen(['sh', '-c', 'sleep 5.5; echo late >&2'])\n"
        "time.sleep(1.5)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert "Exception in thread" not in run.stderr, run.stderr
