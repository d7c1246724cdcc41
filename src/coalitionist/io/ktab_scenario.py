"""KTAB's SMP CSV format as a scenario (capability, positions and salience on KTAB's 0..100 scales)."""

from __future__ import annotations

import os
import re
from typing import Any

from coalitionist.errors import InvalidInputError
from coalitionist.io.ktab import KtabData, read_ktab_csv
from coalitionist.scenario.errors import Problem, ScenarioValidationError
from coalitionist.scenario.model import Scenario


def _id(text: str, used: set[str], fallback: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.\-]+", "_", text.strip()).strip("_.-") or fallback
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def ktab_to_data(data: KtabData) -> dict[str, Any]:
    """Scenario data (the file format) from a parsed KTAB CSV: one issue per dimension on [0, 100]."""
    used: set[str] = set()
    actor_ids = [_id(a, used, f"actor{i + 1}") for i, a in enumerate(data.actors)]
    used_issues: set[str] = set()
    issue_ids = [_id(d.lower(), used_issues, f"dim{k + 1}") for k, d in enumerate(data.dimensions)]
    return {
        "schema_version": 1,
        "title": data.scenario_name or "KTAB scenario",
        "description": data.description,
        "salience_scale": 100,
        "actors": [
            {
                "id": actor_ids[i],
                "name": data.actors[i],
                "description": data.actor_descriptions[i],
                "capability": float(data.capability[i]),
            }
            for i in range(len(actor_ids))
        ],
        "issues": [
            {"id": issue_ids[k], "name": data.dimensions[k], "scale": [0, 100]}
            for k in range(len(issue_ids))
        ],
        "positions": {
            actor_ids[i]: {
                issue_ids[k]: {
                    "position": float(data.positions[i, k]),
                    "salience": float(data.salience[i, k]),
                }
                for k in range(len(issue_ids))
            }
            for i in range(len(actor_ids))
        },
    }


def load_ktab_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a KTAB SMP CSV file as a scenario (errors as located problems)."""
    from coalitionist.io.load import scenario_from_data

    name = os.fspath(path)
    try:
        data = read_ktab_csv(name)
    except ScenarioValidationError:
        raise
    except InvalidInputError as exc:
        problems = []
        for line in str(exc).splitlines():
            m = re.match(r"^(.*?):(\d+): (.*)$", line)
            if m and m.group(1) == name:
                problems.append(Problem((), m.group(3), name, int(m.group(2))))
            else:
                problems.append(Problem((), line.removeprefix(f"{name}: "), name))
        raise ScenarioValidationError(problems) from None
    return scenario_from_data(ktab_to_data(data), source=name)
