"""The conformance test every power method passes (``method=`` of :func:`coalitionist.power.power_indices`).

One base class, :class:`PowerMethodConformance`, holds the contract; each method gets a subclass that only
names it and its tolerance (as Axelrod's ``TestPlayer`` does for strategies). The reference is the exhaustive
enumeration of ``power_brute`` (definitions of Felsenthal & Machover 1998, no code from the package).
"""

from __future__ import annotations

import json
import random
from typing import ClassVar

import pytest
from power_brute import brute_force

from coalitionist.errors import CoalitionistError
from coalitionist.power import AllOf, Rule, Veto, Weighted, power_indices
from coalitionist.power.indices import _METHODS

SEEDS = range(8)


def _rule(seed: int) -> Rule:
    """A random weighted game on 3–8 players, sometimes with veto holders, sometimes with a dummy."""
    rng = random.Random(seed)
    n = rng.randint(3, 8)
    weights = [rng.randint(0, 9) for _ in range(n)]
    if sum(weights) == 0:
        weights[0] = 1
    rule: Rule = Weighted(weights, threshold=rng.choice([0.5, 0.6, 2 / 3]))
    if rng.random() < 0.4:
        rule = AllOf([rule, Veto(n, rng.sample(range(n), rng.randint(1, 2)))])
    return rule


class PowerMethodConformance:
    """The contract of a power method; subclasses set ``method`` and the tolerance of its values."""

    method: ClassVar[str]
    #: Absolute tolerance against the exhaustive reference (0 for exact methods, ε for Monte Carlo).
    tolerance: ClassVar[float] = 1e-12
    epsilon: ClassVar[float] = 0.02

    def _run(self, rule: Rule, seed: int) -> object:
        return power_indices(
            rule,
            method=self.method,
            epsilon=self.epsilon,
            delta=0.001,
            indices=["shapley_shubik", "banzhaf", "banzhaf_absolute"],
            seed=seed,
        )

    @pytest.mark.parametrize("seed", SEEDS)
    def test_deterministic_under_a_seed(self, seed: int) -> None:
        rule = _rule(seed)
        a, b = self._run(rule, seed), self._run(rule, seed)
        dump = lambda r: json.dumps(r.to_dict(), sort_keys=True, default=str)  # noqa: E731
        assert dump(a) == dump(b)

    @pytest.mark.parametrize("seed", SEEDS)
    def test_values_agree_with_exhaustive_enumeration(self, seed: int) -> None:
        rule = _rule(seed)
        ref = brute_force(rule)
        res = self._run(rule, seed)
        n = rule.n
        players = res.players  # type: ignore[attr-defined]
        ss = res.indices["shapley_shubik"]  # type: ignore[attr-defined]
        ab = res.indices["banzhaf_absolute"]  # type: ignore[attr-defined]
        for i, p in enumerate(players):
            assert float(ss[p]) == pytest.approx(float(ref.shapley[i]), abs=self.tolerance)
            assert float(ab[p]) == pytest.approx(ref.swings[i] / 2 ** (n - 1), abs=self.tolerance)

    @pytest.mark.parametrize("seed", SEEDS)
    def test_efficiency_and_dummies(self, seed: int) -> None:
        rule = _rule(seed)
        ref = brute_force(rule)
        res = self._run(rule, seed)
        ss = res.indices["shapley_shubik"]  # type: ignore[attr-defined]
        bz = res.indices["banzhaf"]  # type: ignore[attr-defined]
        if sum(ref.swings) > 0:
            assert sum(float(v) for v in ss.values()) == pytest.approx(1.0, abs=1e-9)
            assert sum(float(v) for v in bz.values()) == pytest.approx(1.0, abs=1e-9)
        for i, p in enumerate(res.players):  # type: ignore[attr-defined]
            if ref.swings[i] == 0:  # a dummy has no power, whatever the method
                assert float(ss[p]) == pytest.approx(0.0, abs=self.tolerance)

    def test_a_bad_seed_is_a_domain_error(self) -> None:
        with pytest.raises(CoalitionistError):
            power_indices(Weighted([2, 1, 1], quota=3), method=self.method, seed=-1)


class TestExact(PowerMethodConformance):
    method = "exact"


class TestMonteCarlo(PowerMethodConformance):
    method = "monte_carlo"
    tolerance = PowerMethodConformance.epsilon  # the stated ε (with probability 1 − δ, δ = 0.001)


class TestAuto(PowerMethodConformance):
    method = "auto"  # small games: auto is exact


def test_every_method_has_a_conformance_class() -> None:
    covered = {c.method for c in PowerMethodConformance.__subclasses__()}
    assert covered == set(_METHODS.values())
