"""Import a stakeholder register (CSV or XLSX) into a scenario.

Registers as kept by project managers (PMBOK's stakeholder register, the power–interest grid) and in mapping
tools such as Kumu: one row per stakeholder with columns like Name, Influence/Power, Interest, Position or
Attitude, Salience, Tags/Group, Role; and optionally a second sheet (XLSX) or file (CSV) of ties with columns
From, To, Type, Weight. Header spellings are matched loosely (case, spaces and punctuation ignored, common
synonyms accepted) and cells may hold numbers or ordinal words.

Mapping (documented in ``docs/scenario-format.md``):

* the register becomes one issue, ``proposal`` (0 = no change, the status quo; 100 = full adoption);
* Position/Attitude: words (``oppose``, ``resistant``, ``neutral``, ``supportive``, ``leading``, …) or numbers on
  −2…2, −1…1, 1…5, 0…10 or 0…100, mapped to 0…100;
* Interest/Salience: words (``low``/``medium``/``high``) or numbers on 1…5, 0…10 or 0…100, mapped to 0…1;
* Influence/Power: words mapped to 25/50/75, numbers kept as given (any positive scale).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coalitionist.io.load import read_text, regular_file_size, scenario_from_data
from coalitionist.io.safe_text import spreadsheet_unquote
from coalitionist.scenario.errors import Problem, ScenarioValidationError
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.validate import CONTROL
from coalitionist.scenario.values import BUILTIN_LEVELS, normalise_word

_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "key", "code", "shortname"),
    "name": (
        "name",
        "stakeholder",
        "stakeholdername",
        "actor",
        "label",
        "party",
        "person",
        "organisation",
        "organization",
    ),
    "capability": (
        "influence",
        "power",
        "capability",
        "clout",
        "resources",
        "powerinfluence",
        "influencepower",
    ),
    "salience": ("interest", "salience", "importance", "priority", "stake", "concern"),
    "position": ("position", "attitude", "stance", "support", "supportlevel"),
    "engagement": ("currentengagement", "engagement", "current", "currentlevel"),
    "tags": ("tags", "tag", "group", "groups", "category", "categories", "type", "segment"),
    "description": (
        "description",
        "role",
        "title",
        "titlerole",
        "roletitle",
        "jobtitle",
        "function",
    ),
    "note": ("note", "notes", "comments", "comment", "remarks"),
    "votes": ("votes", "vote", "votingweight"),
    "veto": ("veto", "vetoright", "canveto"),
}
_TIE_HEADERS: dict[str, tuple[str, ...]] = {
    "source": ("from", "source", "fromname", "fromstakeholder"),
    "target": ("to", "target", "toname", "tostakeholder"),
    "type": ("type", "relationship", "relation", "kind", "tietype", "connectiontype"),
    "weight": ("weight", "strength", "intensity"),
    "sign": ("sign", "valence", "polarity"),
}

#: Attitude words → position on 0…100 (PMBOK engagement levels and common synonyms).
ATTITUDES: dict[str, float] = {
    "strongly oppose": 0,
    "oppose": 0,
    "opposed": 0,
    "opponent": 0,
    "against": 0,
    "blocker": 0,
    "resistant": 10,
    "hostile": 0,
    "negative": 20,
    "sceptical": 30,
    "skeptical": 30,
    "lean against": 25,
    "unaware": 50,
    "neutral": 50,
    "undecided": 50,
    "unknown": 50,
    "lean for": 75,
    "positive": 75,
    "supportive": 80,
    "supporter": 80,
    "support": 100,
    "for": 100,
    "champion": 100,
    "leading": 100,
    "advocate": 100,
    "strongly support": 100,
}
_TIE_TYPES = {
    "alliance": "alliance",
    "ally": "alliance",
    "allies": "alliance",
    "friend": "alliance",
    "partner": "alliance",
    "rivalry": "rivalry",
    "rival": "rivalry",
    "enemy": "rivalry",
    "conflict": "rivalry",
    "opponent": "rivalry",
    "influence": "influence",
    "influences": "influence",
    "advises": "influence",
    "advice": "influence",
    "dependency": "dependency",
    "depends on": "dependency",
    "dependent": "dependency",
    "history": "history",
    "hierarchy": "hierarchy",
    "reports to": "hierarchy",
    "manages": "hierarchy",
    "boss": "hierarchy",
    "funds": "funds",
    "funding": "funds",
    "donor": "funds",
    "member of": "member_of",
    "member": "member_of",
}


def _key(header: str) -> str:
    """Loose header key: case, spaces, punctuation and bracketed notes (``Influence (1-5)``) ignored."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\(.*?\)|\[.*?\]", "", header.lower()))


_RANGE = re.compile(
    r"[(\[]\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|—|\.\.\.?|…|to)\s*(-?\d+(?:\.\d+)?)\s*[)\]]"
)


def header_range(header: str) -> tuple[float, float] | None:
    """The scale a header states, as in ``Influence (1-5)`` or ``Position [0..100]``; else ``None``.

    >>> header_range("Influence (1-5)"), header_range("Position [0..100]"), header_range("Name")
    ((1.0, 5.0), (0.0, 100.0), None)
    """
    m = _RANGE.search(header)
    if not m:
        return None
    lo, hi = float(m.group(1)), float(m.group(2))
    return (lo, hi) if hi > lo else None


def _match_headers(headers: Sequence[str], table: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column of each field: the header earliest in the field's spellings, then the leftmost (so
    ``Tags`` is the tags column even when a ``Type`` column comes first; ``Type`` is then kept as an
    extra column)."""
    best: dict[str, tuple[int, int]] = {}
    for col, header in enumerate(headers):
        k = _key(str(header or ""))
        for field, spellings in table.items():
            if k in spellings:
                rank = (spellings.index(k), col)
                if field not in best or rank < best[field]:
                    best[field] = rank
    return {field: col for field, (_, col) in best.items()}


def slug(text: str) -> str:
    """An id from a display name: ``"Ministry of Finance"`` → ``ministry_of_finance``."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return s or "actor"


def _number(cell: Any) -> float | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def _rescale(values: list[float], target_hi: float, signed_ok: bool) -> tuple[float, float]:
    """Guess the scale a column of numbers uses; return (lo, hi) of that scale."""
    lo, hi = min(values), max(values)
    if signed_ok and lo < 0:
        m = max(-lo, hi)
        bound = 1.0 if m <= 1 else 2.0 if m <= 2 else 3.0 if m <= 3 else m
        return (-bound, bound)
    if hi <= 1:
        return (0.0, 1.0)
    if hi <= 5 and lo >= 1:
        return (1.0, 5.0)
    if hi <= 10:
        return (0.0, 10.0)
    if hi <= 100:
        return (0.0, 100.0)
    return (0.0, hi) if target_hi else (lo, hi)


#: Longest CSV cell read (characters): the standard library's default limit. A register cell is a name, a
#: level or a note; a longer one is almost always a broken quote swallowing the file, so it is refused.
MAX_CSV_CELL = 131_072
#: Most stakeholder or tie rows read from a register (CSV or XLSX), header excluded. Real registers have
#: tens to thousands of rows; importing 10^6 one-letter rows took 112 s of CPU and 2.9 GB before this
#: cap, so rows past it are refused while reading (exit 2), before any actor is built.
MAX_REGISTER_ROWS = 50_000


def _too_many_rows(file: str, line: int) -> ScenarioValidationError:
    return ScenarioValidationError(
        [
            Problem(
                (),
                f"more than {MAX_REGISTER_ROWS:,} rows, the most read from a register; split it,"
                " or keep the stakeholders who take part in the decision",
                file,
                line,
            )
        ]
    )


def _rows_from_csv(text: str, file: str = "<register>") -> list[list[str]]:
    """The rows of a CSV register, with a located message for whatever the ``csv`` module cannot read.

    Line endings may be LF, CRLF or a bare CR (old Mac exports). Parsing is strict: a quote left open
    (which a lenient reader silently extends to the end of the file, importing one actor) is an error at
    the line where the quoted cell starts, as is a cell longer than :data:`MAX_CSV_CELL` characters.
    """
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    rows: list[list[str]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ScenarioValidationError(
                [Problem((), _csv_problem(str(exc), text, start), file, start)]
            ) from None
        rows.append(row)
        if len(rows) > MAX_REGISTER_ROWS + 1:  # the header, then the cap
            raise _too_many_rows(file, start)
        start = reader.line_num + 1
    return rows


def _csv_problem(message: str, text: str, line: int) -> str:
    """A user's wording of a ``csv.Error`` raised while reading the record that starts at ``line``."""
    if "field larger than field limit" in message:
        return (
            f"a cell longer than {MAX_CSV_CELL:,} characters (an unclosed quote swallowing the rest of"
            " the file?); register cells are names, levels and short notes"
        )
    if "unexpected end of data" in message or "EOF" in message:
        return 'a quoted cell starting on this line is never closed (a missing ")'
    if "delimiter" in message and "quote" in message:
        return f'a quote in the middle of a cell: put the whole cell in quotes and double the quote ("") ({message})'
    return f"not readable as CSV: {message}"


#: Largest total decompressed size of an XLSX workbook's parts (bytes), checked from the zip directory before
#: any XML is parsed. A 10,000-stakeholder register with 30 columns is about 30 MB of XML.
MAX_XLSX_BYTES = 128 * 2**20
#: Largest number of cells read from a workbook (all sheets read), checked against each sheet's declared
#: dimension before parsing and counted while reading.
MAX_XLSX_CELLS = 1_000_000


def _xlsx_preflight(path: str) -> None:
    """Refuse a workbook whose parts inflate past :data:`MAX_XLSX_BYTES`, before anything is parsed.

    The sizes come from the zip directory; Python's :mod:`zipfile` stops each part at its declared size
    (and fails on a CRC mismatch), so a part cannot inflate beyond what is checked here.
    """
    import zipfile

    regular_file_size(path)  # a FIFO or device would block or never end inside zipfile
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a zip directory naming a version or method zipfile does not know (fuzzer)
        raise ScenarioValidationError(
            [Problem((), f"not a readable .xlsx workbook (not a zip archive: {exc})", path)]
        ) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_BYTES:
        packed = sum(i.compress_size for i in infos)
        raise ScenarioValidationError(
            [
                Problem(
                    (),
                    f"the workbook inflates from {packed:,} to {total:,} bytes, over the limit of"
                    f" {MAX_XLSX_BYTES:,} ({MAX_XLSX_BYTES // 2**20} MiB) read from a register;"
                    " save only the stakeholder and ties sheets, or export them as CSV",
                    path,
                )
            ]
        )


def _declared_cells(ref: str | None) -> int:
    """Cells in a sheet's declared dimension ``A1:Z100`` (0 when unknown)."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?", (ref or "").upper())
    if not m or not m.group(3):
        return 0

    def col(letters: str) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n

    return (col(m.group(3)) - col(m.group(1)) + 1) * (int(m.group(4)) - int(m.group(2)) + 1)


def _sheet_rows(sheet: Any, path: str, budget: list[int]) -> list[list[Any]]:
    """A sheet's rows, refusing more cells than the ``budget`` left (``[cells]``, shared across sheets)."""
    declared = _declared_cells(getattr(sheet, "calculate_dimension", lambda: None)())
    if declared > MAX_XLSX_CELLS:
        raise ScenarioValidationError(
            [_too_many_cells(path, sheet.title, f"declares {declared:,} cells")]
        )
    rows: list[list[Any]] = []
    for row in sheet.iter_rows(values_only=True):
        budget[0] -= len(row)
        if budget[0] < 0:
            raise ScenarioValidationError([_too_many_cells(path, sheet.title, "has more cells")])
        rows.append(list(row))
    return rows


def _too_many_cells(path: str, title: str, what: str) -> Problem:
    return Problem(
        (),
        f"sheet '{title}' {what} than the {MAX_XLSX_CELLS:,} read from a register;"
        " delete unused rows and columns (or export the stakeholders as CSV)",
        path,
    )


def _rows_from_xlsx(path: str) -> tuple[list[list[Any]], list[list[Any]] | None]:
    """The stakeholder rows (first sheet) and tie rows (a sheet named Ties, … or the second) of a workbook.

    Bounded before parsing (:func:`_xlsx_preflight`, :data:`MAX_XLSX_CELLS`) and parsed by openpyxl with
    defusedxml installed, which refuses DTDs with entities: external entities (XXE) and entity expansion
    ("billion laughs") are refused with a located message, as are damaged sheets.
    """
    try:
        import defusedxml  # noqa: F401  (openpyxl uses it when importable)
        import openpyxl
    except ImportError:  # pragma: no cover - both are dependencies
        raise ScenarioValidationError(
            [Problem((), "reading .xlsx needs openpyxl and defusedxml", path)]
        ) from None
    _xlsx_preflight(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except ScenarioValidationError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ScenarioValidationError([Problem((), _xlsx_problem(exc), path)]) from None
    try:
        sheets = book.worksheets
        ties_sheet = None
        for sheet in sheets[1:]:
            if _key(sheet.title) in (
                "ties",
                "relationships",
                "links",
                "connections",
                "edges",
                "network",
            ):
                ties_sheet = sheet
                break
        if ties_sheet is None and len(sheets) > 1:
            ties_sheet = sheets[1]
        budget = [MAX_XLSX_CELLS]
        main = _sheet_rows(sheets[0], path, budget)
        ties = _sheet_rows(ties_sheet, path, budget) if ties_sheet else None
    except ScenarioValidationError:
        raise
    except Exception as exc:  # a damaged or hostile sheet, found while streaming it
        raise ScenarioValidationError([Problem((), _xlsx_problem(exc), path)]) from None
    finally:
        book.close()
    return main, ties


def _xlsx_problem(exc: Exception) -> str:
    """What to tell the user about an exception raised while opening or reading a workbook."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    kinds = {type(c).__name__ for c in chain}
    kind = type(exc).__name__
    if kinds & {"EntitiesForbidden", "ExternalReferenceForbidden", "DTDForbidden"}:
        return (
            "refused: the workbook's XML declares entities (an external-entity or entity-expansion"
            " attack, never written by spreadsheet programs); re-save it from a spreadsheet program"
        )
    if kinds & {"ParseError", "XMLSyntaxError", "ExpatError"}:
        detail = next(
            str(c)
            for c in chain
            if type(c).__name__ in kinds & {"ParseError", "XMLSyntaxError", "ExpatError"}
        )
        return f"not a readable .xlsx workbook: its XML is damaged ({detail})"
    first = " ".join(str(exc).split("\n")[0].split())
    return f"not a readable .xlsx workbook ({kind}: {first})"


def _unquoted(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows with the formula-guard quote of our own exports removed (:func:`spreadsheet_unquote`)."""
    return [[spreadsheet_unquote(c) if isinstance(c, str) else c for c in row] for row in rows]


def _blank(row: Iterable[Any]) -> bool:
    return all(c is None or str(c).strip() == "" for c in row)


@dataclass(frozen=True)
class RegisterImport:
    """What :func:`read_register` made of a register: the scenario data, where each column went, and
    the warnings (a conflict between Attitude and Current Engagement, a column read two ways)."""

    data: dict[str, Any]
    columns: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...] = ()


def register_to_data(
    rows: list[list[Any]],
    tie_rows: list[list[Any]] | None,
    *,
    file: str,
    ties_file: str | None = None,
    title: str | None = None,
    focal: str | None = None,
) -> dict[str, Any]:
    """Turn register rows (first row = headers) into scenario data, raising located problems."""
    return read_register(
        rows, tie_rows, file=file, ties_file=ties_file, title=title, focal=focal
    ).data


#: Where a recognised column goes, as ``import`` reports it.
_DESTINATION = {
    "id": "actor id",
    "name": "actor name",
    "capability": "capability (influence)",
    "salience": "salience on the proposal (interest)",
    "tags": "tags",
    "description": "description",
    "note": "note",
    "votes": "votes",
    "veto": "veto",
}


def read_register(
    rows: list[list[Any]],
    tie_rows: list[list[Any]] | None,
    *,
    file: str,
    ties_file: str | None = None,
    title: str | None = None,
    focal: str | None = None,
) -> RegisterImport:
    """Register rows (first row = headers) as scenario data, keeping every column.

    Recognised columns map to fields (``docs/scenario-format.md``, Registers). Position: the
    *Current Engagement* column when it has a value (the stakeholder's assessed present stance, PMBOK's
    engagement matrix), else *Attitude*/*Position*; where both have a value and they differ, Current
    Engagement is used, the Attitude is kept in the note and a warning says so. Every other column is
    kept: an all-number column as a numeric attribute (``attributes``, usable as rule weights), any other
    as a ``Header: value`` line of the actor's note. A range in a header (``Influence (1-5)``) fixes that
    column's scale instead of guessing it from the values.
    """
    problems: list[Problem] = []
    warnings: list[str] = []
    for table, where in ((rows, file), (tie_rows or [], ties_file or file)):
        if len(table) > MAX_REGISTER_ROWS + 1:
            raise _too_many_rows(where, MAX_REGISTER_ROWS + 2)
    rows = _unquoted(rows)
    tie_rows = _unquoted(tie_rows) if tie_rows is not None else None
    skipped = 0
    while rows and _blank(rows[0]):
        rows = rows[1:]
        skipped += 1
    if not rows:
        raise ScenarioValidationError([Problem((), "the register is empty", file, 1)])
    headers = [str(h or "").strip() for h in rows[0]]
    cols = _match_headers(headers, _HEADERS)
    if "name" not in cols and "id" not in cols:
        raise ScenarioValidationError(
            [
                Problem(
                    (),
                    f"no Name column (found: {', '.join(h for h in headers if h)})",
                    file,
                    skipped + 1,
                )
            ]
        )
    body = [(skipped + n + 2, r) for n, r in enumerate(rows[1:]) if not _blank(r)]
    used = set(cols.values())
    extras = [c for c, h in enumerate(headers) if h and c not in used]
    numeric_extra = {
        c: all(
            _number(r[c]) is not None
            for _, r in body
            if c < len(r) and r[c] is not None and str(r[c]).strip()
        )
        and any(c < len(r) and r[c] is not None and str(r[c]).strip() for _, r in body)
        for c in extras
    }
    attribute_ids: dict[int, str] = {}
    for c in extras:
        if numeric_extra[c]:
            key = slug(re.sub(r"\(.*?\)|\[.*?\]", "", headers[c]))
            if key in attribute_ids.values():
                key = f"{key}_{c + 1}"
            attribute_ids[c] = key
    columns: list[tuple[str, str]] = []
    for c, h in enumerate(headers):
        if not h:
            continue
        field = next((f for f, col in cols.items() if col == c), None)
        if field == "position":
            dest = (
                "position on the proposal where Current Engagement is empty (else kept in the note)"
                if "engagement" in cols
                else "position on the proposal"
            )
        elif field == "engagement":
            dest = "position on the proposal (preferred to Attitude)"
        elif field is not None:
            dest = _DESTINATION[field]
        elif c in attribute_ids:
            dest = f"attribute {attribute_ids[c]}"
        else:
            dest = f"note ('{h}: …')"
        columns.append((h, dest))

    def cell(row: list[Any], field: str) -> Any:
        c = cols.get(field)
        if c is None or c >= len(row):
            return None
        v = row[c]
        return None if v is None or str(v).strip() == "" else v

    def column_scale(field: str, signed_ok: bool) -> tuple[float, float] | None:
        if field in cols and (stated := header_range(headers[cols[field]])) is not None:
            return stated
        nums = [x for _, r in body if (x := _number(cell(r, field))) is not None]
        return _rescale(nums, 1.0, signed_ok) if nums else None

    pos_scale = column_scale("position", True)
    eng_scale = column_scale("engagement", True)

    def stance_value(
        field: str, line: int, raw: Any, scale: tuple[float, float] | None
    ) -> float | None:
        number = _number(raw)
        word = normalise_word(str(raw))
        if number is not None and scale is not None:
            lo, hi = scale
            return round(100 * (number - lo) / (hi - lo), 6)
        if word in ATTITUDES:
            return ATTITUDES[word]
        problems.append(
            Problem(
                (headers[cols[field]],),
                f"'{raw}' is not a number or an attitude word"
                " (oppose, resistant, neutral, supportive, leading, …)",
                file,
                line,
            )
        )
        return None

    sal_scale = column_scale("salience", False)
    actors: list[dict[str, Any]] = []
    positions: dict[str, Any] = {}
    ids: dict[str, int] = {}
    names: dict[str, str] = {}
    for line, row in body:
        for c, v in enumerate(row):
            if isinstance(v, str) and (bad := CONTROL.search(v)):
                problems.append(
                    Problem(
                        (headers[c] if c < len(headers) and headers[c] else f"column {c + 1}",),
                        f"control character U+{ord(bad.group()):04X} (invisible, or acting on a"
                        " terminal); remove it",
                        file,
                        line,
                    )
                )
        name = str(cell(row, "name") or cell(row, "id") or "").strip()
        header = headers[cols["name"]] if "name" in cols else headers[cols["id"]]
        if not name:
            problems.append(Problem((header,), "empty name", file, line))
            continue
        actor_id = slug(str(cell(row, "id") or name))
        if actor_id in ids:
            ids[actor_id] += 1
            actor_id = f"{actor_id}_{ids[actor_id]}"
        ids.setdefault(actor_id, 1)
        names[normalise_word(name)] = actor_id
        names[actor_id] = actor_id
        actor: dict[str, Any] = {"id": actor_id, "name": name}
        cap = cell(row, "capability")
        if cap is not None:
            number = _number(cap)
            word = normalise_word(str(cap))
            if number is not None and number > 0:
                actor["capability"] = number
            elif number is None and word in BUILTIN_LEVELS and BUILTIN_LEVELS[word] > 0:
                actor["capability"] = 100 * BUILTIN_LEVELS[word]
            else:
                problems.append(
                    Problem(
                        (headers[cols["capability"]],),
                        f"'{cap}' is not a positive number or a level word (low, medium, high, …)",
                        file,
                        line,
                    )
                )
        v = cell(row, "description")
        if v is not None:
            actor["description"] = str(v).strip()
        note_lines: list[str] = []
        v = cell(row, "note")
        if v is not None:
            note_lines.append(str(v).strip())
        tags = cell(row, "tags")
        if tags is not None:
            actor["tags"] = [slug(t) for t in re.split(r"[,;|]", str(tags)) if t.strip()]
        votes = cell(row, "votes")
        if votes is not None:
            number = _number(votes)
            if number is None or number < 0:
                problems.append(
                    Problem(
                        (headers[cols["votes"]],), f"'{votes}' is not a number of votes", file, line
                    )
                )
            else:
                actor["votes"] = number
        veto = cell(row, "veto")
        if veto is not None:
            actor["veto"] = normalise_word(str(veto)) in ("yes", "y", "true", "1", "x", "veto")
        stance: dict[str, Any] = {}
        raw_pos = cell(row, "position")
        raw_eng = cell(row, "engagement")
        pos = None if raw_pos is None else stance_value("position", line, raw_pos, pos_scale)
        eng = None if raw_eng is None else stance_value("engagement", line, raw_eng, eng_scale)
        if eng is not None:
            stance["position"] = eng
            if raw_pos is not None:
                note_lines.append(f"{headers[cols['position']]}: {str(raw_pos).strip()}")
                if pos is not None and pos != eng:
                    warnings.append(
                        f"{file}:{line}: {name}: {headers[cols['engagement']]} '{raw_eng}' is used for"
                        f" the position, not {headers[cols['position']]} '{raw_pos}' (kept in the note)"
                    )
        elif pos is not None:
            stance["position"] = pos
        for c in extras:
            if c >= len(row) or row[c] is None or not str(row[c]).strip():
                continue
            if c in attribute_ids:
                number = _number(row[c])
                assert number is not None  # the column is all numbers
                actor.setdefault("attributes", {})[attribute_ids[c]] = number
            else:
                text = str(row[c]).strip()
                note_lines.append(f"{headers[c]}: {text}")
        if note_lines:
            actor["note"] = "\n".join(note_lines)
        actors.append(actor)
        raw_sal = cell(row, "salience")
        if raw_sal is not None:
            number = _number(raw_sal)
            word = normalise_word(str(raw_sal))
            if number is not None and sal_scale is not None:
                lo, hi = sal_scale
                stance["salience"] = round((number - lo) / (hi - lo) if hi > lo else 1.0, 6)
            elif word in BUILTIN_LEVELS:
                stance["salience"] = BUILTIN_LEVELS[word]
            else:
                problems.append(
                    Problem(
                        (headers[cols["salience"]],),
                        f"'{raw_sal}' is not a number or a level word (low, medium, high, …)",
                        file,
                        line,
                    )
                )
        if "position" in stance:
            positions[actor_id] = {"proposal": stance}
        elif "salience" in stance:
            positions[actor_id] = {"proposal": {"position": 50, **stance}}
    relationships: list[dict[str, Any]] = []
    if tie_rows:
        tfile = ties_file or file
        tskipped = 0
        while tie_rows and _blank(tie_rows[0]):
            tie_rows = tie_rows[1:]
            tskipped += 1
        theaders = [str(h or "").strip() for h in tie_rows[0]] if tie_rows else []
        tcols = _match_headers(theaders, _TIE_HEADERS)
        if tie_rows and ("source" not in tcols or "target" not in tcols):
            problems.append(
                Problem(
                    (),
                    f"the ties need From and To columns (found: {', '.join(h for h in theaders if h)})",
                    tfile,
                    1,
                )
            )
        else:
            for n, row in enumerate(tie_rows[1:]):
                if _blank(row):
                    continue
                line = tskipped + n + 2

                def tcell(field: str, row: list[Any] = row) -> Any:
                    c = tcols.get(field)
                    if c is None or c >= len(row) or row[c] is None or str(row[c]).strip() == "":
                        return None
                    return row[c]

                tie: dict[str, Any] = {}
                for end in ("source", "target"):
                    who = normalise_word(str(tcell(end) or ""))
                    if who not in names:
                        problems.append(
                            Problem(
                                (theaders[tcols[end]],),
                                f"'{tcell(end)}' is not a stakeholder in the register",
                                tfile,
                                line,
                            )
                        )
                    else:
                        tie[end] = names[who]
                kind = tcell("type")
                if kind is not None and str(kind).strip():
                    mapped = _TIE_TYPES.get(normalise_word(str(kind)))
                    if mapped is None:
                        problems.append(
                            Problem(
                                (theaders[tcols["type"]],),
                                f"'{kind}' is not a tie type (alliance, rivalry, influence, dependency,"
                                " history, hierarchy, funds, member_of)",
                                tfile,
                                line,
                            )
                        )
                    else:
                        tie["type"] = mapped
                weight = tcell("weight")
                if weight is not None:
                    number = _number(weight)
                    word = normalise_word(str(weight))
                    if number is not None:
                        tie["weight"] = number / 100 if number > 1 else number
                    elif word in BUILTIN_LEVELS:
                        tie["weight"] = BUILTIN_LEVELS[word]
                    else:
                        problems.append(
                            Problem(
                                (theaders[tcols["weight"]],),
                                f"'{weight}' is not a weight",
                                tfile,
                                line,
                            )
                        )
                sign = tcell("sign")
                if sign is not None:
                    number = _number(sign)
                    text = str(sign).strip().lower()
                    negative = (number is not None and number < 0) or text in (
                        "-",
                        "negative",
                        "hostile",
                        "enemy",
                    )
                    tie["sign"] = -1 if negative else 1
                if "source" in tie and "target" in tie and tie["source"] != tie["target"]:
                    relationships.append(tie)
    if problems:
        raise ScenarioValidationError(problems)
    data: dict[str, Any] = {
        "schema_version": 1,
        "title": title or Path(file).stem.replace("_", " ").replace("-", " ").strip().capitalize(),
        "description": f"Imported from the stakeholder register {Path(file).name}.",
        "actors": actors,
        "issues": [
            {
                "id": "proposal",
                "name": "The proposal",
                "scale": [0, 100],
                "status_quo": 0,
                "labels": {0: "no change", 100: "full adoption"},
            }
        ],
        "positions": positions,
        "relationships": relationships,
    }
    if focal:
        data["focal"] = names.get(normalise_word(focal), slug(focal))
    return RegisterImport(data, tuple(columns), tuple(warnings))


def import_register(
    path: str | os.PathLike[str],
    *,
    ties: str | os.PathLike[str] | None = None,
    title: str | None = None,
    focal: str | None = None,
) -> Scenario:
    """Read a stakeholder register (``.csv`` or ``.xlsx``; optional ties file or sheet) into a scenario.

    Raises
    ------
    ScenarioValidationError
        With ``file:row: column: problem`` for every unreadable cell.
    """
    return import_register_columns(path, ties=ties, title=title, focal=focal)[0]


def import_register_columns(
    path: str | os.PathLike[str],
    *,
    ties: str | os.PathLike[str] | None = None,
    title: str | None = None,
    focal: str | None = None,
) -> tuple[Scenario, RegisterImport]:
    """:func:`import_register`, and where each column went (:class:`RegisterImport`)."""
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, tie_rows = _rows_from_xlsx(name)
    elif suffix in (".csv", ".tsv", ".txt"):
        rows, tie_rows = _rows_from_csv(read_text(name), name), None
    else:
        raise ScenarioValidationError(
            [
                Problem(
                    (),
                    f"a register is a .csv or .xlsx file, not '{suffix or 'no extension'}'",
                    name,
                )
            ]
        )
    ties_name = None
    if ties is not None:
        ties_name = os.fspath(ties)
        if Path(ties_name).suffix.lower() in (".xlsx", ".xlsm"):
            tie_rows, _ = _rows_from_xlsx(ties_name)
        else:
            tie_rows = _rows_from_csv(read_text(ties_name), ties_name)
    found = read_register(rows, tie_rows, file=name, ties_file=ties_name, title=title, focal=focal)
    return scenario_from_data(found.data, source=name), found


#: The columns :func:`register_rows` writes before the attributes and note columns.
REGISTER_COLUMNS = (
    "ID",
    "Name",
    "Influence",
    "Votes",
    "Veto",
    "Tags",
    "Description",
    "Position (0-100)",
    "Interest (0-100)",
)
_NOTE_LINE = re.compile(r"^([^:\n]{1,60}): (.*)$")


def register_rows(scenario: Scenario) -> list[list[str | float]]:
    """The scenario as register rows (first row the headers), which :func:`import_register` reads back
    to the same actors: the recognised columns, then one column per numeric attribute, one per
    ``Header: value`` line of the notes (the columns an import kept there), and Note for the rest.

    Position and Interest are on the first issue, as 0-100 (the header says so, so the import does not
    guess the scale). Text cells are not formula-guarded here: the writer does that.
    """
    arr = scenario.arrays
    first = scenario.issues[0] if scenario.issues else None
    attributes: list[str] = []
    note_columns: list[str] = []
    split: list[tuple[dict[str, str], list[str]]] = []
    known = {_key(h) for h in REGISTER_COLUMNS} | {"note"}
    for a in scenario.actors:
        for k in a.attributes:
            if k not in attributes:
                attributes.append(k)
        cells: dict[str, str] = {}
        rest: list[str] = []
        for line in a.note.splitlines() if a.note else []:
            m = _NOTE_LINE.match(line)
            if m and _key(m.group(1)) not in known and m.group(1) not in cells:
                cells[m.group(1)] = m.group(2)
                if m.group(1) not in note_columns:
                    note_columns.append(m.group(1))
            else:
                rest.append(line)
        split.append((cells, rest))
    head: list[str | float] = [*REGISTER_COLUMNS, *attributes, *note_columns, "Note"]
    rows: list[list[str | float]] = [head]
    for i, a in enumerate(scenario.actors):
        cells, rest = split[i]
        row: list[str | float] = [
            a.id,
            a.label,
            float(arr.capability[i]),
            a.votes,
            "yes" if a.veto else "",
            "|".join(a.tags),
            a.description,
        ]
        if first is not None and arr.stated[i, 0]:
            lo, hi = first.scale
            row += [
                round(100 * (float(arr.positions[i, 0]) - lo) / (hi - lo), 6),
                round(100 * float(arr.salience[i, 0]), 6),
            ]
        else:
            row += ["", ""]
        row += [a.attributes.get(k, "") for k in attributes]
        row += [cells.get(h, "") for h in note_columns]
        row.append("\n".join(rest))
        rows.append(row)
    return rows
