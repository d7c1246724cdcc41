"""Glyphosate's renewal in the EU Appeal Committee, 27 November 2017: QMV with populations in persons.

The file (tests/data/eu-glyphosate-2017.yaml) is the lead's case, with its sources in comments: 18 states for,
9 against, 1 abstention (Portugal); the states for held 65.71 % of the population by the Council's figures.
Each expected number is worked out by hand from the file (the linear-loss vote model of
:mod:`coalitionist.outcome.votes` on the 0-15 scale, status quo 1.5, proposal 5), never from the tool's output.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from typer.testing import CliRunner

from coalitionist.cli import app

CASE = str(Path(__file__).resolve().parents[1] / "data" / "eu-glyphosate-2017.yaml")

#: Eurostat, 1 January 2017, as in the file.
POP = {
    "de": 82521653, "fr": 66989083, "uk": 65808573, "it": 60589445, "es": 46528966, "pl": 37972964,
    "ro": 19644350, "nl": 17081507, "be": 11351727, "el": 10768193, "cz": 10578820, "pt": 10309573,
    "se": 9995153, "hu": 9797561, "at": 8772865, "bg": 7101859, "dk": 5748769, "fi": 5503297,
    "sk": 5435343, "ie": 4784383, "hr": 4154213, "lt": 2847904, "si": 2065895, "lv": 1950116,
    "ee": 1315635, "cy": 854802, "lu": 590667, "mt": 460297,
}  # fmt: skip
FOR = [
    "de",
    "uk",
    "es",
    "pl",
    "ro",
    "nl",
    "cz",
    "se",
    "hu",
    "bg",
    "dk",
    "fi",
    "sk",
    "ie",
    "lt",
    "si",
    "lv",
    "ee",
]
AGAINST = ["fr", "it", "be", "el", "at", "hr", "cy", "lu", "mt"]


def _gain(position: float, salience: float) -> float:
    """Linear loss on the 0-15 scale: u(5) - u(1.5)."""
    return salience * (abs(1.5 - position) - abs(5 - position)) / 15


@cache
def outcome() -> dict:
    result = CliRunner().invoke(app, ["outcome", CASE, "--json", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@cache
def brief_text() -> str:
    result = CliRunner(env={"COLUMNS": "10000"}).invoke(app, ["analyze", CASE])
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())  # the terminal wraps at its width: read it as prose


def test_the_real_vote_18_9_1_comes_out() -> None:
    # By hand: the 18 at 10 (salience 0.5) gain 0.5 * 3.5 / 15 = 0.117 > 0.05: yes; Germany at 5 (0.3)
    # gains 0.07 > 0.05: yes. France at 3 (0.8): 0.8 * (1.5 - 2) / 15 = -0.027 < -0.02 (its band): no;
    # Italy (0.6): -0.020 < -0.01: no; the five at 1 (0.6): -0.14; Austria at 0 (0.8): -0.187: no.
    # Portugal at 3.25 is as far from 5 as from 1.5: gain 0, abstains.
    assert _gain(5, 0.3) > 0.05
    assert _gain(3, 0.8) < -0.02
    assert _gain(3, 0.6) < -0.01
    assert abs(_gain(3.25, 0.3)) < 1e-12
    o = outcome()
    assert o["tally"] == {"yes": 18, "no": 9, "abstain": 1}
    assert sorted(a for a, v in o["votes"].items() if v == "yes") == sorted(FOR)
    assert sorted(a for a, v in o["votes"].items() if v == "no") == sorted(AGAINST)
    assert o["votes"]["pt"] == "abstain"
    assert o["passes"] is True
    # the four outsiders (Commission, Parliament, manufacturers, citizens' initiative) cast no vote
    assert set(o["votes"]) == set(POP)


def test_the_double_majority_is_met_by_population_in_persons() -> None:
    share = sum(POP[a] for a in FOR) / sum(POP.values())
    assert 0.658 < share < 0.659  # 65.8 % by these figures (the Council's own table gave 65.71 %)
    text = brief_text()
    assert (
        "65 % of the population (511,523,613 in all)" in text
    )  # persons, with separators, never 5.1e+08
    assert "e+08" not in text


def test_germany_is_the_pivot_closest_to_flipping() -> None:
    # Without Germany the 17 others hold 49.7 % (< 65 %): its abstention alone sinks the renewal, and its
    # margin over its band (0.07 - 0.05 = 0.02) is the smallest of the 18 (the others: 0.117 - 0.05).
    without = (sum(POP[a] for a in FOR) - POP["de"]) / sum(POP.values())
    assert without < 0.65
    o = outcome()
    assert o["pivotal"][0]["actor"] == "de"
    assert abs(o["pivotal"][0]["margin"] - (_gain(5, 0.3) - 0.05)) < 1e-9
    assert o["pivotal"][0]["flips_to"] == "abstain"
    assert "Germany (votes yes; 0.02 from the point where it abstains)" in brief_text()


def test_small_states_are_weak_not_powerless_and_never_0_percent() -> None:
    # Malta's capability 0.5 of 582.6 in all is 0.09 % of the resources: "under 1%", never "0%".
    text = brief_text()
    assert re.search(r"Malta has under 1% of the resources but [\d.]+% of the voting power", text)
    assert "has 0% of the resources" not in text
