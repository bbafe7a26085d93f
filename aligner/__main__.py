"""``python -m aligner``: the same as the ``aligner`` command."""

from aligner.cli import app

app(prog_name="aligner")
