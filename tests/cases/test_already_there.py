"""A coalition that is already there (issue 13.4 and 13.5): one chance of success, no "kept out", no
dangling "then" in the meetings.

The Bundesrat file's twelve Länder that vote yes hold 53 of the 69 votes (by hand from
tests/data/bundesrat-debt-brake-2025.yaml), above the two-thirds quota of 46: nobody needs to be approached.
"""

from __future__ import annotations

import re
from pathlib import Path

from coalitionist.brief import make_brief
from coalitionist.io import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_already_there_line_gives_the_vote_forecast_as_the_chance() -> None:
    assert 53 >= 46
    brief = make_brief(load_scenario(DATA / "bundesrat-debt-brake-2025.yaml"), seed=0)
    (line,) = [s for s in brief.summary if s.startswith("Coalition to build:")]
    first = brief.summary[0]
    m = re.search(r"it passes in (.+?) of 1,000 draws", first)
    assert m is not None, first
    assert f"the chance that it passes is the vote forecast's {m.group(1)}" in line
    assert "probability 100%" not in line  # no second number beside the vote's
    assert not [s for s in brief.summary if s.startswith("Kept out:")]
    what = next(s for s in brief.sections if s.key == "plan")
    meetings = [r for r in what.reading if r.startswith("Meetings")]
    assert meetings == [
        "Meetings: the plenary alone, which carries it on today's predicted votes (Brandenburg,"
        " Rhineland-Palatinate,"
        " Saxony-Anhalt, Thuringia hear the proposal there)."
    ]
