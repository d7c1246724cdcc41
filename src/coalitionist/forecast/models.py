"""The registry of forecast models: name → callable with the common model signature.

Every model is called as::

    model(capability, positions, salience, *, actors=None, dimensions=None, scale=(0, 100), seed=None,
          **options) -> ForecastResult

with ``capability`` of shape ``(n,)``, ``positions`` of shape ``(n, d)`` in the issues' units and
``salience`` of shape ``(n, d)`` on [0, 1]. KTAB's SMP (:mod:`coalitionist.forecast.smp`) joins the
registry as ``"smp"`` when that module is present.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol

from numpy.typing import ArrayLike

from coalitionist.forecast.bdm import bdm
from coalitionist.forecast.central import mean, median
from coalitionist.forecast.result import ForecastResult

__all__ = ["MODELS", "ForecastModel", "get_model"]


class ForecastModel(Protocol):
    """The common signature of a forecast model."""

    def __call__(
        self,
        capability: ArrayLike,
        positions: ArrayLike,
        salience: ArrayLike,
        *,
        actors: Sequence[str] | None = ...,
        dimensions: Sequence[str] | None = ...,
        scale: tuple[float, float] | ArrayLike = ...,
        seed: int | None = ...,
        **options: Any,
    ) -> ForecastResult: ...


def _registry() -> dict[str, ForecastModel]:
    models: dict[str, ForecastModel] = {"mean": mean, "median": median, "bdm": bdm}
    try:
        smp_module = importlib.import_module("coalitionist.forecast.smp")
    except ModuleNotFoundError as exc:  # the SMP module is optional until it lands
        if exc.name != "coalitionist.forecast.smp":
            raise
    else:
        smp = getattr(smp_module, "smp", None)
        if callable(smp):
            models["smp"] = smp
    return models


#: Forecast models by name, in the order the command line lists them.
MODELS: dict[str, ForecastModel] = _registry()


def get_model(name: str) -> ForecastModel:
    """The model registered under ``name``.

    Raises
    ------
    coalitionist.errors.UsageError
        If no model has that name (the message lists the known ones).
    """
    from coalitionist.errors import UsageError

    try:
        return MODELS[name]
    except KeyError:
        raise UsageError(
            f"unknown forecast model '{name}': choose one of {', '.join(MODELS)}"
        ) from None
