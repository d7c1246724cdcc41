"""Goal marginals: how much a candidate's joining, rather than refusing, is worth for the goal.

With joined set ``J`` and a *pool* ``P`` of candidates who may join (each independently with its current
probability), candidate ``i``'s goal marginal is

    γ_i = goal_value · ( P[goal(J ∪ X ∪ {i})] − P[goal(J ∪ X ∖ {i})] ),   X ~ Bernoulli(p) on P ∖ {i},

a probabilistic Banzhaf index of ``i`` in the goal game (Banzhaf 1965; participation probabilities as in
the probabilistic values of Weber 1988). It is computed exactly by enumerating the pool's subsets when the
pool is small and by Monte Carlo otherwise.

Which pool? If every still reachable candidate is in it (:func:`goal_marginals`), the others are treated as
joining for free, so marginals collapse near the goal although nobody has been asked yet. The planners
therefore use :func:`pursuit_marginals`: the pool is the cheapest *completion* — reachable candidates sorted
by expected net cost per unit of marginal (``(c + (1−p)f − p·v) / (p·γ)``), the shortest prefix that reaches
the goal if all of it joins, pruned to a minimal set — and candidates outside it are valued as additions to
it. If the expected net cost of attempting the completion (in the series order, stopping at the first
refusal) exceeds ``goal_value`` times the chance of reaching the goal by approaching everyone, the goal
is not pursued (all marginals 0).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coalitionist.strategy.problem import RecruitmentProblem, bits_to_mask

#: Enumerate all subsets of the pool when it has at most this many candidates.
MARGINALS_EXACT_MAX = 12

#: Default budget, in boolean cells (coalitions × candidates), for one Monte Carlo estimate.
MARGINALS_CELLS = 4_000_000


def pivot_marginals(
    problem: RecruitmentProblem,
    joined: NDArray[np.bool_],
    pool: NDArray[np.bool_],
    targets: NDArray[np.bool_],
    p: NDArray[np.float64],
    *,
    rng: np.random.Generator,
    cells: int = MARGINALS_CELLS,
    exact_max: int = MARGINALS_EXACT_MAX,
) -> tuple[NDArray[np.float64], float]:
    """Pivot probabilities ``P[goal(J∪X∪{i})] − P[goal(J∪X∖{i})]`` for ``i`` in ``targets`` (0 elsewhere),
    ``X ~ Bernoulli(p)`` on ``pool ∖ {i}``; also returns ``P[goal(J ∪ X)]`` for ``X`` on the whole pool.

    Exact when the pool has at most ``exact_max`` members; otherwise Monte Carlo with
    ``clip(cells // (t·m), 8, 512)`` samples (``t`` targets)."""
    m = problem.m
    out = np.zeros(m)
    pool_idx = np.flatnonzero(pool)
    tgt_idx = np.flatnonzero(targets)
    if tgt_idx.size == 0 and pool_idx.size == 0:
        return out, float(problem.goal_of(bits_to_mask(joined)))
    pp = np.clip(p[pool_idx], 0.0, 1.0)
    if pool_idx.size <= exact_max:
        n = 1 << pool_idx.size
        sub = np.arange(n, dtype=np.int64)
        bits = ((sub[:, None] >> np.arange(pool_idx.size, dtype=np.int64)) & 1).astype(bool)
        weight = np.prod(np.where(bits, pp[None, :], 1.0 - pp[None, :]), axis=1)  # (n,)
        masks = np.repeat(joined[None, :], n, axis=0)
        masks[:, pool_idx] |= bits
        g = _goal(problem, masks)
        p_goal = float(weight @ g)
        pos = {int(c): k for k, c in enumerate(pool_idx)}
        for i in tgt_idx:
            k = pos.get(int(i))
            if k is not None:
                # pair each subset lacking i with the same subset plus i; P(others) = weight / (1 − p_i)
                lack = ~bits[:, k]
                q = 1.0 - pp[k]
                # when p_i = 1, P(others) is the weight of the subsets containing i
                w_others = weight[lack] / q if q > 0 else weight[~lack]
                out[i] = float(w_others @ (g[sub[lack] | (1 << k)] - g[sub[lack]]))
            else:
                plus = masks.copy()
                plus[:, i] = True
                out[i] = float(weight @ (_goal(problem, plus) - g))
        return out, p_goal
    samples = int(np.clip(cells // max(1, max(1, tgt_idx.size) * m), 8, 512))
    x = rng.random((samples, pool_idx.size)) < pp[None, :]
    full = np.repeat(joined[None, :], samples, axis=0)
    full[:, pool_idx] |= x
    own = _goal(problem, full)
    p_goal = float(own.mean())
    t = tgt_idx.size
    if t == 0:
        return out, p_goal
    in_pool = pool[tgt_idx]
    acc = np.zeros(t)
    per_batch = max(1, 4_000_000 // max(1, t * m))
    rows = np.arange(t)
    for lo in range(0, samples, per_batch):
        hi = min(samples, lo + per_batch)
        block = np.repeat(full[lo:hi], t, axis=0).reshape(hi - lo, t, m)
        present = block[:, rows, tgt_idx]  # (b, t): is i in J ∪ X already?
        block[:, rows, tgt_idx] = ~present
        flipped = _goal(problem, block.reshape(-1, m)).reshape(hi - lo, t)
        o = own[lo:hi, None]
        with_i = np.where(present, o, flipped)
        without_i = np.where(present, flipped, o)
        acc += (with_i - without_i).sum(axis=0)
    del in_pool
    out[tgt_idx] = acc / samples
    return out, p_goal


def _goal(problem: RecruitmentProblem, masks: NDArray[np.bool_]) -> NDArray[np.float64]:
    table = problem.goal_table
    if table is not None:
        weights = np.int64(1) << np.arange(problem.m, dtype=np.int64)
        return table[masks.astype(np.int64) @ weights].astype(np.float64)
    return problem.goal_many(masks).astype(np.float64)


def goal_marginals(
    problem: RecruitmentProblem,
    joined: NDArray[np.bool_],
    eligible: NDArray[np.bool_],
    p: NDArray[np.float64],
    *,
    rng: np.random.Generator,
    cells: int = MARGINALS_CELLS,
    exact_max: int = MARGINALS_EXACT_MAX,
) -> NDArray[np.float64]:
    """Goal marginals with every eligible candidate in the pool (``goal_value`` × pivot probability)."""
    if not problem.has_goal:
        return np.zeros(problem.m)
    g, _ = pivot_marginals(
        problem, joined, eligible, eligible, p, rng=rng, cells=cells, exact_max=exact_max
    )
    return problem.goal_value * g


def completion(
    problem: RecruitmentProblem,
    joined: NDArray[np.bool_],
    eligible: NDArray[np.bool_],
    key: NDArray[np.float64],
) -> NDArray[np.bool_] | None:
    """The cheapest completion by ``key``: the shortest prefix of the eligible candidates sorted by ``key``
    whose joining reaches the goal (binary search; the goal must be monotone), pruned to a minimal set by
    dropping members from the most expensive down while the goal still holds. None if unreachable."""
    m = problem.m
    elig = np.flatnonzero(eligible)
    order = elig[np.argsort(key[elig], kind="stable")]
    full = joined.copy()
    full[order] = True
    if not problem.goal_many(full[None, :])[0]:
        return None
    if problem.goal_many(joined[None, :])[0]:
        return np.zeros(m, dtype=bool)
    lo, hi = 0, order.size  # goal(prefix[:hi]) holds, goal(prefix[:lo]) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = joined.copy()
        trial[order[:mid]] = True
        if problem.goal_many(trial[None, :])[0]:
            hi = mid
        else:
            lo = mid
    pool = np.zeros(m, dtype=bool)
    pool[order[:hi]] = True
    for i in order[: hi - 1][::-1]:  # the last one is needed by construction
        pool[i] = False
        if not problem.goal_many((joined | pool)[None, :])[0]:
            pool[i] = True
    return pool


def series_cost(
    p: NDArray[np.float64], net_cost: NDArray[np.float64], members: NDArray[np.int64]
) -> float:
    """Expected net cost of approaching ``members`` until the first refusal, in the series-system order
    (ascending ``net_cost / (1 − p)``; Mitten 1960), which minimises it for independent members."""
    if members.size == 0:
        return 0.0
    pm, am = p[members], net_cost[members]
    with np.errstate(divide="ignore", invalid="ignore"):
        key = np.where(pm < 1.0, am / (1.0 - pm), np.where(am <= 0, -np.inf, np.inf))
    order = np.argsort(key, kind="stable")
    reach = np.concatenate(([1.0], np.cumprod(pm[order])[:-1]))
    return float(reach @ am[order])


def pursuit_marginals(
    problem: RecruitmentProblem,
    joined: NDArray[np.bool_],
    eligible: NDArray[np.bool_],
    p: NDArray[np.float64],
    *,
    rng: np.random.Generator,
    cells: int = MARGINALS_CELLS,
    exact_max: int = MARGINALS_EXACT_MAX,
) -> NDArray[np.float64]:
    """Goal marginals relative to the cheapest completion (see the module docstring); all zeros when the
    goal is absent, reached, out of reach, or its cheapest completion is not worth its expected cost."""
    m = problem.m
    zero = np.zeros(m)
    if not problem.has_goal or not eligible.any():
        return zero
    if problem.goal_weights is not None and int(eligible.sum()) > exact_max:
        return linear_pursuit_marginals(problem, joined, eligible, p)
    piv_all, p_reach = pivot_marginals(
        problem, joined, eligible, eligible, p, rng=rng, cells=cells, exact_max=exact_max
    )
    relevance = problem.goal_value * piv_all
    pc = np.clip(p, 0.0, 1.0)
    net_cost = problem.cost + (1.0 - pc) * problem.failure_cost - pc * problem.value
    scale = pc * np.maximum(relevance, 1e-9 * abs(problem.goal_value))
    with np.errstate(divide="ignore", invalid="ignore"):
        key = np.where(pc > 0, net_cost / scale, np.inf)
    pool = completion(problem, joined, eligible, key)
    if pool is None or not pool.any():
        return zero
    # hopeless only if even approaching everyone (success P[goal(J ∪ X_E)]) cannot pay for attempting the
    # completion
    if problem.goal_value * p_reach - series_cost(pc, net_cost, np.flatnonzero(pool)) <= 0.0:
        return zero
    piv, _ = pivot_marginals(
        problem, joined, pool, eligible, p, rng=rng, cells=cells, exact_max=exact_max
    )
    return problem.goal_value * piv


def _pivot_normal(
    need: float, mu: NDArray[np.float64], sd: NDArray[np.float64], w: NDArray[np.float64]
) -> NDArray[np.float64]:
    """P(need − w ≤ W < need) for W ~ Normal(mu, sd²) (an indicator when sd = 0)."""
    from scipy.special import ndtr  # type: ignore[import-untyped]

    with np.errstate(divide="ignore", invalid="ignore"):
        hi = np.where(sd > 0, ndtr((need - mu) / sd), (mu < need).astype(np.float64))
        lo = np.where(sd > 0, ndtr((need - w - mu) / sd), (mu < need - w).astype(np.float64))
    return np.clip(hi - lo, 0.0, 1.0)


def linear_pursuit_marginals(
    problem: RecruitmentProblem,
    joined: NDArray[np.bool_],
    eligible: NDArray[np.bool_],
    p: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Pursuit marginals for many candidates from the linear surrogate ``problem.goal_weights``.

    1. Sort the eligible candidates by expected net cost per expected weight, ``(c + (1−p)f − p·v)/(p·w)``.
    2. Find, with the goal predicate, the shortest prefix that reaches the goal if all of it joins; the
       surrogate threshold ``τ`` is the weight midway between that prefix and the one before it.
    3. The pool is the shortest prefix whose expected weight reaches ``τ`` (the median completion: with
       many candidates a minimal completion almost never succeeds in full, since some refuse).
    4. With the pool's joined weight approximately Normal (Lyapunov CLT), ``γ_i = goal_value ·
       P(τ − w_i ≤ w(J) + W_{pool∖i} < τ)``. The goal is not pursued (zeros) if attempting the cheapest
       completion (:func:`series_cost`) costs more than ``goal_value`` times the chance of reaching ``τ``
       with everyone eligible.
    """
    m = problem.m
    zero = np.zeros(m)
    w = problem.goal_weights
    assert w is not None
    pc = np.clip(p, 0.0, 1.0)
    net_cost = problem.cost + (1.0 - pc) * problem.failure_cost - pc * problem.value
    elig = np.flatnonzero(eligible & (w > 0))
    if elig.size == 0:
        return zero
    with np.errstate(divide="ignore", invalid="ignore"):
        key = np.where(pc[elig] > 0, net_cost[elig] / (pc[elig] * w[elig]), np.inf)
    order = elig[np.argsort(key, kind="stable")]
    if problem.goal_many(joined[None, :])[0]:
        return zero
    full = joined.copy()
    full[order] = True
    if not problem.goal_many(full[None, :])[0]:
        return zero
    lo, hi = 0, order.size
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = joined.copy()
        trial[order[:mid]] = True
        if problem.goal_many(trial[None, :])[0]:
            hi = mid
        else:
            lo = mid
    cum_w = np.concatenate(([0.0], np.cumsum(w[order])))
    need = float(cum_w[hi - 1] + 0.5 * w[order[hi - 1]])  # weight still needed beyond w(J)
    mu = np.concatenate(([0.0], np.cumsum(pc[order] * w[order])))
    var = np.concatenate(([0.0], np.cumsum(pc[order] * (1.0 - pc[order]) * w[order] ** 2)))
    sd_all = float(np.sqrt(var[-1]))
    # scipy.special costs about a tenth of a second to import: only this many-candidate path needs it
    from scipy.special import ndtr

    p_reach = float(ndtr((mu[-1] - need) / sd_all)) if sd_all > 0 else float(mu[-1] >= need)
    if problem.goal_value * p_reach - series_cost(pc, net_cost, order[:hi]) <= 0.0:
        return zero
    k = int(np.searchsorted(mu, need)) if mu[-1] >= need else order.size
    k = max(k, 1)
    in_pool = np.zeros(m, dtype=bool)
    in_pool[order[:k]] = True
    mu_k, var_k = float(mu[k]), float(var[k])
    idx = np.flatnonzero(eligible)
    mu_i = np.where(in_pool[idx], mu_k - pc[idx] * w[idx], mu_k)
    var_i = np.where(in_pool[idx], var_k - pc[idx] * (1 - pc[idx]) * w[idx] ** 2, var_k)
    out = zero.copy()
    out[idx] = _pivot_normal(need, mu_i, np.sqrt(np.maximum(var_i, 0.0)), w[idx])
    return problem.goal_value * out
