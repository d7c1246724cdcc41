"""The issue's seed cases as numeric recruitment problems (estimates copied from the bundled examples
``gulf-war-1990.yaml`` and ``clinic-program.yaml``; entries with ``value: auto`` are given value 0 here, so
their worth comes only through the goal, which makes the checks conservative)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy import RecruitmentProblem

P5 = ("usa", "uk", "france", "ussr", "china")
UNSC = (
    *P5,
    "canada",
    "colombia",
    "cote_divoire",
    "cuba",
    "ethiopia",
    "finland",
    "malaysia",
    "romania",
    "yemen",
    "zaire",
)

# id: (p, value, cost, failure_cost)
GULF = {
    "uk": (0.95, 0, 1, 5),
    "saudi": (0.75, 20, 3, 15),
    "egypt": (0.5, 10, 4, 5),
    "syria": (0.3, 8, 5, 4),
    "turkey": (0.6, 6, 3, 3),
    "france": (0.6, 0, 2, 8),
    "ussr": (0.45, 0, 4, 10),
    "china": (0.55, 0, 3, 6),
    "canada": (0.9, 0, 0.5, 1),
    "colombia": (0.6, 0, 1, 1),
    "cote_divoire": (0.7, 0, 1, 1),
    "ethiopia": (0.6, 0, 1, 1),
    "finland": (0.85, 0, 0.5, 1),
    "malaysia": (0.5, 0, 1, 1),
    "romania": (0.8, 0, 1, 1),
    "zaire": (0.65, 0, 1, 1),
    "yemen": (0.15, 0, 2, 1),
    "cuba": (0.02, 0, 1, 0.5),
    "japan": (0.8, 10, 1, 2),
    "germany": (0.75, 8, 1, 2),
    "israel": (0.95, -30, 1, 1),
    "jordan": (0.1, 2, 2, 2),
}
GULF_JOIN = {
    "uk": {"france": 0.1, "canada": 0.05},
    "saudi": {
        "egypt": 0.25,
        "syria": 0.15,
        "turkey": 0.05,
        "japan": 0.1,
        "germany": 0.05,
        "malaysia": 0.1,
    },
    "egypt": {"syria": 0.1, "malaysia": 0.05},
    "france": {"ussr": 0.05},
    "ussr": {"china": 0.2, "ethiopia": 0.1, "romania": 0.05, "yemen": 0.05},
    "israel": {"egypt": -0.4, "syria": -0.5, "saudi": -0.3, "jordan": -0.1},
}
GULF_REFUSE = {
    "saudi": {"egypt": -0.2, "syria": -0.15},
    "ussr": {"china": -0.25},
}

CLINIC = {
    "ops_a": (0.75, 0, 1, 1),
    "ops_b": (0.7, 0, 1, 1),
    "finance": (0.4, 0, 2, 2),
    "cons_business": (0.3, 0, 2, 3),
    "cons_clinical": (0.25, 0, 2, 3),
    "clinical_lead": (0.1, 0, 3, 20),
}
CLINIC_VOTES = {
    "junior": 1,
    "clinical_lead": 3,
    "ops_a": 1,
    "ops_b": 1,
    "cons_business": 1,
    "cons_clinical": 1,
    "finance": 1,
}
CLINIC_JOIN = {
    "ops_a": {"ops_b": 0.1, "finance": 0.05, "clinical_lead": 0.05},
    "ops_b": {"ops_a": 0.1, "finance": 0.1, "clinical_lead": 0.05},
    "finance": {"cons_business": 0.25, "cons_clinical": 0.1, "clinical_lead": 0.1},
    "cons_business": {"cons_clinical": 0.15, "clinical_lead": 0.15},
    "cons_clinical": {"clinical_lead": 0.3},
}
CLINIC_REFUSE = {
    "clinical_lead": dict.fromkeys(
        ("ops_a", "ops_b", "finance", "cons_business", "cons_clinical"), -0.3
    ),
}


def _matrix(ids: list[str], effects: dict[str, dict[str, float]]) -> NDArray[np.float64]:
    out = np.zeros((len(ids), len(ids)))
    for src, row in effects.items():
        for dst, d in row.items():
            out[ids.index(src), ids.index(dst)] = d
    return out


def gulf_war() -> RecruitmentProblem:
    """USA's recruitment for Resolution 678: 9 of the 15 Council votes and every permanent member on side
    (China's abstention counts as on side), Kuwait committed (not a Council member)."""
    ids = list(GULF)
    est = np.array([GULF[i] for i in ids], dtype=float)
    in_unsc = np.array([i in UNSC for i in ids])
    p5 = np.array([i in P5 for i in ids])

    def wins(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        votes = 1 + (masks & in_unsc).sum(axis=1)  # the USA votes yes
        return (votes >= 9) & ((masks & p5).sum(axis=1) == p5.sum())

    return RecruitmentProblem(
        tuple(ids),
        est[:, 0],
        est[:, 1],
        est[:, 2],
        est[:, 3],
        join_effect=_matrix(ids, GULF_JOIN),
        refuse_effect=_matrix(ids, GULF_REFUSE),
        goal=wins,
        goal_value=100.0,
        goal_kind="win",
        focal="usa",
    )


def clinic() -> RecruitmentProblem:
    """The junior coordinator's recruitment: a weighted consensus, quota 6 of 9 votes (the clinical lead
    counts 3), the junior's own vote included."""
    ids = list(CLINIC)
    est = np.array([CLINIC[i] for i in ids], dtype=float)
    votes = np.array([CLINIC_VOTES[i] for i in ids])

    def wins(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return CLINIC_VOTES["junior"] + masks.astype(np.int64) @ votes >= 6

    return RecruitmentProblem(
        tuple(ids),
        est[:, 0],
        est[:, 1],
        est[:, 2],
        est[:, 3],
        join_effect=_matrix(ids, CLINIC_JOIN),
        refuse_effect=_matrix(ids, CLINIC_REFUSE),
        goal=wins,
        goal_value=50.0,
        goal_kind="win",
        focal="junior",
    )
