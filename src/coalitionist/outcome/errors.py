"""Errors of the outcome engine, named after what went wrong."""

from __future__ import annotations

from coalitionist.errors import InvalidInputError


class InvalidVoteInputError(InvalidInputError):
    """The arrays given to the vote model do not fit together (shapes, ranges, an unknown loss)."""


class InvalidProposalError(InvalidInputError):
    """A proposal names an unknown issue or a value outside the issue's scale."""


class InvalidVoteProfileError(InvalidInputError):
    """A vote profile has the wrong shape or a code other than yes (1), abstain (0) and no (−1)."""
