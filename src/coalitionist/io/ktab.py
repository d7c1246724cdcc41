"""Reader for KTAB's SMP input CSV (KAPSARC Toolkit for Behavioral Analysis, ``smpc --csv FILE``).

The format (``examples/smp/doc/*.csv`` in KTAB; parsed there by ``SMPModel::csvRead`` in
``examples/smp/libsrc/smpread.cpp``)::

    ScenarioName,"Description",numActors,numDims,
    Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,...
    A1,First actor,102.5,75.79,49.53,6.37,5.91,...
    ...

Positions and saliences are on a 0..100 scale, and an actor's saliences sum to at most 100. Lines may
end with a trailing comma, fields may be padded with spaces or quoted, extra fields on the first line
are ignored, and blank lines are skipped. Every problem is reported as
:class:`~coalitionist.errors.InvalidInputError` with a ``file:line: field: problem`` message.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import InvalidInputError

__all__ = ["KtabData", "read_ktab_csv"]

FloatArray = NDArray[np.float64]

#: Largest capability KTAB accepts ("sanity check on upper limit of capability").
MAX_CAPABILITY = 1e8


@dataclass(frozen=True)
class KtabData:
    """Contents of a KTAB SMP CSV file, on KTAB's own scales.

    Attributes
    ----------
    scenario_name, description : str
        From the first line.
    actors, actor_descriptions : tuple of str
        Actor names (the ``Actor`` column, unique) and descriptions.
    capability : ndarray, shape (n,)
        The ``Power``/``Influence`` column.
    positions : ndarray, shape (n, d)
        Positions on 0..100.
    salience : ndarray, shape (n, d)
        Saliences on 0..100 (divide by 100 for :func:`coalitionist.forecast.smp.smp`).
    dimensions : tuple of str
        Dimension names: the headers of the position columns.
    path : str
        The file read.
    """

    scenario_name: str
    description: str
    actors: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    capability: FloatArray
    positions: FloatArray
    salience: FloatArray
    dimensions: tuple[str, ...]
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data."""
        return {
            "scenario_name": self.scenario_name,
            "description": self.description,
            "actors": list(self.actors),
            "actor_descriptions": list(self.actor_descriptions),
            "capability": [float(v) for v in self.capability],
            "positions": [[float(v) for v in row] for row in self.positions],
            "salience": [[float(v) for v in row] for row in self.salience],
            "dimensions": list(self.dimensions),
            "path": self.path,
        }


def _fields(line: str) -> list[str]:
    row = next(csv.reader([line], skipinitialspace=True), [])
    fields = [f.strip() for f in row]
    while fields and fields[-1] == "":
        fields.pop()
    return fields


def _number(where: str, field: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInputError(f"{where}: {field}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InvalidInputError(f"{where}: {field}: {text!r} is not a finite number")
    return value


def _count(where: str, field: str, text: str) -> int:
    value = _number(where, field, text)
    if value != int(value) or value < 1:
        raise InvalidInputError(f"{where}: {field}: {text!r} must be a positive whole number")
    return int(value)


def read_ktab_csv(path: str | PathLike[str]) -> KtabData:
    """Read a KTAB SMP CSV file.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    KtabData

    Raises
    ------
    InvalidInputError
        Unreadable file, wrong counts (actors or dimensions declared vs. present), a missing or non-numeric
        field, a negative or huge capability, a position or salience outside 0..100, an actor whose
        saliences sum to more than 100, or a duplicate actor name.
    """
    p = Path(path)
    name = str(path)
    from coalitionist.io.load import read_text

    text = read_text(p)  # size-bounded; UTF-8 or a UTF-16/32 byte-order mark; located refusals
    lines: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            fields = _fields(raw)
        except csv.Error as exc:
            raise InvalidInputError(
                f"{name}:{number}: not readable as CSV ({exc}); KTAB rows are short names and numbers"
            ) from None
        if fields:
            lines.append((number, fields))
    if not lines:
        raise InvalidInputError(f"{name}:1: file is empty")

    number, head = lines[0]
    where = f"{name}:{number}"
    if len(head) < 4:
        raise InvalidInputError(
            f"{where}: header: expected 'name, description, number of actors, number of dimensions', "
            f"got {len(head)} field(s)"
        )
    scenario_name, description = head[0], head[1]
    n = _count(where, "number of actors", head[2])
    d = _count(where, "number of dimensions", head[3])

    if len(lines) < 2:
        raise InvalidInputError(f"{where}: columns: the column-header line is missing")
    number, columns = lines[1]
    where = f"{name}:{number}"
    expected = 3 + 2 * d
    if len(columns) != expected:
        raise InvalidInputError(
            f"{where}: columns: expected {expected} column names (Actor, Description, Power and a "
            f"position and salience for each of {d} dimension(s)), got {len(columns)}"
        )
    dimensions = tuple(columns[3 + 2 * k] for k in range(d))
    if any(not dim for dim in dimensions):
        raise InvalidInputError(f"{where}: columns: a position column has no name")
    if len(set(dimensions)) != d:
        raise InvalidInputError(f"{where}: columns: dimension names repeat: {list(dimensions)}")

    rows = lines[2:]
    if len(rows) != n:
        last = rows[-1][0] if rows else number
        raise InvalidInputError(
            f"{name}:{last}: actors: the header declares {n} actor(s) but the file has {len(rows)} "
            "actor line(s)"
        )
    actors: list[str] = []
    descriptions: list[str] = []
    capability = np.empty(n)
    positions = np.empty((n, d))
    salience = np.empty((n, d))
    seen: dict[str, int] = {}
    for i, (number, fields) in enumerate(rows):
        where = f"{name}:{number}"
        if len(fields) != expected:
            raise InvalidInputError(
                f"{where}: actor line: expected {expected} fields, got {len(fields)}"
            )
        actor = fields[0]
        if not actor:
            raise InvalidInputError(f"{where}: Actor: the actor name is empty")
        if actor in seen:
            raise InvalidInputError(
                f"{where}: Actor: {actor!r} already appears on line {seen[actor]}"
            )
        seen[actor] = number
        actors.append(actor)
        descriptions.append(fields[1])
        cap = _number(where, f"{actor}: {columns[2]}", fields[2])
        if cap < 0 or cap > MAX_CAPABILITY:
            raise InvalidInputError(
                f"{where}: {actor}: {columns[2]}: {cap:g} must be within [0, {MAX_CAPABILITY:g}]"
            )
        capability[i] = cap
        for k in range(d):
            pos_col, sal_col = columns[3 + 2 * k], columns[4 + 2 * k]
            pos = _number(where, f"{actor}: {pos_col}", fields[3 + 2 * k])
            sal = _number(where, f"{actor}: {sal_col}", fields[4 + 2 * k])
            if not 0.0 <= pos <= 100.0:
                raise InvalidInputError(
                    f"{where}: {actor}: {pos_col}: {pos:g} must be within [0, 100]"
                )
            if not 0.0 <= sal <= 100.0:
                raise InvalidInputError(
                    f"{where}: {actor}: {sal_col}: {sal:g} must be within [0, 100]"
                )
            positions[i, k] = pos
            salience[i, k] = sal
        total = float(salience[i].sum())
        if total > 100.0 + 1e-9:
            raise InvalidInputError(
                f"{where}: {actor}: salience: the saliences sum to {total:g}, more than 100"
            )
    return KtabData(
        scenario_name=scenario_name,
        description=description,
        actors=tuple(actors),
        actor_descriptions=tuple(descriptions),
        capability=capability,
        positions=positions,
        salience=salience,
        dimensions=dimensions,
        path=name,
    )
