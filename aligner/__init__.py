"""aligner: align a source text with its translation, sentence by sentence, and check it.

The public API; importing it loads no model and no heavy library.
"""

from __future__ import annotations

from aligner._version import __version__
from aligner.errors import AlignerError, BackendUnavailableError, ExportError, InputError
from aligner.model import Alignment, Bead, Document, Flag, Paragraph, Sentence, Side

__all__ = [
    "AlignerError",
    "Alignment",
    "BackendUnavailableError",
    "Bead",
    "Document",
    "ExportError",
    "Flag",
    "InputError",
    "Paragraph",
    "Sentence",
    "Side",
    "__version__",
    "align_files",
    "align_texts",
]


def align_texts(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Align two texts given as strings; see :func:`aligner.pipeline.align_texts`."""
    from aligner.pipeline import align_texts as run

    return run(*args, **kwargs)


def align_files(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Read and align two files; see :func:`aligner.pipeline.align_files`."""
    from aligner.pipeline import align_files as run

    return run(*args, **kwargs)
