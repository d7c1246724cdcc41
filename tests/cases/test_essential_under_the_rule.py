"""The power section's essential voters in the rule's words (issue 13.4 and 13.5).

The power indices are computed on the simple game (yes or no); the rule beside them counts abstentions.
"Essential (in every winning coalition): … China" next to "in favour or abstaining" read as two rules.
The sentence now says what each essential voter can do under the rule as the vote section counts it.
"""

from __future__ import annotations

from pathlib import Path

from coalitionist.brief import make_brief
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"


def _essential(path: Path) -> str:
    brief = make_brief(load_scenario(path), seed=0)
    power = brief.section("power")
    assert power is not None
    (line,) = [s for s in power.reading if s.startswith("Essential")]
    return line


def test_the_council_s_permanent_members_block_by_a_no_not_by_abstaining() -> None:
    # Art. 27(3) and the practice since 1946: 14 yes and one permanent member's no fails; 14 yes and its
    # abstention passes (9 of 15 with no permanent member against)
    line = _essential(example_path("gulf-war-1990"))
    assert line.startswith(
        "Essential under the rule: United States, United Kingdom, France, Soviet Union and China"
    )
    assert (
        "each one's no alone blocks a proposal all the others vote for; an abstention does not"
        in line
    )
    assert (
        "(In the power indices, which count yes and no only, each is in every winning coalition.)"
        in line
    )
    assert "Essential (in every winning coalition)" not in line


def test_where_yes_votes_are_counted_an_abstention_blocks_too() -> None:
    # the Senate's cloture: 60 of 100 yes votes. By hand: without the 50 Democrats for, at most 50 yes;
    # without the 41 Republicans against, at most 59 — each bloc's no or abstention alone blocks
    line = _essential(DATA / "senate-manchin-toomey-2013.yaml")
    assert line == (
        "Essential under the rule: Democrats for (50) and Republicans against (41) — each one's no or"
        " abstention alone blocks a proposal all the others vote for (in every winning coalition)."
    )
