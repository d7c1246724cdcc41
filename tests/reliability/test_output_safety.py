"""Nothing the user wrote is lost (issue 18, point 1): output paths, permissions, faults and signals.

Each test runs the real command line (in-process through Typer's runner, or as a subprocess where a signal,
a file-size limit or another user is involved) and checks the files on disk afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io import write_atomic

GULF = Path(__file__).resolve().parents[2] / "examples" / "gulf-war-1990.yaml"


def _scenario(tmp_path: Path) -> Path:
    scen = tmp_path / "scen.yaml"
    shutil.copyfile(GULF, scen)
    return scen


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- the output is an input ---------------------------------------------------------------------------


def test_analyze_refuses_to_write_over_its_own_input(tmp_path: Path) -> None:
    scen = _scenario(tmp_path)
    before = scen.read_bytes()
    for extra in ([], ["--force"]):
        code, out = _run("analyze", str(scen), "-f", "json", "-o", str(scen), *extra)
        assert code == 2, out
        assert "is an input of this run" in out
        assert "Traceback" not in out
        assert scen.read_bytes() == before
    assert _listing(tmp_path) == ["scen.yaml"]


@pytest.mark.parametrize("kind", ["hardlink", "symlink", "dotdot"])
def test_an_input_reached_by_another_name_is_refused(tmp_path: Path, kind: str) -> None:
    scen = _scenario(tmp_path)
    before = scen.read_bytes()
    (tmp_path / "sub").mkdir()
    if kind == "hardlink":
        other = tmp_path / "other.yaml"
        os.link(scen, other)
    elif kind == "symlink":
        other = tmp_path / "other.yaml"
        other.symlink_to(scen)
    else:
        other = tmp_path / "sub" / ".." / "scen.yaml"
    code, out = _run("analyze", str(scen), "-f", "json", "-o", str(other), "--force")
    assert code == 2, out
    assert scen.read_bytes() == before


def test_import_refuses_to_write_over_the_register(tmp_path: Path) -> None:
    reg = tmp_path / "reg.csv"
    reg.write_text("Name,Influence,Interest,Position\nAna,5,5,3\nBo,3,4,-2\n")
    before = reg.read_bytes()
    code, out = _run("import", str(reg), "-o", str(reg), "--force")
    assert code == 2, out
    assert reg.read_bytes() == before


# -- an existing output -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["analyze", "demo"])
def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path, command: str) -> None:
    scen = _scenario(tmp_path)
    out = tmp_path / "brief.html"
    out.write_text("precious")
    args = (
        ["analyze", str(scen), "-f", "html", "-o", str(out)]
        if command == "analyze"
        else [
            "demo",
            "-o",
            str(out),
        ]
    )
    code, text = _run(*args)
    assert code == 2, text
    assert "--force" in text
    assert out.read_text() == "precious"
    code, text = _run(*args, "--force")
    assert code == 0, text
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert _listing(tmp_path) == ["brief.html", "scen.yaml"]


def test_import_keeps_an_existing_output_without_force(tmp_path: Path) -> None:
    reg = tmp_path / "reg.csv"
    reg.write_text("Name,Influence,Interest,Position\nAna,5,5,3\nBo,3,4,-2\n")
    out = tmp_path / "out.yaml"
    out.write_text("precious")
    code, text = _run("import", str(reg), "-o", str(out))
    assert code == 2, text
    assert out.read_text() == "precious"


# -- links, FIFOs, devices ----------------------------------------------------------------------------


def test_a_symlink_as_output_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    scen = _scenario(tmp_path)
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious")
    link = tmp_path / "out.html"
    link.symlink_to(target)
    code, out = _run("analyze", str(scen), "-f", "html", "-o", str(link), "--force")
    assert code == 2, out
    assert "symbolic link" in out
    assert link.is_symlink()
    assert target.read_text() == "precious"


def test_a_symlink_to_standard_output_is_refused(tmp_path: Path) -> None:
    scen = _scenario(tmp_path)
    link = tmp_path / "out.json"
    link.symlink_to("/proc/self/fd/1")
    code, out = _run("analyze", str(scen), "-f", "json", "-o", str(link), "--force")
    assert code == 2, out
    assert link.is_symlink()  # not replaced by a (world-writable) file
    assert _listing(tmp_path) == ["out.json", "scen.yaml"]


def test_a_fifo_as_output_is_refused_without_blocking(tmp_path: Path) -> None:
    scen = _scenario(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out = _run("analyze", str(scen), "-f", "json", "-o", str(fifo), "--force")
    assert code == 2, out
    assert "FIFO" in out
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("target", ["/dev/null", "."])
def test_a_device_or_directory_as_output_is_refused(tmp_path: Path, target: str) -> None:
    scen = _scenario(tmp_path)
    code, out = _run("analyze", str(scen), "-f", "json", "-o", target, "--force")
    assert code == 2, out
    assert ("a device" in out) or ("a directory" in out)


# -- permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_output_gets_the_users_umask(tmp_path: Path, umask: int, expected: int) -> None:
    scen = _scenario(tmp_path)
    out = tmp_path / "brief.json"
    old = os.umask(umask)
    try:
        code, text = _run("analyze", str(scen), "-f", "json", "-o", str(out))
    finally:
        os.umask(old)
    assert code == 0, text
    assert stat.S_IMODE(out.stat().st_mode) == expected


def test_a_replaced_world_writable_output_is_no_longer_world_writable(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old")
    out.chmod(0o666)
    write_atomic(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o664


# -- faults: read-only directory, full disk, concurrent writers ---------------------------------------


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COALITIONIST_DEBUG", None)
    return env


def test_a_read_only_directory_is_a_clean_error(tmp_path: Path) -> None:
    """A directory the process may not write: ``chmod 555``, or ``/sys`` when root (root ignores modes;
    sysfs refuses new files even to root with EACCES)."""
    scen = _scenario(tmp_path)
    if os.geteuid() == 0:
        ro = Path("/sys")
        assert not os.access(ro / "coalitionist-probe", os.F_OK)
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
    before = sorted(p.name for p in ro.iterdir())
    code, out = _run("analyze", str(scen), "-f", "json", "-o", str(ro / "b.json"))
    assert code == 1, out
    assert "cannot write here" in out
    assert "Permission denied" in out
    assert "Traceback" not in out
    assert sorted(p.name for p in ro.iterdir()) == before


def test_a_full_disk_leaves_the_old_output_and_no_temporary(tmp_path: Path) -> None:
    """``ulimit -f`` in the child: the write fails with EFBIG (SIGXFSZ is ignored by main)."""
    import resource

    scen = _scenario(tmp_path)
    out = tmp_path / "brief.html"
    out.write_text("precious")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    code = "from coalitionist.__main__ import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "analyze", str(scen), "-f", "html", "-o", str(out), "--force"],
        capture_output=True,
        text=True,
        check=False,
        env=_subprocess_env(),
        preexec_fn=limit,
    )
    assert proc.returncode == 1, proc.stderr
    assert "File too large" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text() == "precious"
    assert _listing(tmp_path) == ["brief.html", "scen.yaml"]


def _writer(path: str, label: str, rounds: int) -> None:
    for _ in range(rounds):
        write_atomic(path, label * 200_000)


def test_concurrent_writers_leave_one_whole_version(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(out), label, 15)) for label in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    text = out.read_text()
    assert text in ("a" * 200_000, "b" * 200_000)
    assert _listing(tmp_path) == ["out.txt"]


# -- signals during a PDF write -----------------------------------------------------------------------

_SIGNAL_DURING_WRITE = """
import os, signal, sys
import coalitionist.io.write as w
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))  # arrives with the temporary file written
    signal.pause() if sys.argv[1] == "SIGKILL" else None
w.os.fsync = fsync
from coalitionist.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize(("sig", "status"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGKILL", -9)])
def test_a_signal_during_a_pdf_write_keeps_the_old_file(
    tmp_path: Path, sig: str, status: int
) -> None:
    pytest.importorskip("weasyprint")
    scen = _scenario(tmp_path)
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"precious")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _SIGNAL_DURING_WRITE,
            sig,
            "analyze",
            str(scen),
            "-f",
            "pdf",
            "-o",
            str(out),
            "--force",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=_subprocess_env(),
        timeout=300,
    )
    assert proc.returncode == status, proc.stderr
    assert out.read_bytes() == b"precious"
    if sig == "SIGKILL":
        return  # nothing can run after SIGKILL: the old file is intact; a hidden .tmp may remain
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert _listing(tmp_path) == ["brief.pdf", "scen.yaml"]


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_real_signal_mid_run_exits_with_one_line(tmp_path: Path, sig: int, status: int) -> None:
    scen = _scenario(tmp_path)
    out = tmp_path / "brief.html"
    proc = subprocess.Popen(
        [sys.executable, "-m", "coalitionist", "analyze", str(scen), "-f", "html", "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        env=_subprocess_env(),
    )
    time.sleep(0.4)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:  # finished before the signal: still nothing partial
        assert out.read_text().startswith("<!DOCTYPE html>")
    else:
        assert proc.returncode == status, err
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) == 1, err
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_early_ctrl_c_during_the_imports_is_one_line_and_130() -> None:
    """SIGINT right after the handlers are installed, before the command line is imported."""
    code = (
        "import os, signal, coalitionist.errors as e\n"
        "real = e.install_signal_handlers\n"
        "def early():\n"
        "    real(); os.kill(os.getpid(), signal.SIGINT)\n"
        "e.install_signal_handlers = early\n"
        "from coalitionist.__main__ import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--help"],
        capture_output=True,
        text=True,
        check=False,
        env=_subprocess_env(),
    )
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip() == "coalitionist: interrupted"
