"""Which estimates move which conclusion: Sobol' indices, Morris screening, one-at-a-time tornadoes.

A numeric package: designs on the unit hypercube and outputs in (NumPy arrays), typed frozen results out.
The scenario-level analysis that maps designs to estimates and runs the models is
:mod:`coalitionist.analyses.sweep_sensitivity`.
"""

from coalitionist.robustness.errors import SALibMissingError, SensitivityInputError
from coalitionist.robustness.given_data import HARMONICS, easi_first_order, easi_threshold
from coalitionist.robustness.morris import MorrisScreening, morris_design, morris_screening
from coalitionist.robustness.sobol import SobolIndices, sobol_design, sobol_indices
from coalitionist.robustness.tornado import Tornado, TornadoBar, tornado

__all__ = [
    "HARMONICS",
    "MorrisScreening",
    "SALibMissingError",
    "SensitivityInputError",
    "SobolIndices",
    "Tornado",
    "TornadoBar",
    "easi_first_order",
    "easi_threshold",
    "morris_design",
    "morris_screening",
    "sobol_design",
    "sobol_indices",
    "tornado",
]
