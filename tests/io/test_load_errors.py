"""Bad input: a table of hand-made invalid files, each with the exact location and message expected.

Issue 2, point 4: every invalid file gives ``file:line:column: field.path: message`` lines for all errors
found and exit status 2, never a traceback. Locations are worked out from the file text itself (the
position of an anchor string), not copied from the loader's output.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io import load_scenario
from coalitionist.io.load import MAX_FILE_BYTES, read_text
from coalitionist.scenario.errors import Problem, ScenarioValidationError, format_path

WriteFile = Callable[[str, str | bytes], Path]

#: A valid scenario the cases below extend (lines 1-8; appended text starts on line 9). Its actors and
#: its issue have no names, so a message names each by its id, as the brief would (the ids are the names
#: here); NAMED below checks that a message uses the names when the file gives them.
BASE = """\
title: T
focal: ana
actors:
  - {id: ana, capability: 10}
  - {id: bob, capability: 5, tags: [grp]}
  - {id: cyd}
issues:
  - {id: price, scale: [0, 100]}
"""
RECRUIT = """\
recruitment:
  actors:
    bob: {p: 0.5}
    cyd: {p: 0.5, via: [bob]}
"""


@dataclass(frozen=True)
class Expect:
    """One problem expected.

    ``at`` is where: an anchor string whose first occurrence in the file gives line and column (1-based),
    an explicit ``(line, column)`` (column ``None`` for a whole line), or ``None`` for the file as a whole.
    """

    path: str
    message: str
    at: str | tuple[int, int | None] | None


@dataclass(frozen=True)
class Case:
    id: str
    content: str | bytes
    expect: tuple[Expect, ...]
    suffix: str = ".yaml"


def position(text: str, anchor: str) -> tuple[int, int]:
    """Line and column (1-based, in characters) of the first occurrence of ``anchor`` in ``text``."""
    offset = text.index(anchor)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def E(path: str, message: str, at: str | tuple[int, int | None] | None) -> Expect:
    return Expect(path, message, at)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = [
        "title: T",
        "actors: [{id: a}]",
        "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    for k in range(1, levels):
        refs = ", ".join([f"*a{k - 1}"] * width)
        lines.append(f"a{k}: &a{k} [{refs}]")
    return "\n".join(lines) + "\n"


CASES = [
    # -- syntax ----------------------------------------------------------------------------------
    Case(
        "yaml-syntax",
        "title: T\nfocal: a: b\nactors: [{id: a}]\n",
        (E("", "YAML syntax: mapping values are not allowed here", ": b"),),
    ),
    Case(
        "yaml-tab",
        "title: T\n\tactors: [{id: a}]\n",
        (E("", "YAML syntax: while scanning for the next token found character '\\t'", (2, 1)),),
    ),
    Case(
        "yaml-unclosed",
        "title: T\nactors: [{id: a}\n",
        (E("", "YAML syntax:", (3, 1)),),
    ),
    Case(
        "yaml-undefined-alias",
        "title: *name\nactors: [{id: a}]\n",
        (E("", "YAML syntax: found undefined alias 'name'", "*name"),),
    ),
    Case(
        "yaml-two-documents",
        "title: T\nactors: [{id: a}]\n---\ntitle: U\n",
        (E("", "expected a single document", "---"),),
    ),
    Case(
        "yaml-python-tag",
        "title: !!python/object/apply:os.system [echo]\nactors: [{id: a}]\n",
        (E("", "could not determine a constructor for the tag", "!!python"),),
    ),
    Case(
        "json-syntax",
        '{"title": "T",\n "actors": [}\n',
        (E("", "JSON syntax: Expecting value", "}"),),
        ".json",
    ),
    Case(
        "json-duplicate-key",
        '{"title": "T",\n "actors": [{"id": "a"}], "title": "U"}\n',
        (E("title", "duplicate key 'title' (first at line 1)", '"title": "U"'),),
        ".json",
    ),
    # -- types, ranges, unknown keys -------------------------------------------------------------
    Case(
        "wrong-type-number",
        BASE.replace("{id: cyd}", "{id: cyd, capability: [1, 2]}"),
        (E("actors[2].capability", "expected a number, a word or", "capability: [1, 2]"),),
    ),
    Case(
        "wrong-type-votes",
        BASE.replace("{id: cyd}", "{id: cyd, votes: many}"),
        (E("actors[2].votes", "Input should be a valid number", "votes: many"),),
    ),
    Case(
        "wrong-type-bool",
        BASE.replace("{id: cyd}", "{id: cyd, veto: maybe}"),
        (E("actors[2].veto", "Input should be a valid boolean", "veto: maybe"),),
    ),
    Case(
        "wrong-type-id",
        BASE.replace("{id: cyd}", "{id: 'c d'}"),
        (E("actors[2].id", "ids use letters, digits", "id: 'c d'"),),
    ),
    Case(
        "missing-title",
        "actors: [{id: a}]\n",
        (E("title", "missing required field 'title'", (1, 1)),),
    ),
    Case(
        "missing-rule-kind",
        BASE + "decision: {quota: 2}\n",
        (
            E(
                "decision",
                "needs a 'kind' (weighted, count, unanimity, veto, all_of or any_of)",
                "decision:",
            ),
        ),
    ),
    Case(
        "unknown-rule-kind",
        BASE + "decision: {kind: majority}\n",
        (E("decision", "unknown kind 'majority'", "decision:"),),
    ),
    Case(
        "unknown-tie-type",
        BASE + "relationships:\n  - {source: ana, target: bob, type: friendship}\n",
        (E("relationships[0].type", "Input should be 'alliance', 'rivalry'", "type: friendship"),),
    ),
    Case(
        "range-position",
        BASE + "positions:\n  bob: {price: 150}\n",
        (
            E(
                "positions.bob.price.position",
                "position 150 of bob on price is outside the scale [0, 100]",
                "price: 150",
            ),
        ),
    ),
    Case(
        "range-salience",
        BASE + "positions:\n  bob: {price: {position: 10, salience: 1.5}}\n",
        (
            E(
                "positions.bob.price.salience",
                "salience 1.5 of bob on price is outside [0, 1]",
                "salience: 1.5",
            ),
        ),
    ),
    Case(
        "range-status-quo",
        BASE.replace("scale: [0, 100]}", "scale: [0, 100], status_quo: -5}"),
        (
            E(
                "issues[0].status_quo",
                "status quo -5 of price is outside the scale [0, 100]",
                "status_quo",
            ),
        ),
    ),
    Case(
        "range-scale-order",
        BASE.replace("scale: [0, 100]", "scale: [100, 0]"),
        (E("issues[0]", "scale must be [low, high] with low < high, got [100, 0]", "{id: price"),),
    ),
    Case(
        "range-weight",
        BASE + "relationships:\n  - {source: ana, target: bob, weight: 1.5}\n",
        (
            E(
                "relationships[0].weight",
                "weight 1.5 of the tie from ana to bob is outside [0, 1]",
                "weight: 1.5",
            ),
        ),
    ),
    Case(
        "range-votes",
        BASE.replace("{id: cyd}", "{id: cyd, votes: -1}"),
        (E("actors[2].votes", "greater than or equal to 0", "votes: -1"),),
    ),
    Case(
        "range-capability",
        BASE.replace("{id: cyd}", "{id: cyd, capability: -3}"),
        (
            E(
                "actors[2].capability",
                "capability -3 of cyd is below 0, the least it can be",
                "capability: -3",
            ),
        ),
    ),
    Case(
        "range-p",
        BASE + RECRUIT.replace("bob: {p: 0.5}", "bob: {p: 1.2}"),
        (E("recruitment.actors.bob.p", "p 1.2 of bob is outside [0, 1]", "p: 1.2"),),
    ),
    Case(
        "range-threshold",
        BASE + "decision: {kind: count, threshold: 1.5}\n",
        (E("decision.threshold", "less than or equal to 1", "threshold"),),
    ),
    Case(
        "tie-to-itself",
        BASE + "relationships:\n  - {source: bob, target: bob}\n",
        (E("relationships[0]", "a tie from bob to itself", "{source: bob"),),
    ),
    Case(
        "unknown-key",
        BASE.replace("{id: cyd}", "{id: cyd, capabilty: 3}"),
        (
            E(
                "actors[2].capabilty",
                "unknown field 'capabilty' (did you mean 'capability'?)",
                "capabilty",
            ),
        ),
    ),
    Case(
        "unknown-top-level-key",
        BASE + "relationship: []\n",
        (
            E(
                "relationship",
                "unknown field 'relationship' (did you mean 'relationships'?)",
                "relationship:",
            ),
        ),
    ),
    Case(
        "unknown-rule-key",
        BASE + "decision: {kind: count, qouta: 2}\n",
        (E("decision.qouta", "unknown field 'qouta' (did you mean 'quota'?)", "qouta"),),
    ),
    Case(
        # A real field in the wrong place: never "did you mean 'members'?" about 'members' itself.
        "field-of-another-part",
        BASE + "decision: {kind: any_of, members: [ana], rules: [{kind: count, quota: 2}]}\n",
        (
            E(
                "decision.members",
                "unknown field 'members' (it is a field of other parts of the file, not of this one)",
                "members",
            ),
        ),
    ),
    # -- dangling references, with a suggestion when a name is close -------------------------------
    Case(
        "dangling-focal",
        BASE.replace("focal: ana", "focal: anna"),
        (E("focal", "'anna' is not an actor id (did you mean 'ana'?)", "focal"),),
    ),
    Case(
        "dangling-position-actor",
        BASE + "positions:\n  bobb: {price: 10}\n",
        (E("positions.bobb", "'bobb' is not an actor id (did you mean 'bob'?)", "bobb:"),),
    ),
    Case(
        "dangling-position-issue",
        BASE + "positions:\n  bob: {prices: 10}\n",
        (
            E(
                "positions.bob.prices",
                "'prices' is not an issue id (did you mean 'price'?)",
                "prices",
            ),
        ),
    ),
    Case(
        "dangling-tie-source",
        BASE + "relationships:\n  - {source: zed, target: bob}\n",
        (E("relationships[0].source", "'zed' is not an actor id", "source: zed"),),
    ),
    Case(
        "dangling-tie-target",
        BASE + "relationships:\n  - {source: ana, target: cid}\n",
        (
            E(
                "relationships[0].target",
                "'cid' is not an actor id (did you mean 'cyd'?)",
                "target: cid",
            ),
        ),
    ),
    Case(
        "dangling-rule-member",
        BASE + "decision: {kind: count, quota: 1, members: [grp, bobby]}\n",
        (
            E(
                "decision.members[1]",
                "'bobby' is not an actor id or tag (did you mean 'bob'?)",
                "bobby",
            ),
        ),
    ),
    Case(
        "rule-counts-no-actor",
        BASE + "decision: {kind: unanimity, members: [nobody]}\n",
        (
            E("decision.members", "the rule counts no actor", "members"),
            E("decision.members[0]", "'nobody' is not an actor id or tag", "nobody"),
        ),
    ),
    Case(
        "dangling-veto-holder",
        BASE + "decision:\n  kind: all_of\n  rules:\n    - {kind: veto, holders: [ana, grq]}\n",
        (
            E(
                "decision.rules[0].holders[1]",
                "'grq' is not an actor id or tag (did you mean 'grp'?)",
                "grq",
            ),
        ),
    ),
    Case(
        "veto-without-holders",
        BASE + "decision: {kind: veto}\n",
        (E("decision", "a veto rule needs holders (or actors with veto: true)", "decision:"),),
    ),
    Case(
        "dangling-committed",
        BASE + "recruitment:\n  committed: [cydd]\n",
        (E("recruitment.committed[0]", "'cydd' is not an actor id (did you mean 'cyd'?)", "cydd"),),
    ),
    Case(
        "dangling-candidate",
        BASE + RECRUIT + "    dan: {p: 0.5}\n",
        (E("recruitment.actors.dan", "'dan' is not an actor id (did you mean 'ana'?)", "dan:"),),
    ),
    Case(
        "candidate-is-focal",
        BASE + RECRUIT + "    ana: {p: 0.5}\n",
        (
            E(
                "recruitment.actors.ana",
                "ana is the focal actor: it cannot be recruited",
                "ana: {p",
            ),
        ),
    ),
    Case(
        "dangling-prerequisite",
        BASE + RECRUIT.replace("bob: {p: 0.5}", "bob: {p: 0.5, prerequisites: [cdy]}"),
        (
            E(
                "recruitment.actors.bob.prerequisites[0]",
                "'cdy' is neither a recruitment candidate nor on side (did you mean 'cyd'?)",
                "cdy",
            ),
        ),
    ),
    Case(
        "dangling-via",
        BASE + RECRUIT.replace("via: [bob]", "via: [bobo]"),
        (
            E(
                "recruitment.actors.cyd.via[0]",
                "'bobo' is neither a recruitment candidate nor on side",
                "bobo",
            ),
        ),
    ),
    Case(
        "dangling-effect-when",
        BASE + RECRUIT + "  effects:\n    - {when: cyx, then: {bob: 0.1}}\n",
        (
            E(
                "recruitment.effects[0].when",
                "'cyx' is not a recruitment candidate (did you mean 'cyd'?)",
                "when",
            ),
        ),
    ),
    Case(
        "dangling-effect-then",
        BASE + RECRUIT + "  effects:\n    - {when: cyd, then: {bbo: 0.1}}\n",
        (E("recruitment.effects[0].then.bbo", "'bbo' is not a recruitment candidate", "bbo"),),
    ),
    Case(
        "effect-out-of-range",
        BASE + RECRUIT + "  effects:\n    - {when: cyd, then: {bob: 1.5}}\n",
        (
            E(
                "recruitment.effects[0].then.bob",
                "the change 1.5 in bob's chance when cyd joins is outside [-1, 1]",
                "bob: 1.5",
            ),
        ),
    ),
    Case(
        "recruitment-without-focal",
        BASE.replace("focal: ana\n", "") + RECRUIT,
        (E("recruitment", "recruitment estimates need a focal actor", "recruitment:"),),
    ),
    Case(
        "dangling-belief-event",
        BASE.replace("{id: cyd}", "{id: cyd, beliefs: {rain: 0.5}}")
        + "events: {rainy: It rains.}\n",
        (
            E(
                "actors[2].beliefs.rain",
                "'rain' is not declared under events: (did you mean 'rainy'?)",
                "rain:",
            ),
        ),
    ),
    Case(
        "dangling-utility-issue",
        BASE.replace("{id: cyd}", "{id: cyd, utility: {prize: {'0': 1}}}"),
        (
            E(
                "actors[2].utility.prize",
                "'prize' is not an issue id (did you mean 'price'?)",
                "prize",
            ),
        ),
    ),
    Case(
        "dangling-utility-option",
        BASE.replace("{id: cyd}", "{id: cyd, utility: {price: {'0': 1, '70': 0}}}").replace(
            "scale: [0, 100]}", "scale: [0, 100], options: [0, 50, 100]}"
        ),
        (E("actors[2].utility.price.70", "'70' is not an option of the issue price", "'70'"),),
    ),
    Case(
        "utility-without-options",
        BASE.replace("{id: cyd}", "{id: cyd, utility: {price: {'0': 1}}}"),
        (
            E(
                "actors[2].utility.price",
                "the issue price has no options: a utility table needs options",
                "price: {",
            ),
        ),
    ),
    # -- duplicates, cycles, impossible rules ---------------------------------------------------
    Case(
        "duplicate-actor-id",
        BASE.replace("{id: cyd}", "{id: bob}"),
        (E("actors[2].id", "duplicate actor id 'bob' (first at actors[1])", "id: bob}"),),
    ),
    Case(
        "duplicate-issue-id",
        BASE + "  - {id: price}\n",
        (E("issues[1].id", "duplicate issue id 'price' (first at issues[0])", "id: price}"),),
    ),
    Case(
        "tag-is-an-actor-id",
        BASE.replace("tags: [grp]", "tags: [grp, cyd]"),
        (E("actors[1].tags[1]", "tag 'cyd' is also an actor id", "cyd]"),),
    ),
    Case(
        "duplicate-yaml-key",
        BASE.replace("focal: ana\n", "focal: ana\ntitle: U\n"),
        (
            E(
                "title",
                "duplicate key 'title' (first at line 1): the later one would silently win",
                "title: U",
            ),
        ),
    ),
    Case(
        "duplicate-nested-key",
        BASE.replace("{id: cyd}", "{id: cyd, votes: 1, votes: 2}"),
        (E("actors[2].votes", "duplicate key 'votes'", "votes: 2"),),
    ),
    Case(
        "quota-above-count",
        BASE + "decision: {kind: count, quota: 4}\n",
        (E("decision.quota", "quota 4 exceeds the 3 members: no coalition can win", "quota"),),
    ),
    Case(
        "quota-above-weight",
        BASE + "decision: {kind: weighted, quota: 2.5, members: [ana, bob]}\n",
        (
            E(
                "decision.quota",
                "quota 2.5 exceeds the members' total weight 2: no coalition can win",
                "quota",
            ),
        ),
    ),
    Case(
        "weight-attribute-missing",
        BASE + "decision: {kind: weighted, weight: population, threshold: 0.5}\n",
        (
            E(
                "decision.weight",
                "weight 'population' is neither 'votes' nor an attribute of ana, bob and cyd",
                "weight:",
            ),
        ),
    ),
    # -- not a scenario at all ------------------------------------------------------------------
    Case("empty-file", "", (E("", "the file is empty", (1, 1)),)),
    Case("whitespace-only", "  \n\n \n   \n", (E("", "the file is empty", (1, 1)),)),
    Case("comments-only", "# nothing here\n# at all\n", (E("", "the file is empty", (1, 1)),)),
    Case(
        "a-list",
        "- title: T\n- actors: []\n",
        (E("", "a scenario is a mapping (title:, actors:, …), got list", (1, 1)),),
    ),
    Case("a-string", "just some words\n", (E("", "a scenario is a mapping", (1, 1)),)),
    Case("json-list", "[1, 2]\n", (E("", "a scenario is a mapping", (1, 1)),), ".json"),
    Case("json-null", "null\n", (E("", "the file holds null", (1, 1)),), ".json"),
    Case("json-empty", "", (E("", "JSON syntax", (1, 1)),), ".json"),
    Case(
        "binary-junk",
        b"title: T\nactors:\n" + bytes(range(256)),
        (E("", "binary data (a NUL byte): not a text file", (3, None)),),
    ),
    Case(
        "invalid-utf8",
        b"title: T\nactors: [{id: a}]\ndescription: caf\xe9\n",
        (E("", "not UTF-8 text (byte 0xe9)", (3, 17)),),
    ),
    Case(
        "billion-laughs",
        billion_laughs(),
        (E("", "more than 1,000,000 values once aliases are expanded (an alias bomb?)", None),),
    ),
    Case(
        "recursive-alias-list",
        "title: T\nactors: [{id: a}]\nloop: &x [1, *x]\n",
        (E("", "a recursive alias (an anchor that contains itself)", None),),
    ),
    Case(
        "recursive-alias-map",
        "title: T\nactors: [{id: a}]\nloop: &x\n  again: *x\n",
        (E("", "a recursive alias", None),),
    ),
    Case(
        "deeply-nested-lists",
        "title: T\nactors: [{id: a}]\ndescription: " + "[" * 100 + "]" * 100 + "\n",
        (E("", "nesting deeper than 64 levels", None),),
    ),
    Case(
        "very-deeply-nested-lists",
        "title: " + "[" * 5_000 + "]" * 5_000 + "\n",
        (E("", "nesting deeper than 64 levels", None),),
    ),
    Case(
        "very-deeply-nested-mappings",
        "".join("  " * i + f"k{i}:\n" for i in range(2_000)) + "  " * 2_000 + "v\n",
        (E("", "nesting deeper than 64 levels", None),),
    ),
    Case(
        "json-very-deeply-nested",
        "[" * 100_000 + "]" * 100_000,
        (E("", "nesting deeper than 64 levels", None),),
        ".json",
    ),
]


def _expected_location(case: Case, exp: Expect) -> tuple[int | None, int | None]:
    if exp.at is None:
        return (None, None)
    if isinstance(exp.at, tuple):
        return exp.at
    text = case.content if isinstance(case.content, str) else case.content.decode("utf-8")
    return position(text, exp.at)


def _check(case: Case, file: Path, problems: list[Problem]) -> None:
    got = sorted(problems, key=lambda p: format_path(p.path))
    want = sorted(case.expect, key=lambda e: e.path if e.path else "(top level)")
    assert len(got) == len(want), "\n".join(str(p) for p in problems)
    for p, e in zip(got, want, strict=True):
        assert p.file == str(file)
        assert (format_path(p.path) if p.path else "") == e.path, str(p)
        assert e.message in p.message, str(p)
        assert (p.line, p.column) == _expected_location(case, e), str(p)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_reported_with_its_location(case: Case, write_file: WriteFile) -> None:
    file = write_file(f"bad{case.suffix}", case.content)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    _check(case, file, info.value.problems)
    assert info.value.exit_code == 2


def _printed(case: Case, file: Path, exp: Expect) -> str:
    line, column = _expected_location(case, exp)
    where = (
        str(file)
        + (f":{line}" if line is not None else "")
        + (f":{column}" if column is not None else "")
    )
    return f"{where}: {exp.path}: " if exp.path else f"{where}: "


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_prints_every_problem_on_stderr_and_exits_2(
    case: Case, write_file: WriteFile
) -> None:
    file = write_file(f"bad{case.suffix}", case.content)
    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for exp in case.expect:
        prefix = _printed(case, file, exp)
        assert any(ln.startswith(prefix) and exp.message in ln for ln in lines), (prefix, lines)
    n = len(case.expect)
    assert lines[-1] == f"{n} problem{'s' if n != 1 else ''} found."


# -- messages in names ---------------------------------------------------------------------------

#: BASE with names: the problem text names actors and issues by name, the field path keeps the ids.
NAMED = (
    BASE.replace("{id: ana,", "{id: ana, name: Ana Lopez,")
    .replace("{id: bob,", "{id: bob, name: Bob Smith,")
    .replace("{id: cyd}", "{id: cyd, name: Cyd Jones}")
    .replace("{id: price,", "{id: price, name: Price of gas,")
)

NAMED_CASES = [
    (
        "positions:\n  bob: {price: 150}\n",
        "positions.bob.price.position",
        "position 150 of Bob Smith on Price of gas is outside the scale [0, 100]",
    ),
    (
        "positions:\n  cyd: {price: {position: 10, salience: 1.5}}\n",
        "positions.cyd.price.salience",
        "salience 1.5 of Cyd Jones on Price of gas is outside [0, 1]",
    ),
    (
        "relationships:\n  - {source: bob, target: bob}\n",
        "relationships[0]",
        "a tie from Bob Smith to itself",
    ),
    (
        "relationships:\n  - {source: ana, target: cyd, weight: 1.5}\n",
        "relationships[0].weight",
        "weight 1.5 of the tie from Ana Lopez to Cyd Jones is outside [0, 1]",
    ),
    (
        RECRUIT + "    ana: {p: 0.5}\n",
        "recruitment.actors.ana",
        "Ana Lopez is the focal actor: it cannot be recruited",
    ),
    (
        RECRUIT.replace("bob: {p: 0.5}", "bob: {p: 1.2}"),
        "recruitment.actors.bob.p",
        "p 1.2 of Bob Smith is outside [0, 1]",
    ),
    (
        RECRUIT.replace("bob: {p: 0.5}", "bob: {p: 0.5, via: [cyd]}"),
        "recruitment.actors.bob.via",
        "via forms a cycle (Cyd Jones → Bob Smith → Cyd Jones;",
    ),
    (
        RECRUIT.replace("bob: {p: 0.5}", "bob: {p: 0.5, vote: 'no'}"),
        "recruitment.actors.bob.vote",
        "'no' works against the goal (win): winning Bob Smith means a yes or an abstention",
    ),
    (
        RECRUIT + "  effects:\n    - {when: cyd, then: {bob: 1.5}}\n",
        "recruitment.effects[0].then.bob",
        "the change 1.5 in Bob Smith's chance when Cyd Jones joins is outside [-1, 1]",
    ),
    (
        "decision: {kind: weighted, weight: population, threshold: 0.5}\n",
        "decision.weight",
        "weight 'population' is neither 'votes' nor an attribute of Ana Lopez, Bob Smith and Cyd Jones",
    ),
]


@pytest.mark.parametrize(("extra", "path", "message"), NAMED_CASES)
def test_messages_name_actors_and_issues_by_name(
    extra: str, path: str, message: str, write_file: WriteFile
) -> None:
    file = write_file("named.yaml", NAMED + extra)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    (problem,) = info.value.problems
    assert format_path(problem.path) == path  # the field path keeps the ids: that is where to look
    assert message in problem.message, problem.message
    ids = re.compile(r"(?<![\w'])(ana|bob|cyd|price)(?![\w'])")
    assert not ids.search(problem.message), problem.message  # and the sentence has no id


# -- more than one problem ---------------------------------------------------------------------

MANY = (
    BASE
    + "positions:\n  bobb: {price: 10}\n  cyd: {price: 120}\n"
    + "relationships:\n  - {source: ana, target: zed}\n"
    + "decision: {kind: count, quota: 1, members: [grp, nobody]}\n"
)


def test_every_problem_is_reported_at_once(write_file: WriteFile) -> None:
    file = write_file("many.yaml", MANY)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    paths = [format_path(p.path) for p in info.value.problems]
    assert sorted(paths) == sorted(
        [
            "positions.bobb",
            "positions.cyd.price.position",
            "relationships[0].target",
            "decision.members[1]",
        ]
    )
    # Problems come in file order.
    lines = [p.line or 0 for p in info.value.problems]
    assert lines == sorted(lines)
    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "4 problems found."


def test_every_structural_problem_is_reported_at_once(write_file: WriteFile) -> None:
    text = BASE.replace("{id: ana, capability: 10}", "{id: ana, capabilty: 10, votes: x}").replace(
        "{id: cyd}", "{id: cyd, veto: maybe}"
    )
    file = write_file("many.yaml", text)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    assert sorted(format_path(p.path) for p in info.value.problems) == [
        "actors[0].capabilty",
        "actors[0].votes",
        "actors[2].veto",
    ]


def test_structural_and_reference_problems_are_reported_together(write_file: WriteFile) -> None:
    text = BASE.replace("{id: cyd}", "{id: cyd, votes: x}") + "positions:\n  bobb: {price: 10}\n"
    file = write_file("many.yaml", text)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    assert sorted(format_path(p.path) for p in info.value.problems) == [
        "actors[2].votes",
        "positions.bobb",
    ]


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ("title: T\nactors:\n  - {id: a, capabilty: 3}\n", ["actors[0].capabilty"]),
        ("title: T\nactors: []\n", ["actors"]),
    ],
    ids=["only-actor-invalid", "no-actors"],
)
def test_problems_with_the_actor_list_speak_plainly(
    text: str, paths: list[str], write_file: WriteFile
) -> None:
    file = write_file("bad.yaml", text)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    assert [format_path(p.path) for p in info.value.problems] == paths
    assert not any("Tuple" in p.message or "tuple" in p.message for p in info.value.problems)


# -- files that are too big, missing, or not files -------------------------------------------------


@pytest.mark.parametrize("size", [MAX_FILE_BYTES + 1, 50 * 1024 * 1024])
def test_a_huge_file_is_refused_before_it_is_read(size: int, tmp_path: Path) -> None:
    # A sparse file: the YAML head and then NUL bytes up to the size. Were it read, it would be reported
    # as binary; the size check must come first.
    file = tmp_path / "huge.yaml"
    with open(file, "wb") as fh:
        fh.write(b"title: T\nactors: [{id: a}]\n")
        fh.truncate(size)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    [problem] = info.value.problems
    assert problem.file == str(file)
    assert f"the file has {size:,} bytes" in problem.message
    assert "limited to 10,485,760 bytes" in problem.message
    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{file}: the file has")


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    file = tmp_path / "big.yaml"
    head = "title: T\nactors: [{id: a}]\ndescription: "
    text = head + "x" * (MAX_FILE_BYTES - len(head) - 1) + "\n"
    file.write_text(text, encoding="utf-8")
    assert os.path.getsize(file) == MAX_FILE_BYTES
    assert read_text(file) == text  # (parsing 10 MB of YAML is slow, and not what is tested here)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.yaml", "no such file"),
        (lambda d: d, "is a directory, not a file"),
    ],
    ids=["missing", "directory"],
)
def test_missing_files_and_directories(
    make: Callable[[Path], Path], message: str, tmp_path: Path
) -> None:
    target = make(tmp_path)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(target)
    assert [str(p) for p in info.value.problems] == [f"{target}: {message}"]


def test_a_byte_order_mark_is_allowed(write_file: WriteFile) -> None:
    file = write_file("bom.yaml", b"\xef\xbb\xbftitle: T\nactors: [{id: a}]\n")
    assert load_scenario(file).title == "T"


def test_yaml_1_1_booleans_stay_strings(write_file: WriteFile) -> None:
    # Only true/false are booleans (YAML 1.2): an actor called `no` (Norway) stays a string.
    file = write_file("no.yaml", "title: T\nactors: [{id: no, name: yes}, {id: on}]\n")
    s = load_scenario(file)
    assert [a.id for a in s.actors] == ["no", "on"]
    assert s.actors[0].name == "yes"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (BASE + "decision: {kind: count}\n", "decision"),
        (
            BASE
            + "decision:\n  kind: all_of\n  rules:\n    - {kind: weighted, quota: 1, threshold: 0.5}\n",
            "decision.rules[0]",
        ),
    ],
    ids=["top", "nested"],
)
def test_a_rule_without_its_bar_is_reported_at_the_rule(
    text: str, path: str, write_file: WriteFile
) -> None:
    file = write_file("bad.yaml", text)
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    [problem] = info.value.problems
    assert "give exactly one of quota" in problem.message
    assert format_path(problem.path) == path


def test_yaml_merge_keys_may_be_overridden(write_file: WriteFile) -> None:
    file = write_file(
        "merge.yaml", "title: T\nactors:\n  - &p5 {id: a, veto: true}\n  - {<<: *p5, id: b}\n"
    )
    s = load_scenario(file)
    assert [(a.id, a.veto) for a in s.actors] == [("a", True), ("b", True)]


def test_invalid_utf8_column_counts_characters(write_file: WriteFile) -> None:
    file = write_file("bad.yaml", "title: T\nactors: [{id: a}]\nname: é".encode() + b"\xff\n")
    with pytest.raises(ScenarioValidationError) as info:
        load_scenario(file)
    [problem] = info.value.problems
    assert (problem.line, problem.column) == (3, 8)


@pytest.mark.parametrize("char", ["\x08", "\x1b", "\x7f", "\x9f"], ids=["bs", "esc", "del", "c1"])
def test_control_characters_are_reported_with_their_location(
    char: str, write_file: WriteFile
) -> None:
    file = write_file("bad.yaml", f"title: T\nactors: [{{id: a{char}}}]\n")
    try:
        load_scenario(file)
    except ScenarioValidationError as exc:
        [problem] = exc.problems
        assert (problem.line, problem.column) == (2, 16)
    else:
        pytest.fail("a control character was accepted")
    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_json_with_a_duplicate_key_and_a_control_character(write_file: WriteFile) -> None:
    file = write_file("bad.json", '{"actors": [{"id": "a", "id": "b"}],\x1f "title": "T"}')
    with pytest.raises(ScenarioValidationError):
        load_scenario(file)
