"""Import an uploaded file into a scenario and export a revision, through ``coalitionist.io``.

Imports go through the library's readers (``load_scenario`` for YAML/JSON/KTAB CSV, ``import_register`` for
stakeholder registers), so an upload gets the same located messages as the command line. Exports: the
scenario file (YAML/JSON, ``dump_scenario``), a stakeholder register (CSV of actors, or XLSX with an
*Actors* and a *Ties* sheet, in the columns ``coalitionist import`` reads back; positions and saliences of
the first issue on 0–100; the rows come from :func:`coalitionist.io.register.register_rows`, the one code
path the library's register export has, so attributes and imported note columns come back too; text cells
are formula-guarded here, as the writer's job) and KTAB's SMP CSV (positions rescaled to 0–100; an actor's saliences scaled
down to sum to 100 when they sum to more, as KTAB requires).
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from coalitionist.io import dump_scenario, load_scenario
from coalitionist.io.register import import_register, register_rows
from coalitionist.io.safe_text import spreadsheet_safe
from coalitionist.scenario.errors import Problem, ScenarioValidationError
from coalitionist.scenario.model import Scenario

IMPORT_FORMATS = ("auto", "yaml", "json", "register", "ktab")
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "yaml": ("application/yaml", "yaml"),
    "json": ("application/json", "json"),
    "register-csv": ("text/csv", "register.csv"),
    "ties-csv": ("text/csv", "ties.csv"),
    "register-xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "register.xlsx",
    ),
    "ktab-csv": ("text/csv", "ktab.csv"),
}


def _suffix(filename: str, fmt: str) -> str:
    ext = Path(filename).suffix.lower()
    if fmt == "yaml":
        return ".yaml"
    if fmt == "json":
        return ".json"
    if fmt == "ktab":
        return ".csv"
    if fmt == "register":
        return ".xlsx" if ext in (".xlsx", ".xlsm") else ".csv"
    return ext if ext in (".yaml", ".yml", ".json", ".csv", ".xlsx", ".xlsm", ".tsv") else ".yaml"


def import_upload(filename: str, content: bytes, fmt: str = "auto") -> Scenario:
    """The scenario in an uploaded file (``fmt``: auto, yaml, json, register or ktab).

    ``auto`` goes by the extension; a ``.csv`` is read as KTAB's SMP format when its first line says so
    (name, description, actor and dimension counts), else as a register.
    """
    if fmt not in IMPORT_FORMATS:
        raise ScenarioValidationError([Problem((), f"unknown format '{fmt}'", filename)])
    suffix = _suffix(filename, fmt)
    shown = Path(filename).name or "upload"
    with tempfile.TemporaryDirectory(prefix="coalitionist-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            if fmt == "register" or (fmt == "auto" and suffix in (".xlsx", ".xlsm", ".tsv")):
                return import_register(path, title=Path(shown).stem or None)
            if fmt == "auto" and suffix == ".csv" and not _looks_ktab(content):
                return import_register(path, title=Path(shown).stem or None)
            return load_scenario(path)
        except ScenarioValidationError as exc:
            raise ScenarioValidationError(
                [p.located(shown, p.line, p.column) for p in exc.problems]
            ) from None
        except Exception as exc:
            from coalitionist.errors import CoalitionistError

            if isinstance(exc, CoalitionistError):
                raise ScenarioValidationError(
                    [Problem((), exc.format_message().replace(str(path), shown), shown)]
                ) from None
            raise


def _looks_ktab(content: bytes) -> bool:
    first = content.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    fields = [f.strip().strip('"') for f in next(csv.reader([first]), [])]
    return len(fields) >= 4 and fields[2].isdigit() and fields[3].isdigit()


def _tie_rows(s: Scenario) -> list[list[str | float]]:
    rows: list[list[str | float]] = [["From", "To", "Type", "Weight", "Sign", "Note"]]
    names = {a.id: a.label for a in s.actors}
    for t in s.relationships:
        w = t.weight if isinstance(t.weight, int | float) else str(t.weight)
        rows.append(
            [
                names[t.source],
                names[t.target],
                t.type.replace("_", " "),
                w,
                t.effective_sign,
                t.note,
            ]
        )
    return rows


def _safe(cell: Any) -> Any:
    """A text cell a spreadsheet shows as text (``=…`` would be a formula, in XLSX too via openpyxl)."""
    return spreadsheet_safe(cell) if isinstance(cell, str) else cell


def _xml_safe(cell: Any) -> Any:
    """:func:`_safe`, and the control characters XML cannot hold shown as ``\\xNN`` (else openpyxl raises)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(cell, str):
        cell = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", cell)
    return _safe(cell)


def _csv(rows: list[list[str | float]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    # Text cells are formula-guarded (OWASP CSV injection; io.safe_text.spreadsheet_safe).
    for r in rows:
        w.writerow([f"{c:g}" if isinstance(c, float) else _safe(c) for c in r])
    return buf.getvalue().encode("utf-8")


def _ktab(s: Scenario) -> bytes:
    arr = s.arrays
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([s.title, s.description.replace("\n", " "), len(s.actors), len(s.issues)])
    head = ["Actor", "Description", "Power"]
    for issue in s.issues:
        head += [issue.label, f"Sal {issue.label}"]
    w.writerow(head)
    for i, a in enumerate(s.actors):
        row: list[str] = [
            a.label,
            a.description.replace("\n", " "),
            f"{float(arr.capability[i]):g}",
        ]
        # KTAB reads saliences as shares of one actor's attention (at most 100 in all): scale down if needed
        total = float(arr.salience[i].sum())
        share = 100 / total if total > 1 else 100.0
        for k, issue in enumerate(s.issues):
            lo, hi = issue.scale
            row.append(f"{100 * (float(arr.positions[i, k]) - lo) / (hi - lo):.6g}")
            row.append(f"{math.floor(1e5 * min(100.0, share * float(arr.salience[i, k]))) / 1e5:g}")
        w.writerow(row)
    return buf.getvalue().encode("utf-8")


def _xlsx(s: Scenario) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Actors"
    for r in register_rows(s):
        ws.append([_xml_safe(c) for c in r])
    ties = wb.create_sheet("Ties")
    for r in _tie_rows(s):
        ties.append([_xml_safe(c) for c in r])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "register.xlsx")
        wb.save(path)
        return Path(path).read_bytes()


def export(s: Scenario, fmt: str) -> bytes:
    """The scenario in export format ``fmt`` (a key of :data:`EXPORT_FORMATS`)."""
    if fmt == "yaml":
        return dump_scenario(s, "yaml").encode("utf-8")
    if fmt == "json":
        return dump_scenario(s, "json").encode("utf-8")
    if fmt == "register-csv":
        return _csv(register_rows(s))
    if fmt == "ties-csv":
        return _csv(_tie_rows(s))
    if fmt == "register-xlsx":
        return _xlsx(s)
    if fmt == "ktab-csv":
        return _ktab(s)
    raise KeyError(fmt)
