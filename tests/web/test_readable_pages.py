"""Readable everywhere in the workbench (issue 15, with the brief's check of issue 13.5): every sentence a
user reads on the scenario's pages — the overview, every editor (the rule in words above the rule editor
included), the history, a diff and the rule's live description — names actors by name, never by id or tag
id, and carries no grammar left from templates. Inputs, selects and code are what the user types ids into,
so they are left out; the rest of the page is read as text, one block element per line."""

from __future__ import annotations

import importlib.util
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.describe import describe_decision
from coalitionist.scenario.model import Scenario

_spec = importlib.util.spec_from_file_location(
    "readable", Path(__file__).parents[1] / "brief" / "test_readable.py"
)
assert _spec is not None
assert _spec.loader is not None
readable = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readable)

#: Elements whose content is not prose: what users type ids into, and machine text.
SKIP = {
    "script",
    "style",
    "textarea",
    "select",
    "option",
    "datalist",
    "code",
    "pre",
    "svg",
    "title",
}
#: Elements that end a line of text.
BLOCK = {"p", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "div", "section", "label", "caption"}
BLOCK |= {"br", "dt", "dd", "figcaption", "summary", "legend", "span"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.lines: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        if tag in BLOCK:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.lines[-1] += data


def page_text(html: str) -> list[str]:
    """The prose of a page, one line per block element, whitespace collapsed."""
    p = _Text()
    p.feed(html)
    return [" ".join(line.split()) for line in p.lines if line.strip()]


def _tagged() -> dict:
    """A board whose rule counts a tag and names its veto by tag (ids that are not names)."""
    return {
        "title": "Board vote on the merger",
        "focal": "chair_office",
        "actors": [
            {"id": "chair_office", "name": "Office of the Chair", "tags": ["exec_grp"], "votes": 2},
            {"id": "fin_dir", "name": "Finance Director", "tags": ["exec_grp"]},
            {"id": "union_rep", "name": "Staff Union", "tags": ["staff_side"]},
            {"id": "ind_member", "name": "Independent Member"},
        ],
        "issues": [{"id": "merge_q", "name": "Approve the merger"}],
        "positions": {
            "chair_office": {"merge_q": {"position": 90, "salience": 0.8}},
            "fin_dir": {"merge_q": {"position": 70, "salience": 0.5}},
            "union_rep": {"merge_q": {"position": 10, "salience": 0.9}},
            "ind_member": {"merge_q": {"position": 50, "salience": 0.4}},
        },
        "decision": {
            "kind": "all_of",
            "rules": [
                {"kind": "count", "members": ["exec_grp", "ind_member"], "quota": 2},
                {"kind": "veto", "holders": ["staff_side"]},
            ],
        },
    }


def test_a_rule_in_words_names_everyone_and_says_with_once() -> None:
    """The sentence itself, checked by hand: tags become the actors' names, and a veto on its own reads
    'wins with X in favour', not 'wins with with'."""
    s = Scenario.from_data(_tagged())
    assert describe_decision(s) == (
        "a coalition wins with at least 2 of the 3 members (Office of the Chair, Finance Director and "
        "Independent Member); and with Staff Union in favour or abstaining (it holds a veto: its no alone"
        " blocks)"
    )
    veto = {**_tagged(), "decision": {"kind": "veto", "holders": ["exec_grp"]}}
    assert describe_decision(Scenario.from_data(veto)) == (
        "a coalition wins with Office of the Chair and Finance Director in favour or abstaining "
        "(each holds a veto: its no alone blocks; an abstention is not a veto)"
    )


PAGES = ["", "/map", "/history", "/members"] + [
    f"/edit/{p}"
    for p in ("actors", "issues", "positions", "ties", "rule", "recruitment", "settings")
]


@pytest.mark.parametrize("case", ["tagged", "un-security-council", "eu-council"])
def test_every_page_of_a_scenario_speaks_in_names(alice, case: str) -> None:
    if case == "tagged":
        import yaml

        r = alice.post(
            "/new",
            files={"file": ("board.yaml", yaml.safe_dump(_tagged()), "application/x-yaml")},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text[:500]
        sid = int(r.headers["location"].rstrip("/").rsplit("/", 1)[1])
        scenario = Scenario.from_data(_tagged())
    else:
        sid = alice.new_from_example(case)
        scenario = load_scenario(example_path(case))
    # a second revision, so the history and the diff have a change to tell
    fields = {"title": scenario.title + " (revised)", "description": scenario.description or ""}
    r = alice.post(f"/s/{sid}/edit/settings", {**_settings(alice, sid), **fields})
    assert r.status_code in (200, 303), r.text[:500]
    texts: dict[str, list[str]] = {}
    for url in PAGES:
        r = alice.get(f"/s/{sid}{url}")
        assert r.status_code == 200, (url, r.status_code)
        texts[url or "/"] = page_text(r.text)
    r = alice.get(f"/s/{sid}/diff?a=1&b=2")
    assert r.status_code == 200
    texts["/diff"] = page_text(r.text)
    words = " ".join(line for line in texts["/edit/rule"] if line.startswith("A coalition wins"))
    assert words, texts["/edit/rule"]  # the rule in words is on the page
    found = [
        f"{url}: {o}"
        for url, lines in texts.items()
        for line in lines
        for o in readable.offences(line, scenario, spaces=False)
    ]
    assert found == []


def _settings(alice, sid: int) -> dict[str, str]:
    from webtest import form_fields

    return form_fields(alice.get(f"/s/{sid}/edit/settings").text)
