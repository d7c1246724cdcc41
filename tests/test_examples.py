"""The seed cases: every bundled example validates, runs through the brief, and encodes what it claims.

Issue 2, point 6. The facts checked here come from outside the project: the UN Security Council's
membership in 1990 and 2025, the Resolution 678 vote, the Lisbon double-majority rule, Eurostat's total EU
population on 1 January 2024 (449.2 million), and the Shapley–Shubik index of the Council's members
(421/2145 for a permanent member, 4/2145 for an elected one; Shapley & Shubik 1954). Decision rules are
evaluated by a small brute-force interpreter written here from the format's documentation.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import pytest

from coalitionist.examples import example_names, example_path
from coalitionist.io import load_scenario
from coalitionist.report import make_brief, render
from coalitionist.scenario import Scenario
from coalitionist.scenario import model as m

REQUIRED = {
    "clinic-program",
    "eu-council",
    "gulf-war-1990",
    "russia-china-gas-2014",
    "un-security-council",
}


def wins(rule: m.Rule, s: Scenario, coalition: set[str]) -> bool:
    """Whether ``coalition`` wins under ``rule``, straight from the documented meaning of each kind."""
    if isinstance(rule, m.AllOfRule):
        return all(wins(r, s, coalition) for r in rule.rules)
    if isinstance(rule, m.AnyOfRule):
        return any(wins(r, s, coalition) for r in rule.rules)
    if isinstance(rule, m.VetoRule):
        holders = (
            s.resolve_members(rule.holders) if rule.holders else [a.id for a in s.actors if a.veto]
        )
        return set(holders) <= coalition
    members = s.resolve_members(rule.members)
    if isinstance(rule, m.UnanimityRule):
        return set(members) <= coalition
    if isinstance(rule, m.CountRule):
        have, total = float(len(coalition & set(members))), float(len(members))
    else:
        assert isinstance(rule, m.WeightedRule)

        def weight(a: str) -> float:
            actor = s.actor(a)
            return actor.votes if rule.weight == "votes" else actor.attributes[rule.weight]

        have = sum(weight(a) for a in members if a in coalition)
        total = sum(weight(a) for a in members)
    bar = rule.quota if rule.quota is not None else (rule.threshold or 0.0) * total
    return have > bar if rule.strict else have >= bar


def decides(s: Scenario, coalition: set[str]) -> bool:
    """The scenario's rule, plus the consent of every actor marked ``veto: true``."""
    assert s.decision is not None
    return wins(s.decision, s, coalition) and all(a.id in coalition for a in s.actors if a.veto)


# -- every example ---------------------------------------------------------------------------------


def test_the_required_seed_cases_are_bundled() -> None:
    assert set(example_names()) >= REQUIRED
    top = Path(__file__).resolve().parent.parent / "examples"
    for name in REQUIRED:
        assert (top / f"{name}.yaml").is_file(), f"examples/{name}.yaml"


def test_every_example_validates_and_makes_a_brief(example_path: Path) -> None:
    s = load_scenario(example_path)
    brief = make_brief(s)
    assert brief.title == s.title
    data = brief.to_dict()
    text = json.dumps(data, allow_nan=False)  # plain JSON: no NaN, no numpy scalars
    assert json.loads(text) == data
    assert data["sections"]["scenario"]["data"]["actors"] == [a.id for a in s.actors]
    for fmt in ("markdown", "html", "text"):
        out = render(brief, fmt)
        assert isinstance(out, str)
        assert s.title.split(" ")[0] in out


def test_every_example_explains_its_numbers(example_path: Path) -> None:
    text = example_path.read_text(encoding="utf-8")
    comments = [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]
    assert text.startswith("#"), "an example opens with a comment saying what it is"
    assert len(comments) >= 5, "numbers are justified in comments (source or reasoning)"
    s = load_scenario(example_path)
    assert s.description


# -- UN Security Council ---------------------------------------------------------------------------

UNSC_1990_ELECTED = {
    "canada",
    "colombia",
    "cote_divoire",
    "cuba",
    "ethiopia",
    "finland",
    "malaysia",
    "romania",
    "yemen",
    "zaire",
}
P5_1990 = {"usa", "uk", "france", "ussr", "china"}


def shapley_shubik(s: Scenario, players: list[str], of: list[str]) -> dict[str, Fraction]:
    """Exact Shapley–Shubik index of ``of`` in the game among ``players``, by enumerating coalitions."""
    n = len(players)
    out = dict.fromkeys(of, Fraction(0))
    for p in of:
        rest = [q for q in players if q != p]
        for size in range(n):
            weight = Fraction(
                math.factorial(size) * math.factorial(n - size - 1), math.factorial(n)
            )
            for others in combinations(rest, size):
                base = set(others)
                if not decides(s, base) and decides(s, base | {p}):
                    out[p] += weight
    return out


def test_the_un_security_council_rule_and_its_power_indices() -> None:
    s = load_scenario(example_path("un-security-council"))
    permanent = {a.id for a in s.actors if a.veto}
    assert permanent == {"usa", "uk", "france", "russia", "china"}
    assert {a.id for a in s.actors} - permanent == {
        "algeria",
        "denmark",
        "greece",
        "guyana",
        "pakistan",
        "panama",
        "korea",
        "sierra_leone",
        "slovenia",
        "somalia",
    }
    elected = sorted({a.id for a in s.actors} - permanent)
    assert decides(s, permanent | set(elected[:4]))
    assert not decides(s, permanent | set(elected[:3]))
    assert not decides(s, set(elected) | (permanent - {"china"}))


def test_shapley_shubik_of_the_1990_council_matches_the_published_values() -> None:
    s = load_scenario(example_path("gulf-war-1990"))
    council = [a.id for a in s.actors if "unsc" in a.tags]
    assert set(council) == P5_1990 | UNSC_1990_ELECTED
    # One permanent and one elected member (the others are symmetric to them).
    index = shapley_shubik(s, council, of=["uk", "zaire"])
    assert index == {"uk": Fraction(421, 2145), "zaire": Fraction(4, 2145)}
    assert 5 * index["uk"] + 10 * index["zaire"] == 1


def test_the_gulf_war_case() -> None:
    s = load_scenario(example_path("gulf-war-1990"))
    assert s.focal == "usa"
    ids = {a.id for a in s.actors}
    assert {
        "uk",
        "saudi",
        "egypt",
        "syria",
        "turkey",
        "france",
        "ussr",
        "china",
        "japan",
        "germany",
    } <= ids
    assert {"kuwait", "israel", "iraq", "jordan"} <= ids
    assert {a.id for a in s.actors if a.veto} == P5_1990
    # Resolution 678: 12 in favour; Cuba and Yemen against; China abstained, which the binary model
    # counts as not blocking. Without China's acquiescence the resolution fails.
    yes = (P5_1990 - {"china"}) | (UNSC_1990_ELECTED - {"cuba", "yemen"})
    assert len(yes) == 12
    assert decides(s, yes | {"china"})
    assert not decides(s, yes)
    assert not decides(s, {"cuba", "yemen", "china", "usa"})
    # Israel is kept out: recruiting it has a negative value and pushes the Arab states away.
    assert s.recruitment is not None
    israel = s.recruitment.actors["israel"]
    assert isinstance(israel.value, float)
    assert israel.value < 0
    israel_joins = [e for e in s.recruitment.effects if e.when == "israel" and e.joins]
    assert israel_joins
    assert all(isinstance(v, float) and v < 0 for e in israel_joins for v in e.then.values())


# -- EU Council ------------------------------------------------------------------------------------


def test_the_eu_double_majority() -> None:
    s = load_scenario(example_path("eu-council"))
    pop = {a.id: a.attributes["population"] for a in s.actors}
    assert len(pop) == 27
    total = sum(pop.values())
    assert abs(total - 449_200) < 500  # Eurostat: 449.2 million on 1 January 2024 (thousands here)
    by_size = sorted(pop, key=pop.__getitem__, reverse=True)

    def share(c: set[str]) -> float:
        return sum(pop[x] for x in c) / total

    # 15 largest states: 55 % of states and far more than 65 % of the population.
    assert decides(s, set(by_size[:15]))
    # 14 largest: enough people, not enough states.
    assert share(set(by_size[:14])) > 0.65
    assert not decides(s, set(by_size[:14]))
    # The 23 smallest: enough states, too few people (the four largest are a blocking minority).
    small23 = set(by_size[4:])
    assert share(small23) < 0.65
    assert not decides(s, small23)
    # The 24 smallest: the three largest alone cannot block (a blocking minority needs four states).
    small24 = set(by_size[3:])
    assert share(small24) < 0.65
    assert decides(s, small24)
    # A coalition right at the population bar: smallest set of 15+ states reaching 65 %.
    for size in range(15, 28):
        c = set(by_size[:3]) | set(by_size[-(size - 3) :])
        assert decides(s, c) == (share(c) >= 0.65 or size >= 24)


# -- the other two cases -------------------------------------------------------------------------------


def test_the_clinic_case() -> None:
    s = load_scenario(example_path("clinic-program"))
    assert s.focal == "junior"
    others = {a.id for a in s.actors} - {"clinical_lead"}
    assert s.actor("clinical_lead").votes == 3
    assert len(others) == 6
    assert decides(s, others)  # all six others together can carry it
    assert not decides(s, others - {"junior"})
    assert decides(s, {"clinical_lead", "ops_a", "ops_b", "finance"})
    assert not decides(s, {"clinical_lead", "ops_a", "ops_b"})
    assert s.recruitment is not None
    assert "junior" not in s.recruitment.actors


def test_the_gas_deal_case() -> None:
    s = load_scenario(example_path("russia-china-gas-2014"))
    assert {"russia", "china", "usa", "kazakhstan", "mongolia"} <= {a.id for a in s.actors}
    assert {i.id for i in s.issues} >= {"price", "route"}
    assert decides(s, {"russia", "china"})
    assert not decides(s, {"russia", "usa", "kazakhstan", "mongolia"})
    route = s.issue("route")
    labels = {route.option_label(v) for v in route.option_values or ()}
    assert any("Kazakhstan" in x for x in labels)
    assert any("Mongolia" in x for x in labels)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_examples_compile_to_arrays(name: str) -> None:
    s = load_scenario(example_path(name))
    a = s.arrays
    assert a.capability.shape == (len(s.actors),)
    assert (a.capability >= 0).all()
    assert ((a.salience >= 0) & (a.salience <= 1)).all()
    assert ((a.positions >= a.low) & (a.positions <= a.high)).all()
