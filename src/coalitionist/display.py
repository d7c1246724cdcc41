"""How result objects show themselves: a readable ``repr``, HTML in notebooks, ``to_frame()``.

The mixins import the renderers (:mod:`coalitionist.report.notebook`) when called, so any result class
can use them without import cycles. Declare dataclasses with ``repr=False`` so the mixin's ``__repr__``
is kept.
"""

from __future__ import annotations

from typing import Any

#: A :class:`pandas.DataFrame` (typed loosely: pandas is optional and ships no type stubs).
DataFrame = Any


class ReprMixin:
    """A readable ``__repr__`` and a notebook ``_repr_html_``."""

    __slots__ = ()

    def __repr__(self) -> str:
        from coalitionist.report.notebook import text_repr

        return text_repr(self)

    def _repr_html_(self) -> str:
        from coalitionist.report.notebook import html_repr

        return html_repr(self)


class FrameMixin:
    """``to_frame()``: the object's table as a :class:`pandas.DataFrame` (pandas is optional)."""

    __slots__ = ()

    def to_frame(self) -> DataFrame:
        """The object's table as a data frame (needs pandas: ``pip install 'coalitionist[pandas]'``)."""
        from coalitionist.report.notebook import to_frame

        return to_frame(self)


class FigureReprMixin:
    """Figures show themselves in a notebook as SVG (and as HTML with their caption)."""

    __slots__ = ()

    def _repr_svg_(self) -> str:
        return str(getattr(self, "svg", ""))

    def _repr_html_(self) -> str:
        from coalitionist.report.notebook import html_repr

        return html_repr(self)
