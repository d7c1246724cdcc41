"""Influence: who holds it (resources, formal power, network position), where it flows, who needs it.

The façade is :func:`analyze_influence`; the pure kernels live in one module per topic:
:mod:`~coalitionist.influence.ties` (tie matrices), :mod:`~coalitionist.influence.position` (strength, reach,
betweenness, structural holes), :mod:`~coalitionist.influence.paths` (strongest chains),
:mod:`~coalitionist.influence.friedkin` (Friedkin–Johnsen projection) and :mod:`~coalitionist.influence.needs`
(weighted-median forecast and need for influence).
"""

from coalitionist.influence.analysis import (
    ActorInfluence,
    InfluenceAnalysis,
    InfluenceInputs,
    InfluencePath,
    IssueProjection,
    Need,
    Potential,
    analyze_influence,
)
from coalitionist.influence.errors import FriedkinJohnsenSingularError, InfluenceInputError
from coalitionist.influence.friedkin import friedkin_johnsen, influence_weights, total_influence
from coalitionist.influence.needs import median_forecast, need_for_influence, weighted_median
from coalitionist.influence.paths import StrongestPaths, strongest_paths
from coalitionist.influence.position import (
    betweenness,
    burt_constraint,
    effective_size,
    strengths,
    two_step_reach,
)
from coalitionist.influence.ties import (
    INFLUENCE_CHANNELS,
    RELATION_FACTORS,
    EdgeList,
    TieList,
    TieMatrices,
    tie_matrices,
)

__all__ = [
    "INFLUENCE_CHANNELS",
    "RELATION_FACTORS",
    "ActorInfluence",
    "EdgeList",
    "FriedkinJohnsenSingularError",
    "InfluenceAnalysis",
    "InfluenceInputError",
    "InfluenceInputs",
    "InfluencePath",
    "IssueProjection",
    "Need",
    "Potential",
    "StrongestPaths",
    "TieList",
    "TieMatrices",
    "analyze_influence",
    "betweenness",
    "burt_constraint",
    "effective_size",
    "friedkin_johnsen",
    "influence_weights",
    "median_forecast",
    "need_for_influence",
    "strengths",
    "strongest_paths",
    "tie_matrices",
    "total_influence",
    "two_step_reach",
    "weighted_median",
]
