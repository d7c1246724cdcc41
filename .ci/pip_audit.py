#!/usr/bin/env python3
"""Audit the installed dependencies for known vulnerabilities (issue 18, point 7), for ``.ci/run``.

Runs ``pip-audit`` (PyPA; advisories from the Python Packaging Advisory Database via PyPI's JSON API) over the
environment of the interpreter running this script and decides:

* a known vulnerability in any installed distribution → list them, exit 1 (CI fails);
* the advisory service could not be reached (no network, a proxy, PyPI answering "not found" for every
  package) → say so plainly, exit 0: an unreachable service is not a finding, and must not pass for a clean
  audit either;
* otherwise → "no known vulnerabilities in N distributions", exit 0.

``--from-json FILE`` decides from a saved ``pip-audit -f json`` report instead (used by the tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

#: Words in pip-audit's error output that mean the service, not the environment, failed.
NETWORK_WORDS = (
    "ConnectionError",
    "Max retries exceeded",
    "Name or service not known",
    "Temporary failure in name resolution",
    "timed out",
    "Network is unreachable",
    "Connection refused",
    "ProxyError",
    "SSLError",
    "ServiceError",
)


def decide(report: dict[str, object] | None, stderr: str, status: int) -> tuple[int, str]:
    """The exit status and message for a pip-audit run (its JSON report, stderr and exit status)."""
    deps = report.get("dependencies", []) if isinstance(report, dict) else []
    assert isinstance(deps, list)
    vulnerable = [d for d in deps if isinstance(d, dict) and d.get("vulns")]
    if vulnerable:
        lines = [
            f"  {d['name']} {d.get('version', '?')}: "
            + ", ".join(
                f"{v.get('id')} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})"
                for v in d["vulns"]
            )
            for d in vulnerable
        ]
        return 1, "pip-audit: known vulnerabilities in installed dependencies:\n" + "\n".join(lines)
    audited = [d for d in deps if isinstance(d, dict) and "skip_reason" not in d]
    skipped = [d for d in deps if isinstance(d, dict) and "skip_reason" in d]
    unreachable = any(word in stderr for word in NETWORK_WORDS)
    if report is None or (status != 0 and unreachable) or (deps and not audited):
        why = (
            "no answer from the advisory service"
            if unreachable or report is None
            else (
                f"every one of the {len(skipped)} distributions was skipped"
                f" ({skipped[0].get('skip_reason') if skipped else 'no report'})"
            )
        )
        return 0, (
            f"pip-audit: NOT AUDITED — the advisory service could not be reached ({why});"
            " not failing the build, but nothing was checked"
        )
    if status != 0:
        return (
            1,
            f"pip-audit failed (status {status}) without a report of vulnerabilities:\n{stderr[-2000:]}",
        )
    note = f" ({len(skipped)} skipped: not on PyPI, e.g. this project)" if skipped else ""
    return 0, f"pip-audit: no known vulnerabilities in {len(audited)} installed distributions{note}"


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--from-json":
        text = Path(argv[1]).read_text()
        status, message = decide(json.loads(text) if text.strip() else None, "", 0)
        print(message)
        return status
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        try:
            run = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip_audit",
                    "--progress-spinner",
                    "off",
                    "--skip-editable",
                    "-f",
                    "json",
                    "-o",
                    str(out),
                ],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            stderr, code = run.stderr, run.returncode
        except subprocess.TimeoutExpired:
            stderr, code = "timed out after 600 s", 1
        try:
            report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
        except json.JSONDecodeError:
            report = None
    if report is None and "No module named pip_audit" in stderr:
        print("pip-audit is not installed (it is in the dev extra): cannot audit", file=sys.stderr)
        return 1
    status, message = decide(report, stderr, code)
    print(message)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
