"""The bundled example scenarios (the seed cases), shipped with the package.

``examples/`` at the top of the repository points here.
"""

from __future__ import annotations

from pathlib import Path

from coalitionist.errors import UsageError

_HERE = Path(__file__).parent


def example_names() -> list[str]:
    """Names of the bundled examples (file names without ``.yaml``)."""
    return sorted(p.stem for p in _HERE.glob("*.yaml"))


def example_path(name: str) -> Path:
    """Path of a bundled example by name (``gulf-war-1990``) or file name."""
    path = _HERE / (name if name.endswith(".yaml") else f"{name}.yaml")
    if not path.is_file():
        raise UsageError(f"no bundled example '{name}': choose one of {', '.join(example_names())}")
    return path
