"""The scenario: the validated, immutable description of one decision that several parties influence.

The classes here mirror the scenario file (``docs/scenario-format.md``) one to one. They check what can be
checked field by field (types, ranges, unknown keys); checks that need the whole scenario (cross-references,
ranges that depend on an issue's scale, cycles) live in :mod:`coalitionist.scenario.checks` so that every
problem can be reported with its location. Use :func:`coalitionist.io.load_scenario` to read a file and
:meth:`Scenario.from_data` to validate plain data; both run every check.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from coalitionist.scenario.values import Value, Word

if TYPE_CHECKING:
    from coalitionist.scenario.compile import ScenarioArrays

#: Identifiers of actors, issues, tags and events: letters, digits, ``_``, ``.``, ``-``; no spaces.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$", min_length=1, max_length=80),
]

TieType = Literal[
    "alliance", "rivalry", "influence", "dependency", "history", "hierarchy", "funds", "member_of"
]

#: The sign a tie takes when the file does not give one.
DEFAULT_SIGN: dict[str, int] = {
    "alliance": 1,
    "rivalry": -1,
    "influence": 1,
    "dependency": 1,
    "history": 1,
    "hierarchy": 1,
    "funds": 1,
    "member_of": 1,
}

#: Tie types that hold both ways unless ``mutual: false`` is given.
MUTUAL_BY_DEFAULT = frozenset({"alliance", "rivalry", "history"})


class FrozenDict(dict[Any, Any]):
    """A read-only dict: the mappings of a scenario cannot be changed after validation."""

    __slots__ = ()

    def _read_only(self) -> NoReturn:
        raise TypeError(
            "a scenario is immutable: build a new one (e.g. with model_copy(update=...))"
        )

    def __setitem__(self, key: Any, value: Any) -> None:
        self._read_only()

    def __delitem__(self, key: Any) -> None:
        self._read_only()

    def __ior__(self, other: Any) -> Self:  # type: ignore[misc]
        self._read_only()

    def clear(self) -> None:
        self._read_only()

    def pop(self, *args: Any) -> Any:
        self._read_only()

    def popitem(self) -> tuple[Any, Any]:
        self._read_only()

    def setdefault(self, *args: Any) -> Any:
        self._read_only()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._read_only()

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))


def _freeze(value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, FrozenDict):
        return FrozenDict({k: _freeze(v) for k, v in value.items()})
    return value


class Frozen(BaseModel):
    """Base of every scenario class: immutable (mappings included), unknown keys are errors, numbers
    must be finite."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        allow_inf_nan=False,
        coerce_numbers_to_str=True,
    )

    @model_validator(mode="after")
    def _freeze_mappings(self) -> Self:
        for name, value in self.__dict__.items():
            if isinstance(value, dict) and not isinstance(value, FrozenDict):
                object.__setattr__(self, name, _freeze(value))
        return self


class Actor(Frozen):
    """A party that influences the decision (a person, an organisation, a state)."""

    id: Id
    name: str | None = None
    description: str = ""
    capability: Value = Field(
        default=1.0, description="Overall resources or clout, any positive scale (KTAB's 'power')."
    )
    resources: dict[str, Value] = Field(
        default_factory=dict, description="Optional breakdown of capability (military, money, …)."
    )
    votes: float = Field(default=1.0, ge=0, description="Weight in the decision rule (default 1).")
    veto: bool = Field(default=False, description="The actor's consent is needed for any decision.")
    attributes: dict[str, float] = Field(
        default_factory=dict,
        description="Free numeric attributes (population, GDP, …), usable as rule weights.",
    )
    tags: tuple[Id, ...] = ()
    discount_rate: Value | None = Field(
        default=None, description="Per-period discount rate in [0, 1) for trades on timing."
    )
    risk_aversion: Value | None = Field(
        default=None, description="Constant absolute risk aversion (≥ 0) for risk-sharing trades."
    )
    beliefs: dict[str, Value] = Field(
        default_factory=dict, description="Subjective probability of each event in `events`."
    )
    utility: dict[str, dict[str, float]] | None = Field(
        default=None,
        description="Own utility table per issue, keyed by option value or label (overrides the default).",
    )
    indifference: Value | None = Field(
        default=None,
        description=(
            "Indifference band of the vote model (≥ 0): the actor abstains when the proposal's gain over"
            " the status quo is within ± this (default 0.05; see docs/theory/outcome.md)."
        ),
    )
    note: str = Field(default="", description="Source or reasoning behind the estimates.")

    @property
    def label(self) -> str:
        """The display name (``name``, else ``id``)."""
        return self.name or self.id


class Option(Frozen):
    """One discrete option of an issue."""

    value: float
    label: str | None = None


class Issue(Frozen):
    """A dimension of the decision, with a numeric scale (positions are points on it)."""

    id: Id
    name: str | None = None
    description: str = ""
    unit: str | None = None
    scale: tuple[float, float] = (0.0, 100.0)
    status_quo: float | None = Field(
        default=None, description="Where the issue stays with no agreement (default: the low end)."
    )
    options: tuple[float | Option, ...] | None = Field(
        default=None, description="Discrete options (values on the scale, optionally labelled)."
    )
    labels: dict[float, str] = Field(default_factory=dict)
    kind: Literal["substance", "appearance"] = "substance"
    note: str = ""

    @model_validator(mode="after")
    def _scale_order(self) -> Issue:
        lo, hi = self.scale
        if not lo < hi:
            raise ValueError(f"scale must be [low, high] with low < high, got [{lo:g}, {hi:g}]")
        return self

    @property
    def label(self) -> str:
        """The display name (``name``, else ``id``)."""
        return self.name or self.id

    @property
    def status_quo_value(self) -> float:
        """The status quo, defaulting to the low end of the scale."""
        return self.scale[0] if self.status_quo is None else self.status_quo

    @property
    def option_values(self) -> tuple[float, ...] | None:
        """The options' values, in the order given."""
        if self.options is None:
            return None
        return tuple(o.value if isinstance(o, Option) else float(o) for o in self.options)

    def option_label(self, value: float) -> str:
        """The label of a point on the scale (from ``options`` or ``labels``), else the number."""
        for o in self.options or ():
            if isinstance(o, Option) and o.value == value and o.label:
                return o.label
        if value in self.labels:
            return self.labels[value]
        return f"{value:g}"


class Stance(Frozen):
    """An actor's position on an issue and how much it cares (salience)."""

    position: Value
    salience: Value | None = Field(
        default=None,
        description="How much the actor cares, 0 … `salience_scale` (default: all of it, `salience_scale`).",
    )
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # ``{force: 100}`` is short for ``{force: {position: 100}}``.
        if not isinstance(data, dict) or "dist" in data:
            return {"position": data}
        return data


class Relationship(Frozen):
    """A typed, signed, weighted, directed tie from ``source`` to ``target``."""

    source: Id
    target: Id
    type: TieType = "influence"
    weight: Value = Field(default=1.0, description="Strength in [0, 1].")
    sign: Literal[-1, 1] | None = Field(
        default=None, description="+1 friendly, −1 hostile (default from the type: rivalry −1)."
    )
    mutual: bool | None = Field(
        default=None, description="Holds both ways (default: alliance, rivalry and history ties)."
    )
    note: str = ""

    @property
    def effective_sign(self) -> int:
        """The sign given, else the type's default."""
        return self.sign if self.sign is not None else DEFAULT_SIGN[self.type]

    @property
    def is_mutual(self) -> bool:
        """Whether the tie also runs from ``target`` to ``source``."""
        return self.mutual if self.mutual is not None else self.type in MUTUAL_BY_DEFAULT


def _check_base(of: str, quota: float | None) -> None:
    if of == "present_and_voting" and quota is not None:
        raise ValueError(
            "of: present_and_voting applies to a threshold (a share of the votes cast); a quota is a"
            " number of yes votes whatever the abstentions: use threshold, or drop of"
        )


class _RuleBase(Frozen):
    members: tuple[Id, ...] | None = Field(
        default=None, description="Actor ids or tags this rule counts (default: every actor)."
    )
    note: str = ""


class WeightedRule(_RuleBase):
    """Wins when the coalition's weight reaches a quota (or a share of the members' total)."""

    kind: Literal["weighted"]
    weight: str = Field(default="votes", description="`votes` or the name of a numeric attribute.")
    quota: float | None = Field(default=None, gt=0)
    threshold: float | None = Field(default=None, gt=0, le=1)
    strict: bool = Field(default=False, description="Require more than the quota/threshold.")
    of: Literal["all_members", "present_and_voting"] = Field(
        default="all_members",
        description=(
            "Base of a threshold (share) when members abstain: all members (an abstention counts like"
            " a no) or the members present and voting (abstainers are left out). A quota is a number of"
            " yes votes whatever the abstentions."
        ),
    )

    @model_validator(mode="after")
    def _one_bar(self) -> WeightedRule:
        if (self.quota is None) == (self.threshold is None):
            raise ValueError(
                "give exactly one of quota (a weight) or threshold (a share, 0 < t ≤ 1)"
            )
        _check_base(self.of, self.quota)
        return self


class CountRule(_RuleBase):
    """Wins when the coalition has enough members (a number, or a share of the members)."""

    kind: Literal["count"]
    quota: int | None = Field(default=None, gt=0)
    threshold: float | None = Field(default=None, gt=0, le=1)
    strict: bool = False
    of: Literal["all_members", "present_and_voting"] = Field(
        default="all_members",
        description=(
            "Base of a threshold (share) when members abstain: all members (an abstention counts like"
            " a no) or the members present and voting (abstainers are left out). A quota is a number of"
            " yes votes whatever the abstentions."
        ),
    )

    @model_validator(mode="after")
    def _one_bar(self) -> CountRule:
        if (self.quota is None) == (self.threshold is None):
            raise ValueError(
                "give exactly one of quota (a number) or threshold (a share, 0 < t ≤ 1)"
            )
        _check_base(self.of, self.quota)
        return self


class UnanimityRule(_RuleBase):
    """Wins when every member is in the coalition."""

    kind: Literal["unanimity"]
    veto_on_abstain: bool = Field(
        default=True,
        description=(
            "Whether a member's abstention blocks (true: every member must vote yes; false: no member"
            " votes no, as in the EU Council, TFEU Art. 238(4))."
        ),
    )


class VetoRule(Frozen):
    """Wins only when every holder is in the coalition (each holder can block alone)."""

    kind: Literal["veto"]
    holders: tuple[Id, ...] | None = Field(
        default=None, description="Actor ids or tags (default: the actors with `veto: true`)."
    )
    veto_on_abstain: bool = Field(
        default=False,
        description=(
            "Whether a holder's abstention is a veto (default false: a veto is a no vote, as in the UN"
            " Security Council's practice under Art. 27(3))."
        ),
    )
    note: str = ""


class AllOfRule(Frozen):
    """Wins when every part wins (e.g. a double majority)."""

    kind: Literal["all_of"]
    rules: tuple[Rule, ...] = Field(min_length=1)
    note: str = ""


class AnyOfRule(Frozen):
    """Wins when any part wins."""

    kind: Literal["any_of"]
    rules: tuple[Rule, ...] = Field(min_length=1)
    note: str = ""


Rule = Annotated[
    WeightedRule | CountRule | UnanimityRule | VetoRule | AllOfRule | AnyOfRule,
    Field(discriminator="kind"),
]


class Candidate(Frozen):
    """The focal actor's estimates for recruiting one actor *now*."""

    p: Value = Field(description="Probability that an approach now succeeds, in [0, 1].")
    value: Value = Field(
        default="auto",
        validate_default=True,
        description="Value of the actor joining; `auto` = its marginal power contribution.",
    )
    cost: Value = Field(default=0.0, description="Cost of an approach (paid whatever the outcome).")
    failure_cost: Value = Field(default=0.0, description="Extra cost when the approach fails.")
    prerequisites: tuple[Id, ...] = Field(
        default=(), description="Actors that must have joined before this one can be approached."
    )
    via: tuple[Id, ...] = Field(
        default=(), description="Intermediaries: at least one must have joined before the approach."
    )
    vote: Literal["yes", "no", "abstain"] | None = Field(
        default=None,
        description="What winning the actor means: the vote it casts once won (default: the goal's"
        " side, yes under goal win, no under goal block). `abstain` where an approach wins an"
        " abstention, not a yes: under a rule on which an abstention is not a veto (the UN Security"
        " Council's permanent members) a veto holder's abstention is enough.",
    )
    note: str = ""

    @property
    def value_is_auto(self) -> bool:
        """Whether the value is left to the power analysis."""
        return isinstance(self.value, Word) and self.value.strip().lower() == "auto"


class Effect(Frozen):
    """A process effect: when ``when`` joins (or refuses), others' probabilities change by Δp."""

    when: Id
    joins: bool = True
    then: dict[Id, Value]
    note: str = ""


class Recruitment(Frozen):
    """The focal actor's recruitment estimates, for the strategy planner."""

    goal: Literal["win", "block", "value"] = "win"
    goal_value: Value = 0.0
    committed: tuple[Id, ...] = Field(
        default=(), description="Actors already on side besides the focal actor."
    )
    actors: dict[Id, Candidate] = Field(default_factory=dict)
    effects: tuple[Effect, ...] = ()
    derive_effects: bool = Field(
        default=True, description="Also derive process effects from the influence ties."
    )
    note: str = ""


class Scenario(Frozen):
    """One decision that several parties influence: actors, issues, positions, ties, rule, estimates."""

    schema_version: Literal[1] = 1
    title: str = Field(min_length=1)
    description: str = ""
    focal: Id | None = Field(default=None, description="Whose strategy the analysis plans.")
    salience_scale: float = Field(
        default=1.0, gt=0, description="Saliences are given on 0 … this (1, or 100 as in KTAB)."
    )
    scales: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Ordinal words: {scale: {word: number}}."
    )
    events: dict[Id, str] = Field(
        default_factory=dict, description="Uncertain events actors hold `beliefs` about."
    )
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = ()
    positions: dict[Id, dict[Id, Stance]] = Field(default_factory=dict)
    relationships: tuple[Relationship, ...] = ()
    decision: Rule | None = None
    proposal: dict[Id, float] | None = Field(
        default=None,
        description=(
            "The proposal being voted: {issue id: value}; issues not named stay at their status quo"
            " (default: the forecast package). See `coalitionist outcome`."
        ),
    )
    recruitment: Recruitment | None = None
    references: tuple[str, ...] = ()

    # -- construction ----------------------------------------------------------------------------

    @classmethod
    def from_data(cls, data: Any, *, source: str = "<data>") -> Scenario:
        """Validate plain data (as parsed from YAML/JSON) with every check.

        Raises
        ------
        coalitionist.scenario.errors.ScenarioValidationError
            With one located problem per error found.
        """
        from coalitionist.scenario.validate import scenario_from_data

        return scenario_from_data(data, source=source)

    # -- look-ups ----------------------------------------------------------------------------------

    @cached_property
    def actor_index(self) -> dict[str, int]:
        """Actor id → row in every array."""
        return {a.id: i for i, a in enumerate(self.actors)}

    @cached_property
    def issue_index(self) -> dict[str, int]:
        """Issue id → column in every array."""
        return {s.id: k for k, s in enumerate(self.issues)}

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        return self.actors[self.actor_index[actor_id]]

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        return self.issues[self.issue_index[issue_id]]

    @cached_property
    def tags(self) -> dict[str, tuple[str, ...]]:
        """Tag → ids of the actors carrying it, in file order."""
        out: dict[str, list[str]] = {}
        for a in self.actors:
            for t in a.tags:
                out.setdefault(t, []).append(a.id)
        return {t: tuple(ids) for t, ids in out.items()}

    def resolve_members(self, names: tuple[str, ...] | None) -> tuple[str, ...]:
        """Expand actor ids and tags to actor ids (file order, no repeats); ``None`` means everyone."""
        if names is None:
            return tuple(a.id for a in self.actors)
        wanted: set[str] = set()
        for name in names:
            wanted.update(self.tags.get(name, (name,) if name in self.actor_index else ()))
        return tuple(a.id for a in self.actors if a.id in wanted)

    @cached_property
    def arrays(self) -> ScenarioArrays:
        """The numbers later analyses need, as NumPy arrays (point estimates), compiled once."""
        from coalitionist.scenario.compile import compile_arrays

        return compile_arrays(self)

    def summary_counts(self) -> dict[str, int]:
        """How many actors, issues, stated positions and ties the scenario has."""
        return {
            "actors": len(self.actors),
            "issues": len(self.issues),
            "positions": sum(len(v) for v in self.positions.values()),
            "relationships": len(self.relationships),
        }


#: Every class of the scenario file format (a mapping in the file is one of these).
FORMAT_CLASSES: tuple[type[Frozen], ...] = (
    Scenario,
    Actor,
    Issue,
    Option,
    Stance,
    Relationship,
    WeightedRule,
    CountRule,
    UnanimityRule,
    VetoRule,
    AllOfRule,
    AnyOfRule,
    Recruitment,
    Candidate,
    Effect,
)

AllOfRule.model_rebuild()
AnyOfRule.model_rebuild()
Scenario.model_rebuild()


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the scenario file, for editors and validators.

    Pydantic's schema is adjusted where the file format is looser than the model: a stance may be written
    as its position alone (``{force: 80}``).
    """
    data = Scenario.model_json_schema()
    defs = data["$defs"]
    stance = defs["Stance"]
    defs["Stance"] = {
        "description": stance.get("description", ""),
        "anyOf": [stance, stance["properties"]["position"]],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **data,
        "title": "coalitionist scenario",
    }
