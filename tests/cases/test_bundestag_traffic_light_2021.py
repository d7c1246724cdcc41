"""The Bundestag after the 2021 election: the SPD needs 369 of 736 seats to elect its Chancellor.

The file (tests/data/bundestag-traffic-light-2021.yaml) is the lead's case, written from the public record
(seats, Art. 63 Basic Law, the coalition agreement of 24 November 2021) with its sources in comments. Every
expected number is worked out by hand or by brute force from the file, never taken from the tool's output:
the seat arithmetic (no Red–Red–Green majority: 206 + 118 + 39 = 363 < 369, so the Left is never decisive),
the linear-loss vote model of :mod:`coalitionist.outcome.votes` (gain = Σ salience × (|sq − x| − |p − x|) /
100), and the traffic light as the coalition to build, with the FDP's price: the debt brake for the minimum
wage.
"""

from __future__ import annotations

import json
from functools import cache
from itertools import combinations
from pathlib import Path

from typer.testing import CliRunner

from coalitionist.cli import app

CASE = str(Path(__file__).resolve().parents[1] / "data" / "bundestag-traffic-light-2021.yaml")
SEATS = {"spd": 206, "union": 197, "greens": 118, "fdp": 92, "afd": 83, "left": 39, "ssw": 1}
QUOTA = 369  # a majority of the 736 members, Art. 63(2) Basic Law
POSITIONS = {  # (fiscal, coal, wage, fdp_posts) as (position, salience), as in the file
    "spd": [(70, 0.5), (50, 0.4), (100, 0.9), (60, 0.2)],
    "union": [(0, 0.7), (10, 0.5), (10, 0.4), (40, 0.2)],
    "greens": [(70, 0.5), (100, 0.9), (100, 0.5), (50, 0.2)],
    "fdp": [(0, 0.9), (40, 0.3), (10, 0.3), (100, 0.8)],
    "afd": [(20, 0.4), (0, 0.6), (20, 0.3), (0, 0.1)],
    "left": [(100, 0.7), (100, 0.5), (100, 0.8), (0, 0.4)],
    "ssw": [(50, 0.3), (70, 0.3), (100, 0.4), (50, 0.1)],
}
PROPOSAL = (0, 80, 100, 100)  # the coalition agreement; the status quo is 0 on every issue


def _gain(actor: str) -> float:
    return sum(
        s * (abs(0 - x) - abs(p - x)) / 100
        for (x, s), p in zip(POSITIONS[actor], PROPOSAL, strict=True)
    )


def _runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "10000"})


@cache
def outcome() -> dict:
    result = _runner().invoke(app, ["outcome", CASE, "--json", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@cache
def brief_text() -> str:
    result = _runner().invoke(app, ["analyze", CASE])
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())  # the terminal wraps at its width: read it as prose


def test_the_vote_follows_the_gains_worked_by_hand() -> None:
    # By hand: SPD +1.02, Greens +1.22, FDP +0.56 (posts +0.80, minimum wage -0.24), the Left +0.80
    # (coal +0.40, wage +0.80, the FDP's posts -0.40), SSW +0.58; CDU/CSU -0.66, AfD -0.76. The default
    # indifference band is 0.05, so five vote yes and two no.
    gains = {a: _gain(a) for a in SEATS}
    assert round(gains["fdp"], 2) == 0.56
    assert round(gains["union"], 2) == -0.66
    o = outcome()
    for actor, gain in gains.items():
        assert o["votes"][actor] == ("yes" if gain > 0.05 else "no"), actor
    yes = sum(SEATS[a] for a, g in gains.items() if g > 0.05)
    assert yes == 456
    assert o["tally"] == {"yes": 456, "no": 280, "abstain": 0}
    assert o["passes"] is True
    assert "The proposal passes 456–280–0" in brief_text()


def test_the_left_and_the_ssw_are_never_decisive_by_brute_force() -> None:
    # Red–Red–Green has 363 seats, six short; by enumeration over all 128 coalitions, neither the Left nor
    # the SSW ever turns a losing coalition into a winning one.
    actors = list(SEATS)
    swings = dict.fromkeys(actors, 0)
    for size in range(len(actors) + 1):
        for coalition in combinations(actors, size):
            weight = sum(SEATS[a] for a in coalition)
            for a in coalition:
                if weight >= QUOTA > weight - SEATS[a]:
                    swings[a] += 1
    assert SEATS["spd"] + SEATS["greens"] + SEATS["left"] == 363 < QUOTA
    assert swings["left"] == swings["ssw"] == 0
    assert min(swings[a] for a in actors[:5]) > 0
    power = _runner().invoke(app, ["power", CASE, "--json"])
    assert power.exit_code == 0, power.output
    banzhaf = json.loads(power.stdout)["indices"]["banzhaf_absolute"]
    for a in actors:  # absolute Banzhaf = swings / 2^(n-1)
        assert abs(banzhaf[a] - swings[a] / 64) < 1e-12, a
    assert "The Left and SSW are dummies (never decisive)" in brief_text()


def test_the_coalition_to_build_is_the_traffic_light_greens_first() -> None:
    # The SPD (206) needs 163 more: the Greens (118) and the FDP (92) give 416. The Greens come first:
    # their joining raises the FDP's chance from 0.45 to 0.45 + 0.25 = 0.70 by the file's effect, and the
    # FDP's alliance with the Greens raises it by the derived tie effect besides.
    text = brief_text()
    assert "Coalition to build: Greens, FDP" in text
    assert "First moves: 1. Greens" in text
    assert SEATS["spd"] + SEATS["greens"] + SEATS["fdp"] == 416 >= QUOTA


def test_the_fdps_price_is_the_debt_brake_for_the_minimum_wage() -> None:
    # The trade the coalition agreement made: the FDP cares 0.9 about taxes and the debt brake, the SPD 0.5;
    # on the minimum wage the FDP loses 0.8 × 0.3 = 0.24 — so the SPD gives way on the debt brake.
    assert (
        "Offer FDP debt brake kept and no tax rises on Taxes and the debt brake in exchange for its vote on "
        "Minimum wage: it cares more about it than you do (0.9 vs 0.5)"
    ) in brief_text()
