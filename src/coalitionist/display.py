"""How result objects show themselves: a readable ``repr``, HTML in notebooks, ``to_frame()``.

This module is a registry at the bottom of the layers: the mixins call three
:func:`functools.singledispatch` functions (:func:`text_repr`, :func:`html_repr`, :func:`to_frame`), and the
report layer (:mod:`coalitionist.report.notebook`) registers the real views when it is imported. Until then a
result shows as ``<ClassName>``. Display is enabled by importing :mod:`coalitionist.report` (any renderer
does), or in IPython/Jupyter with ``%load_ext coalitionist``. Declare dataclasses with ``repr=False`` so the
mixin's ``__repr__`` is kept.
"""

from __future__ import annotations

from functools import singledispatch
from html import escape
from typing import Any

from coalitionist.errors import CoalitionistError

#: A :class:`pandas.DataFrame` (typed loosely: pandas is optional and ships no type stubs).
DataFrame = Any


class DisplayNotEnabledError(CoalitionistError):
    """A view was asked for before the report layer registered one (``import coalitionist.report``)."""

    exit_code = 2


@singledispatch
def text_repr(obj: Any) -> str:
    """The object's readable ``repr`` (registered by :mod:`coalitionist.report.notebook`)."""
    return f"<{type(obj).__name__}>"


@singledispatch
def html_repr(obj: Any) -> str:
    """The object's HTML view in a notebook (registered by :mod:`coalitionist.report.notebook`)."""
    return f"<pre>{escape(text_repr(obj))}</pre>"


@singledispatch
def to_frame(obj: Any) -> DataFrame:
    """The object's table as a data frame (registered by :mod:`coalitionist.report.notebook`)."""
    raise DisplayNotEnabledError(
        f"no table view of {type(obj).__name__} is registered: import coalitionist.report first"
    )


class ReprMixin:
    """A readable ``__repr__`` and a notebook ``_repr_html_``, from the registry."""

    __slots__ = ()

    def __repr__(self) -> str:
        return text_repr(self)

    def _repr_html_(self) -> str:
        return html_repr(self)


class FrameMixin:
    """``to_frame()``: the object's table as a :class:`pandas.DataFrame` (pandas is optional)."""

    __slots__ = ()

    def to_frame(self) -> DataFrame:
        """The object's table as a data frame (needs pandas: ``pip install 'coalitionist[pandas]'``)."""
        return to_frame(self)


class FigureReprMixin:
    """Figures show themselves in a notebook as SVG (and as HTML with their caption)."""

    __slots__ = ()

    def _repr_svg_(self) -> str:
        return str(getattr(self, "svg", ""))

    def _repr_html_(self) -> str:
        return html_repr(self)


__all__ = [
    "DataFrame",
    "DisplayNotEnabledError",
    "FigureReprMixin",
    "FrameMixin",
    "ReprMixin",
    "html_repr",
    "text_repr",
    "to_frame",
]
