"""One way to seed: what every stochastic entry point accepts as ``seed`` and how it becomes random numbers.

A ``seed`` is ``None`` (fresh entropy from the operating system), a non-negative ``int``, a
:class:`numpy.random.SeedSequence` or a :class:`numpy.random.Generator` (used as is, so a caller can thread one
stream through several calls). Anything else — a negative integer, a ``bool``, a float, a string — is refused
with :class:`~coalitionist.errors.InvalidArgumentError` naming the argument, before any work starts.

The :func:`seeded` decorator applies this to the named arguments of a function, as networkx's
``py_random_state`` / ``np_random_state`` decorators do [1]_: ``convert="rng"`` hands the function a
``Generator`` (:func:`as_rng`), ``convert="entropy"`` an ``int`` root entropy (:func:`as_entropy`, for code that
builds ``SeedSequence(entropy, spawn_key=(i,))`` streams per sample), and ``convert=None`` only checks.

An integer seed gives exactly the numbers it gave before this module existed: ``as_rng(s)`` is
``numpy.random.default_rng(s)`` and ``as_entropy(s)`` is ``s``.

References
----------
.. [1] networkx, ``networkx.utils.decorators.py_random_state``,
   https://networkx.org/documentation/stable/reference/randomness.html
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union

from coalitionist.errors import CoalitionistError, InvalidArgumentError

if TYPE_CHECKING:
    import numpy as np

    Seed = Union[int, "np.random.SeedSequence", "np.random.Generator", None]  # noqa: UP007
else:
    Seed = Any

__all__ = ["Seed", "as_entropy", "as_rng", "check_seed", "seeded"]

F = TypeVar("F", bound=Callable[..., Any])


def check_seed(seed: Any, name: str = "seed") -> Any:
    """``seed`` itself when it is a valid seed (module docstring); else :class:`InvalidArgumentError`.

    Examples
    --------
    >>> check_seed(7)
    7
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    coalitionist.errors.InvalidArgumentError: seed must be None, an integer ≥ 0, a numpy SeedSequence or a numpy Generator; got -1
    """
    if seed is None:
        return None
    if isinstance(seed, bool):
        pass
    elif isinstance(seed, int):
        if seed >= 0:
            return seed
    else:
        import numpy as np

        if isinstance(seed, np.integer) and int(seed) >= 0:
            return int(seed)
        if isinstance(seed, np.random.SeedSequence | np.random.Generator):
            return seed
    raise InvalidArgumentError(
        f"{name} must be None, an integer ≥ 0, a numpy SeedSequence or a numpy Generator;"
        f" got {seed!r}"
    )


def as_rng(seed: Seed, name: str = "seed") -> np.random.Generator:
    """A :class:`numpy.random.Generator` for ``seed``: ``default_rng(seed)``, or the generator itself.

    Examples
    --------
    >>> import numpy as np
    >>> float(as_rng(3).random()) == float(np.random.default_rng(3).random())
    True
    >>> g = np.random.default_rng(1)
    >>> as_rng(g) is g
    True
    """
    import numpy as np

    seed = check_seed(seed, name)
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def as_entropy(seed: Seed, name: str = "seed") -> int | None:
    """An integer root entropy for ``seed``: the integer itself; ``None`` stays ``None`` (fresh entropy
    where it is used); a ``SeedSequence``'s own entropy when it has no spawn key (else 63 bits of its
    state); 63 bits drawn from a ``Generator`` (which advances it).

    Examples
    --------
    >>> as_entropy(42)
    42
    >>> import numpy as np
    >>> as_entropy(np.random.SeedSequence(9))
    9
    """
    import numpy as np

    seed = check_seed(seed, name)
    if seed is None or isinstance(seed, int):
        return seed
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**63))
    if not seed.spawn_key and isinstance(seed.entropy, int):
        return int(seed.entropy)
    return int(seed.generate_state(1, np.uint64)[0] >> np.uint64(1))


def seeded(
    *names: str,
    convert: Literal["rng", "entropy"] | None = None,
    error: type[CoalitionistError] | None = None,
) -> Callable[[F], F]:
    """Decorate a function so that its seed arguments (default: ``seed``) are checked, and converted.

    ``error`` is the domain error a bad seed raises (default :class:`InvalidArgumentError`), for a package
    whose options already have their own error (e.g. power's ``InvalidPowerOptionError``).

    ``convert="rng"`` passes :func:`as_rng` of the argument, ``"entropy"`` :func:`as_entropy`, ``None`` the
    argument unchanged once checked. The argument may be given by position or by keyword; a default the
    caller leaves alone is the function's own and is passed unchanged.

    Examples
    --------
    >>> @seeded()
    ... def draw(n, *, seed=0):
    ...     return seed
    >>> draw(1, seed=5)
    5
    >>> draw(1, seed=-5)
    Traceback (most recent call last):
    ...
    coalitionist.errors.InvalidArgumentError: seed must be None, an integer ≥ 0, a numpy SeedSequence or a numpy Generator; got -5
    """
    keys = names or ("seed",)
    fix: Callable[[Any, str], Any] = {None: check_seed, "rng": as_rng, "entropy": as_entropy}[
        convert
    ]

    def decorate(fn: F) -> F:
        sig = inspect.signature(fn)
        missing = [k for k in keys if k not in sig.parameters]
        if missing:
            raise TypeError(f"{fn.__qualname__} has no parameter {', '.join(missing)}")

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = sig.bind(*args, **kwargs)
            for k in keys:
                if k in bound.arguments:
                    try:
                        bound.arguments[k] = fix(bound.arguments[k], k)
                    except InvalidArgumentError as exc:
                        if error is None:
                            raise
                        raise error(str(exc)) from None
            return fn(*bound.args, **bound.kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
