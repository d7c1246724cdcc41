"""Forecasting where a collective decision lands (weighted mean/median, BDM expected utility, KTAB's SMP).

Every model has the signature ``model(capability, positions, salience, *, actors, dimensions, scale, seed,
**options) -> ForecastResult``; :data:`MODELS` maps names to models; :func:`monte_carlo` gives the
distribution of any model's forecast under uncertain inputs.
"""

from coalitionist.forecast.bdm import bdm
from coalitionist.forecast.central import mean, median
from coalitionist.forecast.models import MODELS, get_model
from coalitionist.forecast.montecarlo import MonteCarloResult, monte_carlo
from coalitionist.forecast.result import ForecastResult, ForecastState
from coalitionist.forecast.smp import smp
from coalitionist.forecast.smp_params import SmpParameters

__all__ = [
    "MODELS",
    "ForecastResult",
    "ForecastState",
    "MonteCarloResult",
    "SmpParameters",
    "bdm",
    "get_model",
    "mean",
    "median",
    "monte_carlo",
    "smp",
]
