"""Reading KTAB SMP CSV files: KTAB's shipped inputs, and located errors for broken ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from coalitionist.errors import InvalidInputError
from coalitionist.io.ktab import KtabData, read_ktab_csv

DATA = Path(__file__).resolve().parents[1] / "data" / "ktab"  # KTAB's files, see its README.md


def _data(name: str) -> Path:
    path = DATA / name
    assert path.exists(), f"KTAB reference data missing from the repository: {path}"
    return path


def test_dummy_3dim_reads_as_ktab_read_it() -> None:
    """KTAB echoes what it read at the top of its reference log: compare with that."""
    data = read_ktab_csv(_data("dummyData_3Dim.csv"))
    log = _data("20170530_ref-dummyData_3Dim.txt").read_text()
    assert data.scenario_name == "DummyData_3Dim"
    assert data.description == "Dummy scenario to test reading format"
    assert data.dimensions == ("Pstn1", "Pstn2", "Pstn3")
    assert data.actors == tuple(re.findall(r"Actor: \d+ name: (\S+)", log))
    assert data.actor_descriptions == ("Random Spatial Actor",) * 7
    powers = [float(p) for p in re.findall(r"Actor: \d+ power: +(\S+)", log)]
    np.testing.assert_allclose(data.capability, powers, atol=0.05)  # the log prints %5.1f
    echoed_pos = re.findall(r"pos\[(\d), (\d)\] = +(\S+)", log)
    echoed_sal = re.findall(r"sal\[(\d), (\d)\] = +(\S+)", log)
    assert len(echoed_pos) == len(echoed_sal) == 21
    for i, k, v in echoed_pos:
        assert f"{data.positions[int(i), int(k)]:.3f}" == v
    for i, k, v in echoed_sal:
        assert f"{data.salience[int(i), int(k)]:.3f}" == v
    assert data.capability[0] == 102.543
    json.dumps(data.to_dict())


@pytest.mark.parametrize(
    ("name", "n", "d", "first_dimension"),
    [
        ("SOE-Pol-Comp.csv", 13, 2, "Policy Position"),
        ("dummyData_6Dim.csv", 27, 6, "Dim0 Position"),  # CRLF, an extra field on line 1
        ("dummyData-a040.csv", 40, 1, "XYZ Position"),  # no trailing commas, padded fields
        ("dummyData-a080.csv", 80, 1, "XYZ Position"),
        ("dummyData-a160.csv", 160, 1, "XYZ Position"),
    ],
)
def test_every_shipped_input_reads(name: str, n: int, d: int, first_dimension: str) -> None:
    data = read_ktab_csv(_data(name))
    assert len(data.actors) == len(set(data.actors)) == n
    assert data.positions.shape == data.salience.shape == (n, d)
    assert data.capability.shape == (n,)
    assert data.dimensions[0] == first_dimension
    assert ((data.positions >= 0) & (data.positions <= 100)).all()
    assert (data.salience.sum(axis=1) <= 100 + 1e-9).all()
    assert (data.capability > 0).all()


def test_soe_values() -> None:
    data = read_ktab_csv(_data("SOE-Pol-Comp.csv"))
    assert data.scenario_name == "China Policy/Competitive; scen 2"
    assert data.actors[:2] == ("XJ", "LK")
    assert data.actor_descriptions[0] == "Xi Jinping"
    np.testing.assert_array_equal(data.positions[1], [45, 65])
    np.testing.assert_array_equal(data.salience[1], [44.7, 41.3])
    assert data.capability[1] == 60.2


GOOD = (
    'Scen,"A description, with a comma",3,2,\n'
    "Actor,Description,Power,P1,S1,P2,S2,\n"
    "A, first ,10,20,30,40,50,\n"
    "\n"
    'B,"second, quoted",20,0,0,100,100,\n'
    "C,,0.5,55.5,10,45,10\n"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text)
    return path


def test_format_variants(tmp_path: Path) -> None:
    data = read_ktab_csv(_write(tmp_path, GOOD))
    assert isinstance(data, KtabData)
    assert data.description == "A description, with a comma"
    assert data.actors == ("A", "B", "C")
    assert data.actor_descriptions == ("first", "second, quoted", "")
    np.testing.assert_array_equal(data.positions, [[20, 40], [0, 100], [55.5, 45]])
    np.testing.assert_array_equal(data.salience, [[30, 50], [0, 100], [10, 10]])
    assert data.dimensions == ("P1", "P2")


def _broken(line: int, old: str, new: str) -> str:
    lines = GOOD.splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (_broken(1, ",3,2,", ",4,2,"), 6, "declares 4 actor"),
        (_broken(1, ",3,2,", ",2,2,"), 6, "declares 2 actor"),
        (_broken(1, ",3,2,", ",x,2,"), 1, "number of actors: 'x' is not a number"),
        (
            _broken(1, ",3,2,", ",3,0,"),
            1,
            "number of dimensions: '0' must be a positive whole number",
        ),
        (_broken(1, ",3,2,", ",3,2.5,"), 1, "must be a positive whole number"),
        (_broken(1, ",3,2,", ",3"), 1, "header: expected"),
        (_broken(2, ",P2,S2,", ","), 2, "columns: expected 7 column names"),
        (_broken(3, ",10,", ",ten,"), 3, "A: Power: 'ten' is not a number"),
        (_broken(3, ",10,", ",-1,"), 3, "A: Power: -1 must be within"),
        (_broken(3, ",10,", ",1e9,"), 3, "A: Power: 1e+09 must be within"),
        (_broken(3, ",20,", ",120,"), 3, "A: P1: 120 must be within [0, 100]"),
        (_broken(3, ",30,", ",-3,"), 3, "A: S1: -3 must be within [0, 100]"),
        (_broken(3, ",30,40,50,", ",60,40,50,"), 3, "A: salience: the saliences sum to 110"),
        (_broken(3, ",20,", ",nan,"), 3, "A: P1: 'nan' is not a finite number"),
        (_broken(3, ",20,30,40,50,", ",20,30,40,"), 3, "expected 7 fields, got 6"),
        (_broken(3, ",20,30,40,50,", ",20,30,40,50,60,"), 3, "expected 7 fields, got 8"),
        (_broken(5, "B,", "A,"), 5, "Actor: 'A' already appears on line 3"),
        (_broken(5, "B,", ","), 5, "Actor: the actor name is empty"),
        ("", 1, "file is empty"),
        ("Scen,desc,3,2,\n", 1, "column-header line is missing"),
    ],
)
def test_errors_are_located(tmp_path: Path, text: str, where: int, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InvalidInputError) as info:
        read_ktab_csv(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}:{where}: "), msg
    assert message in msg, msg
    assert info.value.exit_code == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such file"):
        read_ktab_csv(tmp_path / "nope.csv")
