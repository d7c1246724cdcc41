"""SALib, imported on first use with a clear message when it is missing."""

from __future__ import annotations

from typing import Any

from coalitionist.robustness.errors import SALibMissingError


def salib(module: str) -> Any:
    """``SALib.<module>`` (e.g. ``sample.sobol``)."""
    import importlib

    try:
        return importlib.import_module(f"SALib.{module}")
    except ImportError:
        raise SALibMissingError(
            "Sobol indices and Morris screening need SALib: pip install 'coalitionist[sensitivity]'"
        ) from None


def unit_problem(names: tuple[str, ...]) -> dict[str, Any]:
    """A SALib problem on the unit hypercube (inputs are mapped to their ranges by the caller)."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
