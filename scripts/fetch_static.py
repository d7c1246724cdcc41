#!/usr/bin/env python3
"""Fetch the workbench's browser libraries from the npm registry at pinned versions.

Run it only to add or update a library (``python scripts/fetch_static.py``); its output is committed under
``src/coalitionist/web/static/vendor/`` so that installing coalitionist needs no npm and running the workbench
needs no network. For each package it runs ``npm pack NAME@VERSION`` in a temporary directory, checks the
tarball's SHA-512 integrity against the value pinned here, and copies the one distribution file the
workbench loads plus the package's LICENSE. ``vendor/MANIFEST.txt`` records what was copied, with SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = (
    Path(__file__).resolve().parent.parent / "src" / "coalitionist" / "web" / "static" / "vendor"
)

#: (package, version, file in the tarball, name to save it under). Load order in the page is this order.
PACKAGES: tuple[tuple[str, str, str, str], ...] = (
    ("htmx.org", "2.0.11", "package/dist/htmx.min.js", "htmx.min.js"),
    ("cytoscape", "3.34.4", "package/dist/cytoscape.min.js", "cytoscape.min.js"),
    ("layout-base", "2.0.1", "package/layout-base.js", "layout-base.js"),
    ("cose-base", "2.2.0", "package/cose-base.js", "cose-base.js"),
    ("cytoscape-fcose", "2.2.0", "package/cytoscape-fcose.js", "cytoscape-fcose.js"),
    (
        "cytoscape-edgehandles",
        "4.0.1",
        "package/cytoscape-edgehandles.js",
        "cytoscape-edgehandles.js",
    ),
)


def _pack(name: str, version: str, workdir: Path) -> tuple[Path, str]:
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    return workdir / info["filename"], info["integrity"]


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest = ["# package@version  file  sha256  (fetched by scripts/fetch_static.py)"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, version, member, target in PACKAGES:
            tarball, integrity = _pack(name, version, work)
            algo, _, digest = integrity.partition("-")
            actual = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
            if actual != digest:
                print(f"{name}@{version}: integrity mismatch", file=sys.stderr)
                return 1
            with tarfile.open(tarball) as tar:
                data = tar.extractfile(member)
                if data is None:
                    print(f"{name}@{version}: no {member}", file=sys.stderr)
                    return 1
                content = data.read()
                licence = next(
                    (
                        m
                        for m in tar.getnames()
                        if m.lower() in ("package/license", "package/license.md")
                    ),
                    None,
                )
                if licence is None:
                    print(f"{name}@{version}: no LICENSE file", file=sys.stderr)
                    return 1
                licence_file = tar.extractfile(licence)
                assert licence_file is not None
                (VENDOR / f"LICENSE.{name}").write_bytes(licence_file.read())
            (VENDOR / target).write_bytes(content)
            manifest.append(
                f"{name}@{version}  {target}  {hashlib.sha256(content).hexdigest()}  ({integrity})"
            )
            print(f"{name}@{version} -> vendor/{target}")
    (VENDOR / "MANIFEST.txt").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
