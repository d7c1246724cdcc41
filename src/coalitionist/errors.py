"""Domain exceptions.

Every error the library raises derives from :class:`CoalitionistError`. Each carries the exit status the
command line uses for it (modelled on Click's exceptions), so front-ends map errors to exit codes at their
edge only and library code never calls :func:`sys.exit`.
"""

from __future__ import annotations


class CoalitionistError(Exception):
    """Base class of every error raised by coalitionist."""

    exit_code: int = 1

    def format_message(self) -> str:
        """Return the message shown to a user (no traceback)."""
        return str(self)


class UsageError(CoalitionistError):
    """The user asked for something that cannot be done with the arguments given."""

    exit_code = 2


class InvalidInputError(CoalitionistError):
    """Input data (a file, a command-line value) is invalid; the message says where and why."""

    exit_code = 2


class AnalysisError(CoalitionistError):
    """An analysis could not be carried out on a valid scenario."""

    exit_code = 1
