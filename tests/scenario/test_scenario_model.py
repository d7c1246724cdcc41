"""The scenario model: every field loads, defaults, words, look-ups and immutability (issue 2, point 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from coalitionist.io import load_scenario
from coalitionist.scenario import Scenario, ScenarioValidationError, Stance, Uncertain, Word
from coalitionist.scenario import model as m

#: Every class of the file format, each of whose fields the full test scenario must set at least once.
FORMAT_CLASSES: tuple[type[BaseModel], ...] = m.FORMAT_CLASSES


def _walk(obj: Any) -> list[BaseModel]:
    """Every pydantic object reachable from ``obj``."""
    found: list[BaseModel] = []
    if isinstance(obj, BaseModel):
        found.append(obj)
        for name in type(obj).model_fields:
            found.extend(_walk(getattr(obj, name)))
    elif isinstance(obj, dict):
        for v in obj.values():
            found.extend(_walk(v))
    elif isinstance(obj, tuple | list):
        for v in obj:
            found.extend(_walk(v))
    return found


def scenario(**parts: Any) -> Scenario:
    """A valid scenario from keyword parts (title and one actor by default)."""
    data: dict[str, Any] = {"title": "T", "actors": [{"id": "a"}]}
    data.update(parts)
    return Scenario.from_data(data)


# -- every field ---------------------------------------------------------------------------------


def test_the_full_scenario_sets_every_field_of_every_class(full_scenario_path: Path) -> None:
    s = load_scenario(full_scenario_path)
    objects = _walk(s)
    set_fields: dict[type, set[str]] = {}
    for obj in objects:
        set_fields.setdefault(type(obj), set()).update(obj.model_fields_set)
    for cls in FORMAT_CLASSES:
        unset = set(cls.model_fields) - set_fields.get(cls, set())
        assert not unset, f"{cls.__name__}: the full scenario never sets {sorted(unset)}"
    dists = {o.dist for o in objects if isinstance(o, Uncertain)}
    assert dists == {"normal", "triangular", "beta", "uniform"}


def test_the_full_scenario_keeps_values_as_written(full_scenario_path: Path) -> None:
    s = load_scenario(full_scenario_path)
    ana = s.actor("ana")
    assert isinstance(ana.capability, Word)
    assert ana.capability == "clout.big"
    assert ana.resources["money"] == 30.0
    staff = ana.resources["staff"]
    assert isinstance(staff, Uncertain)
    assert (staff.dist, staff.low, staff.high) == ("uniform", 2.0, 6.0)
    assert ana.votes == 2.0
    assert ana.veto is True
    assert ana.attributes == {"population": 10.5}
    assert ana.tags == ("core", "team")
    assert ana.discount_rate == 0.1
    assert ana.beliefs == {"deal": "high"}
    assert ana.utility == {"plan": {"0": 0.0, "50": 0.4, "full": 1.0}}
    plan = s.issue("plan")
    assert plan.scale == (0.0, 100.0)
    assert plan.option_values == (0.0, 50.0, 100.0)
    assert plan.option_label(50.0) == "half"
    assert plan.option_label(0.0) == "nothing"  # from labels
    assert plan.option_label(75.0) == "75"  # neither: the number
    assert s.issue("credit").kind == "appearance"
    stance = s.positions["ana"]["plan"]
    assert (stance.position, stance.salience, stance.note) == ("support", "care.big", "Keen.")
    assert isinstance(stance.position, Word)
    assert [t.type for t in s.relationships] == [
        "alliance",
        "rivalry",
        "influence",
        "dependency",
        "history",
        "hierarchy",
        "funds",
        "member_of",
    ]
    assert isinstance(s.decision, m.AnyOfRule)
    assert [type(r).__name__ for r in s.decision.rules] == [
        "AllOfRule",
        "WeightedRule",
        "CountRule",
        "UnanimityRule",
        "AllOfRule",
    ]
    r = s.recruitment
    assert r is not None
    assert (r.goal, r.goal_value, r.committed, r.derive_effects) == ("block", 100.0, ("bo",), False)
    assert r.actors["cy"].via == ("bo",)
    assert r.actors["di"].prerequisites == ("cy",)
    assert r.actors["di"].value_is_auto
    assert not r.actors["cy"].value_is_auto
    assert [(e.when, e.joins, dict(e.then)) for e in r.effects] == [
        ("cy", True, {"di": 0.2}),
        ("cy", False, {"di": -0.1}),
    ]


# -- defaults ------------------------------------------------------------------------------------


def test_defaults_of_a_minimal_scenario() -> None:
    s = scenario(issues=[{"id": "x"}])
    a = s.actors[0]
    assert (a.capability, a.votes, a.veto, a.tags, a.name, a.label) == (
        1.0,
        1.0,
        False,
        (),
        None,
        "a",
    )
    assert (a.resources, a.attributes, a.beliefs, a.utility) == ({}, {}, {}, None)
    x = s.issues[0]
    assert x.scale == (0.0, 100.0)
    assert x.status_quo is None
    assert x.kind == "substance"
    assert x.option_values is None
    assert (s.schema_version, s.salience_scale, s.focal, s.decision, s.recruitment) == (
        1,
        1.0,
        None,
        None,
        None,
    )
    assert (s.positions, s.relationships, s.scales, s.events) == ({}, (), {}, {})


def test_status_quo_defaults_to_the_low_end_of_the_scale() -> None:
    s = scenario(
        actors=[{"id": "a"}, {"id": "b"}],
        issues=[{"id": "x", "scale": [20, 80]}, {"id": "y", "scale": [-5, 5], "status_quo": 1}],
        positions={"a": {"x": 50, "y": 3}},
    )
    assert s.issue("x").status_quo_value == 20.0
    assert s.issue("y").status_quo_value == 1.0
    # b states nothing: it sits at the status quo.
    assert s.arrays.positions[1].tolist() == [20.0, 1.0]


# The sign and direction a tie takes by default: the issue says "sign defaults from type" and the design
# "rivalry ⇒ sign −1 by default"; alliance, rivalry and history hold both ways (docs/scenario-format.md).
TIE_DEFAULTS = [
    ("alliance", 1, True),
    ("rivalry", -1, True),
    ("history", 1, True),
    ("influence", 1, False),
    ("dependency", 1, False),
    ("hierarchy", 1, False),
    ("funds", 1, False),
    ("member_of", 1, False),
]


@pytest.mark.parametrize(("kind", "sign", "mutual"), TIE_DEFAULTS)
def test_tie_sign_and_mutuality_default_from_the_type(kind: str, sign: int, mutual: bool) -> None:
    s = scenario(
        actors=[{"id": "a"}, {"id": "b"}],
        relationships=[
            {"source": "a", "target": "b", "type": kind},
            {"source": "b", "target": "a", "type": kind, "sign": -sign, "mutual": not mutual},
        ],
    )
    default, given_ = s.relationships
    assert default.sign is None
    assert default.effective_sign == sign
    assert default.is_mutual is mutual
    assert default.weight == 1.0
    assert given_.effective_sign == -sign
    assert given_.is_mutual is (not mutual)


def test_tie_type_defaults_to_influence() -> None:
    s = scenario(actors=[{"id": "a"}, {"id": "b"}], relationships=[{"source": "a", "target": "b"}])
    assert s.relationships[0].type == "influence"


def test_stance_shorthand_is_a_position_with_full_salience() -> None:
    s = scenario(
        issues=[{"id": "x"}, {"id": "y"}, {"id": "z"}],
        positions={"a": {"x": 40, "y": {"dist": "uniform", "low": 10, "high": 30}, "z": "support"}},
    )
    row = s.positions["a"]
    assert row["x"] == Stance(position=40.0)
    assert row["x"].salience is None  # not stated: full salience when compiled
    assert s.arrays.salience[0, 0] == 1.0
    assert isinstance(row["y"].position, Uncertain)
    assert row["y"].position.point == 20.0
    assert row["z"].position == Word("support")
    assert s.arrays.positions[0].tolist() == [40.0, 20.0, 100.0]
    assert s.arrays.salience[0].tolist() == [1.0, 1.0, 1.0]


def test_shorthand_salience_is_full_whatever_the_salience_scale() -> None:
    s = scenario(salience_scale=100, issues=[{"id": "x"}], positions={"a": {"x": 40}})
    assert s.arrays.salience[0, 0] == 1.0


def test_salience_scale_divides_saliences() -> None:
    s = scenario(
        salience_scale=100,
        actors=[{"id": "a"}, {"id": "b"}],
        issues=[{"id": "x"}],
        positions={
            "a": {"x": {"position": 10, "salience": 40}},
            "b": {"x": {"position": 5, "salience": 100}},
        },
    )
    assert s.arrays.salience[:, 0].tolist() == [0.4, 1.0]
    # the message names the actor and the issue (here their ids are their names) and the range read
    with pytest.raises(
        ScenarioValidationError, match=r"salience 101 of a on x is outside \[0, 100\]"
    ):
        scenario(
            salience_scale=100,
            issues=[{"id": "x"}],
            positions={"a": {"x": {"position": 10, "salience": 101}}},
        )
    with pytest.raises(ScenarioValidationError, match=r"salience 40 of a on x is outside \[0, 1\]"):
        scenario(issues=[{"id": "x"}], positions={"a": {"x": {"position": 10, "salience": 40}}})


# -- words ---------------------------------------------------------------------------------------


def _position(word: str, scale: tuple[float, float], **extra: Any) -> float:
    s = scenario(issues=[{"id": "x", "scale": list(scale)}], positions={"a": {"x": word}}, **extra)
    return float(s.arrays.positions[0, 0])


# Built-in stance words are shares of the issue's scale (values.py: BUILTIN_STANCES, documented).
@pytest.mark.parametrize(
    ("word", "share"),
    [
        ("strongly oppose", 0.0),
        ("oppose", 0.0),
        ("lean against", 0.25),
        ("neutral", 0.5),
        ("undecided", 0.5),
        ("lean for", 0.75),
        ("support", 1.0),
        ("strongly support", 1.0),
    ],
)
@pytest.mark.parametrize("scale", [(0.0, 100.0), (-10.0, 30.0)])
def test_builtin_stance_words_are_shares_of_the_issue_scale(
    word: str, share: float, scale: tuple[float, float]
) -> None:
    lo, hi = scale
    assert _position(word, scale) == pytest.approx(lo + share * (hi - lo))


# Built-in level words (values.py: BUILTIN_LEVELS): salience words are multiplied by salience_scale, so
# after dividing by it the array holds the level itself.
@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("none", 0.0),
        ("very low", 0.1),
        ("low", 0.25),
        ("medium", 0.5),
        ("moderate", 0.5),
        ("high", 0.75),
        ("very high", 0.9),
        ("full", 1.0),
    ],
)
@pytest.mark.parametrize("salience_scale", [1.0, 100.0])
def test_builtin_level_words_for_salience(word: str, level: float, salience_scale: float) -> None:
    s = scenario(
        salience_scale=salience_scale,
        issues=[{"id": "x"}],
        positions={"a": {"x": {"position": 10, "salience": word}}},
    )
    assert s.arrays.salience[0, 0] == pytest.approx(level)


@pytest.mark.parametrize(
    "spelling", ["very high", "Very High", "very_high", "VERY-HIGH", "  very   high "]
)
def test_words_ignore_case_underscores_hyphens_and_spaces(spelling: str) -> None:
    s = scenario(
        issues=[{"id": "x"}], positions={"a": {"x": {"position": 1, "salience": spelling}}}
    )
    assert s.arrays.salience[0, 0] == pytest.approx(0.9)


def test_own_words_from_scales_plain_and_qualified() -> None:
    s = scenario(
        scales={"clout": {"big": 80, "tiny": 5}, "care": {"big": 0.9, "Some Care": 0.3}},
        actors=[
            {"id": "a", "capability": "clout.big"},
            {"id": "b", "capability": "tiny"},
            {"id": "c", "capability": "Clout.Tiny"},
        ],
        issues=[{"id": "x"}],
        positions={
            "a": {"x": {"position": 1, "salience": "care.big"}},
            "b": {"x": {"position": 1, "salience": "some_care"}},
        },
    )
    assert s.arrays.capability.tolist() == [80.0, 5.0, 5.0]
    assert s.arrays.salience[:2, 0].tolist() == [0.9, 0.3]


def test_own_words_take_precedence_over_builtin_words() -> None:
    s = scenario(
        scales={"mine": {"high": 0.6}},
        issues=[{"id": "x"}],
        positions={"a": {"x": {"position": 1, "salience": "high"}}},
    )
    assert s.arrays.salience[0, 0] == pytest.approx(0.6)


def test_a_word_in_two_scales_with_different_numbers_is_rejected_unless_qualified() -> None:
    scales = {"clout": {"big": 80}, "care": {"big": 90}}
    with pytest.raises(ScenarioValidationError) as info:
        scenario(scales=scales, actors=[{"id": "a", "capability": "big"}])
    [problem] = info.value.problems
    assert problem.path == ("actors", 0, "capability")
    assert (
        "'big' means different numbers in scales clout, care: write it as scale.word"
        in problem.message
    )
    # The same number in both scales is not ambiguous; qualified words always work.
    s = scenario(
        scales={"one": {"big": 80}, "two": {"big": 80}}, actors=[{"id": "a", "capability": "big"}]
    )
    assert s.arrays.capability[0] == 80.0
    s = scenario(scales=scales, actors=[{"id": "a", "capability": "care.big"}])
    assert s.arrays.capability[0] == 90.0


def test_an_unknown_word_is_rejected_with_the_words_that_would_work() -> None:
    with pytest.raises(ScenarioValidationError) as info:
        scenario(scales={"clout": {"big": 80}}, actors=[{"id": "a", "capability": "huge"}])
    [problem] = info.value.problems
    assert problem.path == ("actors", 0, "capability")
    assert "unknown word 'huge'" in problem.message
    assert "high" in problem.message  # a built-in level word
    assert "big" in problem.message  # the scenario's own word


def test_builtin_words_can_be_qualified() -> None:
    assert _position("stance.support", (0.0, 10.0)) == 10.0


def test_a_level_word_as_a_position_is_scaled_to_the_issue_or_rejected() -> None:
    try:
        value = _position("high", (0.0, 100.0))
    except ScenarioValidationError:
        return
    assert value == 75.0


# -- look-ups ------------------------------------------------------------------------------------


def test_indexes_and_lookups_follow_file_order() -> None:
    s = scenario(
        actors=[{"id": "b"}, {"id": "a", "name": "Ay"}, {"id": "c"}],
        issues=[{"id": "y"}, {"id": "x", "name": "Ex"}],
    )
    assert s.actor_index == {"b": 0, "a": 1, "c": 2}
    assert s.issue_index == {"y": 0, "x": 1}
    assert s.actor("a").label == "Ay"
    assert s.issue("x").label == "Ex"
    assert s.issue("y").label == "y"
    assert s.summary_counts() == {"actors": 3, "issues": 2, "positions": 0, "relationships": 0}


TAG_NAMES = ("red", "blue", "green")


@st.composite
def tagged_actors(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[str]]:
    n = draw(st.integers(1, 7))
    actors: list[dict[str, Any]] = [
        {"id": f"a{i}", "tags": draw(st.lists(st.sampled_from(TAG_NAMES), unique=True, max_size=3))}
        for i in range(n)
    ]
    pool: list[str] = [str(a["id"]) for a in actors] + list(TAG_NAMES)
    names = draw(st.lists(st.sampled_from(pool), max_size=6))
    return actors, names


@settings(max_examples=60, deadline=None)
@given(tagged_actors())
def test_resolve_members_expands_tags_like_brute_force(
    case: tuple[list[dict[str, Any]], list[str]],
) -> None:
    actors, names = case
    s = scenario(actors=actors)
    wanted = [a["id"] for a in actors if a["id"] in names or any(t in names for t in a["tags"])]
    assert s.resolve_members(tuple(names)) == tuple(wanted)
    assert s.resolve_members(None) == tuple(a["id"] for a in actors)
    for tag in TAG_NAMES:
        assert s.tags.get(tag, ()) == tuple(a["id"] for a in actors if tag in a["tags"])


# -- immutability --------------------------------------------------------------------------------


def test_assignment_raises_at_every_level(full_scenario_path: Path) -> None:
    s = load_scenario(full_scenario_path)
    with pytest.raises(ValidationError, match="frozen"):
        s.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        s.actors[0].votes = 5  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        s.issues[0].status_quo = 5  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        s.positions["ana"]["plan"].position = 1  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        s.relationships[0].weight = 0.1  # type: ignore[misc]
    assert s.recruitment is not None
    with pytest.raises(ValidationError, match="frozen"):
        s.recruitment.actors["cy"].p = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.actors.append(s.actors[0])  # type: ignore[attr-defined]


def test_mappings_inside_a_scenario_cannot_be_changed() -> None:
    s = scenario(issues=[{"id": "x"}], positions={"a": {"x": 40}})
    with pytest.raises(TypeError):
        s.positions["a"]["x"] = Stance(position=1000.0)


def test_extra_keys_are_forbidden_at_every_level() -> None:
    for data in (
        {"title": "T", "actors": [{"id": "a"}], "colour": 1},
        {"title": "T", "actors": [{"id": "a", "colour": 1}]},
        {"title": "T", "actors": [{"id": "a"}], "issues": [{"id": "x", "colour": 1}]},
        {
            "title": "T",
            "actors": [{"id": "a"}],
            "decision": {"kind": "count", "quota": 1, "colour": 1},
        },
    ):
        with pytest.raises(ScenarioValidationError, match="unknown field 'colour'"):
            Scenario.from_data(data)


@pytest.mark.parametrize(
    "data",
    [
        {"title": "T", "actors": [{"id": "a", "votes": float("inf")}]},
        {"title": "T", "actors": [{"id": "a", "attributes": {"population": float("nan")}}]},
        {
            "title": "T",
            "actors": [{"id": "a"}],
            "issues": [{"id": "x", "scale": [0, float("inf")]}],
        },
        {"title": "T", "actors": [{"id": "a"}], "salience_scale": float("inf")},
    ],
    ids=["votes", "attribute", "scale", "salience_scale"],
)
def test_non_finite_numbers_are_rejected_everywhere(data: dict[str, Any]) -> None:
    with pytest.raises(ScenarioValidationError):
        Scenario.from_data(data)
