"""The browser libraries (issue 15.1): taken from npm at pinned versions by scripts/fetch_static.py and
committed with their licences, so running the workbench needs no network — every script and stylesheet a
page loads is served by the app itself (no CDN)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import coalitionist.web

STATIC = Path(coalitionist.web.__file__).resolve().parent / "static"
TEMPLATES = STATIC.parent / "templates"


def _manifest() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in (STATIC / "vendor" / "MANIFEST.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            spec, name, sha = line.split()[:3]
            package, _, version = spec.rpartition("@")
            rows.append((package, version, name, sha))
    return rows


def test_every_vendored_file_is_pinned_hashed_and_licensed() -> None:
    rows = _manifest()
    assert {r[0] for r in rows} >= {
        "htmx.org",
        "cytoscape",
        "cytoscape-fcose",
        "cytoscape-edgehandles",
    }
    script = Path(__file__).resolve().parents[2] / "scripts" / "fetch_static.py"
    spec = importlib.util.spec_from_file_location("fetch_static", script)
    assert spec is not None
    assert spec.loader is not None
    fetch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetch)
    assert {(p, v, name) for p, v, _, name in fetch.PACKAGES} == {(p, v, n) for p, v, n, _ in rows}
    for package, version, name, sha in rows:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (package, version)  # pinned, not a range
        data = (STATIC / "vendor" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha, (
            name
        )  # the committed file is what was fetched
        licence = STATIC / "vendor" / f"LICENSE.{package}"
        assert licence.is_file(), f"no licence file for {package}"
        assert licence.stat().st_size > 200


def test_pages_load_nothing_from_another_host() -> None:
    loads = re.compile(
        r"""<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I
    )
    seen = 0
    for template in TEMPLATES.rglob("*.html"):
        for url in loads.findall(template.read_text()):
            seen += 1
            assert not re.match(r"(?i)(https?:)?//", url), f"{template.name} loads {url}"
    assert seen >= 6
    for js in STATIC.glob("*.js"):
        assert not re.search(r"""(?i)["'](https?:)?//[a-z0-9.-]+\.[a-z]{2,}/""", js.read_text()), (
            js.name
        )
