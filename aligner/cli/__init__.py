"""The command line: options in, a library call, results out, an exit code.

Every command turns its options into library values, calls the library inside
``reported()`` (``app.py``: the one place that turns an ``AlignerError`` or Ctrl-C into a
one-line message and an exit code), and prints the result. Nothing heavy is imported at
module level, so ``aligner --help`` stays fast and never imports torch or a model.

One module per command group, each registering its commands on ``app``: ``align.py``,
``review.py``, ``export.py`` (export and import), ``batch.py`` (batch and pair); the
options several commands share in ``options.py``, the progress bars in ``progress.py``.
"""

from __future__ import annotations

from aligner.cli.app import EXIT_CODES, ExitCode, app, exit_code, run

# isort: off
# The commands, in the order --help lists them: the one-article flow, then the archive.
from aligner.cli import align
from aligner.cli import review
from aligner.cli import export
from aligner.cli import batch

# isort: on

__all__ = ["EXIT_CODES", "ExitCode", "align", "app", "batch", "exit_code", "export", "review", "run"]
