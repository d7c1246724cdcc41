"""Process planning: what to table, what to offer whom, the lockout risk, meeting design and tactics.

Numeric package (issue 14): arrays and small typed inputs in, typed frozen results out; the vote model is the
outcome engine's (:mod:`coalitionist.process.votes`), the rule any :mod:`coalitionist.power` rule (or the
outcome engine's ternary form). Only :mod:`coalitionist.analyses.process` knows the scenario.

>>> from coalitionist.process import PackageProblem, binary_passes, plan_packages
>>> pr = PackageProblem(["setter", "median", "low"], ["x"], [[100.0], [40.0], [10.0]],
...                     [[1.0], [1.0], [1.0]], [0.0], [100.0], [[0.0, 50.0, 100.0]], focal=0,
...                     passes=binary_passes(lambda m: m.sum(axis=1) >= 2))
>>> plan = plan_packages(pr)
>>> plan.best.package.values.tolist(), [pr.actors[i] for i in plan.carried_by]
([50.0], ['setter', 'median'])
"""

from coalitionist.process.errors import InvalidProcessInputError, NoFocalPackageError
from coalitionist.process.lockout import (
    DEFAULT_FAR,
    Leverage,
    LockoutResult,
    early_leverage,
    lockout_risk,
    perturbed_draws,
)
from coalitionist.process.meetings import Approach, Meeting, MeetingPlan, design_meetings
from coalitionist.process.offers import Offer, price_offers
from coalitionist.process.packaging import (
    ENUMERATION_LIMIT,
    PackageChoice,
    PackagePlan,
    PackageProblem,
    PackageSearch,
    PassFunction,
    best_package,
    binary_passes,
    needed_voters,
    plan_packages,
    sticky_package,
)
from coalitionist.process.tactics import Tactic, plan_tactics

__all__ = [
    "DEFAULT_FAR",
    "ENUMERATION_LIMIT",
    "Approach",
    "InvalidProcessInputError",
    "Leverage",
    "LockoutResult",
    "Meeting",
    "MeetingPlan",
    "NoFocalPackageError",
    "Offer",
    "PackageChoice",
    "PackagePlan",
    "PackageProblem",
    "PackageSearch",
    "PassFunction",
    "Tactic",
    "best_package",
    "binary_passes",
    "design_meetings",
    "early_leverage",
    "lockout_risk",
    "needed_voters",
    "perturbed_draws",
    "plan_packages",
    "plan_tactics",
    "price_offers",
    "sticky_package",
]
