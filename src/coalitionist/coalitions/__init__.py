"""Coalitions: which can win or block, who is essential, which are likely, and the adverse one's holes.

The façade is :func:`analyze_coalitions`; the pure kernels live in one module per topic:
:mod:`~coalitionist.coalitions.inputs` (what it reads), :mod:`~coalitionist.coalitions.affinity`
(the six bases), :mod:`~coalitionist.coalitions.likely` (ranking and generating winning coalitions) and
:mod:`~coalitionist.coalitions.adverse` (sides, cross-pressure, blocking impact).
"""

from coalitionist.coalitions.adverse import cross_pressure, peel_impact, proposal_of, stance_margin
from coalitionist.coalitions.affinity import (
    BASES,
    BASIS_LABELS,
    AffinityInputs,
    combined_affinity,
    common_allies_enemies,
    common_history,
    shared_interests,
    shared_positions,
    shared_vulnerability,
    valuable_trades,
)
from coalitionist.coalitions.analysis import (
    AdverseCoalition,
    CoalitionAnalysis,
    Essential,
    Hole,
    LikelyCoalition,
    analyze_coalitions,
)
from coalitionist.coalitions.errors import CoalitionInputError, NoWinningCoalitionError
from coalitionist.coalitions.inputs import CoalitionInputs, LockoutExposure
from coalitionist.coalitions.likely import (
    cohesion,
    gaps,
    grow_winning,
    ideological_range,
    likelihood_score,
    minimal_connected_winning,
    minimalize,
)
from coalitionist.power.game import Enumerated, FormalPower, formal_power, veto_players

__all__ = [
    "BASES",
    "BASIS_LABELS",
    "AdverseCoalition",
    "AffinityInputs",
    "CoalitionAnalysis",
    "CoalitionInputError",
    "CoalitionInputs",
    "Enumerated",
    "Essential",
    "FormalPower",
    "Hole",
    "LikelyCoalition",
    "LockoutExposure",
    "NoWinningCoalitionError",
    "analyze_coalitions",
    "cohesion",
    "combined_affinity",
    "common_allies_enemies",
    "common_history",
    "cross_pressure",
    "formal_power",
    "gaps",
    "grow_winning",
    "ideological_range",
    "likelihood_score",
    "minimal_connected_winning",
    "minimalize",
    "peel_impact",
    "proposal_of",
    "shared_interests",
    "shared_positions",
    "shared_vulnerability",
    "stance_margin",
    "valuable_trades",
    "veto_players",
]
