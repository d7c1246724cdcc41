"""The scenario's ordinal words and how a value resolves to a number (no NumPy: loading a file stays fast).

:mod:`coalitionist.scenario.compile` re-exports both names; they live here so that validating a file
(:mod:`coalitionist.scenario.checks`) does not import NumPy (issue 12, point 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coalitionist.scenario.model import Issue, Scenario
from coalitionist.scenario.values import (
    BUILTIN_LEVELS,
    BUILTIN_STANCES,
    Uncertain,
    Word,
    normalise_word,
)

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class WordTable:
    """The scenario's own ordinal words, normalised (``word`` and ``scale.word``)."""

    words: dict[str, float]
    ambiguous: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, scenario: Scenario) -> WordTable:
        """Collect the words of ``scenario.scales``."""
        words: dict[str, float] = {}
        seen: dict[str, list[tuple[str, float]]] = {}
        for scale, table in scenario.scales.items():
            for word, number in table.items():
                w = normalise_word(word)
                words[f"{normalise_word(scale)}.{w}"] = float(number)
                seen.setdefault(w, []).append((scale, float(number)))
        ambiguous: dict[str, tuple[str, ...]] = {}
        for w, uses in seen.items():
            if len({n for _, n in uses}) == 1:
                words[w] = uses[0][1]
            else:
                ambiguous[w] = tuple(s for s, _ in uses)
        return cls(words, ambiguous)

    def lookup(self, word: str, kind: str, issue: Issue | None, salience_scale: float) -> float:
        """Resolve one word for a field of the given kind.

        ``kind`` is ``position`` (built-in stances are shares of the issue's scale), ``salience``
        (built-in levels times ``salience_scale``), or ``level`` (built-in levels as they are).

        Raises
        ------
        KeyError
            With a message saying which words would be understood.
        """
        w = normalise_word(word)
        if w in self.words:
            return self.words[w]
        scale_name, _, bare = w.rpartition(".")
        if scale_name in ("stance", "level") and bare:
            builtin = BUILTIN_STANCES if scale_name == "stance" else BUILTIN_LEVELS
            if bare in builtin:
                if kind == "position" and issue is not None:
                    lo, hi = issue.scale
                    return lo + builtin[bare] * (hi - lo)
                if scale_name == "level":
                    return builtin[bare] * (salience_scale if kind == "salience" else 1.0)
        if w in self.ambiguous:
            scales = ", ".join(self.ambiguous[w])
            raise KeyError(
                f"'{word}' means different numbers in scales {scales}: write it as scale.word"
            )
        if (
            kind == "position"
            and issue is not None
            and (w in BUILTIN_STANCES or w in BUILTIN_LEVELS)
        ):
            lo, hi = issue.scale
            share = BUILTIN_STANCES[w] if w in BUILTIN_STANCES else BUILTIN_LEVELS[w]
            return lo + share * (hi - lo)
        if w in BUILTIN_LEVELS:
            return BUILTIN_LEVELS[w] * (salience_scale if kind == "salience" else 1.0)
        known = sorted(BUILTIN_STANCES if kind == "position" else BUILTIN_LEVELS)
        own = sorted(k for k in self.words if "." not in k)
        raise KeyError(
            f"unknown word '{word}': define it under scales: or use a number"
            f" (built-in words here: {', '.join(known)}"
            + (f"; scales: {', '.join(own)}" if own else "")
            + ")"
        )


def resolve(
    value: float | Uncertain | Word,
    table: WordTable,
    kind: str = "level",
    *,
    issue: Issue | None = None,
    salience_scale: float = 1.0,
    rng: np.random.Generator | None = None,
) -> float:
    """The number a value stands for: a draw when ``rng`` is given, else the point estimate."""
    if isinstance(value, Word):
        return table.lookup(value, kind, issue, salience_scale)
    if isinstance(value, Uncertain):
        return float(value.sample(rng)) if rng is not None else value.point
    return float(value)


__all__ = ["WordTable", "resolve"]
