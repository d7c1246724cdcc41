"""``.ci/pip_audit.py`` (issue 18, point 7): fails on a known vulnerability, never on an unreachable service.

The reports are pip-audit's JSON format (``pip-audit -f json``), written by hand: the real service is not
reachable from every machine the suite runs on, and a vulnerable package must not be installed to test this.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "pip_audit.py"

VULNERABLE = {
    "dependencies": [
        {"name": "numpy", "version": "2.1.0", "vulns": []},
        {
            "name": "jinja2",
            "version": "3.1.2",
            "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": []}],
        },
    ]
}
CLEAN = {
    "dependencies": [
        {"name": "numpy", "version": "2.1.0", "vulns": []},
        {
            "name": "coalitionist",
            "skip_reason": "Dependency not found on PyPI and could not be audited",
        },
    ]
}
#: What a proxy that answers 404 for every package produces: nothing audited, exit 0, "no known vulns".
UNREACHABLE = {
    "dependencies": [
        {
            "name": n,
            "skip_reason": f"Dependency not found on PyPI and could not be audited: {n} (1.0)",
        }
        for n in ("numpy", "jinja2", "rich")
    ]
}


def _run(tmp_path: Path, report: object) -> tuple[int, str]:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report) if report is not None else "")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--from-json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_a_known_vulnerability_fails(tmp_path: Path) -> None:
    code, out = _run(tmp_path, VULNERABLE)
    assert code == 1
    assert "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in out


def test_a_clean_audit_passes_and_counts(tmp_path: Path) -> None:
    code, out = _run(tmp_path, CLEAN)
    assert code == 0
    assert "no known vulnerabilities in 1 installed distributions (1 skipped" in out


@pytest.mark.parametrize("report", [UNREACHABLE, None], ids=["all-skipped", "no-report"])
def test_an_unreachable_service_is_said_and_does_not_fail(tmp_path: Path, report: object) -> None:
    code, out = _run(tmp_path, report)
    assert code == 0
    assert "NOT AUDITED" in out
    assert "no known vulnerabilities" not in out


def test_a_network_error_from_pip_audit_is_not_a_finding() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("ci_pip_audit", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    ci = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ci)
    status, message = ci.decide(
        None, "requests.exceptions.ConnectionError: Max retries exceeded", 1
    )
    assert status == 0
    assert "NOT AUDITED" in message
    assert ci.decide(VULNERABLE, "", 1)[0] == 1
    assert (
        ci.decide(CLEAN, "pip-audit crashed", 2)[0] == 1
    )  # a failure that is not the network fails
