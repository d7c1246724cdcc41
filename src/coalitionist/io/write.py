"""Write scenarios (YAML/JSON) and any output file atomically."""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml

from coalitionist.errors import CoalitionistError, UnsafeOutputError
from coalitionist.scenario.model import Scenario


class OutputError(CoalitionistError):
    """An output file could not be written (nothing was changed)."""

    exit_code = 1


def _tidy(value: Any) -> Any:
    """Whole floats as ints (``100`` rather than ``100.0``), recursively; the option values that key
    ``labels`` as numbers again (JSON mode made them strings: ``'0.0': no change`` becomes
    ``0: no change``).

    >>> _tidy({"labels": {"0.0": "no change", "12.5": "some"}, "x": 2.0})
    {'labels': {0: 'no change', 12.5: 'some'}, 'x': 2}
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dict):
        return {
            k: _label_keys(v) if k == "labels" and isinstance(v, dict) else _tidy(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _label_keys(labels: dict[Any, Any]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for k, v in labels.items():
        try:
            number = float(k)
        except (TypeError, ValueError):
            out[k] = _tidy(v)
            continue
        out[_tidy(number) if math.isfinite(number) else k] = _tidy(v)
    return out


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data in the file format, without fields left at their defaults."""
    data = _tidy(scenario.model_dump(mode="json", exclude_defaults=True))
    return {"schema_version": scenario.schema_version, **data}


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in "\x85\u2028\u2029") or any(
        ord(c) < 32 and c not in "\n\t" for c in value
    ):
        style: str | None = '"'  # YAML would read these as line breaks: keep them escaped
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_presenter(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = len(value) <= 12 and all(isinstance(v, str | int | float) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_presenter)
_Dumper.add_representer(list, _list_presenter)


def dump_scenario(scenario: Scenario, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Serialise a scenario; loading the text again gives an equal scenario."""
    data = scenario_data(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_output_path(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> Path:
    """Refuse an output path where writing could lose something the user wrote; return it unchanged.

    The rules (``docs/cli.md``, "Output files"): an output that is the same file as one of ``inputs`` (same
    device and inode, so hard links and symbolic links are caught, or the same resolved path) is refused
    even with ``force``; an existing output that is a symbolic link, a FIFO, a device, a socket or a
    directory is refused (never written through); an existing regular file is replaced only with
    ``force``.

    Raises
    ------
    UnsafeOutputError
        With a message naming the path and the way out; nothing has been written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "in.yaml").write_text("x")
    1
    >>> check_output_path(d / "out.html", inputs=[d / "in.yaml"]).name
    'out.html'
    >>> check_output_path(d / "in.yaml", inputs=[d / "in.yaml"], force=True)
    Traceback (most recent call last):
    ...
    coalitionist.errors.UnsafeOutputError: ...in.yaml: is an input of this run; choose another output
    """
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise UnsafeOutputError(
            f"{target}: cannot inspect the output: {exc.strerror or exc}"
        ) from None
    resolved = os.path.realpath(target)
    for item in inputs:
        try:
            same = os.path.samefile(target, item)
        except OSError:
            same = False
        if same or resolved == os.path.realpath(item):
            raise UnsafeOutputError(f"{target}: is an input of this run; choose another output")
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise UnsafeOutputError(
            f"{target}: is a symbolic link; outputs are never written through links:"
            " give the real path (or omit -o to write to standard output)"
        )
    if not stat.S_ISREG(mode):
        kind = (
            "a directory"
            if stat.S_ISDIR(mode)
            else "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise UnsafeOutputError(
            f"{target}: is {kind}; outputs are regular files only (omit -o to write to standard output)"
        )
    if not force:
        raise UnsafeOutputError(
            f"{target}: exists; add --force to replace it, or choose another output"
        )
    return target


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file renamed into place.

    Either the whole new file is there afterwards or, on any error (or an interruption: any exception,
    including ``KeyboardInterrupt`` and the CLI's signal exceptions), the earlier file (if any) is untouched
    and no temporary file is left behind. A new file gets ``0o666 & ~umask`` (what :func:`open` gives); a
    replaced regular file keeps its permission bits, less world-write. The file is never world-writable
    unless the umask allows it for new files. A symbolic link at ``path`` is replaced by the file, never
    written through (the CLI refuses it first, :func:`check_output_path`).
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        existing = os.lstat(target)
    except OSError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode):
        mode = stat.S_IMODE(existing.st_mode) & ~stat.S_IWOTH
    else:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write a scenario to ``path`` (JSON for ``.json``, else YAML), atomically."""
    fmt: Literal["yaml", "json"] = "json" if str(path).lower().endswith(".json") else "yaml"
    return write_atomic(path, dump_scenario(scenario, fmt))
