"""Options of KTAB's Spatial Model of Politics, with KTAB's names and defaults.

Each enumeration mirrors one of KTAB's model parameters (``KTAB/kmodel/libsrc/kmodel.h`` and
``examples/smp/libsrc/smp.h`` in KAPSARC's KTAB); the string values are KTAB's own names, so a parameter
set printed by ``smpc`` ("VictoryProbModel: Linear", ...) can be passed to
:meth:`SmpParameters.from_dict` as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from coalitionist.errors import InvalidInputError


class VictoryProbModel(StrEnum):
    """How coalition strengths ``c_ij, c_ji`` become the probability that option i beats option j.

    ``LINEAR``: ``c_ij / (c_ij + c_ji)``; ``SQUARE``, ``QUARTIC``, ``OCTIC``: the same with ``c`` raised
    to the 2nd, 4th, 8th power; ``BINARY``: a 10 % advantage gives certainty, linear in between.
    """

    LINEAR = "Linear"
    SQUARE = "Square"
    QUARTIC = "Quartic"
    OCTIC = "Octic"
    BINARY = "Binary"


class VotingRule(StrEnum):
    """An actor's vote for option i over j as a function of its weight ``w`` and ``du = u_i - u_j``.

    ``BINARY``: ``w * clip(du / 1e-8, -1, 1)``; ``PROP_BIN``: ``w * (0.8 du + 0.2 bin)``; ``PROP``:
    ``w * du``; ``PROP_CBC``: ``w * (du + du**3) / 2``; ``CUBIC``: ``w * du**3``; ``ASYM_PROSP``: ``w * du``
    for losses, ``2/3 * w * du`` for gains.
    """

    BINARY = "Binary"
    PROP_BIN = "PropBin"
    PROP = "Prop"
    PROP_CBC = "PropCbc"
    CUBIC = "Cubic"
    ASYM_PROSP = "ASymProsp"


class PCEModel(StrEnum):
    """Probabilistic Condorcet Election: from pairwise victory probabilities to one distribution.

    ``CONDITIONAL``: ``P_i ∝ Π_j p(i > j)``; ``MARKOV_UNIFORM``: stationary distribution of a Markov
    chain where a uniformly chosen challenger meets the incumbent; ``MARKOV_INCENTIVE``: the same with
    challengers chosen in proportion to their incentive ``c_ij * p(i > j)``.
    """

    CONDITIONAL = "Conditional"
    MARKOV_INCENTIVE = "MarkovIncentive"
    MARKOV_UNIFORM = "MarkovUniform"


class StateTransitions(StrEnum):
    """How each actor picks among the bargains in its queue: the most probable (``DETERMINISTIC``) or
    one drawn with the PCE probabilities (``STOCHASTIC``, uses ``seed``)."""

    DETERMINISTIC = "Deterministic"
    STOCHASTIC = "Stochastic"


class BigRRange(StrEnum):
    """Range of the risk attitudes inferred from PCE probabilities: ``MIN`` [0, 1], ``MID`` [-1/2, 1],
    ``MAX`` [-1, 1] (the actor whose position is most likely to win is the most risk-averse)."""

    MIN = "Min"
    MID = "Mid"
    MAX = "Max"


class BigRAdjust(StrEnum):
    """Actor h's estimate of actor i's risk attitude: ``NONE`` r_h, ``ONE_THIRD`` (2 r_h + r_i)/3,
    ``HALF`` (r_h + r_i)/2, ``TWO_THIRDS`` (r_h + 2 r_i)/3, ``FULL`` r_i."""

    NONE = "None"
    ONE_THIRD = "OneThird"
    HALF = "Half"
    TWO_THIRDS = "TwoThirds"
    FULL = "Full"


class ThirdPartyCommit(StrEnum):
    """How a third party k values joining a challenge of i against j (which positions k expects to
    end up where): ``NO_COMMIT``, ``SEMI_COMMIT`` (KTAB's default) or ``FULL_COMMIT``."""

    NO_COMMIT = "NoCommit"
    SEMI_COMMIT = "SemiCommit"
    FULL_COMMIT = "FullCommit"


class InterVecBrgn(StrEnum):
    """Interpolated bargain between two positions, per dimension: weights ``s^a * p^b`` for
    ``S1P1`` (a = b = 1) and ``S2P2`` (a = b = 2), or ``S2PMAX`` (the weaker side moves by the
    probability gap)."""

    S1P1 = "S1P1"
    S2P2 = "S2P2"
    S2PMAX = "S2PMax"


class BargnModel(StrEnum):
    """Which bargains a challenge produces: the initiator's interpolation only (``INIT_ONLY_INTERP``),
    the initiator's and the receiver's (``INIT_RCVR_INTERP``) or their weighted compromise
    (``PW_COMP_INTERP``)."""

    INIT_ONLY_INTERP = "InitOnlyInterp"
    INIT_RCVR_INTERP = "InitRcvrInterp"
    PW_COMP_INTERP = "PWCompInterp"


_KTAB_KEYS = {
    "victory_prob_model": "VictoryProbModel",
    "voting_rule": "VotingRule",
    "pce_model": "PCEModel",
    "state_transitions": "StateTransitions",
    "big_r_range": "BigRRange",
    "big_r_adjust": "BigRAdjust",
    "third_party_commit": "ThirdPartyCommit",
    "inter_vec_brgn": "InterVecBrgn",
    "bargn_model": "BargnModel",
}


@dataclass(frozen=True)
class SmpParameters:
    """KTAB SMP model parameters; the defaults are KTAB's (``smpc`` with no parameter file).

    Attributes
    ----------
    victory_prob_model, voting_rule, pce_model, state_transitions, big_r_range, big_r_adjust,
    third_party_commit, inter_vec_brgn, bargn_model :
        KTAB's nine model parameters (see each enumeration).
    min_turns : int
        KTAB's ``minIter``: the run never stops before this many turns (2).
    stop_ratio : float
        KTAB's ``minDeltaRatio``: stop when the total movement of one turn, divided by that of the first
        turn, falls below this (0.02).
    stop_epsilon : float
        KTAB's ``minSigDelta``, added to the first turn's movement to avoid 0/0 (1e-4, on the 0..1 scale).
    position_tolerance : float
        KTAB's ``posTol``: two positions closer than this (Euclidean, on the 0..1 scale) count as the same
        option when win probabilities are computed (1e-3); 0 merges identical positions only.
    """

    victory_prob_model: VictoryProbModel = VictoryProbModel.LINEAR
    voting_rule: VotingRule = VotingRule.PROP
    pce_model: PCEModel = PCEModel.CONDITIONAL
    state_transitions: StateTransitions = StateTransitions.DETERMINISTIC
    big_r_range: BigRRange = BigRRange.MID
    big_r_adjust: BigRAdjust = BigRAdjust.ONE_THIRD
    third_party_commit: ThirdPartyCommit = ThirdPartyCommit.SEMI_COMMIT
    inter_vec_brgn: InterVecBrgn = InterVecBrgn.S2P2
    bargn_model: BargnModel = BargnModel.INIT_ONLY_INTERP
    min_turns: int = 2
    stop_ratio: float = 0.02
    stop_epsilon: float = 1e-4
    position_tolerance: float = 1e-3

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name in _KTAB_KEYS:
                enum_type = type(getattr(SmpParameters, f.name))
                value = getattr(self, f.name)
                if not isinstance(value, enum_type):
                    object.__setattr__(self, f.name, _parse_enum(enum_type, value, f.name))
        if self.min_turns < 0:
            raise InvalidInputError(f"min_turns: must be >= 0, got {self.min_turns}")
        if not self.stop_ratio >= 0:
            raise InvalidInputError(f"stop_ratio: must be >= 0, got {self.stop_ratio}")
        if not self.stop_epsilon > 0:
            raise InvalidInputError(f"stop_epsilon: must be > 0, got {self.stop_epsilon}")
        if not self.position_tolerance >= 0:
            raise InvalidInputError(
                f"position_tolerance: must be >= 0, got {self.position_tolerance}"
            )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: enumerations as KTAB's names, numbers as floats/ints."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, StrEnum) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SmpParameters:
        """Build from snake_case keys or KTAB's parameter names (``"VictoryProbModel": "Linear"``).

        Enumeration values are matched case-insensitively against KTAB's names and our member names.
        Unknown keys or values raise :class:`~coalitionist.errors.InvalidInputError`.
        """
        by_ktab = {v.lower(): k for k, v in _KTAB_KEYS.items()}
        names = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            name = key if key in names else by_ktab.get(str(key).lower())
            if name is None:
                raise InvalidInputError(
                    f"{key}: unknown SMP parameter; allowed: {', '.join(sorted(names))}"
                )
            kwargs[name] = value
        return cls(**kwargs)


def _parse_enum(enum_type: Any, value: Any, field_name: str) -> Any:
    text = str(value).strip().lower()
    for member in enum_type:
        if text in (
            member.value.lower(),
            member.name.lower(),
            member.name.lower().replace("_", ""),
        ):
            return member
    allowed = ", ".join(m.value for m in enum_type)
    raise InvalidInputError(f"{field_name}: unknown value {value!r}; allowed: {allowed}")
