"""The workbench's register export is the library's (``io.register.register_rows``): one code path, text
cells formula-guarded by the writer, and an export read back by ``import_register`` gives the same actors."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from coalitionist.examples import example_path
from coalitionist.io import dump_scenario, load_scenario
from coalitionist.io.register import register_rows
from coalitionist.scenario.model import Scenario
from coalitionist.web import exchange

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _gulf_with_formula(tmp_path) -> Scenario:
    data = yaml.safe_load(dump_scenario(load_scenario(example_path("gulf-war-1990")), "yaml"))
    data["actors"][1]["name"] = FORMULA
    data["actors"][2]["description"] = "+sum(A1) of the coalition"
    p = tmp_path / "gulf.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_scenario(p)


def test_register_csv_is_the_library_rows_with_formulas_neutralised(tmp_path):
    s = _gulf_with_formula(tmp_path)
    out = list(csv.reader(io.StringIO(exchange.export(s, "register-csv").decode("utf-8"))))
    lib = register_rows(s)
    assert out[0] == [str(h) for h in lib[0]]
    assert len(out) == len(lib) == len(s.actors) + 1
    # the formula cell is quoted so a spreadsheet shows it as text; every other cell is the library's
    assert out[2][1] == "'" + FORMULA
    assert out[3][6] == "'+sum(A1) of the coalition"
    assert not any(c.startswith(("=", "+", "@")) for r in out for c in r)
    for got, want in zip(out[1:], lib[1:], strict=True):
        for g, w in zip(got, want, strict=True):
            if isinstance(w, float):
                assert float(g) == pytest.approx(w, abs=1e-9)
            elif not str(w).startswith(("=", "+")):
                assert g == str(w)


@pytest.mark.parametrize(("fmt", "name"), [("register-csv", "r.csv"), ("register-xlsx", "r.xlsx")])
def test_register_export_round_trips(tmp_path, fmt, name):
    s = _gulf_with_formula(tmp_path)
    back = exchange.import_upload(name, exchange.export(s, fmt), "register")
    assert [a.label for a in back.actors] == [a.label for a in s.actors]
    assert back.actors[1].label == FORMULA  # the guard quote is taken off again on import
    assert back.actors[2].description == "+sum(A1) of the coalition"
    assert [a.id for a in back.actors] == [a.id for a in s.actors]
    assert [a.votes for a in back.actors] == [a.votes for a in s.actors]
    assert [a.veto for a in back.actors] == [a.veto for a in s.actors]
    assert [sorted(a.tags) for a in back.actors] == [sorted(a.tags) for a in s.actors]
    # influence and the first issue's stance, compared on the 0-1 share of each scale
    a0, b0 = s.arrays, back.arrays
    cap = a0.capability / a0.capability.max()
    assert (b0.capability / b0.capability.max()).tolist() == pytest.approx(cap.tolist(), abs=1e-6)
    lo, hi = s.issues[0].scale
    blo, bhi = back.issues[0].scale
    for i in range(len(s.actors)):
        assert bool(b0.stated[i, 0]) == bool(a0.stated[i, 0])
        if a0.stated[i, 0]:
            want = (float(a0.positions[i, 0]) - lo) / (hi - lo)
            got = (float(b0.positions[i, 0]) - blo) / (bhi - blo)
            assert got == pytest.approx(want, abs=1e-6)
            assert float(b0.salience[i, 0]) == pytest.approx(float(a0.salience[i, 0]), abs=1e-6)
    if fmt == "register-xlsx":
        assert len(back.relationships) == len(s.relationships)
