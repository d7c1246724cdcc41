"""The conformance test every kind of trade on differences passes (``coalitionist.trades.TRADE_KINDS``).

One base class, :class:`TradeKindConformance`, holds the contract; each kind gets a subclass that names it
and gives cases where such a trade exists (as Axelrod's ``TestPlayer`` does for strategies). The contract:
the kind finds a trade on its cases; every party gains strictly; the joint gain is the sum of the gains;
the result is plain JSON and deterministic; the trade reads in words with the display names and no id. For
the package trades (priorities, appearances) each party's gain is recomputed from the formula by
``trades_brute`` (no code from the package): utility of the traded package minus that of the compromise.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import ClassVar

import numpy as np
import pytest
from trades_brute import option_value, random_logroll_case

from coalitionist.trades import TRADE_KINDS, TradeInputs, analyze_trades
from coalitionist.trades.describe import trade_sentence
from coalitionist.trades.result import Trade


def _utility(inputs: TradeInputs, i: int, package: dict[str, object]) -> Fraction:
    total = Fraction(0)
    for k, issue in enumerate(inputs.issues):
        labels = [inputs.option_label(k, o) for o in range(len(inputs.options[k]))]
        o = labels.index(package[issue])  # type: ignore[arg-type]
        total += option_value(inputs, i, k, float(inputs.options[k][o]))
    return total


class TradeKindConformance:
    """The contract of one kind of trade; subclasses set ``kind`` and ``cases``."""

    kind: ClassVar[str]
    #: Whether each party's gain is measured against the issue-by-issue compromise (package trades).
    against_compromise: ClassVar[bool] = False

    @classmethod
    def cases(cls) -> list[TradeInputs]:
        raise NotImplementedError

    def _trades(self, inputs: TradeInputs) -> list[Trade]:
        return [t for t in analyze_trades(inputs, seed=0).trades if t.kind == self.kind]

    def test_finds_a_trade_on_its_cases(self) -> None:
        assert any(self._trades(c) for c in self.cases())

    def test_every_party_gains_and_the_joint_gain_is_the_sum(self) -> None:
        for inputs in self.cases():
            for t in self._trades(inputs):
                assert set(t.gains) == set(t.actors)
                assert all(g > 0 for g in t.gains.values()), t.gains
                assert t.joint_gain == pytest.approx(sum(t.gains.values()), abs=1e-12)
                assert set(t.effect_on_others).isdisjoint(t.actors)

    def test_plain_json_and_deterministic(self) -> None:
        for inputs in self.cases():
            a = [t.to_dict() for t in self._trades(inputs)]
            b = [t.to_dict() for t in self._trades(inputs)]
            assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)

    def test_reads_in_words_with_names(self) -> None:
        for inputs in self.cases():
            names = {a: f"Actor {a.upper()}" for a in inputs.actors}
            issues = {k: f"Issue {k.upper()}" for k in inputs.issues}
            for t in self._trades(inputs):
                text = trade_sentence(t, names, issues)
                assert text[:1].isupper()
                assert any(names[a] in text for a in t.actors)
                words = set(text.replace(",", " ").replace(";", " ").split())
                assert not words & (set(inputs.actors) - {"a"}), text  # "a": also the article

    def test_gains_recomputed_from_the_formula(self) -> None:
        if not self.against_compromise:
            return  # measured against the pair's own best deal or in risk units: checked by the kind's tests
        for inputs in self.cases():
            result = analyze_trades(inputs, seed=0)
            for t in self._trades(inputs):
                for a, g in t.gains.items():
                    i = inputs.actors.index(a)
                    want = _utility(inputs, i, dict(t.terms["package"])) - _utility(
                        inputs, i, dict(result.compromise.package)
                    )
                    assert g == pytest.approx(float(want), abs=1e-9)


class TestPriorities(TradeKindConformance):
    kind = "priorities"
    against_compromise = True

    @classmethod
    def cases(cls) -> list[TradeInputs]:
        return [random_logroll_case(np.random.default_rng(s)) for s in range(12)]


class TestAppearances(TradeKindConformance):
    kind = "appearances"
    against_compromise = True

    @classmethod
    def cases(cls) -> list[TradeInputs]:
        return [
            TradeInputs.from_spec(
                ["egypt", "israel", "usa"],
                {
                    "sovereignty": {
                        "scale": (0, 2),
                        "options": [0, 1, 2],
                        "status_quo": 0,
                        "kind": "appearance",
                        "labels": ["israeli", "shared", "egyptian"],
                    },
                    "demilitarisation": {
                        "scale": (0, 2),
                        "options": [0, 1, 2],
                        "status_quo": 0,
                        "labels": ["none", "partial", "full"],
                    },
                },
                {
                    "egypt": {"sovereignty": (2, 0.8), "demilitarisation": (0, 0.2)},
                    "israel": {"sovereignty": (0, 0.3), "demilitarisation": (2, 0.7)},
                    "usa": {"sovereignty": (1, 0.5), "demilitarisation": (1, 0.5)},
                },
            )
        ]


class TestTiming(TradeKindConformance):
    kind = "timing"

    @classmethod
    def cases(cls) -> list[TradeInputs]:
        return [
            TradeInputs.from_spec(
                ["a", "b"],
                {
                    "x": {"options": [0, 1, 2, 3], "status_quo": 0},
                    "y": {"options": [0, 1], "status_quo": 0},
                },
                {},
                utility_tables={
                    "a": {"x": [0, 0.5, 0.75, 1], "y": [1, 0.4]},
                    "b": {"x": [1, 0.75, 0.625, 0.5], "y": [0, 1]},
                },
                discount_rate={"a": 1.0, "b": 0.0},
            )
        ]


class TestForecasts(TradeKindConformance):
    kind = "forecasts"

    @classmethod
    def cases(cls) -> list[TradeInputs]:
        return [
            TradeInputs.from_spec(
                ["a", "b"],
                {"x": {"scale": (0, 1), "options": [0, 1], "status_quo": 0.5}},
                {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}},
                beliefs={"rain": {"a": pa, "b": pb}},
            )
            for pa, pb in ((0.8, 0.3), (0.1, 0.6))
        ]


class TestRisk(TradeKindConformance):
    kind = "risk"

    @classmethod
    def cases(cls) -> list[TradeInputs]:
        return [
            TradeInputs.from_spec(
                ["a", "b", "c"],
                {"x": {"scale": (0, 1), "options": [0, 1], "status_quo": 0}},
                {"a": {"x": (1, 1.0)}, "b": {"x": (0, 1.0)}, "c": {"x": (0.5, 1.0)}},
                risk_aversion={"a": 1 / 100, "b": 1 / 300, "c": 1 / 50},
            )
        ]


def test_every_kind_has_a_conformance_class() -> None:
    covered = {c.kind for c in TradeKindConformance.__subclasses__()}
    assert covered == set(TRADE_KINDS)
