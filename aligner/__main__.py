"""``python -m aligner``: the same as the ``aligner`` command."""

from aligner.cli import run

run(prog_name="aligner")
