"""Checks that need the whole scenario: cross-references, ranges, duplicates and cycles.

:func:`check_scenario` returns every problem found (never stops at the first), each with the path of the
offending field so the loader can point at its line in the file. The path keeps the ids (that is where the
user looks in the file); the problem text names actors and issues as the user reads them, by name
("positions.saudi.oil.position: position 120 of Saudi Arabia on Oil price is outside the scale [0, 100]").
An id that names nothing is quoted as written ("'bobb' is not an actor id").
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Iterable, Iterator
from typing import Any

from coalitionist.scenario.errors import Path, Problem
from coalitionist.scenario.model import (
    AllOfRule,
    AnyOfRule,
    CountRule,
    Issue,
    Rule,
    Scenario,
    UnanimityRule,
    VetoRule,
    WeightedRule,
)
from coalitionist.scenario.values import Uncertain, Word, value_bounds
from coalitionist.scenario.words import WordTable
from coalitionist.wording import and_join, possessive

#: Largest magnitude of any number in a scenario (and of an issue's scale span). Far beyond any real quantity
#: (a thousand trillion), and small enough that sums, spans and squares over thousands of actors stay finite
#: in double precision: 1e308 parses, but its span overflows to inf and every analysis turns to NaN.
MAX_MAGNITUDE = 1e15

#: Largest total weight of a weighted rule once its weights are scaled to whole numbers (``2**53``, the
#: largest range of integers a double holds exactly): voting power is counted exactly over those integers.
MAX_TOTAL_WEIGHT = 2**53


def _find_cycle(graph: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The edges of one directed cycle of ``graph`` (successor lists), or ``[]`` when it has none.

    Depth-first search from each node in insertion order, with the nodes on the current path marked
    (Tarjan 1972, "Depth-first search and linear graph algorithms"); the first edge back onto the path
    closes the cycle. A few lines of our own instead of importing networkx, so that loading a scenario file
    stays fast (issue 12, point 5).
    """
    done: set[str] = set()
    for root in graph:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(graph[root])]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
                continue
            if node in on_path:
                loop = [*path[path.index(node) :], node]
                return list(itertools.pairwise(loop))
            if node not in done:
                path.append(node)
                on_path.add(node)
                stack.append(iter(graph[node]))
    return []


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _duplicate_ids(kind: str, ids: list[str]) -> Iterator[Problem]:
    """A problem for each id that repeats an earlier one (``kind`` is ``actor`` or ``issue``)."""
    seen: dict[str, int] = {}
    for i, x in enumerate(ids):
        if x in seen:
            yield Problem(
                (f"{kind}s", i, "id"), f"duplicate {kind} id '{x}' (first at {kind}s[{seen[x]}])"
            )
        seen.setdefault(x, i)


def _not_an_actor(name: str, known: set[str], with_tags: bool) -> str:
    """The message for a reference that names no actor (nor tag, where tags are allowed)."""
    what = "an actor id or tag" if with_tags else "an actor id"
    return f"'{name}' is not {what}{_suggest(name, known)}"


def _range(
    value: float | Uncertain | Word,
    path: Path,
    lo: float,
    hi: float,
    what: str,
    table: WordTable,
    kind: str = "level",
    issue: Issue | None = None,
    salience_scale: float = 1.0,
    of: str = "",
    scale: bool = False,
) -> Iterator[Problem]:
    """Check a value (number, words resolved, or a distribution's support) lies in [lo, hi].

    ``of`` says whose value it is, in names (``" of Saudi Arabia on Oil price"``), placed after the
    value: ``position 120 of Saudi Arabia on Oil price is outside the scale [0, 100]``; ``scale``: the
    range is the issue's scale."""
    if isinstance(value, Word):
        try:
            number = table.lookup(value, kind, issue, salience_scale)
        except KeyError as exc:
            yield Problem(path, exc.args[0])
            return
        bounds = (number, number)
    else:
        got = value_bounds(value)
        assert got is not None
        bounds = got
    if isinstance(value, Uncertain) and value.dist == "normal" and value.low is None:
        # An untruncated normal: check its mean; draws are clipped to the range.
        bounds = (value.point, value.point)
    one = bounds[0] == bounds[1]
    shown = f"{bounds[0]:g}" if one else f"[{bounds[0]:g}, {bounds[1]:g}]"
    if bounds[0] < lo or bounds[1] > hi:
        if math.isinf(hi):
            where = f"below {lo:g}, the least it can be"
        else:
            where = ("outside the scale " if scale else "outside ") + f"[{lo:g}, {hi:g}]"
        said = (
            f"{what} {shown}{of} is {where}" if one else f"{what}{of} ranges over {shown}, {where}"
        )
        yield Problem(path, said)
    elif max(abs(bounds[0]), abs(bounds[1])) > MAX_MAGNITUDE:
        whose = f"the {what.removeprefix('a ')}{of}" if of else "it"
        yield Problem(
            path,
            f"{what} {shown} is beyond ±{MAX_MAGNITUDE:g}, the largest magnitude read (larger numbers"
            f" overflow double precision in the analyses); state {whose} in larger units",
        )


class _Checker:
    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.table = WordTable.of(s)
        self.actor_ids = [a.id for a in s.actors]
        self.actor_set = set(self.actor_ids)
        self.issue_set = {i.id for i in s.issues}
        self.tags = set(s.tags)
        self.labels = {a.id: a.label for a in s.actors}
        self.issue_labels = {i.id: i.label for i in s.issues}

    def name(self, actor_id: str) -> str:
        """An actor as the user reads it (its name); an id that names no actor, quoted as written."""
        return self.labels.get(actor_id, f"'{actor_id}'")

    def names(self, actor_ids: Iterable[str]) -> str:
        return and_join([self.name(a) for a in actor_ids])

    def actor_ref(self, name: str, path: Path, *, tags: bool = False) -> Iterator[Problem]:
        if name in self.actor_set or (tags and name in self.tags):
            return
        known = self.actor_set | (self.tags if tags else set())
        yield Problem(path, _not_an_actor(name, known, tags))

    def run(self) -> Iterator[Problem]:
        yield from self.duplicates()
        yield from self.actors()
        yield from self.issues()
        yield from self.positions()
        yield from self.relationships()
        if self.s.decision is not None:
            yield from self.rule(self.s.decision, ("decision",))
        yield from self.default_rule()
        yield from self.proposal()
        yield from self.recruitment()

    def proposal(self) -> Iterator[Problem]:
        for issue_id, value in (self.s.proposal or {}).items():
            path: Path = ("proposal", issue_id)
            if issue_id not in self.issue_set:
                yield Problem(
                    path, f"'{issue_id}' is not an issue id{_suggest(issue_id, self.issue_set)}"
                )
                continue
            lo, hi = self.s.issue(issue_id).scale
            if not lo <= value <= hi:
                yield Problem(
                    path,
                    f"the proposal {value:g} on {self.issue_labels[issue_id]} is outside the scale"
                    f" [{lo:g}, {hi:g}]",
                )

    def duplicates(self) -> Iterator[Problem]:
        yield from _duplicate_ids("actor", [a.id for a in self.s.actors])
        yield from _duplicate_ids("issue", [s.id for s in self.s.issues])
        for i, a in enumerate(self.s.actors):
            for t, tag in enumerate(a.tags):
                if tag in self.actor_set:
                    yield Problem(
                        ("actors", i, "tags", t),
                        f"tag '{tag}' is also an actor id; rule members would be ambiguous",
                    )
        if self.s.focal is not None:
            yield from self.actor_ref(self.s.focal, ("focal",))

    def actors(self) -> Iterator[Problem]:
        events = set(self.s.events)
        for i, a in enumerate(self.s.actors):
            base: Path = ("actors", i)
            of = f" of {a.label}"
            yield from _range(
                a.capability,
                (*base, "capability"),
                0,
                float("inf"),
                "capability",
                self.table,
                of=of,
            )
            for name, v in a.resources.items():
                yield from _range(
                    v,
                    (*base, "resources", name),
                    0,
                    float("inf"),
                    f"resource '{name}'",
                    self.table,
                    of=of,
                )
            if a.discount_rate is not None:
                yield from _range(
                    a.discount_rate,
                    (*base, "discount_rate"),
                    0,
                    0.999999,
                    "discount_rate",
                    self.table,
                    of=of,
                )
            if a.indifference is not None:
                yield from _range(
                    a.indifference,
                    (*base, "indifference"),
                    0,
                    float("inf"),
                    "indifference",
                    self.table,
                    of=of,
                )
            if a.risk_aversion is not None:
                yield from _range(
                    a.risk_aversion,
                    (*base, "risk_aversion"),
                    0,
                    float("inf"),
                    "risk_aversion",
                    self.table,
                    of=of,
                )
            for event, p in a.beliefs.items():
                if event not in events:
                    yield Problem(
                        (*base, "beliefs", event),
                        f"'{event}' is not declared under events:{_suggest(event, events)}",
                    )
                yield from _range(
                    p,
                    (*base, "beliefs", event),
                    0,
                    1,
                    "the probability",
                    self.table,
                    of=f" of '{event}' for {a.label}",
                )
            for issue_id, table in (a.utility or {}).items():
                if issue_id not in self.issue_set:
                    yield Problem(
                        (*base, "utility", issue_id),
                        f"'{issue_id}' is not an issue id{_suggest(issue_id, self.issue_set)}",
                    )
                    continue
                issue = self.s.issue(issue_id)
                values = issue.option_values
                if values is None:
                    yield Problem(
                        (*base, "utility", issue_id),
                        f"the issue {issue.label} has no options: a utility table needs options",
                    )
                    continue
                keys = {f"{v:g}" for v in values} | {issue.option_label(v) for v in values}
                for key in table:
                    if key not in keys and _as_float(key) not in values:
                        yield Problem(
                            (*base, "utility", issue_id, key),
                            f"'{key}' is not an option of the issue {issue.label}"
                            f" (options: {', '.join(sorted(keys))})",
                        )

    def issues(self) -> Iterator[Problem]:
        for k, issue in enumerate(self.s.issues):
            lo, hi = issue.scale
            base: Path = ("issues", k)
            if not (abs(lo) <= MAX_MAGNITUDE and abs(hi) <= MAX_MAGNITUDE):
                yield Problem(
                    (*base, "scale"),
                    f"scale [{lo:g}, {hi:g}]: its ends must lie within ±{MAX_MAGNITUDE:g} (wider"
                    " scales overflow double precision); state the issue in larger units",
                )
                continue
            if issue.status_quo is not None and not lo <= issue.status_quo <= hi:
                yield Problem(
                    (*base, "status_quo"),
                    f"status quo {issue.status_quo:g} of {issue.label} is outside the scale"
                    f" [{lo:g}, {hi:g}]",
                )
            for j, v in enumerate(issue.option_values or ()):
                if not lo <= v <= hi:
                    yield Problem(
                        (*base, "options", j),
                        f"option {v:g} of {issue.label} is outside the scale [{lo:g}, {hi:g}]",
                    )
            values = issue.option_values or ()
            if len(set(values)) != len(values):
                yield Problem((*base, "options"), "options repeat a value")
            for v in issue.labels:
                if not lo <= v <= hi:
                    yield Problem(
                        (*base, "labels", f"{v:g}"),
                        f"label at {v:g} of {issue.label} is outside the scale [{lo:g}, {hi:g}]",
                    )

    def positions(self) -> Iterator[Problem]:
        ss = self.s.salience_scale
        for actor_id, row in self.s.positions.items():
            yield from self.actor_ref(actor_id, ("positions", actor_id))
            for issue_id, stance in row.items():
                path: Path = ("positions", actor_id, issue_id)
                if issue_id not in self.issue_set:
                    yield Problem(
                        path, f"'{issue_id}' is not an issue id{_suggest(issue_id, self.issue_set)}"
                    )
                    continue
                issue = self.s.issue(issue_id)
                lo, hi = issue.scale
                of = f" of {self.name(actor_id)} on {issue.label}"
                yield from _range(
                    stance.position,
                    (*path, "position"),
                    lo,
                    hi,
                    "position",
                    self.table,
                    "position",
                    issue,
                    of=of,
                    scale=True,
                )
                if stance.salience is None:
                    continue
                yield from _range(
                    stance.salience,
                    (*path, "salience"),
                    0,
                    ss,
                    "salience",
                    self.table,
                    "salience",
                    salience_scale=ss,
                    of=of,
                )

    def relationships(self) -> Iterator[Problem]:
        for t, tie in enumerate(self.s.relationships):
            base: Path = ("relationships", t)
            yield from self.actor_ref(tie.source, (*base, "source"))
            yield from self.actor_ref(tie.target, (*base, "target"))
            if tie.source == tie.target:
                yield Problem(base, f"a tie from {self.name(tie.source)} to itself")
            yield from _range(
                tie.weight,
                (*base, "weight"),
                0,
                1,
                "weight",
                self.table,
                of=f" of the tie from {self.name(tie.source)} to {self.name(tie.target)}",
            )

    def rule(self, rule: Rule, path: Path) -> Iterator[Problem]:
        if isinstance(rule, AllOfRule | AnyOfRule):
            for j, part in enumerate(rule.rules):
                yield from self.rule(part, (*path, "rules", j))
            return
        if isinstance(rule, VetoRule):
            if rule.holders is None:
                if not any(a.veto for a in self.s.actors):
                    yield Problem(path, "a veto rule needs holders (or actors with veto: true)")
            else:
                for j, h in enumerate(rule.holders):
                    yield from self.actor_ref(h, (*path, "holders", j), tags=True)
            return
        for j, m in enumerate(rule.members or ()):
            yield from self.actor_ref(m, (*path, "members", j), tags=True)
        members = self.s.resolve_members(rule.members)
        if not members:
            yield Problem((*path, "members"), "the rule counts no actor")
            return
        if isinstance(rule, WeightedRule):
            total = 0.0
            missing = []
            weighed: list[tuple[Path, float]] = []
            index = {a.id: i for i, a in enumerate(self.s.actors)}
            for m in members:
                actor = self.s.actor(m)
                if rule.weight == "votes":
                    total += actor.votes
                    weighed.append((("actors", index[m], "votes"), actor.votes))
                elif rule.weight in actor.attributes:
                    total += actor.attributes[rule.weight]
                    weighed.append(
                        (
                            ("actors", index[m], "attributes", rule.weight),
                            actor.attributes[rule.weight],
                        )
                    )
                else:
                    missing.append(m)
            if not missing:
                yield from _exact_weights(weighed, rule.quota, (*path, "quota"))
            if missing:
                yield Problem(
                    (*path, "weight"),
                    f"weight '{rule.weight}' is neither 'votes' nor an attribute of "
                    + (
                        self.names(missing)
                        if len(missing) <= 8
                        else ", ".join(self.name(m) for m in missing[:8])
                        + f" and {len(missing) - 8} more (every member without it)"
                    ),
                )
            elif rule.quota is not None and rule.quota > total:
                yield Problem(
                    (*path, "quota"),
                    f"quota {rule.quota:g} exceeds the members' total weight {total:g}: no coalition can win",
                )
        elif isinstance(rule, CountRule):
            if rule.quota is not None and rule.quota > len(members):
                yield Problem(
                    (*path, "quota"),
                    f"quota {rule.quota} exceeds the {len(members)} members: no coalition can win",
                )
        else:
            assert isinstance(rule, UnanimityRule)

    def default_rule(self) -> Iterator[Problem]:
        """Without ``decision:``, the rule is a majority of votes: those votes must count exactly too."""
        if self.s.decision is None and self.s.actors:
            yield from _exact_weights(
                [(("actors", i, "votes"), a.votes) for i, a in enumerate(self.s.actors)], None, ()
            )

    def recruitment(self) -> Iterator[Problem]:
        r = self.s.recruitment
        if r is None:
            return
        base: Path = ("recruitment",)
        if self.s.focal is None:
            yield Problem(base, "recruitment estimates need a focal actor: add focal: <actor id>")
        for j, c in enumerate(r.committed):
            yield from self.actor_ref(c, (*base, "committed", j))
        on_side = set(r.committed) | ({self.s.focal} if self.s.focal else set())
        yield from _range(
            r.goal_value, (*base, "goal_value"), 0, float("inf"), "goal_value", self.table
        )
        for actor_id, cand in r.actors.items():
            path: Path = (*base, "actors", actor_id)
            yield from self.actor_ref(actor_id, path)
            if actor_id in on_side:
                who = "the focal actor" if actor_id == self.s.focal else "already committed"
                yield Problem(path, f"{self.name(actor_id)} is {who}: it cannot be recruited")
            of = f" of {self.name(actor_id)}"
            yield from _range(cand.p, (*path, "p"), 0, 1, "p", self.table, of=of)
            for name in ("cost", "failure_cost"):
                yield from _range(
                    getattr(cand, name), (*path, name), 0, float("inf"), name, self.table, of=of
                )
            if not cand.value_is_auto:
                yield from _range(
                    cand.value,
                    (*path, "value"),
                    -float("inf"),
                    float("inf"),
                    "value",
                    self.table,
                    of=of,
                )
            against = {"win": "no", "block": "yes"}.get(r.goal)
            if cand.vote is not None and cand.vote == against:
                yield Problem(
                    (*path, "vote"),
                    f"'{cand.vote}' works against the goal ({r.goal}): winning {self.name(actor_id)} means a"
                    f" {'yes' if r.goal == 'win' else 'no'} or an abstention",
                )
            elif cand.vote is not None and r.goal == "value":
                yield Problem(
                    (*path, "vote"),
                    "the goal is value, not a vote: 'vote' says what winning the actor means under"
                    " goal win or block",
                )
            for field in ("prerequisites", "via"):
                for j, other in enumerate(getattr(cand, field)):
                    if other not in r.actors and other not in on_side:
                        yield Problem(
                            (*path, field, j),
                            f"{self.name(other)} is neither a recruitment candidate nor on side"
                            f"{_suggest(other, list(r.actors) + sorted(on_side))}",
                        )
                    elif other == actor_id:
                        own = (
                            "cannot be its own prerequisite"
                            if field == "prerequisites"
                            else "cannot be approached via itself"
                        )
                        yield Problem((*path, field, j), f"{self.name(actor_id)} {own}")
        graph: dict[str, list[str]] = {}
        field_of: dict[
            tuple[str, str], str
        ] = {}  # (before, after) → the field of `after` that says so
        for actor_id, cand in r.actors.items():
            for field in ("prerequisites", "via"):
                for other in getattr(cand, field):
                    if other in r.actors and other != actor_id:
                        if (other, actor_id) not in field_of:
                            graph.setdefault(other, []).append(actor_id)
                        field_of.setdefault((other, actor_id), field)
                        graph.setdefault(actor_id, [])
        cycle = _find_cycle(graph)
        if cycle:
            loop = " → ".join(self.name(a) for a in [cycle[0][0], *(v for _, v in cycle)])
            fields = sorted({field_of[edge] for edge in cycle}, reverse=True)
            said = " and ".join(fields)
            verb = "forms" if fields == ["via"] else "form"
            yield Problem(
                (*base, "actors", cycle[0][1], field_of[cycle[0]]),
                f"{said} {verb} a cycle ({loop}; each must have joined before the next is"
                " approached): none of them could ever be approached",
            )
        for j, eff in enumerate(r.effects):
            path = (*base, "effects", j)
            if eff.when not in r.actors:
                yield Problem(
                    (*path, "when"),
                    f"{self.name(eff.when)} is not a recruitment candidate"
                    f"{_suggest(eff.when, r.actors)}",
                )
            for other, dp in eff.then.items():
                if other not in r.actors:
                    yield Problem(
                        (*path, "then", other),
                        f"{self.name(other)} is not a recruitment candidate"
                        f"{_suggest(other, r.actors)}",
                    )
                yield from _range(
                    dp,
                    (*path, "then", other),
                    -1,
                    1,
                    "the change",
                    self.table,
                    of=f" in {possessive(self.labels.get(other, other))} chance when"
                    f" {self.name(eff.when)} joins",
                )


def _exact_weights(
    weights: list[tuple[Path, float]], quota: float | None, quota_path: Path
) -> Iterator[Problem]:
    """A problem when a weighted rule's weights cannot be counted exactly (their integer total > 2**53).

    Voting power is computed over whole numbers: the weights and quota are read as the decimals they were
    written as and multiplied by the least common multiple of their denominators (``1.5`` and ``2`` become
    ``3`` and ``4``). We refuse (rather than silently rounding) when that total passes
    :data:`MAX_TOTAL_WEIGHT`; the advice is to state the weights in larger units, which changes no index.
    """
    from fractions import Fraction

    if not weights:
        return
    try:
        exact = [Fraction(repr(float(w))) for _, w in weights]
        q = Fraction(repr(float(quota))) if quota is not None else None
    except (ValueError, OverflowError):
        return  # non-finite: reported by the range checks
    scale = 1
    for x in [*exact, *([q] if q is not None else [])]:
        scale = math.lcm(scale, x.denominator)
        if scale > MAX_TOTAL_WEIGHT:
            break
    total = sum(int(x * scale) for x in exact)
    if total <= MAX_TOTAL_WEIGHT and (q is None or int(q * scale) <= MAX_TOTAL_WEIGHT):
        return
    biggest = max(range(len(weights)), key=lambda i: weights[i][1])
    how = "" if scale == 1 else f" (×{scale:,} to make the decimals whole)"
    yield Problem(
        weights[biggest][0],
        f"the rule's weights total {total:,} as whole numbers{how}, more than"
        f" 2^53 = {MAX_TOTAL_WEIGHT:,}, the most counted exactly; state them in larger units"
        " (e.g. millions: the indices do not change) or with fewer decimals",
    )


def _as_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every cross-reference, range, duplicate and cycle problem in ``scenario`` (empty when valid)."""
    return list(_Checker(scenario).run())


def raw_reference_problems(data: dict[str, Any]) -> list[Problem]:
    """Dangling references found in raw (not yet valid) scenario data.

    Run when the structure itself has errors, so that a file with a type error and a misspelt actor id
    reports both at once. Only plainly readable parts are checked (ids that are strings); the full checks of
    :func:`check_scenario` run once the structure is valid.
    """
    actors = data.get("actors")
    if not isinstance(actors, list):
        return []
    ids = {a["id"] for a in actors if isinstance(a, dict) and isinstance(a.get("id"), str)}
    tags = {
        t
        for a in actors
        if isinstance(a, dict) and isinstance(a.get("tags"), list)
        for t in a["tags"]
        if isinstance(t, str)
    }
    issues_raw = data.get("issues")
    issues = (
        {i["id"] for i in issues_raw if isinstance(i, dict) and isinstance(i.get("id"), str)}
        if isinstance(issues_raw, list)
        else None
    )
    out: list[Problem] = []

    def actor(name: Any, path: Path, *, with_tags: bool = False) -> None:
        if not isinstance(name, str) or name in ids or (with_tags and name in tags):
            return
        known = ids | (tags if with_tags else set())
        out.append(Problem(path, _not_an_actor(name, known, with_tags)))

    actor(data.get("focal"), ("focal",))
    positions = data.get("positions")
    if isinstance(positions, dict):
        for who, row in positions.items():
            actor(who, ("positions", str(who)))
            if isinstance(row, dict) and issues is not None:
                for issue in row:
                    if isinstance(issue, str) and issue not in issues:
                        out.append(
                            Problem(
                                ("positions", str(who), issue),
                                f"'{issue}' is not an issue id{_suggest(issue, issues)}",
                            )
                        )
    ties = data.get("relationships")
    if isinstance(ties, list):
        for t, tie in enumerate(ties):
            if isinstance(tie, dict):
                actor(tie.get("source"), ("relationships", t, "source"))
                actor(tie.get("target"), ("relationships", t, "target"))

    def rule(spec: Any, path: Path) -> None:
        if not isinstance(spec, dict):
            return
        for key in ("members", "holders"):
            if isinstance(spec.get(key), list):
                for j, m in enumerate(spec[key]):
                    actor(m, (*path, key, j), with_tags=True)
        if isinstance(spec.get("rules"), list):
            for j, part in enumerate(spec["rules"]):
                rule(part, (*path, "rules", j))

    rule(data.get("decision"), ("decision",))
    rec = data.get("recruitment")
    if isinstance(rec, dict):
        if isinstance(rec.get("committed"), list):
            for j, c in enumerate(rec["committed"]):
                actor(c, ("recruitment", "committed", j))
        if isinstance(rec.get("actors"), dict):
            for who in rec["actors"]:
                actor(who, ("recruitment", "actors", str(who)))
    return out
