"""What to table: the agenda setter's best passable package over several issues, under the real rule.

The problem (Romer & Rosenthal 1978, generalised to several issues and to any monotone decision rule): the
focal actor proposes a package ``x`` (one option per issue) in a take-it-or-leave-it vote against the status
quo ``q``. Every actor votes yes, abstains or no on ``x`` against ``q`` by the outcome engine's vote model
(:mod:`coalitionist.process.votes`); the rule says whether that vote profile passes. The focal actor wants
the passable package it likes best:

    maximise  Δ_f(x)   subject to   passes(votes(x)),     Δ_f(x) > 0

(nothing that the focal actor does not prefer to the status quo is worth tabling). Because the vote model's
utility is additive over issues, ``Δ_i(x) = Σ_k T_k[x_k, i]`` with ``T_k`` the per-issue gain tables.

Two exact methods and one bounded one:

``enumeration`` (package spaces up to :data:`ENUMERATION_LIMIT`)
    Every package's focal gain is a sum of table rows (NumPy broadcasting); packages are visited in order of
    decreasing focal gain, in vectorised blocks, and the rule is asked about each block's vote profiles
    until one passes. The first passing package is optimal; ties in focal gain are all examined and broken
    by the number of yes votes (a larger margin), then by the lowest package index.
``branch_and_bound`` (larger spaces)
    Issues are fixed one at a time (the focal actor's most important first), level by level on arrays. A
    partial package is pruned when (a) even the best completion for the focal actor cannot beat the best
    package found so far, or (b) the *optimistic* vote profile (every actor at the best gain any completion
    could give it) fails the rule — the rule is monotone, so no completion passes. Each level also completes
    every surviving node with the focal actor's favourite remaining options (a "dive") to improve the
    incumbent early. When the frontier exceeds ``max_frontier`` nodes, only the nodes with the highest focal
    bound are kept, and the largest bound among those dropped is remembered: the answer is then reported with
    the proven upper bound ``max(found, dropped bound)`` on the optimum, and ``exact`` is false. With an
    unbounded frontier the method is exact.

Bundled versus issue by issue: deciding each issue alone (the others left at the status quo) gives each issue
its own win set (the single-issue setter's problem); their sum is the value of *seriatim* voting. Comparing
with the bundle says which issues to link (the bundle moves them away from their separate best, to buy votes
or because they pass only together) and which to keep apart (the bundle leaves them where they would land
alone). The value of linking each pair of issues (the pair decided together, the rest at the status quo,
against the two decided separately) is reported too.

References
----------
.. [1] T. Romer and H. Rosenthal, "Political resource allocation, controlled agendas, and the status quo",
   *Public Choice* 33 (1978) 27–43.
.. [2] J. K. Sebenius, "Negotiation arithmetic: adding and subtracting issues and parties",
   *International Organization* 37 (1983) 281–316 (linking and separating issues).
.. [3] A. H. Land and A. G. Doig, "An automatic method of solving discrete programming problems",
   *Econometrica* 28 (1960) 497–520 (branch and bound).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.process.errors import InvalidProcessInputError, NoFocalPackageError
from coalitionist.process.votes import (
    DEFAULT_BAND,
    NO,
    YES,
    cast_votes,
    option_gains,
    package_gain,
)

__all__ = [
    "ENUMERATION_LIMIT",
    "PackageChoice",
    "PackagePlan",
    "PackageProblem",
    "PackageSearch",
    "PassFunction",
    "best_package",
    "binary_passes",
    "needed_voters",
    "plan_packages",
    "sticky_package",
]

#: Vote profiles (rows of 1 / 0 / −1) → whether each passes.
PassFunction = Callable[[NDArray[np.int8]], NDArray[np.bool_]]

#: Largest package space searched by enumeration (above it: branch and bound).
ENUMERATION_LIMIT = 1 << 22
#: Default cap on the branch-and-bound frontier (nodes kept per level).
DEFAULT_MAX_FRONTIER = 1 << 14
#: Gains closer than this are ties.
TOL = 1e-9
_BLOCK = 1 << 15


def binary_passes(wins_many: Callable[[NDArray[np.bool_]], NDArray[np.bool_]]) -> PassFunction:
    """A pass function from a binary rule's ``wins_many``: the yes voters must form a winning coalition
    (abstaining counts as not supporting)."""

    def passes(codes: NDArray[np.int8]) -> NDArray[np.bool_]:
        return np.asarray(wins_many(np.asarray(codes) == YES), dtype=bool)

    return passes


@dataclass(frozen=True)
class PackageProblem:
    """The agenda setter's problem, as arrays.

    Parameters
    ----------
    actors, issues : sequence of str
        Ids, in row / column order.
    positions, salience : array_like, shape (n, k)
    status_quo, width : array_like, shape (k,)
        The reversion point and each issue's scale width.
    options : sequence of k array_like
        Each issue's options (the status quo is added when missing; options are sorted).
    focal : int
        Row of the agenda setter.
    passes : PassFunction
        The decision rule on vote profiles.
    band : float or array_like, shape (n,)
        Indifference bands of the vote model.
    voters : sequence of int, optional
        Rows the rule counts (default all): only they carry or are needed.
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    positions: NDArray[np.float64]
    salience: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    width: NDArray[np.float64]
    options: tuple[NDArray[np.float64], ...]
    focal: int
    passes: PassFunction = field(repr=False, compare=False)
    band: NDArray[np.float64] = field(default_factory=lambda: np.array(DEFAULT_BAND))
    tables: tuple[NDArray[np.float64], ...] = field(init=False, repr=False, compare=False)
    sq_option: NDArray[np.int64] = field(init=False, repr=False, compare=False)
    voters: tuple[int, ...] = ()

    def __init__(
        self,
        actors: Sequence[str],
        issues: Sequence[str],
        positions: ArrayLike,
        salience: ArrayLike,
        status_quo: ArrayLike,
        width: ArrayLike,
        options: Sequence[ArrayLike],
        focal: int,
        passes: PassFunction,
        band: ArrayLike = DEFAULT_BAND,
        voters: Sequence[int] | None = None,
    ) -> None:
        p = np.asarray(positions, dtype=float)
        s = np.asarray(salience, dtype=float)
        if p.ndim != 2 or s.shape != p.shape:
            raise InvalidProcessInputError(
                f"positions and salience must both have shape (n, k), got {p.shape} and {s.shape}"
            )
        n, k = p.shape
        if len(actors) != n or len(issues) != k:
            raise InvalidProcessInputError(
                f"{len(actors)} actor ids and {len(issues)} issue ids for arrays of shape {p.shape}"
            )
        q = np.asarray(status_quo, dtype=float).reshape(-1)
        w = np.asarray(width, dtype=float).reshape(-1)
        if q.shape != (k,) or w.shape != (k,):
            raise InvalidProcessInputError(f"status_quo and width need {k} entries each")
        if len(options) != k:
            raise InvalidProcessInputError(f"{len(options)} option lists for {k} issues")
        if not 0 <= int(focal) < n:
            raise InvalidProcessInputError(f"focal row {focal} is not one of 0..{n - 1}")
        opts = []
        for j, o in enumerate(options):
            arr = np.asarray(o, dtype=float).reshape(-1)
            if not np.isfinite(arr).all():
                raise InvalidProcessInputError(f"issue {issues[j]}: options must be finite")
            opts.append(np.unique(np.append(arr, q[j])))
        b = np.broadcast_to(np.asarray(band, dtype=float), (n,)).copy()
        if (b < 0).any():
            raise InvalidProcessInputError("indifference bands must be ≥ 0")
        set_ = object.__setattr__
        set_(self, "actors", tuple(actors))
        set_(self, "issues", tuple(issues))
        set_(self, "positions", p)
        set_(self, "salience", s)
        set_(self, "status_quo", q)
        set_(self, "width", w)
        set_(self, "options", tuple(opts))
        set_(self, "focal", int(focal))
        set_(self, "passes", passes)
        set_(self, "band", b)
        set_(self, "voters", tuple(range(n)) if voters is None else tuple(sorted(set(voters))))
        set_(self, "tables", option_gains(p, s, opts, q, w))
        set_(
            self,
            "sq_option",
            np.array([int(np.flatnonzero(o == q[j])[0]) for j, o in enumerate(opts)]),
        )

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def k(self) -> int:
        """Number of issues."""
        return len(self.issues)

    @property
    def space(self) -> int:
        """Number of packages (one option per issue)."""
        return math.prod(len(o) for o in self.options)

    def gains(self, choice: ArrayLike) -> NDArray[np.float64]:
        """Gains of every actor from packages given as option indices, shape ``(..., k)`` → ``(..., n)``."""
        c = np.asarray(choice, dtype=np.int64)
        out = np.zeros((*c.shape[:-1], self.n))
        for j, t in enumerate(self.tables):
            out += t[c[..., j]]
        return out

    def values(self, choice: ArrayLike) -> NDArray[np.float64]:
        """Option values of packages given as option indices."""
        c = np.asarray(choice, dtype=np.int64)
        return np.stack([self.options[j][c[..., j]] for j in range(self.k)], axis=-1)

    def votes(self, gains: NDArray[np.float64]) -> NDArray[np.int8]:
        """Vote codes from gains (the outcome engine's bands)."""
        return cast_votes(gains, np.broadcast_to(self.band, gains.shape))

    def choice(self, options: ArrayLike) -> PackageChoice:
        """Evaluate one package given as option indices."""
        c = np.asarray(options, dtype=np.int64).reshape(self.k)
        g = self.gains(c)
        codes = self.votes(g)
        return PackageChoice(
            options=c,
            values=self.values(c),
            gain=g,
            codes=codes,
            passes=bool(self.passes(codes[None, :])[0]),
            focal_gain=float(g[self.focal]),
        )

    def focal_ideal(self) -> NDArray[np.int64]:
        """The focal actor's favourite option on each issue (ties: the one closest to the status quo)."""
        out = []
        for j, t in enumerate(self.tables):
            col = t[:, self.focal]
            best = np.flatnonzero(col >= col.max() - TOL)
            d = np.abs(self.options[j][best] - self.status_quo[j])
            out.append(int(best[int(np.argmin(d))]))
        return np.array(out, dtype=np.int64)


@dataclass(frozen=True)
class PackageChoice:
    """One package: option index and value per issue, every actor's gain and vote, whether it passes."""

    options: NDArray[np.int64]
    values: NDArray[np.float64]
    gain: NDArray[np.float64]
    codes: NDArray[np.int8]
    passes: bool
    focal_gain: float

    def yes(self, voters: Sequence[int] | None = None) -> tuple[int, ...]:
        """Rows voting yes (among ``voters`` when given)."""
        rows = np.flatnonzero(self.codes == YES)
        keep = None if voters is None else set(voters)
        return tuple(int(i) for i in rows if keep is None or i in keep)


@dataclass(frozen=True)
class PackageSearch:
    """The best passable package found.

    Attributes
    ----------
    package : PackageChoice or None
        None when no passable package beats the status quo for the focal actor.
    method : str
        ``"enumeration"`` or ``"branch_and_bound"``.
    exact : bool
        Whether ``package`` is proven optimal.
    upper_bound : float
        Proven upper bound on the focal gain of any passable package (equals the found gain when exact).
    evaluated : int
        Packages (enumeration) or nodes (branch and bound) whose vote profile was put to the rule.
    space : int
        Size of the package space searched.
    """

    package: PackageChoice | None
    method: str
    exact: bool
    upper_bound: float
    evaluated: int
    space: int

    @property
    def value(self) -> float:
        """The focal gain of the package found (0: the status quo)."""
        return 0.0 if self.package is None else self.package.focal_gain


def _sub_tables(problem: PackageProblem, free: Sequence[int]) -> list[NDArray[np.float64]]:
    return [problem.tables[j] for j in free]


def _full_choice(
    problem: PackageProblem, free: Sequence[int], digits: NDArray[np.int64]
) -> NDArray[np.int64]:
    c = problem.sq_option.copy()
    c[list(free)] = digits
    return c


def _pick(
    problem: PackageProblem, gains: NDArray[np.float64], ok: NDArray[np.bool_], codes: Any
) -> int:
    """Among passing rows with the top focal gain: the most yes votes, then the first."""
    f = gains[:, problem.focal]
    cand = np.flatnonzero(ok)
    top = f[cand].max()
    cand = cand[f[cand] >= top - TOL]
    yes = (codes[cand] == YES).sum(axis=1)
    return int(cand[int(np.argmax(yes))])


def _enumerate(
    problem: PackageProblem,
    free: Sequence[int],
    progress: Callable[[int, int], None] | None = None,
) -> PackageSearch:
    tabs = _sub_tables(problem, free)
    shape = tuple(t.shape[0] for t in tabs)
    space = math.prod(shape)
    f = problem.focal
    focal = np.zeros(shape)
    for d, t in enumerate(tabs):
        sel: list[Any] = [None] * len(tabs)
        sel[d] = slice(None)
        focal = focal + t[:, f][tuple(sel)]
    flat = focal.reshape(-1)
    order = np.argsort(-flat, kind="stable")
    positive = int(
        np.searchsorted(-flat[order], -TOL, side="left")
    )  # packages with focal gain > TOL
    evaluated = 0
    start = 0
    block = 1024
    while start < positive:
        stop = min(positive, start + block)
        idx = order[start:stop]
        digits = np.stack(np.unravel_index(idx, shape), axis=-1) if shape else np.zeros((1, 0))
        g = np.zeros((len(idx), problem.n))
        for d, t in enumerate(tabs):
            g += t[digits[:, d]]
        codes = problem.votes(g)
        ok = problem.passes(codes)
        evaluated += len(idx)
        if progress is not None:
            progress(min(stop, positive), positive)
        if ok.any():
            top = float(g[int(np.flatnonzero(ok)[0]), f])
            # every package tied with the first passing one (they follow it in the order)
            end = int(np.searchsorted(-flat[order], -(top - TOL), side="right"))
            if end > stop:
                more = order[stop:end]
                dm = np.stack(np.unravel_index(more, shape), axis=-1)
                gm = np.zeros((len(more), problem.n))
                for d, t in enumerate(tabs):
                    gm += t[dm[:, d]]
                cm = problem.votes(gm)
                okm = problem.passes(cm)
                evaluated += len(more)
                digits = np.concatenate([digits, dm])
                g = np.concatenate([g, gm])
                codes = np.concatenate([codes, cm])
                ok = np.concatenate([ok, okm])
            ties = (g[:, f] >= top - TOL) & ok
            ties_idx = np.flatnonzero(ties)
            best = ties_idx[_pick(problem, g[ties_idx], ok[ties_idx], codes[ties_idx])]
            choice = problem.choice(_full_choice(problem, free, digits[best]))
            return PackageSearch(choice, "enumeration", True, choice.focal_gain, evaluated, space)
        start = stop
        block = min(block * 2, _BLOCK)
    return PackageSearch(None, "enumeration", True, 0.0, evaluated, space)


def _branch_and_bound(
    problem: PackageProblem,
    free: Sequence[int],
    max_frontier: int | None,
    progress: Callable[[int, int], None] | None = None,
) -> PackageSearch:
    f = problem.focal
    free = list(free)
    spread = [float(np.ptp(problem.tables[j][:, f])) for j in free]
    order = [free[i] for i in np.argsort(spread, kind="stable")[::-1]]
    tabs = [problem.tables[j] for j in order]
    K = len(tabs)
    space = math.prod(t.shape[0] for t in tabs)
    best_each = np.stack([t.max(axis=0) for t in tabs]) if K else np.zeros((0, problem.n))
    # rem[d] = the best each actor can still gain on levels d..K-1
    rem = np.zeros((K + 1, problem.n))
    for d in range(K - 1, -1, -1):
        rem[d] = rem[d + 1] + best_each[d]
    ideal = [int(np.argmax(t[:, f])) for t in tabs]
    dive_rest = np.zeros((K + 1, problem.n))
    for d in range(K - 1, -1, -1):
        dive_rest[d] = dive_rest[d + 1] + tabs[d][ideal[d]]
    inc_value = TOL  # must beat the status quo
    inc_digits: NDArray[np.int64] | None = None
    inc_yes = -1
    dropped = -math.inf
    evaluated = 0
    gains = np.zeros((1, problem.n))
    digits = np.zeros((1, 0), dtype=np.int64)

    def consider(g: NDArray[np.float64], dg: NDArray[np.int64]) -> None:
        nonlocal inc_value, inc_digits, inc_yes, evaluated
        if len(g) == 0:
            return
        codes = problem.votes(g)
        ok = problem.passes(codes)
        evaluated += len(g)
        if not ok.any():
            return
        i = _pick(problem, g, ok, codes)
        v = float(g[i, f])
        yes = int((codes[i] == YES).sum())
        if v > inc_value + TOL or (
            inc_digits is not None and v >= inc_value - TOL and yes > inc_yes
        ):
            inc_value, inc_digits, inc_yes = v, dg[i].copy(), yes

    for d in range(K):
        t = tabs[d]
        o = t.shape[0]
        kept_g: list[NDArray[np.float64]] = []
        kept_d: list[NDArray[np.int64]] = []
        kept_b: list[NDArray[np.float64]] = []
        step = max(1, _BLOCK // o)
        for a in range(0, len(gains), step):
            pg = gains[a : a + step]
            child = (pg[:, None, :] + t[None, :, :]).reshape(-1, problem.n)
            cd = np.concatenate(
                [
                    np.repeat(digits[a : a + step], o, axis=0),
                    np.tile(np.arange(o), len(pg))[:, None],
                ],
                axis=1,
            )
            bound = child[:, f] + rem[d + 1, f]
            alive = bound > inc_value + TOL
            if d + 1 == K:
                consider(child[alive], cd[alive])
                continue
            opt_codes = problem.votes(child[alive] + rem[d + 1])
            feasible = problem.passes(opt_codes)
            evaluated += int(alive.sum())
            child, cd, bound = child[alive][feasible], cd[alive][feasible], bound[alive][feasible]
            # dive: complete with the focal actor's favourite remaining options
            dive_d = np.concatenate(
                [cd, np.tile(np.array(ideal[d + 1 :], dtype=np.int64), (len(cd), 1))], axis=1
            )
            consider(child + dive_rest[d + 1], dive_d)
            keep = bound > inc_value + TOL
            kept_g.append(child[keep])
            kept_d.append(cd[keep])
            kept_b.append(bound[keep])
        if progress is not None:
            progress(d + 1, K)
        if d + 1 == K:
            break
        gains = np.concatenate(kept_g) if kept_g else np.zeros((0, problem.n))
        digits = (
            np.concatenate(kept_d) if kept_d else np.zeros((0, d + 1), dtype=np.int64)
        ).astype(np.int64)
        bounds = np.concatenate(kept_b) if kept_b else np.zeros(0)
        live = bounds > inc_value + TOL
        gains, digits, bounds = gains[live], digits[live], bounds[live]
        if max_frontier is not None and len(gains) > max_frontier:
            top = np.argsort(-bounds, kind="stable")
            dropped = max(dropped, float(bounds[top[max_frontier]]))
            top = top[:max_frontier]
            gains, digits = gains[top], digits[top]
        if len(gains) == 0:
            break
    exact = dropped <= inc_value + TOL
    if inc_digits is None:
        return PackageSearch(None, "branch_and_bound", exact, max(0.0, dropped), evaluated, space)
    # digits are in search order: put them back in issue order
    back = dict(zip(order, inc_digits.tolist(), strict=True))
    choice = problem.choice(_full_choice(problem, free, np.array([back[j] for j in free])))
    ub = max(choice.focal_gain, dropped)
    return PackageSearch(choice, "branch_and_bound", exact, ub, evaluated, space)


def best_package(
    problem: PackageProblem,
    *,
    free: Sequence[int] | None = None,
    method: str = "auto",
    max_frontier: int | None = DEFAULT_MAX_FRONTIER,
    progress: Callable[[int, int], None] | None = None,
) -> PackageSearch:
    """The passable package the focal actor likes best (see the module docstring for the methods).

    Parameters
    ----------
    problem : PackageProblem
    free : sequence of int, optional
        Issues the package may move (default all); the others stay at the status quo.
    method : {"auto", "enumeration", "branch_and_bound"}
        ``auto``: enumeration up to :data:`ENUMERATION_LIMIT` packages, else branch and bound.
    max_frontier : int or None
        Branch-and-bound nodes kept per level (None: unbounded, exact).
    progress : callable(done, total), optional

    Examples
    --------
    Three voters, majority rule, one issue with options 0 (status quo), 50 and 100; the setter sits at 100,
    the median voter at 40: 100 loses the median (it is farther from 40 than the status quo is), so the
    setter offers 50 — Romer & Rosenthal's setter takes the best point the median still prefers.

    >>> p = PackageProblem(["setter", "median", "low"], ["x"], [[100.0], [40.0], [10.0]],
    ...                    [[1.0], [1.0], [1.0]], [0.0], [100.0], [[0.0, 50.0, 100.0]], focal=0,
    ...                    passes=binary_passes(lambda m: m.sum(axis=1) >= 2))
    >>> best_package(p).package.values.tolist()
    [50.0]
    """
    free = list(range(problem.k)) if free is None else list(free)
    space = math.prod(len(problem.options[j]) for j in free)
    if method == "auto":
        method = "enumeration" if space <= ENUMERATION_LIMIT else "branch_and_bound"
    if method == "enumeration":
        return _enumerate(problem, free, progress)
    if method == "branch_and_bound":
        return _branch_and_bound(problem, free, max_frontier, progress)
    raise InvalidProcessInputError(
        f"method must be 'auto', 'enumeration' or 'branch_and_bound', got {method!r}"
    )


@dataclass(frozen=True)
class IssueAlone:
    """One issue decided on its own (the others at the status quo)."""

    issue: int
    option: int
    value: float
    focal_gain: float
    passes: bool


@dataclass(frozen=True)
class PackagePlan:
    """What to table: the best bundle, the focal actor's ideal, issue-by-issue voting and which issues
    to link.

    Attributes
    ----------
    best : PackageSearch
        The best passable bundle.
    ideal : PackageChoice
        The focal actor's favourite package (it may fail).
    carried_by : tuple of int
        Rows voting yes on the bundle.
    needed : tuple of int
        Rows whose switch to *no* would sink the bundle.
    alone : tuple of IssueAlone
        Each issue decided alone.
    seriatim_gain : float
        The focal gain of deciding every issue alone (each vote on its own).
    pair_link : ndarray, shape (k, k)
        Focal gain from deciding issues ``a`` and ``b`` together minus deciding them apart.
    link, keep_apart : tuple of int
        Issues the bundle moves away from their separate best / leaves where they land alone.
    """

    problem: PackageProblem = field(repr=False, compare=False)
    best: PackageSearch
    ideal: PackageChoice
    carried_by: tuple[int, ...]
    needed: tuple[int, ...]
    alone: tuple[IssueAlone, ...]
    seriatim_gain: float
    pair_link: NDArray[np.float64]
    link: tuple[int, ...]
    keep_apart: tuple[int, ...]

    @property
    def bundle_gain(self) -> float:
        """Focal gain of the best bundle (0 when nothing beats the status quo)."""
        return self.best.value

    @property
    def bundle_beats_seriatim(self) -> bool:
        """Whether tabling the bundle beats deciding the issues one by one."""
        return self.bundle_gain > self.seriatim_gain + TOL

    def to_dict(self) -> dict[str, Any]:
        """Plain data keyed by issue and actor ids."""
        pr = self.problem
        pkg = self.best.package
        return plain(
            {
                "package": None
                if pkg is None
                else {pr.issues[j]: float(pkg.values[j]) for j in range(pr.k)},
                "focal_gain": self.bundle_gain,
                "method": self.best.method,
                "exact": self.best.exact,
                "upper_bound": self.best.upper_bound,
                "space": self.best.space,
                "evaluated": self.best.evaluated,
                "carried_by": [pr.actors[i] for i in self.carried_by],
                "needed": [pr.actors[i] for i in self.needed],
                "gains": {}
                if pkg is None
                else {pr.actors[i]: float(pkg.gain[i]) for i in self.carried_by},
                "ideal": {pr.issues[j]: float(self.ideal.values[j]) for j in range(pr.k)},
                "ideal_passes": self.ideal.passes,
                "issue_by_issue": {
                    pr.issues[a.issue]: {
                        "value": a.value,
                        "focal_gain": a.focal_gain,
                        "passes": a.passes,
                    }
                    for a in self.alone
                },
                "seriatim_gain": self.seriatim_gain,
                "bundle_beats_seriatim": self.bundle_beats_seriatim,
                "link": [pr.issues[j] for j in self.link],
                "keep_apart": [pr.issues[j] for j in self.keep_apart],
                "pair_link": [
                    {"issues": [pr.issues[a], pr.issues[b]], "gain": float(self.pair_link[a, b])}
                    for a in range(pr.k)
                    for b in range(a + 1, pr.k)
                    if self.pair_link[a, b] > TOL
                ],
            }
        )


def needed_voters(problem: PackageProblem, choice: PackageChoice) -> tuple[int, ...]:
    """Rows whose vote switching to *no* alone makes ``choice`` fail (none when it fails already)."""
    if not choice.passes:
        return ()
    rows = [i for i in problem.voters if choice.codes[i] != NO]
    if not rows:
        return ()
    profiles = np.tile(choice.codes, (len(rows), 1))
    profiles[np.arange(len(rows)), rows] = NO
    ok = problem.passes(profiles)
    return tuple(r for r, o in zip(rows, ok, strict=True) if not o)


def plan_packages(
    problem: PackageProblem,
    *,
    method: str = "auto",
    max_frontier: int | None = DEFAULT_MAX_FRONTIER,
    progress: Callable[[int, int], None] | None = None,
) -> PackagePlan:
    """Solve the setter's problem bundled and issue by issue, and say which issues to link.

    Raises
    ------
    NoFocalPackageError
        When the scenario has no issue.
    """
    if problem.k == 0:
        raise NoFocalPackageError("there is no issue to put in a package")
    best = best_package(problem, method=method, max_frontier=max_frontier, progress=progress)
    ideal = problem.choice(problem.focal_ideal())
    alone = []
    for j in range(problem.k):
        r = best_package(problem, free=[j], method="enumeration")
        opt = int(problem.sq_option[j]) if r.package is None else int(r.package.options[j])
        alone.append(
            IssueAlone(
                j,
                opt,
                float(problem.options[j][opt]),
                r.value,
                r.package is not None,
            )
        )
    seriatim = float(sum(a.focal_gain for a in alone))
    link_m = np.zeros((problem.k, problem.k))
    if problem.k <= 12:
        for a in range(problem.k):
            for b in range(a + 1, problem.k):
                if len(problem.options[a]) * len(problem.options[b]) > ENUMERATION_LIMIT:
                    continue
                pair = best_package(problem, free=[a, b], method="enumeration").value
                link_m[a, b] = link_m[b, a] = pair - alone[a].focal_gain - alone[b].focal_gain
    pkg = best.package
    if pkg is None:
        carried: tuple[int, ...] = ()
        needed: tuple[int, ...] = ()
        link: tuple[int, ...] = ()
        apart = tuple(range(problem.k))
    else:
        carried = pkg.yes(problem.voters)
        needed = needed_voters(problem, pkg)
        link = tuple(j for j in range(problem.k) if int(pkg.options[j]) != alone[j].option)
        apart = tuple(j for j in range(problem.k) if j not in link)
    return PackagePlan(
        problem, best, ideal, carried, needed, tuple(alone), seriatim, link_m, link, apart
    )


#: Largest number of (package, actor) cells :func:`sticky_package` evaluates at once (above it: None).
STICKY_CELLS = 4_000_000


def sticky_package(problem: PackageProblem, reference: ArrayLike) -> PackageChoice | None:
    """The focal actor's best passable package that none of its carriers would refuse for ``reference``.

    A package tabled against the status quo passes when enough voters prefer it to the status quo; but a
    carrier that prefers ``reference`` -- what happens if nothing changes, the brief's forecast -- to the
    package by more than its indifference band can vote it down and hold out for the reference (the
    package is not *stable* against it: Romer & Rosenthal's reversion point is then the reference, not the
    status quo). Among the packages that pass under the rule, give the focal actor a gain over the status
    quo, and leave no carrier (a voter voting yes on it, the focal actor aside) worse off than at the
    reference beyond its band, this returns the one the focal actor likes best (ties: more yes votes,
    then the lowest package index). Exhaustive over the package space; None when no package qualifies or
    the space is larger than :data:`STICKY_CELLS` / n packages.

    Examples
    --------
    The setter at 100 and the median voter at 40 (majority of three): against the status quo 0 the setter
    gets 50 (see :func:`best_package`); if nothing changes the decision lands at 40, and the median voter
    prefers 40 to 50 -- but a package the median voter refuses for 40 does not stick, so the setter tables
    the best one it accepts: 40 itself.

    >>> p = PackageProblem(["setter", "median", "low"], ["x"], [[100.0], [40.0], [10.0]],
    ...                    [[1.0], [1.0], [1.0]], [0.0], [100.0], [[0.0, 40.0, 50.0, 100.0]], focal=0,
    ...                    passes=binary_passes(lambda m: m.sum(axis=1) >= 2))
    >>> sticky_package(p, [40.0]).values.tolist()
    [40.0]
    """
    ref = np.asarray(reference, dtype=float).reshape(1, problem.k)
    if problem.space * max(problem.n, 1) > STICKY_CELLS:
        return None
    at_ref = package_gain(
        problem.positions, problem.salience, ref, problem.status_quo, problem.width
    )[0]
    grids = np.meshgrid(*[np.arange(len(o)) for o in problem.options], indexing="ij")
    choices = np.stack([g.reshape(-1) for g in grids], axis=-1).astype(np.int64)
    gains = problem.gains(choices)
    codes = problem.votes(gains)
    ok = problem.passes(codes) & (gains[:, problem.focal] > TOL)
    voters = np.zeros(problem.n, dtype=bool)
    voters[list(problem.voters)] = True
    voters[problem.focal] = False
    refuse = (codes == YES) & voters[None, :] & (gains - at_ref[None, :] < -problem.band[None, :])
    ok &= ~refuse.any(axis=1)
    if not ok.any():
        return None
    idx = np.flatnonzero(ok)
    focal = gains[idx, problem.focal]
    top = idx[focal >= focal.max() - TOL]
    yes = (codes[top] == YES).sum(axis=1)
    return problem.choice(choices[int(top[int(np.argmax(yes))])])
