"""Step 1, possible coalitions: how many coalitions win under the rule (counted exactly for small games,
estimated from seeded random coalitions for larger ones). The minimal winning and blocking coalitions come
from the power engine's capped enumerations (:mod:`coalitionist.power.game`)."""

from __future__ import annotations

import numpy as np

from coalitionist.power.rules import Rule

__all__ = ["COUNT_EXACT_MAX", "SHARE_SAMPLES", "winning_count"]

#: Up to this many actors the winning coalitions are counted exactly (2^n masks, in chunks).
COUNT_EXACT_MAX = 20

#: Random coalitions drawn to estimate the share of winning coalitions in larger games.
SHARE_SAMPLES = 20_000


def winning_count(rule: Rule, n: int, seed: int | None) -> tuple[int | None, float, bool]:
    """(number of winning coalitions or None, their share of all 2^n coalitions, whether exact).

    Exact up to :data:`COUNT_EXACT_MAX` players (every mask, in chunks of 2^16); beyond, the share of
    :data:`SHARE_SAMPLES` uniformly random coalitions drawn with ``numpy.random.default_rng(seed)``.
    """
    if n <= COUNT_EXACT_MAX:
        total = 0
        chunk = 1 << 16
        cols = np.arange(n)
        for lo in range(0, 1 << n, chunk):
            codes = np.arange(lo, min(1 << n, lo + chunk), dtype=np.int64)
            masks = ((codes[:, None] >> cols) & 1).astype(bool)
            total += int(np.count_nonzero(rule.wins_many(masks)))
        return total, total / float(1 << n), True
    rng = np.random.default_rng(seed)
    hits = 0
    step = max(1, 4_000_000 // n)
    done = 0
    while done < SHARE_SAMPLES:
        b = min(step, SHARE_SAMPLES - done)
        hits += int(np.count_nonzero(rule.wins_many(rng.random((b, n)) < 0.5)))
        done += b
    return None, hits / SHARE_SAMPLES, False
