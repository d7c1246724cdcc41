"""Atomic writes: the whole new file or the old one untouched, and never a temporary file left over."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coalitionist.errors import CoalitionistError
from coalitionist.io import write as write_module
from coalitionist.io import write_atomic
from coalitionist.io.write import OutputError


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_writes_text_and_bytes(tmp_path: Path) -> None:
    assert write_atomic(tmp_path / "a.txt", "héllo\n") == tmp_path / "a.txt"
    assert (tmp_path / "a.txt").read_bytes() == "héllo\n".encode()
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert _listing(tmp_path) == ["a.txt", "b.bin"]


def test_replaces_an_existing_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["out.yaml"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    # What open() would give: 0o666 less the umask (mkstemp alone would give 0o600).
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_a_missing_directory_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write here") as info:
        write_atomic(tmp_path / "no" / "such" / "dir" / "out.html", "x")
    assert isinstance(info.value, CoalitionistError)
    assert info.value.exit_code == 1
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("precious")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module.os, broken, fail)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, "new content")
    assert target.read_text() == "precious"
    assert _listing(tmp_path) == ["out.yaml"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("precious")

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write_module.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content")
    assert target.read_text() == "precious"
    assert _listing(tmp_path) == ["out.yaml"]


def test_a_relative_path_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic("plain.txt", "x")
    assert (tmp_path / "plain.txt").read_text() == "x"
    assert _listing(tmp_path) == ["plain.txt"]
