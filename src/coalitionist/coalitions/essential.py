"""Step 2, essential members: the veto players (in every winning coalition) and any actor without whom the
likely partners (everyone in the top likely coalitions) cannot form a winning coalition."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from coalitionist.coalitions.describe import essential_reason
from coalitionist.coalitions.result import Essential

if TYPE_CHECKING:
    from coalitionist.power import Rule

__all__ = ["essential_members"]


def essential_members(
    ids: tuple[str, ...],
    labels: Mapping[str, str],
    veto: NDArray[np.bool_],
    likely: Sequence[Sequence[str]],
    rule: Rule,
    index: Mapping[str, int],
) -> list[Essential]:
    """The veto holders, then each likely partner whose removal from the union of the ``likely``
    coalitions (member ids) leaves no winning coalition among them (one vectorised ``wins_many`` call)."""
    n = len(ids)
    essential = [
        Essential(ids[i], "veto", essential_reason("veto", labels[ids[i]]))
        for i in np.flatnonzero(veto)
    ]
    if not likely:
        return essential
    union = np.zeros(n, dtype=bool)
    for members in likely:
        union[[index[a] for a in members]] = True
    candidates = np.flatnonzero(union & ~veto)
    if len(candidates):
        trial = np.repeat(union[None, :], len(candidates), axis=0)
        trial[np.arange(len(candidates)), candidates] = False
        fails = ~np.asarray(rule.wins_many(trial), dtype=bool)
        for i in candidates[fails]:
            essential.append(
                Essential(
                    ids[i],
                    "likely_partners",
                    essential_reason(
                        "likely_partners",
                        labels[ids[i]],
                        len(np.flatnonzero(union)),
                        len(likely),
                    ),
                )
            )
    return essential
