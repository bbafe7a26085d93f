"""Progress bars on stderr for the long commands (``align``, ``batch``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ALIGN_STAGES = {"embed": "Embedding sentences", "align": "Aligning", "check": "Checking the translation"}
BATCH_STAGES = {"embed": "Sentences", "align": "Articles"}


@contextmanager
def progress_bars(
    enabled: bool, labels: dict[str, str], rates: dict[str, str] | None = None
) -> Iterator[Callable[[str, int, int], None] | None]:
    """Progress on stderr, when stderr is a terminal, one bar per stage (``labels``):
    a counted stage shows ``done/total``, its rate per minute where ``rates`` names its
    unit, and the time left;
    a single step (a total of 1: aligning, checking), whose length nothing predicts, a
    pulsing bar until it is done. The elapsed time throughout."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Count(ProgressColumn):
        """``done/total`` (and the rate) and the time left for a counted stage; nothing for a single step."""

        remaining = TimeRemainingColumn()

        def render(self, task: Task) -> Text:
            if task.total is None or task.total == 1:
                return Text("")
            unit = task.fields.get("unit", "")
            speed = f"{task.speed * 60:.0f} {unit}/min " if unit and task.speed else ""
            return Text(f"{int(task.completed)}/{int(task.total)} {speed}") + self.remaining.render(task)

    with Progress(
        SpinnerColumn(finished_text="✓"),
        TextColumn("{task.description}"),
        BarColumn(),
        Count(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                # A single step's bar pulses (no total) until it is done.
                total_shown = None if total == 1 else total
                unit = (rates or {}).get(stage, "")
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total_shown, unit=unit)
            bar.update(tasks[stage], completed=done, total=None if total == 1 and done < 1 else total)

        yield update
