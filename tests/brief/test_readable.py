"""Readable everywhere (issue 13, point 5): every sentence of every bundled example's brief (and of the
test scenarios written for issue 13), in text and Markdown, and every analysis command's text output, names
actors and issues by name, never by id, and carries no grammar left from templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario

EXAMPLES = sorted(p.stem for p in Path(example_path("gulf-war-1990")).parent.glob("*.yaml"))
TESTS = Path(__file__).parents[1]
CASES = [str(example_path(n)) for n in EXAMPLES] + [
    str(TESTS / "data" / "senate-manchin-toomey-2013.yaml"),
    str(TESTS / "data" / "bundesrat-debt-brake-2025.yaml"),
    str(TESTS / "outcome" / "data" / "board-veto.yaml"),
]

#: Grammar a template leaves behind.
TEMPLATE = [
    re.compile(
        r"\b1 (issues|actors|members|voters|votes|coalitions|packages|trades|steps|others)\b"
    ),
    re.compile(r"\b1 minimal (winning|blocking) coalitions\b"),
    re.compile(r"every one of party|all of party|common allies enemies"),
    re.compile(r"\band 1 more\b"),
    re.compile(r"s's\b"),
    # a possessive on a label that carries a count ("Democratic Unionist Party (10)'s chance")
    re.compile(r"\(\d[\d,]*\)'s\b"),
    re.compile(r"\(\)|\[\]|\{\}|\bNone\b|\bnan\b"),
    re.compile(r"\[/?(bold|italic|dim|red|green)\]"),
    re.compile(r" ,|,,|\.\.(?!\.)"),
    # a name that already says how it votes, followed by the vote ("Republicans against (41) against")
    re.compile(r"\b(against|for|abstaining)\b \([^()]*\)\)? \1\b"),
    # a list cut with an ellipsis and no count (a table's border line is the terminal's width, not a list)
    re.compile(r"^(?!.*[┃│┏┡└]).*…"),
    # "and 12 more" that does not say where the rest are (rendered text may wrap the "where" onto the next
    # line: a count at the end of a line is left to that line)
    re.compile(
        r"\band \d+ more\b(?! (steps )?\((all in|see) )(?!, all in )(?! \w+ \(all in )(?! \((all|see)\b)(?! *│)"
        r"(?!( steps)? ?$)"
    ),
]
#: Words the templates use as English ("the others can line up", "no joint gain left"): an actor id that is
#: one of them ("others", "left") is not looked for in the prose (its sentences are checked in names by the
#: tests of the sections that name actors).
TEMPLATE_WORDS = frozenset({"others", "left", "rest", "all", "none"})
#: A whole number printed as a float ("390.0"): numbers are for people.
WHOLE_FLOAT = re.compile(r"(?<![\d.])\d+\.0(?![\d%])")
#: Runs of spaces: a template gap in a sentence (table padding in rendered text is not checked).
SPACES = re.compile(r"\S {2,}\S")


def id_patterns(scenario: Scenario) -> list[re.Pattern[str]]:
    """Ids a reader would see as ids: actor ids that are not how the name is written (``usa``,
    ``clinical_lead``; one- and two-letter ids are left out, they are English words as often as ids), and
    issue ids used as names (``timing: wants 0`` or a cell that is just ``timing``)."""
    own_words = set(
        re.findall(
            r"[\w-]+",
            " ".join(
                [scenario.description, *(a.note or "" for a in scenario.actors)]
                + [s.note or "" for s in scenario.issues]
            ),
        )
    )  # the user's own text may use an id as a word ("the junior team member")
    actors = [
        a.id
        for a in scenario.actors
        if a.id not in a.label
        and len(a.id) > 2
        and a.id not in own_words
        and a.id not in TEMPLATE_WORDS
    ]
    issues = [s.id for s in scenario.issues if s.id != s.label]
    # a rendered table wraps a long name: "The Northern Ireland" / "backstop: wants 60" is the name's end
    unwrapped = [s.id for s in scenario.issues if s.id != s.label and not s.label.endswith(s.id)]
    out = []
    if actors:
        out.append(re.compile(rf"(?<![\w'-])(?:{'|'.join(map(re.escape, actors))})(?![\w'-])"))
    if issues:
        alt = "|".join(map(re.escape, issues))
        out.append(re.compile(rf"(?:^|; |\| )(?:{alt}): wants\b"))
        if unwrapped:
            out.append(re.compile(rf"│ (?:{'|'.join(map(re.escape, unwrapped))}): wants\b"))
        out.append(re.compile(rf"(?:\||┃) (?:{alt}) (?:\||┃)"))
    return out


def unlabelled_patterns(scenario: Scenario) -> list[re.Pattern[str]]:
    """A value printed bare after the name of an issue that has option labels ("Coal exit 80" where the
    issue labels 0 "by 2038" and 100 "by 2030"): the brief says what the value means in the issue's own
    words (``80 (between 'by 2038' at 0 and 'by 2030' at 100)``, or the plan's ``80 on its 0–100 scale, between
    'by 2038' at 0 and 'by 2030' at 100``)."""
    out = []
    for s in scenario.issues:
        marks = [*(s.option_values or ()), *s.labels]
        if not any(s.option_label(float(v)) != f"{float(v):g}" for v in marks):
            continue
        out.append(
            # (a value at the end of a rendered line may have its words on the next one)
            re.compile(
                rf"(?<![\w'-]){re.escape(s.label)} (\d[\d,]*(?:\.\d+)?)(?![\d.%]| \(| %| on its [^,]*, between '|\w| *$)"
            )
        )
    return out


def _printed(v: float) -> str:
    """A labelled point as the brief prints a number (whole numbers as integers, else 3 significant
    digits), written out here so the scan does not lean on the formatter it checks."""
    return f"{round(v):d}" if float(v).is_integer() else f"{v:.3g}"


def approx_on_label_patterns(scenario: Scenario) -> list[re.Pattern[str]]:
    """A value printed as a labelled point's own value and called approximate ("100 (≈ Power of Siberia
    (eastern route))" where the label sits at 100): exact values get no "≈"."""
    out = []
    for s in scenario.issues:
        marks = {float(v) for v in [*(s.option_values or ()), *s.labels]}
        for v in marks:
            label = s.option_label(v)
            if label == f"{v:g}":
                continue
            out.append(
                re.compile(rf"(?<![\w.,]){re.escape(_printed(v))} \(≈ {re.escape(label)}(?![\w'-])")
            )
    return out


#: Verbs a sentence about one actor uses in the singular ("Kuwait is outside the voting body").
SINGULAR_VERBS = (
    "is|has|was|does|can|cannot|will|would|holds|votes|casts|prefers|wants|lies|reaches|joins|needs"
)
#: "1 actor is outside the voting body: ... their influence": one actor, a plural pronoun.
ONE_THEIR = re.compile(
    r"\b1 (?:actor|member|voter|party|candidate|holder)\b[^.]*\b(?:their|they)\b"
)


def one_actor_their_patterns(scenario: Scenario) -> list[re.Pattern[str]]:
    """A sentence about one actor (its name, then a verb in the singular) that goes on with "their",
    "they" or "them" ("Kuwait is outside the voting body: no vote, their influence is informal";
    "Bavaria already votes yes ...; keep them on side"), or one actor named after a colon and a dash
    ("Essential among the likely partners: Hesse — none ... can form without them"): one actor is an
    "it". The name starts a line or follows ". ", "; ", ": " or "but"."""
    names = sorted({a.label for a in scenario.actors}, key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    return [
        re.compile(
            rf"(?:^|[.;:] |\bbut )(?:{alt}) (?:already |still |now )?(?:{SINGULAR_VERBS})\b[^.;]*?"
            r"\b(?:their|they|them)\b"
        ),
        re.compile(rf"(?:^|[.;:] )(?:{alt}) already (?:votes|backs)\b[^.]*?\bkeep them\b"),
        re.compile(rf": (?:{alt}) — [^.;]*?\b(?:their|they|them)\b"),
        ONE_THEIR,
    ]


def cell_is_issue_id(cell: str, scenario: Scenario) -> bool:
    return cell.strip() in {s.id for s in scenario.issues if s.id != s.label}


def offences(text: str, scenario: Scenario, *, spaces: bool = True) -> list[str]:
    found = []
    patterns = id_patterns(scenario)
    bare = unlabelled_patterns(scenario)
    approx = approx_on_label_patterns(scenario)
    plural = one_actor_their_patterns(scenario)
    for line in text.splitlines():
        for rx in plural:
            hit = rx.search(line)
            if hit:
                found.append(f"'their' for one actor {hit.group()!r}: {line}")
        for rx in approx:
            hit = rx.search(line)
            if hit:
                found.append(f"'≈' on a value that sits on its label {hit.group()!r}: {line}")
        for rx in bare:
            hit = rx.search(line)
            if hit:
                found.append(f"unlabelled value {hit.group()!r}: {line}")
        for rx in [*TEMPLATE, WHOLE_FLOAT, *([SPACES] if spaces else [])]:
            if rx.search(line):
                found.append(f"template ({rx.pattern}): {line}")
        for rx in patterns:
            hit = rx.search(line)
            if hit:
                found.append(f"id {hit.group()!r}: {line}")
    return found


def sentences(path: str) -> tuple[Scenario, list[str]]:
    scenario = load_scenario(path)
    brief = make_brief(scenario)
    out = list(brief.summary)
    for s in brief.sections:
        out += list(s.reading)
        for t in s.tables:
            # the inputs' "source or reasoning" (and its actor column) is the user's own text
            skip = {"source or reasoning", "actor"} if s.key == "inputs" else set()
            keep = [k for k, c in enumerate(t.columns) if c not in skip]
            out += [t.caption, *(t.columns[k] for k in keep)]
            out += [row[k] for row in t.rows for k in keep if k < len(row)]
    return scenario, out


@pytest.mark.parametrize("path", CASES, ids=lambda p: Path(p).stem)
def test_every_sentence_and_cell_of_the_brief_is_readable(path: str) -> None:
    scenario, lines = sentences(path)
    bad = [o for line in lines for o in offences(line, scenario)]
    bad += [f"issue id as a cell: {c}" for c in lines if cell_is_issue_id(c, scenario)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("name", ["gulf-war-1990", "russia-china-gas-2014", "clinic-program"])
def test_rendered_briefs_are_readable(name: str, fmt: str) -> None:
    path = str(example_path(name))
    result = CliRunner().invoke(app, ["analyze", path, "--format", fmt])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    text = result.stdout
    # the inputs section quotes the file's own words
    text = text.split("Inputs and assumptions")[0]
    bad = offences(text, scenario, spaces=False)
    assert not bad, "\n".join(bad[:20])


COMMANDS = ["outcome", "power", "influence", "coalitions", "plan", "forecast", "trades", "process"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["gulf-war-1990", "russia-china-gas-2014"])
def test_every_command_speaks_in_names(name: str, command: str) -> None:
    path = str(example_path(name))
    result = CliRunner().invoke(app, [command, path])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    bad = offences(result.stdout, scenario, spaces=False)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize(
    "bad",
    [
        "utilitarian (max sum) 390.0",
        "The proposal fails 54–46–0 (Red-state Democrats and Republicans against (41) against)",
        "Approach A, then B, then C …: the chance",
        "Kuwait, Saudi Arabia and 5 more are outside the voting body",
        "Present the idea to Syria as Greens's: on timing its position",
        "The bargaining forecast (Authorise the use of force against Iraq 76.9; How soon force may be used"
        " 45.3) is a decision the rule can adopt",
        "Approach usa first: it joins with probability 0.54 now",
        "its joining raises Democratic Unionist Party (10)'s chance from 0.20 to 0.45",
        "Members vote; Kuwait is outside the voting body: no vote, their influence is informal.",
        "1 actor is outside the voting body: no vote, so no formal power; what influence they have",
        "The coalition is already there: Kuwait already votes yes on the proposal, enough to carry it"
        " under the rule, so nobody needs to be won over; keep them on side.",
        "Essential among the likely partners: Kuwait — none of the likely winning coalitions can form"
        " without them.",
        # on the label (100 is 'all necessary means'): not approximate
        "The brief's forecast: Authorise the use of force against Iraq 100 (≈ all necessary means)",
    ],
)
def test_the_scan_catches_each_class_of_defect(bad: str) -> None:
    # the scan itself can fail: each class of defect issue 13.5 names is caught
    scenario = load_scenario(example_path("gulf-war-1990"))
    assert offences(bad, scenario)


@pytest.mark.parametrize(
    "good",
    [
        "Kuwait, Saudi Arabia, Egypt, Syria, Turkey and 5 more (all in the power table) are outside",
        "Coalition to build: A, B and 2 more (all in the plan) (the goal is reached with probability 32%).",
        "Approach A, then F, and 3 more steps (all in the plan table): the chance",
        "gain +0.00 over 0.05; 310 and 38.5; salience 0.80",
        "The bargaining forecast (Authorise the use of force against Iraq 76.9 (between 'sanctions only"
        " (Res. 661)' at 0 and 'all necessary means' at 100)) is a decision the rule can adopt",
        "Present the idea to Syria as the Greens': on timing",
        "its joining raises Democratic Unionist Party's chance; Russia (Gazprom)'s best package",
        "Kuwait is outside the voting body: no vote, its influence is informal; Kuwait and Egypt are"
        " outside: their influence is informal",
        "Essential among the likely partners: Kuwait and Egypt — none can form without them; Kuwait"
        " already votes yes, so keep it on side.",
        "Authorise the use of force against Iraq 100 (all necessary means); 96.5 (≈ all necessary means)",
    ],
)
def test_the_scan_passes_readable_text(good: str) -> None:
    scenario = load_scenario(example_path("gulf-war-1990"))
    assert not offences(good, scenario)
