"""Load a scenario from a file (YAML, JSON, or KTAB's SMP CSV) with every problem located.

Errors are collected, not raised one at a time: syntax here, then structure and cross-references
(:func:`coalitionist.scenario.validate.scenario_from_data`). Each becomes a
:class:`~coalitionist.scenario.errors.Problem` that prints as ``file:line:column: field.path: message``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path as FsPath
from typing import Any

from coalitionist.io.yamlpos import Positions, parse_json, parse_yaml
from coalitionist.scenario.errors import Problem, ScenarioValidationError
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.validate import scenario_from_data

#: Largest scenario file read (bytes). Real scenarios are kilobytes; this only stops runaway inputs.
MAX_FILE_BYTES = 10 * 1024 * 1024


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file: reading it could wait forever"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def regular_file_size(path: str | os.PathLike[str]) -> int:
    """The size in bytes of ``path``, refusing anything but a regular file before it is opened.

    ``os.stat`` follows symbolic links and never blocks, unlike ``open``, which waits on a named pipe
    (FIFO) until a writer appears and reads a device such as ``/dev/zero`` without end. Directories,
    FIFOs, sockets and devices are refused with a located message (exit 2 on the command line).

    Raises
    ------
    ScenarioValidationError
        The file is missing, unreadable or not a regular file.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise ScenarioValidationError([Problem((), "no such file", name)]) from None
    except PermissionError:
        raise ScenarioValidationError([Problem((), "permission denied", name)]) from None
    except (OSError, ValueError) as exc:
        message = getattr(exc, "strerror", None) or str(exc)
        raise ScenarioValidationError([Problem((), message, name)]) from None
    kind = _kind(info.st_mode)
    if kind is not None:
        raise ScenarioValidationError([Problem((), kind, name)])
    return info.st_size


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a text file, refusing huge, binary or undecodable files with a located message.

    UTF-8 (with or without a byte-order mark) is the format; UTF-16 and UTF-32 files, as spreadsheet programs
    save "Unicode text", are recognised by their byte-order mark and decoded (their NUL bytes are part of the
    encoding, not binary data).
    """
    name = os.fspath(path)
    try:
        size = regular_file_size(name)
        if size > max_bytes:
            raise ScenarioValidationError(
                [
                    Problem(
                        (),
                        f"the file has {size:,} bytes; scenario files are limited to "
                        f"{max_bytes:,} bytes ({max_bytes / 2**20:g} MiB)",
                        name,
                    )
                ]
            )
        with open(name, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ScenarioValidationError([Problem((), "no such file", name)]) from None
    except IsADirectoryError:
        raise ScenarioValidationError([Problem((), "is a directory, not a file", name)]) from None
    except PermissionError:
        raise ScenarioValidationError([Problem((), "permission denied", name)]) from None
    except OSError as exc:
        raise ScenarioValidationError([Problem((), exc.strerror or str(exc), name)]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _decode_wide(raw[len(bom) :], codec, name)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise ScenarioValidationError(
            [Problem((), "binary data (a NUL byte): not a text file", name, line)]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        raise ScenarioValidationError(
            [Problem((), f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", name, line, col)]
        ) from None


#: Byte-order marks of the wide Unicode encodings (UTF-32 first: its little-endian mark starts like UTF-16's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _decode_wide(raw: bytes, codec: str, name: str) -> str:
    """Decode a UTF-16/UTF-32 file (byte-order mark removed), with the line of a bad code unit."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise ScenarioValidationError(
            [
                Problem(
                    (), f"not valid {codec.upper()} text (its byte-order mark says so)", name, line
                )
            ]
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ScenarioValidationError(
            [Problem((), "binary data (a NUL character): not a text file", name, line)]
        )
    return text


def parse_file(path: str | os.PathLike[str]) -> tuple[Any, Positions]:
    """Parse a YAML or JSON file into raw data and positions (raising located syntax problems)."""
    name = os.fspath(path)
    text = read_text(name)
    if FsPath(name).suffix.lower() == ".json":
        data, pos, problems = parse_json(text, name)
    else:
        data, pos, problems = parse_yaml(text, name)
    if problems:
        raise ScenarioValidationError(problems)
    return data, pos


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate a scenario file.

    YAML (``.yaml``/``.yml``, or anything else) and JSON (``.json``) hold the scenario format
    (``docs/scenario-format.md``); a ``.csv`` file is read as KTAB's SMP input format.

    Raises
    ------
    ScenarioValidationError
        Every problem found, as ``file:line:column: field.path: message``.
    """
    name = os.fspath(path)
    if FsPath(name).suffix.lower() == ".csv":
        from coalitionist.io.ktab_scenario import load_ktab_scenario

        return load_ktab_scenario(name)
    data, pos = parse_file(name)
    return scenario_from_data(data, source=name, positions=pos)
