"""Our SMP against KTAB's own reference run and KTAB's shipped inputs.

The expected values come from KTAB's log ``20170530_ref-dummyData_3Dim.txt`` (``smpc --csv
dummyData_3Dim.csv`` with its default parameters), parsed below, and from the turn counts the team
measured with ``smpc`` on the other inputs (``shared/data/README.md``). Nothing here is copied from our
own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from coalitionist.forecast.pce import estimated_risk, pce, risk_from_probabilities
from coalitionist.forecast.result import ForecastResult
from coalitionist.forecast.smp import smp
from coalitionist.forecast.smp_kernels import (
    challenge,
    interpolate_bargain,
    salience_distance,
    utility,
)
from coalitionist.forecast.smp_params import (
    BigRAdjust,
    BigRRange,
    InterVecBrgn,
    ThirdPartyCommit,
    VotingRule,
)
from coalitionist.io.ktab import KtabData, read_ktab_csv

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ktab"
LOG = DATA / "20170530_ref-dummyData_3Dim.txt"


def _data(name: str) -> Path:
    path = DATA / name
    assert path.exists(), f"KTAB reference data missing: {path} (shared/ must sit beside the repo)"
    return path


# --------------------------------------------------------------------------------------------------
# A small parser for KTAB's SMP log


@dataclass
class Challenge:
    initiator: int
    target: int
    # (estimator h, prob text, affected k, gain text) for the four "Est by" lines
    estimates: list[tuple[int, str, int, str]] = field(default_factory=list)
    # "IIJ", "JIJ", "IJ" -> (initiator's position texts, receiver's position texts)
    bargains: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


@dataclass
class KtabLog:
    steps: int
    positions: dict[int, dict[int, list[str]]]  # state -> actor -> "%.4f" texts (states >= 1)
    history_1dp: dict[int, list[list[str]]]  # actor -> dimension -> "%5.1f" texts per state
    probabilities: dict[int, list[str]]  # actor -> "%.4f" texts per state
    risk: list[list[str]]  # per state: "%+.3f" texts per actor
    challenges: dict[int, list[Challenge]]  # turn (0-based, as KTAB prints it) -> challenges
    fractional_change: list[str]


def parse_ktab_log(path: Path) -> KtabLog:
    lines = path.read_text().splitlines()
    positions: dict[int, dict[int, list[str]]] = {}
    history: dict[int, list[list[str]]] = {}
    probabilities: dict[int, list[str]] = {}
    risk: list[list[str]] = []
    challenges: dict[int, list[Challenge]] = {}
    fractional: list[str] = []
    names: list[str] = []
    steps = -1
    iteration = 0
    current: Challenge | None = None
    pending_bargain: str | None = None
    nums = re.compile(r"[-+]?\d+\.\d+")
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := re.match(r"Actor: (\d+) name: (\S+)", line):
            names.append(m.group(2))
        elif m := re.match(r"Starting Model::run iteration (\d+)", line):
            iteration = int(m.group(1))
        elif m := re.match(r"postn (\d+) , \d+ :", line):
            positions.setdefault(iteration, {})[int(m.group(1))] = nums.findall(lines[i + 1])
            i += 1
        elif line.startswith("Inferred risk attitudes:"):
            block = [lines[i + 1 + a].strip() for a in range(len(names))]
            risk.append(block)
            i += len(names)
        elif m := re.match(r"In turn (\d+) actor (\d+) has most advantageous target (\d+)", line):
            current = Challenge(int(m.group(2)), int(m.group(3)))
            challenges.setdefault(int(m.group(1)), []).append(current)
        elif m := re.match(
            r"Est by +(\d+) of prob (\d\.\d+) that \[ *(\d+)> *(\d+)\], with expected gain to +(\d+) "
            r"of ([-+]\d\.\d+)",
            line,
        ):
            assert current is not None
            current.estimates.append((int(m.group(1)), m.group(2), int(m.group(5)), m.group(6)))
        elif m := re.match(r"Bargain \[\d+, \d+:\d+\] from (\d+)'s perspective", line):
            assert current is not None
            pending_bargain = "IIJ" if int(m.group(1)) == current.initiator else "JIJ"
        elif line.startswith("Power-weighted compromise"):
            pending_bargain = "IJ"
        elif pending_bargain and "proposes" in line:
            assert current is not None
            first = nums.findall(line.split("adopt:")[1])
            second = nums.findall(lines[i + 1].split("adopt:")[1])
            current.bargains[pending_bargain] = (first, second)
            pending_bargain = None
            i += 1
        elif m := re.match(r"Fractional change compared to first step: (\d+\.\d+)", line):
            fractional.append(m.group(1))
        elif m := re.match(r"There were (\d+) states, with (\d+) steps", line):
            steps = int(m.group(2))
        elif m := re.match(r"(\S+), (\S+): ((?: +\d+\.\d)+)\s*$", line):
            actor = names.index(m.group(1))
            history.setdefault(actor, []).append(m.group(3).split())
        elif m := re.match(r"(\S+), prob :((?: \d\.\d+)+)", line):
            probabilities[names.index(m.group(1))] = m.group(2).split()
        i += 1
    return KtabLog(steps, positions, history, probabilities, risk, challenges, fractional)


@pytest.fixture(scope="module")
def ref_log() -> KtabLog:
    return parse_ktab_log(_data(LOG.name))


@pytest.fixture(scope="module")
def dummy3() -> KtabData:
    return read_ktab_csv(_data("dummyData_3Dim.csv"))


@pytest.fixture(scope="module")
def dummy3_run(dummy3: KtabData) -> ForecastResult:
    return smp(
        dummy3.capability,
        dummy3.positions,
        dummy3.salience / 100.0,
        actors=dummy3.actors,
        dimensions=dummy3.dimensions,
    )


def test_the_log_parser_found_what_the_reference_run_prints(ref_log: KtabLog) -> None:
    # guards against a parser that silently matches nothing
    assert ref_log.steps == 10
    assert sorted(ref_log.positions) == list(range(1, 11))
    assert all(len(ref_log.positions[t]) == 7 for t in ref_log.positions)
    assert len(ref_log.probabilities) == 7
    assert all(len(p) == 11 for p in ref_log.probabilities.values())
    assert len(ref_log.risk) == 11
    assert len(ref_log.fractional_change) == 10
    assert sum(len(c) for c in ref_log.challenges.values()) > 40
    assert all(
        len(c.estimates) == 4 and len(c.bargains) == 3
        for cs in ref_log.challenges.values()
        for c in cs
    )


def test_same_number_of_turns(dummy3_run: ForecastResult, ref_log: KtabLog) -> None:
    assert dummy3_run.turns == ref_log.steps
    assert len(dummy3_run.history) == ref_log.steps + 1


def test_every_position_at_every_turn_to_four_decimals(
    dummy3_run: ForecastResult, ref_log: KtabLog
) -> None:
    for t in range(1, ref_log.steps + 1):
        ours = dummy3_run.history[t].positions
        for a, expected in ref_log.positions[t].items():
            assert [f"{v:.4f}" for v in ours[a]] == expected, f"turn {t}, actor {a}"


def test_position_history_table(dummy3_run: ForecastResult, ref_log: KtabLog) -> None:
    # KTAB's closing table (one decimal), which also covers the initial state
    for a, rows in ref_log.history_1dp.items():
        for k, expected in enumerate(rows):
            ours = [f"{s.positions[a, k]:5.1f}".strip() for s in dummy3_run.history]
            assert ours == expected, f"actor {a}, dimension {k}"


def test_every_win_probability_at_every_turn_to_four_decimals(
    dummy3_run: ForecastResult, ref_log: KtabLog
) -> None:
    per_position = np.asarray(dummy3_run.details["position_win_probabilities"])
    for a, expected in ref_log.probabilities.items():
        assert [f"{p:.4f}" for p in per_position[:, a]] == expected, f"actor {a}"


def test_split_win_probabilities_add_up_to_ktab_per_position(
    dummy3_run: ForecastResult, ref_log: KtabLog
) -> None:
    # our per-actor distribution splits KTAB's per-position probability among the actors sharing it
    per_position = np.asarray(dummy3_run.details["position_win_probabilities"])
    for t, state in enumerate(dummy3_run.history):
        p = state.win_probabilities
        assert p is not None
        assert p.sum() == pytest.approx(1.0, abs=1e-12)
        shares = np.isclose(per_position[t][:, None], per_position[t][None, :], atol=0, rtol=1e-12)
        np.testing.assert_allclose(p * shares.sum(axis=1), per_position[t], rtol=1e-12)


def test_risk_attitudes_and_stopping_statistic(
    dummy3_run: ForecastResult, ref_log: KtabLog
) -> None:
    for t, expected in enumerate(ref_log.risk):
        ours = [f"{r:+.3f}" for r in dummy3_run.details["risk_attitudes"][t]]
        assert ours == expected, f"state {t}"
    ours_fc = [f"{turn['fractional_change']:.4f}" for turn in dummy3_run.details["turns"]]
    assert ours_fc == ref_log.fractional_change


def test_challenges_chosen_each_turn(dummy3_run: ForecastResult, ref_log: KtabLog) -> None:
    names = dummy3_run.actors
    for t, expected in ref_log.challenges.items():
        ours = {
            (names.index(c["initiator"]), names.index(c["target"])): c
            for c in dummy3_run.details["turns"][t]["challenges"]
        }
        assert set(ours) == {(c.initiator, c.target) for c in expected}, f"turn {t}"
        for c in expected:
            h, prob, k, gain = c.estimates[0]
            mine = ours[(c.initiator, c.target)]
            assert (h, k) == (c.initiator, c.initiator)
            assert f"{mine['win_probability']:.4f}" == prob
            assert f"{mine['expected_gain']:+.4f}" == gain


def test_turn0_kernels_against_every_estimate_and_bargain_in_the_log(
    dummy3: KtabData, ref_log: KtabLog
) -> None:
    """Each turn-0 challenge prints four perspectives (h, k) and three bargain variants: check the
    kernels behind the non-default options (receiver's perspective, compromises) too."""
    x = dummy3.positions / 100.0
    sal = dummy3.salience / 100.0
    cap = dummy3.capability
    d = salience_distance(x, x, sal)
    r = risk_from_probabilities(pce(utility(d, 0.0), cap), BigRRange.MID)
    kw = {
        "distance": d,
        "risk": r,
        "weight": cap * sal.sum(axis=1),
        "total_salience": sal.sum(axis=1),
        "rule": VotingRule.PROP,
        "commit": ThirdPartyCommit.SEMI_COMMIT,
        "adjust": BigRAdjust.ONE_THIRD,
    }
    assert ref_log.challenges[0]
    for c in ref_log.challenges[0]:
        i, j = c.initiator, c.target
        est = {}
        for h, prob, k, gain in c.estimates:
            p, g = challenge(*(np.array([v]) for v in (h, k, i, j)), **kw)
            assert f"{p[0]:.4f}" == prob
            assert f"{g[0]:+.4f}" == gain
            est[(h, k)] = (p[0], g[0])
        ti, tj, si, sj = x[[i]], x[[j]], sal[[i]], sal[[j]]

        def bargain(
            p_i: float,
            ti: np.ndarray = ti,
            si: np.ndarray = si,
            tj: np.ndarray = tj,
            sj: np.ndarray = sj,
        ) -> tuple[np.ndarray, np.ndarray]:
            return interpolate_bargain(
                ti, si, np.array([p_i]), tj, sj, np.array([1 - p_i]), InterVecBrgn.S2P2
            )

        # the initiator weighs by its win probability; KTAB's receiver-side bargain is weighted by
        # j's estimate of i's expected *gain* (smpbcn.cpp: pjiJ = get<1>(Vjij))
        iij = bargain(est[(i, i)][0])
        jij = bargain(est[(j, i)][1])
        for variant, (bi, bj) in (("IIJ", iij), ("JIJ", jij)):
            assert [f"{v:.3f}" for v in bi[0] * 100] == c.bargains[variant][0]
            assert [f"{v:.3f}" for v in bj[0] * 100] == c.bargains[variant][1]
        # power-weighted compromise, with KTAB's weights (initiator's capability on both sides)
        wi, wj = cap[i] * sal[i].sum(), cap[i] * sal[j].sum()
        for side in (0, 1):
            comp = (wi * iij[side][0] + wj * jij[side][0]) / (wi + wj)
            assert [f"{v:.3f}" for v in comp * 100] == c.bargains["IJ"][side]


def test_estimated_risk_one_third_rule_matches_log_line() -> None:
    # "Using OneThird : r^h_i = (2*rh + ri)/3"
    assert estimated_risk(np.array(0.3), np.array(-0.6), BigRAdjust.ONE_THIRD) == pytest.approx(0.0)


# --------------------------------------------------------------------------------------------------
# The other inputs KTAB ships: the turn counts KTAB's smpc reached on them (shared/data/README.md)


@pytest.mark.parametrize(
    ("name", "ktab_turns"),
    [
        ("dummyData_6Dim.csv", 29),
        ("dummyData-a040.csv", 20),
        pytest.param("dummyData-a080.csv", 17, marks=pytest.mark.slow),
        ("SOE-Pol-Comp.csv", None),
    ],
)
def test_other_ktab_inputs_converge_sanely(name: str, ktab_turns: int | None) -> None:
    data = read_ktab_csv(_data(name))
    r = smp(
        data.capability,
        data.positions,
        data.salience / 100.0,
        actors=data.actors,
        dimensions=data.dimensions,
    )
    assert r.details["converged"]
    if ktab_turns is not None:
        assert r.turns == ktab_turns
    else:
        assert 2 <= r.turns < 100
    for state in r.history:
        assert ((state.positions >= 0) & (state.positions <= 100)).all()
        assert state.win_probabilities is not None
        assert state.win_probabilities.sum() == pytest.approx(1.0, abs=1e-9)
    assert ((r.forecast >= 0) & (r.forecast <= 100)).all()
    # the forecast sits inside the range of final positions on every dimension
    final = r.final.positions
    assert (r.forecast >= final.min(axis=0) - 1e-9).all()
    assert (r.forecast <= final.max(axis=0) + 1e-9).all()
