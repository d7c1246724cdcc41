"""The meeting-sequence figure: a self-contained SVG that names who is met, in order, ending in the plenary."""

from __future__ import annotations

from coalitionist.analyses.process import process_dict, run_process
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.report.figures.meetings import meetings_data, meetings_svg


def test_clinic_timeline_names_every_meeting_in_order_and_the_last_to_hear() -> None:
    sc = load_scenario(example_path("clinic-program"))
    res = run_process(sc, samples=0)
    data = process_dict(sc, res)
    names = {a.id: a.label for a in sc.actors}
    md = meetings_data(res.meetings, [names[a] for a in res.actors], res.actors.index(res.focal))
    assert md is not None
    assert [r.kind for r in md.rows][-1] == "plenary"
    assert md.rows[-1].safe is True
    assert "Clinical lead hears it last" in md.caption
    svg = meetings_svg(md)
    assert svg.lstrip().startswith("<svg")
    assert "<script" not in svg
    positions = [svg.index(names[m["actors"][0]]) for m in data["meetings"][:-1]]
    assert positions == sorted(positions)  # drawn in meeting order
    assert "Plenary" in svg
    assert "ops_a" not in svg


def test_no_meetings_no_figure() -> None:
    assert meetings_data(None, [], 0) is None
