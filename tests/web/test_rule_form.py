"""The decision-rule form: every rule the scenario model accepts — combined rules to any depth, `of`,
`veto_on_abstain`, attribute weights, tags — is shown, edited and saved back exactly, with problems beside the
input they are about and the rule described in words as it is edited."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from webtest import Browser, form_fields

from coalitionist.examples import example_names, example_path
from coalitionist.io import load_scenario
from coalitionist.io.write import scenario_data
from coalitionist.scenario.describe import describe_decision
from coalitionist.scenario.model import Scenario

ACTORS = [
    {"id": "a", "name": "Ana", "votes": 3, "veto": True, "tags": ["big"], "attributes": {"pop": 5}},
    {"id": "b", "name": "Ben", "votes": 2, "tags": ["big"], "attributes": {"pop": 3}},
    {"id": "c", "name": "Chloe", "votes": 1, "attributes": {"pop": 1}},
    {"id": "d", "name": "Dev", "votes": 1, "attributes": {"pop": 1}},
]
#: Every field a rule can have, each away from its default somewhere, three levels deep.
DEEP: dict[str, Any] = {
    "kind": "any_of",
    "note": "Either route passes it.",
    "rules": [
        {
            "kind": "all_of",
            "rules": [
                {
                    "kind": "weighted",
                    "weight": "pop",
                    "threshold": 0.6,
                    "strict": True,
                    "of": "present_and_voting",
                    "members": ["big", "c"],
                    "note": "60 % of the population voting",
                },
                {"kind": "count", "quota": 3},
                {"kind": "veto", "holders": ["a"], "veto_on_abstain": True},
            ],
        },
        {"kind": "unanimity", "veto_on_abstain": False},
        {"kind": "weighted", "quota": 7},
    ],
}


def _scenario(b: Browser, decision: dict | None) -> int:
    doc = {"title": "Rules", "actors": ACTORS, **({"decision": decision} if decision else {})}
    r = b.api("POST", "/api/scenarios", json={"document": doc})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _document(b: Browser, sid: int) -> dict:
    return b.api("GET", f"/api/scenarios/{sid}").json()["document"]


def _post(b: Browser, sid: int, change: dict[str, str], **extra: str):
    page = b.get(f"/s/{sid}/edit/rule")
    fields = form_fields(page.text)
    missing = [k for k in change if k not in fields and not k.endswith("._delete")]
    assert not missing, f"no such fields on the rule form: {missing}"
    fields.update(change)
    fields.update(extra)
    return b.post(f"/s/{sid}/edit/rule", fields, follow_redirects=False)


@pytest.mark.parametrize("name", example_names())
def test_every_example_rule_round_trips_unchanged(alice, name):
    sid = alice.new_from_example(name)
    before = _document(alice, sid)
    assert _post(alice, sid, {}).status_code == 303
    after = alice.api("GET", f"/api/scenarios/{sid}").json()
    assert after["number"] == 2
    assert after["document"] == before
    # and what the file says, independently of what the workbench stored
    assert after["document"].get("decision") == scenario_data(
        load_scenario(example_path(name))
    ).get("decision")


def test_a_deep_rule_with_every_field_round_trips(alice):
    sid = _scenario(alice, DEEP)
    page = alice.get(f"/s/{sid}/edit/rule").text
    fields = form_fields(page)
    # every level is on the form, named by its path in the file
    assert fields["decision.kind"] == "any_of"
    assert fields["decision.rules[0].kind"] == "all_of"
    assert fields["decision.rules[0].rules[0].weight"] == "pop"
    assert fields["decision.rules[0].rules[0].of"] == "present_and_voting"
    assert fields["decision.rules[0].rules[2].veto_on_abstain"] == "yes"
    assert fields["decision.rules[1].veto_on_abstain"] == "no"
    assert _post(alice, sid, {}).status_code == 303
    assert _document(alice, sid)["decision"] == DEEP


def test_a_nested_part_is_edited_and_saved(alice):
    sid = alice.new_from_example("eu-council")
    r = _post(
        alice,
        sid,
        {
            "decision.rules[0].rules[0].threshold": "0.6",
            "decision.rules[0].rules[1].of": "present_and_voting",
            "decision.rules[1]._delete": "on",
        },
    )
    assert r.status_code == 303, r.text[:1000]
    expected = copy.deepcopy(scenario_data(load_scenario(example_path("eu-council")))["decision"])
    expected["rules"][0]["rules"][0]["threshold"] = 0.6
    expected["rules"][0]["rules"][1]["of"] = "present_and_voting"
    del expected["rules"][1]
    assert _document(alice, sid)["decision"] == expected


def test_adding_a_part_and_changing_a_kind_only_redraw_the_form(alice):
    sid = _scenario(alice, {"kind": "count", "quota": 2})
    # a single rule made a combination: the form comes back with one part to edit, nothing saved
    r = _post(alice, sid, {"decision.kind": "all_of"}, preview="1")
    assert r.status_code == 200
    fields = form_fields(r.text)
    assert fields["decision.rules[0].kind"] == "weighted"
    # add a part inside it, then a part inside a nested combination
    r = alice.post(f"/s/{sid}/edit/rule", {**fields, "add_part": "decision"})
    fields = form_fields(r.text)
    assert "decision.rules[1].kind" in fields
    fields["decision.rules[1].kind"] = "any_of"
    r = alice.post(f"/s/{sid}/edit/rule", {**fields, "preview": "1"})
    fields = form_fields(r.text)
    assert fields["decision.rules[1].rules[0].kind"] == "weighted"
    r = alice.post(f"/s/{sid}/edit/rule", {**fields, "add_part": "decision.rules[1]"})
    fields = form_fields(r.text)
    fields["decision.rules[1].rules[1].kind"] = "veto"
    fields["decision.rules[1].rules[1].holders"] = "a"
    assert alice.api("GET", f"/api/scenarios/{sid}").json()["number"] == 1  # nothing saved yet
    r = alice.post(f"/s/{sid}/edit/rule", fields, follow_redirects=False)
    assert r.status_code == 303, r.text[:1000]
    majority = {"kind": "weighted", "threshold": 0.5, "strict": True}
    assert _document(alice, sid)["decision"] == {
        "kind": "all_of",
        "rules": [
            majority,
            {"kind": "any_of", "rules": [majority, {"kind": "veto", "holders": ["a"]}]},
        ],
    }


def test_a_problem_in_a_nested_part_is_shown_beside_its_input(alice):
    sid = _scenario(alice, DEEP)
    r = _post(
        alice,
        sid,
        {
            "decision.rules[0].rules[0].threshold": "2",
            "decision.rules[0].rules[2].holders": "nobody",
        },
    )
    assert r.status_code == 400
    assert (
        'name="decision.rules[0].rules[0].threshold" value="2" class="num rule-threshold invalid"'
        in r.text
    )
    assert "less than or equal to 1" in r.text
    assert "&#39;nobody&#39; is not an actor id or tag" in r.text
    assert "<code>decision" not in r.text  # no problem left in the list of unplaced ones
    assert _document(alice, sid)["decision"] == DEEP


def test_the_live_description_follows_a_nested_rule(alice):
    sid = _scenario(alice, DEEP)
    fields = form_fields(alice.get(f"/s/{sid}/edit/rule").text)
    fields["decision.rules[2].quota"] = "6"
    r = alice.post(f"/s/{sid}/rule/describe", fields)
    assert r.status_code == 200
    changed = copy.deepcopy(DEEP)
    changed["rules"][2]["quota"] = 6
    words = describe_decision(
        Scenario.from_data({"title": "x", "actors": ACTORS, "decision": changed})
    )
    assert words
    from markupsafe import escape

    assert str(escape(words[1:])) in r.text  # (the page capitalises its first letter)


def test_clearing_the_rule_removes_it(alice):
    sid = _scenario(alice, DEEP)
    assert _post(alice, sid, {"decision.kind": ""}).status_code == 303
    assert "decision" not in _document(alice, sid)
