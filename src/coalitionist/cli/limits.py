"""Bounded work on the command line (issue 18, point 4): estimate, then run within limits or refuse.

Every heavy command takes ``--max-seconds`` and ``--max-memory`` (defaults :data:`DEFAULT_MAX_SECONDS`
and :data:`DEFAULT_MAX_MEMORY`; ``0`` or ``none`` switches a limit off). Before the work starts the
command predicts its cost from operation counts (:class:`Cost`): Monte Carlo samples times the measured
cost of one run, the power engine's own operation counts (:mod:`coalitionist.power.cost`), the trades
package space, SMP's turns × actors² × issues. A prediction over a limit is refused with advice
(:class:`WorkLimitError`, exit 2) or, where a cheaper method gives the same answer, the command switches
and says so. The predictions are CPU seconds of one core (fitted to ``process_time``/``wait4`` figures).
The work itself then runs under :func:`bounded`: a wall-clock timer (``SIGALRM`` on ``ITIMER_REAL``: the
limit is how long the user waits, and a run that blocks uses no CPU, so a CPU timer would never stop
it) and, where safe, an address-space limit (``RLIMIT_AS``); either stops it cleanly with exit 2 and nothing written
(outputs are written atomically after the work, so a stopped run leaves no partial file).

The limits are documented in ``docs/cli.md`` (Limits).

Examples
--------
>>> limits = Limits.parse(max_seconds=10, max_memory="2G")
>>> limits.max_memory
2147483648
>>> check(Cost("1,000 samples", seconds=1.0), limits)
>>> check(Cost("10^8 samples", seconds=1e5, advice="Use fewer samples."), limits)
Traceback (most recent call last):
...
coalitionist.cli.limits.WorkLimitError: 10^8 samples would take about 28 h, over --max-seconds 10 s. Use fewer samples.
"""

from __future__ import annotations

import math
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from coalitionist.analyses import scale as _scale
from coalitionist.analyses.scale import (
    BDM_ROUNDS,
    SMP_EXPECTED_TURNS,
    duration_text,
    forecast_seconds,
    trades_seconds,
)
from coalitionist.errors import UsageError

#: Default wall-clock limit of a command (seconds): the issue's "5 minutes" for the heaviest legitimate run.
DEFAULT_MAX_SECONDS = 300.0
#: Default memory limit (bytes): the issue's 4 GB.
DEFAULT_MAX_MEMORY = 4 * 2**30
#: Below this address-space size (bytes) ``RLIMIT_AS`` is not set: numpy, OpenBLAS threads and the
#: interpreter reserve (not use) a few hundred MB, and a tighter limit would fail for no reason.
MIN_ADDRESS_SPACE = 512 * 2**20

T = TypeVar("T")


class WorkLimitError(UsageError):
    """The work would exceed, or exceeded, ``--max-seconds`` or ``--max-memory`` (exit 2)."""


@dataclass(frozen=True)
class Limits:
    """The limits of one run: wall-clock seconds and memory in bytes (``None``: no limit)."""

    max_seconds: float | None = DEFAULT_MAX_SECONDS
    max_memory: int | None = DEFAULT_MAX_MEMORY

    @classmethod
    def parse(cls, max_seconds: float | None, max_memory: str | int | None) -> Limits:
        """Limits from the options (``0`` or ``None``: no limit; memory as ``4G``, ``512M``, bytes)."""
        if max_seconds is not None and (not math.isfinite(max_seconds) or max_seconds < 0):
            raise UsageError(f"--max-seconds: {max_seconds:g} is not a number of seconds ≥ 0")
        memory = parse_memory(max_memory)
        return cls(max_seconds or None, memory or None)

    def seconds_text(self) -> str:
        """``--max-seconds 300 s`` as a user reads it."""
        return f"--max-seconds {self.max_seconds:g} s" if self.max_seconds else "no time limit"

    def memory_text(self) -> str:
        """``--max-memory 4.0 GB`` as a user reads it."""
        return (
            f"--max-memory {size_text(self.max_memory)}" if self.max_memory else "no memory limit"
        )


_UNITS = {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def parse_memory(text: str | int | None) -> int:
    """Bytes in ``"4G"``, ``"512M"``, ``"1.5g"``, ``"100000"`` (``0``/``none``/``off``: 0, no limit).

    >>> parse_memory("512M"), parse_memory("1.5G"), parse_memory("none")
    (536870912, 1610612736, 0)
    """
    if text is None:
        return 0
    if isinstance(text, int):
        return max(0, text)
    t = text.strip().lower()
    if t in ("", "0", "none", "off", "unlimited"):
        return 0
    m = re.fullmatch(r"(\d+(?:\.\d*)?)\s*([kmgt]?)(?:i?b)?", t)
    if not m:
        raise UsageError(f"--max-memory: '{text}' is not a size (e.g. 4G, 512M)")
    value = float(m.group(1)) * _UNITS[m.group(2)]
    if not math.isfinite(value) or value > 2**62:
        raise UsageError(f"--max-memory: '{text}' is too large")
    return int(value)


def size_text(n: float | None) -> str:
    """``1.5 GB``, ``300 MB``, ``12 KB`` (binary units)."""
    if n is None:
        return "unlimited"
    for unit, size in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


@dataclass(frozen=True)
class Cost:
    """A prediction of one piece of work, made before it starts.

    Attributes
    ----------
    what : str
        The work, as a user reads it ("100,000,000 Monte Carlo samples of the median forecast").
    seconds : float
        Predicted seconds (CPU seconds on one core of the project's test machine).
    memory : float
        Predicted peak memory beyond the interpreter's own, in bytes.
    advice : str
        What to change so that it fits (a sentence), used when it does not.
    """

    what: str
    seconds: float
    memory: float = 0.0
    advice: str = ""


def check(cost: Cost, limits: Limits) -> None:
    """Refuse ``cost`` (:class:`WorkLimitError`, exit 2) when it is over a limit; else return.

    >>> check(Cost("x", seconds=1.0, memory=2**40), Limits(None, 2**30))
    Traceback (most recent call last):
    ...
    coalitionist.cli.limits.WorkLimitError: x would need about 1.0 TB of memory, over --max-memory 1.0 GB.
    """
    over: list[str] = []
    if limits.max_seconds is not None and cost.seconds > limits.max_seconds:
        over.append(f"would take about {duration_text(cost.seconds)}, over {limits.seconds_text()}")
    if limits.max_memory is not None and cost.memory > limits.max_memory:
        over.append(
            f"would need about {size_text(cost.memory)} of memory, over {limits.memory_text()}"
        )
    if over:
        advice = f" {cost.advice}" if cost.advice else ""
        raise WorkLimitError(f"{cost.what} {' and '.join(over)}.{advice}")


def fits(cost: Cost, limits: Limits) -> bool:
    """Whether ``cost`` is within ``limits``."""
    try:
        check(cost, limits)
    except WorkLimitError:
        return False
    return True


def most_within(per_unit_seconds: float, per_unit_memory: float, limits: Limits) -> int:
    """The largest count of units (samples, draws) whose predicted cost fits ``limits`` (at least 1)."""
    bounds = []
    if limits.max_seconds is not None and per_unit_seconds > 0:
        bounds.append(limits.max_seconds / per_unit_seconds)
    if limits.max_memory is not None and per_unit_memory > 0:
        bounds.append(limits.max_memory / per_unit_memory)
    return max(1, int(min(bounds))) if bounds else sys.maxsize


class _Overtime(BaseException):
    """Raised by the wall-clock timer inside :func:`bounded` (a BaseException: no ``except Exception``
    in the analyses swallows it)."""


def _address_space() -> int | None:
    """The process's current virtual size in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@contextmanager
def bounded(limits: Limits, what: str) -> Iterator[None]:
    """Run the body within ``limits``; over a limit it stops with :class:`WorkLimitError` (exit 2).

    The wall-clock limit is a ``SIGALRM`` timer (main thread only; elsewhere it is not set). The memory
    limit is the soft ``RLIMIT_AS`` set to the current address space plus ``max_memory`` (what the work
    may add), only when the hard limit allows it; Python and numpy then fail an allocation over it with
    ``MemoryError``, which is reported as the limit. Both are restored on the way out. Nothing that starts
    another program (Chromium for PDF) may run inside: its own address-space reservations would fail.

    Examples
    --------
    >>> with bounded(Limits(max_seconds=5, max_memory=None), "a quick sum"):
    ...     total = sum(range(10))
    >>> total
    45
    """
    timer = (
        limits.max_seconds is not None
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
    )
    old_handler: Any = None
    started = time.monotonic()
    old_rlimit = _set_memory_limit(limits.max_memory)

    def _alarm(signum: int, frame: object) -> None:
        raise _Overtime()

    if timer:
        assert limits.max_seconds is not None
        old_handler = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.max_seconds)
    try:
        yield
    except _Overtime:
        raise WorkLimitError(
            f"{what} was stopped after {duration_text(time.monotonic() - started)}"
            f" ({limits.seconds_text()}); nothing was written. Raise --max-seconds, or ask for less"
            " work (fewer samples, fewer actors or issues)."
        ) from None
    except MemoryError:
        raise WorkLimitError(
            f"{what} ran out of memory ({limits.memory_text()}); nothing was written. Raise"
            " --max-memory, or ask for less work (fewer samples, fewer actors or issues)."
        ) from None
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler or signal.SIG_DFL)
        _restore_memory_limit(old_rlimit)


def _set_memory_limit(max_memory: int | None) -> tuple[int, int] | None:
    """Lower the soft ``RLIMIT_AS`` to the current size + ``max_memory``; the old limits, or ``None``."""
    if max_memory is None or os.environ.get("COALITIONIST_NO_RLIMIT"):
        return None
    try:
        import resource
    except ImportError:  # not POSIX
        return None
    now = _address_space()
    if now is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = now + max(max_memory, MIN_ADDRESS_SPACE)
    if hard != resource.RLIM_INFINITY and want > hard:
        want = hard
    if soft != resource.RLIM_INFINITY and soft <= want:
        return None  # already as tight
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        return None
    return soft, hard


def _restore_memory_limit(old: tuple[int, int] | None) -> None:
    if old is None:
        return
    import resource

    with suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, old)


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and the CPU seconds it took (the process's, children excluded)."""
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


MaxSecondsOption = Annotated[
    float,
    typer.Option(
        "--max-seconds",
        metavar="S",
        help="How long you will wait, in seconds of the clock (0: no limit). Work predicted to need more"
        " than S seconds of CPU is refused before it starts; work that starts is stopped (exit 2,"
        " nothing written) after S seconds of wall time, which on a busy machine can come before S"
        f" seconds of CPU. Default {DEFAULT_MAX_SECONDS:g}.",
    ),
]
MaxMemoryOption = Annotated[
    str,
    typer.Option(
        "--max-memory",
        metavar="SIZE",
        help="Stop (exit 2, nothing written) when the work would need, or needs, more memory than"
        f" SIZE (4G, 512M; 0: no limit). Default {size_text(DEFAULT_MAX_MEMORY)}.",
    ),
]
DEFAULT_MEMORY_OPTION = "4G"

__all__ = [
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_MAX_SECONDS",
    "Cost",
    "Limits",
    "MaxMemoryOption",
    "MaxSecondsOption",
    "WorkLimitError",
    "bounded",
    "check",
    "duration_text",
    "fits",
    "most_within",
    "parse_memory",
    "size_text",
    "timed",
]


# --- cost models of the heavy commands (calibrated on the project's 2-core test machine, CPU seconds) ---


# The forecast models' cost constants (SMP_PER_CUBE, BDM_PER_SQUARE, ...) live with the brief's methods by
# size, which choose by them: coalitionist.analyses.scale.forecast_seconds.
def forecast_cost(model: str, actors: int, issues: int) -> Cost:
    """Predicted cost of one point forecast with ``model`` on ``actors`` × ``issues``.

    >>> round(forecast_cost("smp", 200, 2).seconds)
    6
    >>> forecast_cost("median", 2000, 2).seconds < 1
    True
    """
    n, d = max(1, actors), max(1, issues)
    seconds = forecast_seconds(model, actors, issues)
    if model == "smp":
        memory = 8.0 * n * n * d * 6  # pairwise tables per issue, a few at a time
        what = (
            f"KTAB's SMP forecast of {actors:,} actors on {issues:,} issues"
            f" (about {SMP_EXPECTED_TURNS} turns of {actors:,}² × {actors:,} comparisons)"
        )
        advice = (
            "Use --model median or --model bdm, which scale as actors (or actors²), not actors³."
        )
    elif model == "bdm":
        memory = 8.0 * n * n * d * 6
        what = f"the BDM forecast of {actors:,} actors on {issues:,} issues ({BDM_ROUNDS} rounds)"
        advice = "Use --model median, which scales with the number of actors."
    else:
        memory = 8.0 * n * d * 8
        what = f"the weighted {model} forecast of {actors:,} actors on {issues:,} issues"
        advice = ""
    return Cost(what, seconds, memory, advice)


def monte_carlo_cost(
    what: str,
    samples: int,
    per_sample_seconds: float,
    per_sample_memory: float,
    limits: Limits | None = None,
) -> Cost:
    """``samples`` runs of ``per_sample_seconds`` each, keeping ``per_sample_memory`` bytes per run.

    The advice names the largest count that fits ``limits`` (default: the default limits) and the
    diminishing return of more samples (the error of a quantile falls as 1/√samples).
    """
    most = most_within(per_sample_seconds, per_sample_memory, limits or Limits())
    advice = (
        f"At most about {min(most, samples):,} samples fit the limits"
        f" ({duration_text(per_sample_seconds)} and {size_text(per_sample_memory)} each);"
        " 2,000 samples give the 10-90 % band to about ±2 %."
    )
    return Cost(
        f"{samples:,} Monte Carlo samples of {what}",
        samples * per_sample_seconds,
        samples * per_sample_memory,
        advice,
    )


def forecast_mc_cost(
    model: str,
    actors: int,
    issues: int,
    samples: int,
    per_sample_seconds: float,
    limits: Limits | None = None,
) -> Cost:
    """``samples`` Monte Carlo runs of the ``model`` forecast, each ``per_sample_seconds`` (the point
    run's predicted or measured CPU time, at least 50 µs of sampling overhead), keeping each sample's
    inputs (capability, position and salience of every actor on every issue) and their ranks.

    >>> c = forecast_mc_cost("median", 10, 2, 100_000_000, 1e-4)
    >>> c.seconds > DEFAULT_MAX_SECONDS, c.memory > DEFAULT_MAX_MEMORY
    (True, True)
    """
    n, d = max(1, actors), max(1, issues)
    per_memory = 8.0 * (
        n * (1 + 2 * d) * 3 + d * 3
    )  # inputs, their ranks, a sort buffer; forecasts
    return monte_carlo_cost(
        f"the {model} forecast", samples, max(per_sample_seconds, 5e-5), per_memory, limits
    )


@dataclass(frozen=True)
class PowerChoice:
    """What ``coalitionist power`` runs after its cost check: the method and, if it changed, why."""

    method: str
    note: str = ""


#: ``power --method mc`` switches to exact when exact is cheaper and Monte Carlo would take longer than
#: this (seconds); below it the Monte Carlo asked for is run (and the note says exact is cheaper).
MC_SWITCH_SECONDS = 2.0


def power_choice(
    rule: Any, method: str, *, exact: bool, epsilon: float, delta: float, limits: Limits
) -> PowerChoice:
    """Check the power computation against ``limits`` with the power engine's own cost model.

    Monte Carlo to ``epsilon`` needs ``ln(2kn/δ)/(2ε²)`` samples per index; when an exact algorithm
    is cheaper and Monte Carlo would take over :data:`MC_SWITCH_SECONDS` (or over the limit), exact is
    used instead (it meets any accuracy) and the note says so; a quicker Monte Carlo is run as asked,
    with a note when exact is cheaper. Work over the limit is refused with the ``epsilon`` that would
    fit (or, for exact, the advice to sample).
    """
    from coalitionist.power.indices import choose_plan, compile_rule, monte_carlo_estimate
    from coalitionist.power.montecarlo import samples_needed
    from coalitionist.power.result import INDEX_NAMES

    want = frozenset(INDEX_NAMES)
    game = compile_rule(rule)
    n = game.n
    mc = monte_carlo_estimate(n, len(game.dims), want, epsilon, delta)
    plan, plans, _ = choose_plan(
        game, exact=exact, want=want, forced=True, epsilon=epsilon, delta=delta
    )
    cheapest = min(plans, key=lambda p: p.estimate.seconds, default=None)
    exact_cost = plan.estimate.seconds if plan is not None else math.inf
    samples = samples_needed(n, epsilon, delta, kinds=5)
    mc_cost = Cost(
        f"Monte Carlo power indices of {n:,} players to ±{epsilon:g}"
        f" (about {samples:,} samples per index)",
        mc.seconds,
        advice=f"A larger --epsilon fits: ±{epsilon * math.sqrt(mc.seconds / limits.max_seconds):.2g}."
        if limits.max_seconds
        else "",
    )
    if method == "monte_carlo":
        slow = mc.seconds > MC_SWITCH_SECONDS or not fits(mc_cost, limits)
        if (
            plan is not None
            and exact_cost < mc.seconds
            and slow
            and not (limits.max_seconds is not None and exact_cost > limits.max_seconds)
        ):
            return PowerChoice(
                "exact",
                f"Monte Carlo to ±{epsilon:g} would need about {samples:,} samples per index"
                f" (about {duration_text(mc.seconds)}); the exact computation"
                f" ({duration_text(exact_cost)}) is cheaper, meets any accuracy and was used instead.",
            )
        if fits(mc_cost, limits):
            if exact_cost < mc.seconds and mc.seconds >= 0.1:
                return PowerChoice(
                    method,
                    f"Exact computation is cheaper here ({duration_text(exact_cost)} against"
                    f" about {duration_text(mc.seconds)} for Monte Carlo): use --method exact.",
                )
            return PowerChoice(method)
        check(mc_cost, limits)
    if method == "exact" or exact:
        if plan is not None:
            check(
                Cost(
                    f"the exact power indices of {n:,} players",
                    exact_cost,
                    advice="Use --method mc for estimates with a stated accuracy.",
                ),
                limits,
            )
        return PowerChoice(method)
    # auto: the engine takes exact within its budget, else Monte Carlo
    auto, _, _ = choose_plan(
        game, exact=exact, want=want, forced=False, epsilon=epsilon, delta=delta
    )
    if auto is None:
        check(mc_cost, limits)
    elif cheapest is not None:
        check(Cost(f"the exact power indices of {n:,} players", auto.estimate.seconds), limits)
    return PowerChoice(method)


# The trades cost model (its constants and their fit) is coalitionist.analyses.scale.trades_seconds: one
# model for the brief's method choice and the trades command's check.


def trades_cost(actors: int, issues: int, options: int, package_space: int) -> Cost:
    """Predicted cost of ``coalitionist trades`` (and the brief's joint-gain section).

    >>> trades_cost(10, 50, 11, 11**50).seconds < 10
    True
    >>> trades_cost(2000, 2, 11, 121).seconds > DEFAULT_MAX_SECONDS
    True
    """
    pairs = actors * (actors - 1) // 2
    exact_groups = 3 <= actors <= 12 and package_space <= 10**15  # trades.SUBSET_EXACT_SPACE
    seconds = trades_seconds(actors, issues, options, groups=exact_groups)
    return Cost(
        f"the joint-gain analysis of {actors:,} actors on {issues:,} issues"
        f" ({pairs:,} pairs of actors, {package_space:.3g} packages)",
        seconds,
        memory=64.0 * pairs * issues * options,
        advice="Keep the actors who take part in the bargaining (the trade search is over every"
        " pair of actors), or merge actors with the same interests.",
    )


def scenario_trades_cost(scenario: Any) -> Cost:
    """:func:`trades_cost` of a scenario: its decision makers (the actors trades are searched among),
    issues and each issue's options (given, or the trades grid over the scale)."""
    from coalitionist.analyses.rule import decision_makers
    from coalitionist.analyses.trades import GRID_SIZE

    sizes = [
        len(s.option_values) if s.option_values is not None else GRID_SIZE for s in scenario.issues
    ]
    space = math.prod(sizes) if sizes else 1
    options = round(sum(sizes) / len(sizes)) if sizes else 1
    return trades_cost(len(decision_makers(scenario)), len(sizes), options, space)


def brief_cost(scenario: Any, robustness: int = 0) -> Cost:
    """Predicted cost of ``coalitionist analyze`` under the methods the brief picks for its size.

    The brief chooses each section's method from the scenario's size before it starts
    (:func:`coalitionist.analyses.scale.choose_methods`: SMP or a cheaper forecast, fewer draws of the
    vote, the trade search among the heaviest decision makers, a cap on the plan's candidates, the quick
    robustness check or not), so a large scenario answers with the methods stated instead of being
    refused; this is the sum of those sections' predicted costs. ``robustness`` draws of the full study
    re-run KTAB's SMP forecast and the plan each, whatever the size: that is what is refused with advice
    when it cannot fit, as is a brief whose cheapest methods still do not fit.
    """
    from coalitionist.analyses.scale import choose_methods

    n, d = len(scenario.actors), len(scenario.issues)
    plan = choose_methods(scenario)
    parts = [(name, s) for name, s in plan.parts if not (robustness and "robustness" in name)]
    memory = plan.memory
    if robustness and d and n >= 2:
        smp = forecast_cost("smp", n, d)
        parts.append(
            (f"{robustness:,} robustness draws (each re-runs {smp.what})", robustness * smp.seconds)
        )
        memory = max(memory, smp.memory)
    seconds = sum(s for _, s in parts)
    heavy = [f"{name} about {duration_text(s)}" for name, s in parts if s >= 1]
    switched = [m.section for m in plan.methods]
    return Cost(
        f"The brief of {n:,} actors on {d:,} issues" + (f" ({'; '.join(heavy)})" if heavy else ""),
        seconds,
        memory,
        advice=(
            "Ask for fewer --robustness draws, or check robustness with coalitionist sweep FILE -n 200"
            " -m median, which scales to thousands of actors."
            if robustness and parts and parts[-1][1] > 0.5 * seconds
            else (
                f"Its sections already run their methods for large scenarios ({', '.join(switched)});"
                if switched
                else ""
            )
            + " run the parts that scale on their own (coalitionist forecast -m median, coalitionist"
            " power), or keep the actors who take part in the decision."
        ).strip(),
    )


#: ``plan --samples``: seconds per evaluation sample and actor (0.45 ms a sample on the 15-actor Gulf
#: War example, 0.17 ms on the 7-actor clinic, CPU).
PLAN_SAMPLE_PER_ACTOR = 3e-5


def reference_cost(scenario: Any, model: str = "smp") -> Cost:
    """Predicted cost of the brief's forecast under the decision rule, which ``influence`` and
    ``coalitions`` measure against (by default KTAB's SMP on every actor; ``model``: the model chosen for
    the scenario's size, :func:`coalitionist.analyses.scale.choose_methods`)."""
    n, d = len(scenario.actors), len(scenario.issues)
    if not d or n < 2:
        return Cost("the reference forecast", 0.0)
    fc = forecast_cost(model, n, d)
    return Cost(
        f"The reference forecast ({fc.what})",
        fc.seconds,
        fc.memory,
        advice="It grows as actors³: keep the actors who take part in the decision, or run"
        " coalitionist power, whose methods scale to thousands of players."
        if model == "smp"
        else fc.advice,
    )


#: ``outcome --samples``: CPU seconds per Monte Carlo draw ≈ OUTCOME_PER_DRAW_SQUARE · actors² (each draw
#: re-runs the votes and every voter's pivotality), at least OUTCOME_PER_DRAW: the brief's cost model
#: (:data:`coalitionist.analyses.scale.OUTCOME_PER_DRAW_SQUARE`, 3e-8; measured 1.5 ms a draw at 300
#: actors, 15 ms at 1,000, 66 ms at 2,000, CPU, i.e. 1.5-1.7e-8 · n²).
OUTCOME_PER_DRAW_SQUARE = _scale.OUTCOME_PER_DRAW_SQUARE
OUTCOME_PER_DRAW = 3e-4
#: ``process --samples``: CPU seconds per lockout sample (:func:`coalitionist.analyses.scale.lockout_seconds`).
PROCESS_PER_SAMPLE_SQUARE = _scale.LOCKOUT_PER_SAMPLE_SQUARE
PROCESS_PER_SAMPLE = _scale.LOCKOUT_PER_SAMPLE


def _sampled_cost(
    scenario: Any,
    samples: int,
    what: str,
    per_square: float,
    floor: float,
    limits: Limits | None,
    model: str | None = "smp",
    base: tuple[str, float] | None = None,
) -> Cost:
    """The reference forecast by ``model`` (:func:`reference_cost`; None: no forecast is run, the file or
    the command gives the proposal), the ``base`` work (named, seconds), plus ``samples`` draws of
    ``per_square`` · n²."""
    n = len(scenario.actors)
    ref = reference_cost(scenario, model) if model is not None else Cost("no forecast", 0.0)
    per = max(floor, per_square * n * n)
    per_memory = 8.0 * n * 4  # each draw's votes, gains, pivotality and shares
    parts = [(ref.what, ref.seconds), *([base] if base is not None else [])]
    advice = [ref.advice] if ref.seconds >= 1 and ref.advice else []
    if samples:
        draws = monte_carlo_cost(what, samples, per, per_memory, limits)
        parts.append((draws.what, draws.seconds))
        if draws.seconds >= 1:
            advice.insert(0, draws.advice.replace("samples fit", "--samples fit"))
    heavy = [f"{w} about {duration_text(s)}" for w, s in parts if s >= 1]
    return Cost(
        f"The {what} of {n:,} actors" + (f" ({'; '.join(heavy)})" if heavy else ""),
        sum(s for _, s in parts),
        max(ref.memory, samples * per_memory),
        " ".join(advice),
    )


def outcome_cost(
    scenario: Any, samples: int, limits: Limits | None = None, *, model: str | None = "smp"
) -> Cost:
    """Predicted cost of ``coalitionist outcome``: the forecast under the rule by ``model`` (None: the
    proposal is given, no forecast runs), then ``samples`` draws of the vote (the pass probability).

    >>> from types import SimpleNamespace as NS
    >>> big = NS(actors=[None] * 300, issues=[None] * 2)
    >>> 15 < outcome_cost(big, 0).seconds < 25  # the reference forecast alone (19 s measured)
    True
    >>> round(outcome_cost(big, 10_000).seconds - outcome_cost(big, 0).seconds)  # 10,000 × 2.7 ms
    27
    >>> outcome_cost(big, 0, model=None).seconds
    0.0
    """
    return _sampled_cost(
        scenario,
        samples,
        "outcome analysis",
        OUTCOME_PER_DRAW_SQUARE,
        OUTCOME_PER_DRAW,
        limits,
        model,
    )


#: ``process``: CPU seconds of the package search, the recruitment plan and the meetings ≈
#: PROCESS_BASE_PER_PAIR · actors · planned candidates (measured without lockout samples: 3.6 s at 500
#: actors, 22 s at 1,000, 36 s at 2,000 with the plan capped at 1,000 candidates, i.e. 1.4-2.2e-5).
PROCESS_BASE_PER_PAIR = 2.5e-5


def process_cost(
    scenario: Any,
    samples: int,
    limits: Limits | None = None,
    *,
    model: str | None = "smp",
    candidates: int | None = None,
) -> Cost:
    """Predicted cost of ``coalitionist process``: the brief's forecast by ``model`` (what happens if
    nothing changes; None: the file gives the proposal), the package search and the recruitment plan
    among at most ``candidates`` (None: every other actor), then ``samples`` lockout-risk samples.

    >>> from types import SimpleNamespace as NS
    >>> big = NS(actors=[None] * 2000, issues=[None] * 2)
    >>> process_cost(big, 2000).seconds > DEFAULT_MAX_SECONDS  # SMP, and 2,000 samples of 0.1 s
    True
    >>> process_cost(big, 300, model="bdm", candidates=1000).seconds < DEFAULT_MAX_SECONDS
    True
    """
    n = len(scenario.actors)
    planned = max(0, n - 1) if candidates is None else min(candidates, max(0, n - 1))
    return _sampled_cost(
        scenario,
        samples,
        "process analysis",
        PROCESS_PER_SAMPLE_SQUARE,
        PROCESS_PER_SAMPLE,
        limits,
        model,
        base=(
            f"the package search and the plan among {planned:,} candidates",
            PROCESS_BASE_PER_PAIR * n * planned,
        ),
    )
