"""``coalitionist outcome`` and :func:`run_outcome` on the seed case and on cases written for the tests:
the Gulf War's Resolution 678, a Senate vote that needs 60, a board with a veto."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from coalitionist.analyses.outcome import run_outcome
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario

DATA = Path(__file__).parent / "data"
GULF = str(example_path("gulf-war-1990"))
SENATE = str(DATA / "senate-background-checks-2013.yaml")
BOARD = str(DATA / "board-veto.yaml")
#: S/RES/678 (29 November 1990), voting record: 12 in favour, Cuba and Yemen against, China abstaining.
RES_678_NO = {"cuba", "yemen"}
RES_678_ABSTAIN = {"china"}
UNSC_1990 = {
    "usa", "uk", "france", "ussr", "china", "canada", "colombia", "cote_divoire", "cuba", "ethiopia",
    "finland", "malaysia", "romania", "yemen", "zaire",
}  # fmt: skip


def cli_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["outcome", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_resolution_678_passes_12_2_1_through_the_cli() -> None:
    data = cli_json(GULF, "--samples", "200", "--seed", "3")
    assert data["proposal"] == {"force": 100, "timing": 50}
    assert data["proposal_source"] == "scenario"
    assert data["passes"] is True
    assert data["tally"] == {"yes": 12, "no": 2, "abstain": 1}
    assert set(data["votes"]) == UNSC_1990  # only Council members vote
    assert {a for a, v in data["votes"].items() if v == "no"} == RES_678_NO
    assert {a for a, v in data["votes"].items() if v == "abstain"} == RES_678_ABSTAIN
    assert set(data["carried_by"]) == UNSC_1990 - RES_678_NO - RES_678_ABSTAIN
    assert "an abstention is not a veto" in data["required"]
    assert "israel" in data["non_voters"]
    assert "israel" not in data["votes"]
    assert 0.9 < data["p_pass"] <= 1.0
    assert data["monte_carlo"]["n_draws"] == 200
    # China is the closest to turning the result: its abstention is 0.12 from a veto
    assert data["pivotal"][0]["actor"] == "china"
    assert data["pivotal"][0]["flips_to"] == "no"
    for entry in data["pivotal"]:
        assert set(entry) >= {"actor", "margin", "flips_to"}


def test_resolution_678_through_the_api_and_the_readable_output() -> None:
    s = load_scenario(GULF)
    res = run_outcome(s, samples=0)
    assert res.passes
    assert res.p_pass == 1.0
    assert res.decision.tally == {"yes": 12.0, "no": 2.0, "abstain": 1.0}
    text = CliRunner().invoke(app, ["outcome", GULF, "-n", "50"]).stdout
    assert "The proposal passes 12–2–1" in text
    assert "Cuba and Yemen against; China abstaining: not a veto" in text
    assert "cuba" not in text  # names, never ids


def test_a_chinese_no_would_be_a_veto() -> None:
    data = cli_json(GULF, "-n", "0", "--proposal", "force=100", "--proposal", "timing=100")
    # immediate force (timing 100) is further from China (20) than the 15 January deadline
    assert data["votes"]["china"] in {"no", "abstain"}
    if data["votes"]["china"] == "no":
        assert data["passes"] is False
        assert data["blocked_by"] == ["china"]


def test_senate_needs_60_and_54_fails() -> None:
    data = cli_json(SENATE, "-n", "100")
    assert data["passes"] is False
    assert data["tally"] == {"yes": 54, "no": 46, "abstain": 0}  # the roll call of 17 April 2013
    assert data["required"] == "at least 60 of the 100 votes are yes"
    # 54 + 5 = 59 is short of 60: the five Democrats against are not pivotal; the 41 Republicans are
    assert [p["actor"] for p in data["pivotal"]] == ["rep_no"]
    assert "nra" not in data["votes"]
    assert data["non_voters"] == ["nra"]
    assert data["preferences"]["nra"] == "no"
    assert data["p_pass"] < 0.05
    assert data["closest_flip"]
    assert all(f["flips_to"] == "yes" for f in data["closest_flip"])


def test_board_veto_blocks_four_to_one() -> None:
    res = run_outcome(load_scenario(BOARD), samples=0)
    assert not res.passes
    assert res.decision.tally == {"yes": 4.0, "no": 1.0, "abstain": 0.0}
    assert [res.decision.actors[i] for i in res.decision.blocked_by] == ["investor"]
    assert res.decision.pivotal[0].actor == 0


def _board(**changes: Any) -> Scenario:
    data = yaml.safe_load(Path(BOARD).read_text(encoding="utf-8"))
    data["positions"]["investor"]["plant"]["position"] = 50  # indifferent: abstains
    data.update(changes)
    return Scenario.from_data(data)


def test_an_abstaining_veto_holder_does_not_block_unless_the_rule_says_so() -> None:
    soft = run_outcome(_board(), samples=0)
    assert soft.decision.votes["investor"] == "abstain"
    assert soft.passes
    strict = _board(
        decision={
            "kind": "all_of",
            "rules": [
                {"kind": "count", "quota": 3},
                {"kind": "veto", "holders": ["investor"], "veto_on_abstain": True},
            ],
        }
    )
    assert not run_outcome(strict, samples=0).passes


def test_present_and_voting_leaves_abstainers_out() -> None:
    # majority of those voting: 2 yes, 1 no, 2 abstain passes; of all members it does not
    data = yaml.safe_load(Path(BOARD).read_text(encoding="utf-8"))
    for who in ("ind1", "ind2"):
        data["positions"][who]["plant"]["position"] = 50
    data["actors"][0]["veto"] = False
    present = dict(
        data,
        decision={"kind": "count", "threshold": 0.5, "strict": True, "of": "present_and_voting"},
    )
    everyone = dict(data, decision={"kind": "count", "threshold": 0.5, "strict": True})
    a = run_outcome(Scenario.from_data(present), samples=0)
    b = run_outcome(Scenario.from_data(everyone), samples=0)
    assert a.decision.tally == b.decision.tally == {"yes": 2.0, "no": 1.0, "abstain": 2.0}
    assert a.passes
    assert not b.passes


def test_same_seed_same_numbers_and_a_pure_function() -> None:
    s = load_scenario(GULF)
    one = run_outcome(s, samples=64, seed=5).to_dict()
    two = run_outcome(s, samples=64, seed=5).to_dict()
    assert one == two


def test_without_a_proposal_the_forecast_package_is_voted() -> None:
    data = yaml.safe_load(Path(BOARD).read_text(encoding="utf-8"))
    del data["proposal"]
    res = run_outcome(Scenario.from_data(data), samples=0)
    assert res.source == "forecast"
    assert res.forecast_model is not None
    assert set(res.proposal) == {"plant"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--proposal", "nope=3"], "'nope' is not an issue"),
        (["--proposal", "plant=300"], "outside"),
        (["--proposal", "plant"], "ISSUE=VALUE"),
        (["--proposal", "plant=maybe"], "neither a number nor a label"),
    ],
)
def test_bad_proposals_are_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["outcome", BOARD, *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_label_may_name_the_proposal() -> None:
    data = cli_json(BOARD, "-n", "0", "--proposal", "Second plant=build it")
    assert data["proposal"] == {"plant": 100}


def test_a_forecast_outside_the_win_set_is_replaced_by_what_can_pass() -> None:
    """The board: bargaining tends to about 70, but the investor (at 10, salience 0.9, band 0.05) vetoes
    anything it loses more than 0.05 on: 0.9 × (10 − |x − 10|) / 100 ≥ −0.05 ⇔ x ≤ 10 + 10 + 5.56 = 25.56.
    At 25.56 the chief executive, the finance director and director A still gain more than 0.05: it passes."""
    from coalitionist.analyses.outcome import forecast_under_rule, rule_forecast_reading

    s = load_scenario(BOARD)
    r = forecast_under_rule(s)
    assert r.voters_cluster["plant"] > 50
    assert not r.check.passes
    assert r.reported["plant"] == pytest.approx(10 + 10 + 0.05 / 0.9 * 100, abs=0.05)
    assert r.veto_range["plant"] is not None
    assert r.veto_range["plant"][1] == pytest.approx(25.56, abs=0.3)
    text = " ".join(rule_forecast_reading(r, s))
    assert "cannot pass under the rule" in text
    assert "What can pass instead" in text
    assert "investor" not in text  # names only


def test_the_senate_status_quo_stands() -> None:
    from coalitionist.analyses.outcome import forecast_under_rule

    r = forecast_under_rule(load_scenario(SENATE))
    # 60 votes need the 41 Republicans against, whose ideal point (5) is nearer the status quo (0) than any
    # change the 54 would accept: nothing beats the status quo
    assert not r.check.passes
    assert r.check.nearest is None
    assert r.reported == {"checks": 0.0}


def test_the_cli_default_samples_match_the_library() -> None:
    from coalitionist.analyses.outcome import DEFAULT_SAMPLES
    from coalitionist.cli import outcome_cmd

    assert outcome_cmd.DEFAULT_SAMPLES == DEFAULT_SAMPLES
