"""Forecasting where a collective decision lands (weighted mean/median, BDM expected utility, KTAB's SMP)."""

from coalitionist.forecast.result import ForecastResult, ForecastState

__all__ = ["ForecastResult", "ForecastState"]
