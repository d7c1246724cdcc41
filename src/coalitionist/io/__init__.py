"""Getting scenarios in and out: YAML/JSON files, stakeholder registers (CSV/XLSX), KTAB's SMP CSV."""

from coalitionist.io.load import load_scenario, parse_file, read_text, scenario_from_data
from coalitionist.io.write import dump_scenario, write_atomic, write_scenario

__all__ = [
    "dump_scenario",
    "load_scenario",
    "parse_file",
    "read_text",
    "scenario_from_data",
    "write_atomic",
    "write_scenario",
]
