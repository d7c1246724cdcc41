"""Values in a scenario file: plain numbers, uncertain numbers and ordinal words.

Any estimate in a scenario may be written three ways, so that one file drives both a point run and a Monte Carlo
run and can be written in the words practitioners use:

* a plain number: ``0.7``;
* an uncertain number: ``{dist: triangular, low: 0.5, mode: 0.7, high: 0.8}`` (also ``normal`` with ``mean``/``sd``
  and optional ``low``/``high`` truncation, ``beta`` with ``alpha``/``beta`` rescaled to ``[low, high]``
  (default ``[0, 1]``), and ``uniform`` with ``low``/``high``);
* an ordinal word: ``high``, ``support`` or ``stance.support``, looked up in the scenario's ``scales:`` table
  or in the built-in scales (:data:`BUILTIN_LEVELS`, :data:`BUILTIN_STANCES`).

Words are kept as words in the model (so a file is written back as the user wrote it) and turned into numbers
when the scenario is compiled into arrays.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

if (
    TYPE_CHECKING
):  # NumPy is imported where a value is sampled, so that loading a file does not pay for it
    import numpy as np

#: Built-in words for quantities on a 0..1 scale (salience, probabilities, weights). Salience words are
#: multiplied by the scenario's ``salience_scale``.
BUILTIN_LEVELS: dict[str, float] = {
    "none": 0.0,
    "very low": 0.1,
    "low": 0.25,
    "medium": 0.5,
    "moderate": 0.5,
    "high": 0.75,
    "very high": 0.9,
    "full": 1.0,
}

#: Built-in words for positions, as shares of the issue's scale (``oppose`` is its low end).
BUILTIN_STANCES: dict[str, float] = {
    "strongly oppose": 0.0,
    "oppose": 0.0,
    "lean against": 0.25,
    "neutral": 0.5,
    "undecided": 0.5,
    "lean for": 0.75,
    "support": 1.0,
    "strongly support": 1.0,
}


def normalise_word(word: str) -> str:
    """Fold case, underscores, hyphens and repeated spaces so ``Very_High`` equals ``very high``."""
    return " ".join(word.replace("_", " ").replace("-", " ").lower().split())


class Uncertain(BaseModel):
    """An uncertain number, given by a probability distribution.

    The point estimate (used by deterministic runs) is the distribution's mean, except for the triangular
    distribution, whose ``mode`` is the estimator's best guess and is used as given.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    dist: Literal["normal", "triangular", "beta", "uniform"]
    mean: float | None = None
    sd: float | None = None
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    alpha: float | None = None
    beta: float | None = None

    def model_post_init(self, __context: Any) -> None:
        """Check that the parameters fit the distribution."""
        need = {
            "normal": ("mean", "sd"),
            "triangular": ("low", "mode", "high"),
            "beta": ("alpha", "beta"),
            "uniform": ("low", "high"),
        }[self.dist]
        allowed = (
            set(need) | {"dist"} | ({"low", "high"} if self.dist in ("normal", "beta") else set())
        )
        given = {k for k, v in self.__dict__.items() if v is not None}
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.dist} distribution needs {', '.join(missing)}")
        extra = sorted(given - allowed)
        if extra:
            raise ValueError(f"a {self.dist} distribution takes no {', '.join(extra)}")
        for k in given - {"dist"}:
            if not math.isfinite(getattr(self, k)):
                raise ValueError(f"{k} must be a finite number")
        lo = self.low if self.low is not None else (0.0 if self.dist == "beta" else -math.inf)
        hi = self.high if self.high is not None else (1.0 if self.dist == "beta" else math.inf)
        if lo > hi:
            raise ValueError(f"low ({lo:g}) is above high ({hi:g})")
        if self.dist == "triangular" and not (lo <= (self.mode or 0.0) <= hi):
            raise ValueError(
                f"mode ({self.mode:g}) must lie between low ({lo:g}) and high ({hi:g})"
            )
        if self.dist == "normal" and (self.sd or 0.0) < 0:
            raise ValueError("sd must be ≥ 0")
        if self.dist == "beta" and ((self.alpha or 0.0) <= 0 or (self.beta or 0.0) <= 0):
            raise ValueError("alpha and beta must be > 0")

    @property
    def support(self) -> tuple[float, float]:
        """The smallest interval holding every value the distribution can take."""
        if self.dist == "beta":
            return (
                self.low if self.low is not None else 0.0,
                self.high if self.high is not None else 1.0,
            )
        lo = self.low if self.low is not None else -math.inf
        hi = self.high if self.high is not None else math.inf
        return (lo, hi)

    @property
    def point(self) -> float:
        """The point estimate used by deterministic analyses."""
        if self.dist == "normal":
            lo, hi = self.support
            return float(min(max(self.mean or 0.0, lo), hi))
        if self.dist == "triangular":
            return float(self.mode or 0.0)
        if self.dist == "uniform":
            return (float(self.low or 0.0) + float(self.high or 0.0)) / 2.0
        a, b = float(self.alpha or 1.0), float(self.beta or 1.0)
        lo, hi = self.support
        return lo + (hi - lo) * a / (a + b)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        """Draw from the distribution (truncated normals are clipped to their bounds)."""
        import numpy as np

        f = {k: float(v) for k, v in self.__dict__.items() if isinstance(v, int | float)}
        if self.dist == "normal":
            lo, hi = self.support
            return np.clip(rng.normal(f["mean"], f["sd"], size), lo, hi)
        if self.dist == "triangular":
            if f["low"] == f["high"]:
                return np.full(size, f["low"]) if size is not None else f["low"]
            return rng.triangular(f["low"], f["mode"], f["high"], size)
        if self.dist == "uniform":
            return rng.uniform(f["low"], f["high"], size)
        lo, hi = self.support
        return np.clip(lo + (hi - lo) * rng.beta(f["alpha"], f["beta"], size), lo, hi)


class Word(str):
    """An ordinal word standing for a number (resolved through ``scales:`` when the scenario is compiled)."""

    __slots__ = ()


def _to_value(value: Any) -> float | Uncertain | Word:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "number_type", "expected a number, a word or {dist: ...}, got true/false"
        )
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise PydanticCustomError("finite_number", "expected a finite number")
        return float(value)
    if isinstance(value, Uncertain):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            if not text:
                raise PydanticCustomError(
                    "number_type", "expected a number, not an empty string"
                ) from None
            return Word(text)
        if not math.isfinite(number):
            raise PydanticCustomError("finite_number", "expected a finite number")
        return number
    if isinstance(value, dict):
        if "dist" not in value:
            raise PydanticCustomError(
                "number_type",
                "a mapping here must be an uncertain value with 'dist' "
                "(normal, triangular, beta or uniform)",
            )
        try:
            return Uncertain.model_validate(value)
        except Exception as exc:  # pydantic.ValidationError: fold into one message at this field
            raise PydanticCustomError(
                "uncertain_value", "{msg}", {"msg": _first_message(exc)}
            ) from None
    raise PydanticCustomError(
        "number_type",
        "expected a number, a word or {example}, got {kind}",
        {"kind": type(value).__name__, "example": "{dist: ...}"},
    )


def _first_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for err in errors():
            loc = ".".join(str(x) for x in err.get("loc", ()))
            msg = str(err.get("msg", "")).removeprefix("Value error, ")
            parts.append(f"{loc}: {msg}" if loc else msg)
        return "; ".join(parts)
    return str(exc)


def _serialise(value: float | Uncertain | Word) -> Any:
    if isinstance(value, Uncertain):
        return value.model_dump(exclude_none=True)
    if isinstance(value, Word):
        return str(value)
    return value


_VALUE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "description": "an ordinal word from `scales:` or the built-in scales"},
        {
            "type": "object",
            "description": "an uncertain value",
            "properties": {
                "dist": {"enum": ["normal", "triangular", "beta", "uniform"]},
                "mean": {"type": "number"},
                "sd": {"type": "number"},
                "low": {"type": "number"},
                "mode": {"type": "number"},
                "high": {"type": "number"},
                "alpha": {"type": "number"},
                "beta": {"type": "number"},
            },
            "required": ["dist"],
            "additionalProperties": False,
        },
    ]
}

#: A field that takes a number, an uncertain number or an ordinal word.
Value = Annotated[
    float | Uncertain | Word,
    PlainValidator(_to_value),
    PlainSerializer(_serialise),
    WithJsonSchema(_VALUE_SCHEMA),
]


def point_value(value: float | Uncertain | Word, words: dict[str, float] | None = None) -> float:
    """The point estimate of a value; words are looked up in ``words`` (already normalised keys)."""
    if isinstance(value, Uncertain):
        return value.point
    if isinstance(value, Word):
        if words is None or normalise_word(value) not in words:
            raise KeyError(str(value))
        return words[normalise_word(value)]
    return float(value)


def value_bounds(value: float | Uncertain | Word) -> tuple[float, float] | None:
    """The range a value can take (``None`` for words, which are checked once resolved)."""
    if isinstance(value, Uncertain):
        return value.support
    if isinstance(value, Word):
        return None
    return (float(value), float(value))
