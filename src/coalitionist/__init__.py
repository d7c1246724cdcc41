"""coalitionist: negotiation and coalition-building analysis."""

from typing import Any

__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext coalitionist``: register the notebook views of every result (see
    :mod:`coalitionist.display`)."""
    import coalitionist.report.notebook  # noqa: F401
