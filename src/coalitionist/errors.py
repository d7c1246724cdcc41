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


class InvalidArgumentError(InvalidInputError, ValueError):
    """A value passed to a library function is outside its domain (a negative weight, a wrong shape).

    Also a :class:`ValueError`, the Python convention for such arguments, so callers that catch
    ``ValueError`` keep working; the command line maps it to exit status 2 like any invalid input.
    """


class AnalysisError(CoalitionistError):
    """An analysis could not be carried out on a valid scenario."""

    exit_code = 1


class UnsafeOutputError(CoalitionistError):
    """An output path was refused because writing there could lose something the user wrote.

    Raised before anything is written: the output is an input of the same run, an existing file without
    ``--force``, or not a regular file (a symbolic link, a FIFO, a device, a directory).
    """

    exit_code = 2


class Interrupted(BaseException):
    """The process got SIGINT or SIGTERM: unwind (so ``finally``/``except BaseException`` cleanup runs).

    A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that no ``except Exception`` swallows it
    and Click does not turn it into "Aborted!". ``exit_code`` is ``128 + signal number`` (130 for SIGINT,
    143 for SIGTERM), what a shell reports for a process killed by that signal.
    """

    def __init__(self, signum: int) -> None:
        import signal

        self.signum = signum
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__("interrupted" if name == "SIGINT" else f"terminated ({name})")


def install_signal_handlers() -> None:
    """Make SIGINT and SIGTERM raise :class:`Interrupted`, and a file-size limit an ``OSError``.

    Called first thing by the command line's ``main`` (never on import: a library leaves signals alone).
    SIGXFSZ is ignored so that writing past ``ulimit -f`` fails with ``EFBIG`` inside the atomic write
    (which then removes its temporary file) instead of killing the process.
    """
    import signal

    def _raise(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    signal.signal(signal.SIGINT, _raise)
    signal.signal(signal.SIGTERM, _raise)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
