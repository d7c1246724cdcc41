"""The adverse coalition is "centred on" its real holder (issue 13, brief read13 point 4): the member most
pivotal to the side's blocking power, not the one with the most ties."""

from __future__ import annotations

from pathlib import Path

from coalitionist.brief import make_brief
from coalitionist.io import load_scenario

COMMONS = Path(__file__).parents[1] / "data" / "commons-meaningful-vote-2019.yaml"


def test_commons_adverse_side_is_centred_on_labour() -> None:
    # Against the deal Labour holds 248 seats (the file's own count) and the Liberal Democrats 11: the
    # side's holder is Labour, whatever the ties say.
    brief = make_brief(load_scenario(COMMONS))
    section = brief.section("coalitions")
    assert section is not None
    readings = section.reading
    line = next(r for r in readings if "centred on" in r)
    assert "centred on Labour" in line
    assert "centred on Liberal Democrats" not in line
