"""The errors aligner raises: one base class, a few kinds a caller can tell apart."""

from __future__ import annotations


class AlignerError(Exception):
    """Base class of every error aligner reports to a user.

    ``path`` names the file concerned (or ``""``); ``str()`` of the error is the problem
    alone, so a front end can print ``error: <path>: <problem>``.
    """

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message

    def describe(self) -> str:
        """One line for a person: ``<path>: <problem>`` (or the problem alone)."""
        return f"{self.path}: {self.message}" if self.path else self.message


class UsageError(AlignerError):
    """What was asked for is incomplete or contradictory (a bundle with nowhere to go)."""


class InputError(AlignerError):
    """An input file is missing, unreadable, not UTF-8 text, or not of the expected form."""


class BackendUnavailableError(AlignerError):
    """The embedding backend asked for is not installed or cannot load its model."""


class ExportError(AlignerError):
    """An output could not be written."""


class ConflictError(ExportError):
    """An output holds a person's work the command cannot merge (beads corrected while it
    ran, a file it cannot read): it was left as it is."""


class AlignerWarning(UserWarning):
    """Something a user should know that does not stop the work (a damaged cache set
    aside, a text cut for the model). The library only warns (``warnings.warn``); the
    CLI prints each as one line, ``warning: <text>``."""
