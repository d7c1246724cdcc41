"""The option choices the command line shows in its help, kept here so that ``--help`` imports no analysis.

Naming them here lets the help text be written without importing NumPy, SciPy or the analysis packages
(issue 12, point 5: the command line starts at once). ``tests/cli/test_startup.py`` checks that each tuple
equals the library's own list, so the two cannot drift apart.
"""

from __future__ import annotations

#: ``coalitionist.power.INDEX_NAMES``.
INDEX_NAMES: tuple[str, ...] = (
    "shapley_shubik",
    "banzhaf",
    "banzhaf_absolute",
    "deegan_packel",
    "holler",
    "johnston",
)

#: The keys of ``coalitionist.forecast.models.MODELS``.
FORECAST_MODELS: tuple[str, ...] = ("mean", "median", "bdm", "smp")

#: ``coalitionist.analyses.forecast.DEFAULT_MODEL``.
DEFAULT_FORECAST_MODEL = "smp"

#: ``coalitionist.report.FORMATS``.
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "pdf", "json")

__all__ = ["DEFAULT_FORECAST_MODEL", "FORECAST_MODELS", "FORMATS", "INDEX_NAMES"]
