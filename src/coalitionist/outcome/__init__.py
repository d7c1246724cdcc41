"""The outcome under the rule: votes (yes / no / abstain), the ternary decision rule, the tally, the pass
probability, the pivotal voters and the status quo's win set.

Numeric package: takes NumPy arrays and the rule objects of :mod:`coalitionist.power`, returns typed frozen
results; only :mod:`coalitionist.analyses.outcome` knows the scenario.
"""

from coalitionist.outcome.votes import (
    ABSTAIN,
    DEFAULT_BAND,
    NO,
    VOTE_NAMES,
    YES,
    VoteResult,
    cast_votes,
    flip_margins,
    predict_votes,
    utility_gain,
)

__all__ = [
    "ABSTAIN",
    "DEFAULT_BAND",
    "NO",
    "VOTE_NAMES",
    "YES",
    "VoteResult",
    "cast_votes",
    "flip_margins",
    "predict_votes",
    "utility_gain",
]
