"""The parts of a brief that each analysis bridge builds: sections made of readings, tables and figures.

A :class:`Section` answers one question: its plain-language ``reading``, its :class:`Table` objects, its JSON
``data`` (keyed by id) and its analysis's typed ``result`` (a frozen dataclass, which the renderers and figures
read). The bridges of :mod:`coalitionist.analyses` build them; :mod:`coalitionist.brief` collects them;
:mod:`coalitionist.report` draws the :class:`Figure` objects and renders everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalitionist.display import FigureReprMixin, FrameMixin, ReprMixin


@dataclass(frozen=True, repr=False)
class Table(ReprMixin, FrameMixin):
    """A small table: column headers and rows of already formatted cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    align: str = ""  # one letter per column: l (left) or r (right); default: numbers right

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
        }


@dataclass(frozen=True, repr=False)
class Figure(FigureReprMixin, ReprMixin):
    """A figure: an SVG drawn on the server (no scripts), with a title and a caption that reads it."""

    key: str
    title: str
    svg: str
    caption: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the SVG text included)."""
        return {"key": self.key, "title": self.title, "caption": self.caption, "svg": self.svg}


@dataclass(frozen=True, repr=False)
class Section(ReprMixin, FrameMixin):
    """One part of the brief: the question it answers, what it finds in words, and the numbers."""

    key: str
    title: str
    question: str = ""
    reading: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()
    #: The analysis's typed result (a frozen dataclass), which renderers and figures read; not in ``data``.
    result: Any = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "key": self.key,
            "title": self.title,
            "question": self.question,
            "reading": list(self.reading),
            "tables": [t.to_dict() for t in self.tables],
            "figures": [f.to_dict() for f in self.figures],
            "data": self.data,
        }


__all__ = ["Figure", "Section", "Table"]
