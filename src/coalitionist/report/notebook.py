"""Notebook display of briefs and results: a readable ``repr``, an HTML ``_repr_html_``, and ``to_frame()``.

Result objects are big (a forecast's default dataclass ``repr`` runs to 140,000 characters). This module gives
them a short, readable ``repr``, an HTML view that Jupyter shows as tables and figures, and a
:func:`to_frame` that turns tabular results into a :class:`pandas.DataFrame` (pandas is optional: without it
:func:`to_frame` raises :class:`PandasNotInstalledError`, which says how to install it).

Everything is plain functions of the objects, plus three mixins the classes can inherit
(:class:`ReprMixin`, :class:`FrameMixin`, :class:`FigureReprMixin`). A dataclass that inherits a ``__repr__``
must be declared with ``repr=False``, or the dataclass machinery writes its own over it.

Tabular shapes understood by :func:`tabulate` (by the keys of ``to_dict()``): the brief's
:class:`~coalitionist.brief.Table` and :class:`~coalitionist.brief.Section`; power results (``players``,
``indices``), forecasts (``dimensions``, ``history``, ``final``), joint-gain results (``pareto``,
``no_deal``), influence analyses (``ranking``, ``actors``), coalition analyses (``likely``) and recruitment
plans (``steps``, ``sequence``).
"""

from __future__ import annotations

import importlib
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from coalitionist import display
from coalitionist.display import FigureReprMixin, FrameMixin, ReprMixin
from coalitionist.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from coalitionist.brief import Brief, Figure, Section, Table

#: A :class:`pandas.DataFrame` (typed loosely: pandas is optional and ships no type stubs).
DataFrame = Any

#: Rows shown in a text or HTML view before "… n more rows".
MAX_ROWS = 30

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?%?$")


class PandasNotInstalledError(UsageError):
    """``to_frame()`` was called but pandas is not installed."""


class NotTabularError(UsageError):
    """The object has no tabular form."""


@dataclass(frozen=True)
class Tabular:
    """Rows and columns of plain values: the common form behind ``to_frame()`` and the HTML views."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    index: str | None = None
    caption: str = ""

    def records(self) -> list[dict[str, Any]]:
        """One dict per row."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


# ------------------------------------------------------------------------------------------------ cells


def parse_cell(text: str) -> float | None:
    """The number a formatted table cell shows (``"1,234"``, ``"0.25"``, ``"12%"``), or None for text.

    ``"—"`` and ``""`` (no value) are NaN.
    """
    t = text.strip()
    if t in ("", "—", "-", "–"):
        return math.nan
    if not _NUMBER.match(t) or not any(c.isdigit() for c in t):
        return None
    value = float(t.replace(",", "").rstrip("%"))
    return value / 100 if t.endswith("%") else value


def _numeric_columns(rows: Sequence[Sequence[str]], width: int) -> list[bool]:
    out = []
    for j in range(width):
        cells = [r[j] for r in rows if j < len(r)]
        parsed = [parse_cell(c) for c in cells]
        out.append(
            bool(cells)
            and all(p is not None for p in parsed)
            and any(p is not None and not math.isnan(p) for p in parsed)
        )
    return out


def table_tabular(table: Table) -> Tabular:
    """A brief table with its numeric columns (every cell a number or blank) turned into floats."""
    width = len(table.columns)
    numeric = _numeric_columns(table.rows, width)
    rows = []
    for r in table.rows:
        rows.append(
            tuple(
                parse_cell(c) if numeric[j] else c
                for j, c in enumerate(list(r) + [""] * (width - len(r)))
            )
        )
    return Tabular(tuple(table.columns), tuple(rows), None, table.caption)


# ---------------------------------------------------------------------------------- results as tables


def _f(x: Any) -> Any:
    if x is None:
        return math.nan
    if isinstance(x, bool | str):
        return x
    if isinstance(x, int | float):
        return float(x) if isinstance(x, float) else x
    return x


def _power(d: Mapping[str, Any]) -> Tabular:
    players = list(d["players"])
    indices = {k: v for k, v in (d.get("indices") or {}).items() if v is not None}
    swings = d.get("swings") or {}
    veto = set(d.get("veto_players") or [])
    dummies = set(d.get("dummies") or [])
    columns = ("actor", *indices, "swings", "veto", "dummy")
    rows = tuple(
        (
            p,
            *(_f(indices[k].get(p)) for k in indices),
            _f(swings.get(p)),
            p in veto,
            p in dummies,
        )
        for p in players
    )
    return Tabular(columns, rows, "actor", f"Voting power ({d.get('method', '')})")


def _forecast(d: Mapping[str, Any]) -> Tabular:
    dims = list(d.get("dimensions") or [])
    history = d.get("history") or []
    final = (d.get("final") or {}).get("positions") or {}
    first = (history[0].get("positions") if history else None) or final
    wins = (d.get("final") or {}).get("win_probabilities") or {}
    actors = list(d.get("actors") or final)
    columns = ["actor"]
    for k in dims:
        columns += [f"{k} initial", f"{k} final"]
    if wins:
        columns.append("win probability")
    rows = []
    for a in actors:
        row: list[Any] = [a]
        for j in range(len(dims)):
            start = first.get(a)
            end = final.get(a)
            row += [
                _f(start[j]) if start is not None else math.nan,
                _f(end[j]) if end is not None else math.nan,
            ]
        if wins:
            row.append(_f(wins.get(a)))
        rows.append(tuple(row))
    return Tabular(
        tuple(columns), tuple(rows), "actor", f"Positions, {d.get('model', '')} forecast"
    )


def _trades(d: Mapping[str, Any]) -> Tabular:
    issues = list(d.get("issues") or [])
    actors = list(d.get("actors") or [])
    columns = ("package", *issues, *(f"utility {a}" for a in actors), "acceptable")
    rows = []
    for n, pkg in enumerate(d.get("pareto") or [], start=1):
        package = pkg.get("package") or {}
        utilities = pkg.get("utilities") or {}
        rows.append(
            (
                n,
                *(_f(package.get(k)) for k in issues),
                *(_f(utilities.get(a)) for a in actors),
                bool(pkg.get("acceptable")),
            )
        )
    return Tabular(columns, tuple(rows), "package", "Pareto-efficient packages")


def _influence(d: Mapping[str, Any]) -> Tabular:
    actors = d.get("actors") or {}
    order = [a for a in d.get("ranking") or actors if a in actors]
    parts = sorted({p for row in actors.values() for p in (row.get("parts") or {})})
    columns = ("actor", "rank", "score", "main source", *parts)
    rows = tuple(
        (
            a,
            _f(actors[a].get("rank")),
            _f(actors[a].get("score")),
            actors[a].get("main_source") or "",
            *(_f((actors[a].get("parts") or {}).get(p)) for p in parts),
        )
        for a in order
    )
    return Tabular(columns, rows, "actor", "Influence")


def _coalitions(d: Mapping[str, Any]) -> Tabular:
    columns = ("coalition", "members", "size", "score", "cohesion", "connected", "includes focal")
    rows = tuple(
        (
            n,
            ", ".join(c.get("members") or []),
            len(c.get("members") or []),
            _f(c.get("score")),
            _f(c.get("cohesion")),
            _f(c.get("connected")),
            _f(c.get("includes_focal")),
        )
        for n, c in enumerate(d.get("likely") or [], start=1)
    )
    return Tabular(columns, rows, "coalition", "Likely coalitions")


def _plan(d: Mapping[str, Any]) -> Tabular:
    columns = (
        "step",
        "actor",
        "p",
        "value",
        "cost",
        "failure cost",
        "reaches goal",
        "if refused",
        "why",
    )
    rows = tuple(
        (
            _f(s.get("position")),
            s.get("actor"),
            _f(s.get("p")),
            _f(s.get("value")),
            _f(s.get("cost")),
            _f(s.get("failure_cost")),
            bool(s.get("reaches_goal")),
            s.get("on_refuse") or "",
            s.get("why") or "",
        )
        for s in d.get("steps") or []
    )
    return Tabular(columns, rows, "step", f"Recruitment plan ({d.get('method', '')})")


def _robustness(d: Mapping[str, Any]) -> Tabular:
    columns = ("conclusion", "text", "holds", "robust", "driven by", "first-order Sobol")
    rows = tuple(
        (
            c.get("id"),
            c.get("text"),
            _f(c.get("holds")),
            bool(c.get("robust")),
            ", ".join(x.get("label", "") for x in c.get("drivers") or []),
            _f((c.get("drivers") or [{}])[0].get("first_order")),
        )
        for c in d.get("conclusions") or []
    )
    return Tabular(
        columns, rows, "conclusion", f"The brief's conclusions over {d.get('draws')} draws"
    )


_SHAPES: tuple[tuple[tuple[str, ...], Any], ...] = (
    (("players", "indices"), _power),
    (("dimensions", "history", "final"), _forecast),
    (("pareto", "no_deal"), _trades),
    (("ranking", "actors"), _influence),
    (("likely",), _coalitions),
    (("steps", "sequence"), _plan),
    (("conclusions", "robust_share"), _robustness),
)


def tabulate(obj: Any) -> Tabular:
    """The tabular form of a brief table or section, or of a result object (by its ``to_dict()`` keys).

    Raises
    ------
    NotTabularError
        When the object has no tabular form (a brief has several tables: use :func:`brief_frames`).
    """
    from coalitionist.brief import Brief, Section, Table

    if isinstance(obj, Table):
        return table_tabular(obj)
    if isinstance(obj, Section):
        if not obj.tables:
            raise NotTabularError(f"section '{obj.key}' has no table")
        return table_tabular(obj.tables[0])
    if isinstance(obj, Brief):
        raise NotTabularError("a brief has many tables: use brief_frames(brief)")
    to_dict = getattr(obj, "to_dict", None)
    data = to_dict() if callable(to_dict) else obj
    if isinstance(data, Mapping):
        for keys, build in _SHAPES:
            if all(k in data for k in keys):
                result: Tabular = build(data)
                return result
    raise NotTabularError(f"{type(obj).__name__} has no tabular form")


# --------------------------------------------------------------------------------------------- pandas


def _pandas() -> Any:
    try:
        pandas = importlib.import_module("pandas")
    except ImportError:
        raise PandasNotInstalledError(
            "to_frame() needs pandas, an optional dependency: pip install 'coalitionist[pandas]'"
        ) from None
    return pandas


def to_frame(obj: Any) -> DataFrame:
    """A :class:`pandas.DataFrame` of a tabular result (see :func:`tabulate`), indexed by its natural key
    (actor, package, step…) when it has one.

    Raises
    ------
    PandasNotInstalledError
        Without pandas (``pip install 'coalitionist[pandas]'``).
    NotTabularError
        When the object has no tabular form.
    """
    pandas = _pandas()
    tab = tabulate(obj)
    frame = pandas.DataFrame.from_records(list(tab.rows), columns=list(tab.columns))
    if tab.index is not None and tab.index in frame.columns:
        frame = frame.set_index(tab.index)
    if tab.caption:
        frame.attrs["caption"] = tab.caption
    return frame


def section_frames(section: Section) -> dict[str, DataFrame]:
    """Every table of a section as a data frame, keyed by caption (or ``table 1``, ``table 2``…)."""
    pandas = _pandas()
    out = {}
    for n, table in enumerate(section.tables, start=1):
        tab = table_tabular(table)
        key = table.caption or f"table {n}"
        out[key] = pandas.DataFrame.from_records(list(tab.rows), columns=list(tab.columns))
    return out


def brief_frames(brief: Brief) -> dict[str, dict[str, DataFrame]]:
    """Every table of a brief as data frames: ``{section key: {caption: frame}}``."""
    return {s.key: section_frames(s) for s in brief.sections if s.tables}


# ----------------------------------------------------------------------------------------- text repr


def _cell_text(x: Any) -> str:
    if isinstance(x, bool):
        return "yes" if x else ""
    if isinstance(x, float):
        if math.isnan(x):
            return "—"
        if x.is_integer() and abs(x) < 1e15:
            return f"{int(x):,}"
        return f"{x:.4g}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def text_table(tab: Tabular, max_rows: int = MAX_ROWS, max_width: int = 40) -> str:
    """A plain-text table (columns padded, long cells shortened), at most ``max_rows`` rows."""
    header = list(tab.columns)
    body = [[_cell_text(c) for c in row] for row in tab.rows[:max_rows]]
    body = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in body]
    widths = [max([len(h), *(len(r[j]) for r in body)]) for j, h in enumerate(header)]
    numeric = [
        all(isinstance(row[j], int | float) and not isinstance(row[j], bool) for row in tab.rows)
        and bool(tab.rows)
        for j in range(len(header))
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if numeric[j] else c.ljust(w)
            for j, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [line(header), line(["-" * w for w in widths])]
    lines += [line(r) for r in body]
    if len(tab.rows) > max_rows:
        lines.append(f"… {len(tab.rows) - max_rows} more rows")
    return "\n".join(lines)


def figure_repr(figure: Figure) -> str:
    """``<Figure influence_map: Influence map (85 kB SVG)>``."""
    return f"<Figure {figure.key}: {figure.title} ({len(figure.svg) / 1000:.0f} kB SVG)>"


def section_repr(section: Section) -> str:
    """A section's title, question, readings, and its tables and figures by name."""
    lines = [f"<Section {section.key}: {section.title}>"]
    if section.question:
        lines.append(f"  {section.question}")
    lines += [f"  - {r}" for r in section.reading]
    for t in section.tables:
        lines.append(f"  table: {t.caption or 'untitled'} ({len(t.rows)} rows)")
    for f in section.figures:
        lines.append(f"  figure: {f.title}")
    return "\n".join(lines)


#: The longest a summary line may be in a brief's plain-text repr (longer ones end in " …").
SUMMARY_LINE = 240


def brief_repr(brief: Brief) -> str:
    """The brief's title, summary and the list of its sections, in a few lines."""
    lines = [
        f"<Brief: {brief.title}"
        + (f" (focal: {brief.focal_name or brief.focal})>" if brief.focal else ">")
    ]
    # a repr is a glance: each summary line clipped at a word (the brief's own summary is untouched)
    lines += [f"  - {textwrap.shorten(s, SUMMARY_LINE, placeholder=' …')}" for s in brief.summary]
    for s in brief.sections:
        parts = []
        if s.tables:
            parts.append(f"{len(s.tables)} table{'s' if len(s.tables) != 1 else ''}")
        if s.figures:
            parts.append(f"{len(s.figures)} figure{'s' if len(s.figures) != 1 else ''}")
        lines.append(f"  [{s.key}] {s.title}" + (f" ({', '.join(parts)})" if parts else ""))
    return "\n".join(lines)


def text_repr(obj: Any) -> str:
    """A readable ``repr`` of a brief, section, table, figure or tabular result."""
    from coalitionist.brief import Brief, Figure, Section, Table

    if isinstance(obj, Brief):
        return brief_repr(obj)
    if isinstance(obj, Section):
        return section_repr(obj)
    if isinstance(obj, Figure):
        return figure_repr(obj)
    if isinstance(obj, Table):
        return f"<Table: {obj.caption or 'untitled'}>\n" + text_table(table_tabular(obj))
    try:
        tab = tabulate(obj)
    except NotTabularError:
        return f"<{type(obj).__name__}>"
    head = f"<{type(obj).__name__}: {tab.caption}, {len(tab.rows)} rows>"
    return head + "\n" + text_table(tab, max_rows=10)


# ----------------------------------------------------------------------------------------- HTML repr

#: CSS for the notebook views, scoped to ``.coalitionist`` so that it leaves the notebook alone.
NOTEBOOK_CSS = """
.coalitionist { font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.4; max-width: 60rem; }
.coalitionist h3 { margin: 1rem 0 .3rem; font-size: 1.15rem; }
.coalitionist h4 { margin: 1rem 0 .3rem; font-size: 1rem; border-bottom: 1px solid #d0d7de; }
.coalitionist .question { color: #57606a; font-style: italic; margin: .2rem 0; }
.coalitionist table { border-collapse: collapse; margin: .5rem 0; font-size: .85rem; }
.coalitionist caption { text-align: left; font-weight: bold; }
.coalitionist th, .coalitionist td { border-bottom: 1px solid #d0d7de; padding: .2rem .5rem;
  text-align: left; vertical-align: top; }
.coalitionist td.r, .coalitionist th.r { text-align: right; font-variant-numeric: tabular-nums; }
.coalitionist figure { margin: .8rem 0; }
.coalitionist figure svg { max-width: 100%; height: auto; }
.coalitionist figcaption { color: #57606a; font-size: .85rem; }
.coalitionist .summary { background: #f6f8fa; border-left: 4px solid #0b5cad; padding: .4rem .8rem; }
""".strip()


def _style() -> str:
    return f"<style>{NOTEBOOK_CSS}</style>"


def tabular_html(tab: Tabular, max_rows: int = MAX_ROWS) -> str:
    """An HTML table (numbers right-aligned), at most ``max_rows`` rows."""
    numeric = [
        bool(tab.rows)
        and all(isinstance(r[j], int | float) and not isinstance(r[j], bool) for r in tab.rows)
        for j in range(len(tab.columns))
    ]
    cls = [' class="r"' if n else "" for n in numeric]
    out = ["<table>"]
    if tab.caption:
        out.append(f"<caption>{escape(tab.caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f"<th{cls[j]}>{escape(c)}</th>" for j, c in enumerate(tab.columns))
        + "</tr></thead><tbody>"
    )
    for row in tab.rows[:max_rows]:
        out.append(
            "<tr>"
            + "".join(f"<td{cls[j]}>{escape(_cell_text(c))}</td>" for j, c in enumerate(row))
            + "</tr>"
        )
    if len(tab.rows) > max_rows:
        out.append(
            f'<tr><td colspan="{len(tab.columns)}">… {len(tab.rows) - max_rows} more rows</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def table_html(table: Table) -> str:
    """A brief table as HTML (cells as formatted; alignment from the table's ``align``)."""
    align = table.align or ""
    cls = [' class="r"' if align[j : j + 1] == "r" else "" for j in range(len(table.columns))]
    out = ["<table>"]
    if table.caption:
        out.append(f"<caption>{escape(table.caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f"<th{cls[j]}>{escape(c)}</th>" for j, c in enumerate(table.columns))
        + "</tr></thead><tbody>"
    )
    for row in table.rows:
        out.append(
            "<tr>" + "".join(f"<td{cls[j]}>{escape(c)}</td>" for j, c in enumerate(row)) + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def figure_html(figure: Figure) -> str:
    """A figure: its inline SVG and a caption."""
    return (
        f'<figure id="fig-{escape(figure.key)}">{figure.svg}'
        f"<figcaption><strong>{escape(figure.title)}.</strong> {escape(figure.caption)}"
        "</figcaption></figure>"
    )


def section_html(section: Section, level: int = 4) -> str:
    """A section: title, question, readings, figures and tables."""
    out = [f"<h{level}>{escape(section.title)}</h{level}>"]
    if section.question:
        out.append(f'<p class="question">{escape(section.question)}</p>')
    out += [f"<p>{escape(r)}</p>" for r in section.reading]
    out += [figure_html(f) for f in section.figures]
    out += [table_html(t) for t in section.tables]
    return "".join(out)


def brief_repr_html(brief: Brief) -> str:
    """The whole brief as an HTML fragment for a notebook (scoped CSS, inline SVG, no scripts)."""
    out = [f'<div class="coalitionist">{_style()}<h3>{escape(brief.title)}</h3>']
    if brief.focal:
        who = brief.focal_name or brief.focal
        out.append(f'<p class="question">Coalition-building brief for {escape(who)}</p>')
    if brief.summary:
        out.append(
            '<div class="summary"><ul>'
            + "".join(f"<li>{escape(s)}</li>" for s in brief.summary)
            + "</ul></div>"
        )
    out += [section_html(s) for s in brief.sections]
    out.append("</div>")
    return "".join(out)


def html_repr(obj: Any) -> str:
    """The HTML view of a brief, section, table, figure or tabular result (see :func:`tabulate`)."""
    from coalitionist.brief import Brief, Figure, Section, Table

    if isinstance(obj, Brief):
        return brief_repr_html(obj)
    if isinstance(obj, Section):
        body = section_html(obj)
    elif isinstance(obj, Figure):
        body = figure_html(obj)
    elif isinstance(obj, Table):
        body = table_html(obj)
    else:
        try:
            body = tabular_html(tabulate(obj))
        except NotTabularError:
            body = f"<pre>{escape(text_repr(obj))}</pre>"
        body = f"<p><strong>{escape(type(obj).__name__)}</strong></p>" + body
    return f'<div class="coalitionist">{_style()}{body}</div>'


# ------------------------------------------------------------------------------------------ registry

# The report layer fills the display registry of :mod:`coalitionist.display`: every result's ``repr``,
# ``_repr_html_`` and ``to_frame()`` come from here once this module is imported.
display.text_repr.register(object, text_repr)
display.html_repr.register(object, html_repr)
display.to_frame.register(object, to_frame)


__all__ = [
    "MAX_ROWS",
    "NOTEBOOK_CSS",
    "FigureReprMixin",
    "FrameMixin",
    "NotTabularError",
    "PandasNotInstalledError",
    "ReprMixin",
    "Tabular",
    "brief_frames",
    "brief_repr",
    "brief_repr_html",
    "figure_html",
    "figure_repr",
    "html_repr",
    "parse_cell",
    "section_frames",
    "section_html",
    "section_repr",
    "table_html",
    "table_tabular",
    "tabular_html",
    "tabulate",
    "text_repr",
    "text_table",
    "to_frame",
]
