"""The analyses of one revision, computed by the library and cached per revision and options.

Nothing here computes a number: the brief comes from :func:`coalitionist.brief.make_brief` and
:func:`coalitionist.report.render`; each analysis page's JSON is the command line's ``--json`` shape, from
the same ``analyses`` bridge functions the CLI calls.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coalitionist.io.load import scenario_from_data
from coalitionist.scenario.model import Scenario
from coalitionist.web.models import CachedResult, Revision

#: The analysis pages: key → (title, the brief section shown, the CLI command whose --json shape is served).
ANALYSES: dict[str, tuple[str, str, str]] = {
    "power": ("Voting power", "power", "coalitionist power FILE --json"),
    "influence": ("Influence", "influence", "coalitionist influence FILE --json"),
    "forecast": ("Forecast", "forecast", "coalitionist forecast FILE --json"),
    "trades": ("Joint gain and trades", "trades", "coalitionist trades FILE --json"),
    "coalitions": ("Coalitions", "coalitions", "coalitionist coalitions FILE --json"),
    "plan": ("Recruitment plan", "plan", "coalitionist plan FILE --json"),
}


def scenario_of(rev: Revision) -> Scenario:
    """The validated scenario stored in a revision."""
    return scenario_from_data(json.loads(rev.document), source=f"revision {rev.number}")


def _cached(db: Session, rev: Revision, kind: str, options: str) -> CachedResult | None:
    return db.scalar(
        select(CachedResult).where(
            CachedResult.revision_id == rev.id,
            CachedResult.kind == kind,
            CachedResult.options == options,
        )
    )


def cached(
    db: Session,
    rev: Revision,
    kind: str,
    compute: Callable[[], bytes],
    *,
    options: str = "",
    media_type: str = "application/json",
) -> bytes:
    """The stored result of ``kind`` for this revision and options, computing and storing it once."""
    hit = _cached(db, rev, kind, options)
    if hit is not None:
        return hit.content
    content = compute()
    try:
        db.add(
            CachedResult(
                revision_id=rev.id,
                kind=kind,
                options=options,
                media_type=media_type,
                content=content,
            )
        )
        db.commit()
    except IntegrityError:  # computed at the same time by another request: keep theirs
        db.rollback()
    return content


def peek(db: Session, rev: Revision, kind: str, options: str = "") -> bytes | None:
    """The cached result if there is one (never computes)."""
    hit = _cached(db, rev, kind, options)
    return None if hit is None else hit.content


def brief_dict(db: Session, rev: Revision) -> dict[str, Any]:
    """The brief of the revision as plain data (``Brief.to_dict()``, figures included)."""

    def compute() -> bytes:
        from coalitionist.report import make_brief

        return json.dumps(make_brief(scenario_of(rev)).to_dict(), ensure_ascii=False).encode()

    return json.loads(cached(db, rev, "brief", compute))


def brief_file(db: Session, rev: Revision, fmt: str) -> bytes:
    """The brief rendered by :func:`coalitionist.report.render` (``pdf``, ``html``, ``markdown``, ``json``)."""

    def compute() -> bytes:
        from coalitionist.report import make_brief, render

        out = render(make_brief(scenario_of(rev)), fmt)
        return out if isinstance(out, bytes) else out.encode("utf-8")

    media = {"pdf": "application/pdf", "html": "text/html", "markdown": "text/markdown"}
    return cached(db, rev, f"brief.{fmt}", compute, media_type=media.get(fmt, "application/json"))


def analysis_json(scenario: Scenario, key: str, options: dict[str, Any]) -> dict[str, Any]:
    """The ``--json`` object of the CLI command behind analysis ``key``, from the same bridge functions."""
    if key == "power":
        from coalitionist.analyses.power import run_power

        return run_power(scenario, method="auto", seed=int(options.get("seed", 0))).to_dict()
    if key == "influence":
        from coalitionist.analyses.influence import standalone_influence

        return standalone_influence(scenario).to_dict()
    if key == "forecast":
        from coalitionist.analyses.forecast import (
            DEFAULT_MODEL,
            forecast_dict,
            run_forecast,
            run_monte_carlo,
        )

        model = str(options.get("model") or DEFAULT_MODEL)
        seed = int(options.get("seed", 0))
        samples = int(options.get("samples", 0))
        result = run_forecast(scenario, model, seed=seed)
        mc, noise = (None, False)
        if samples:
            # serial in the job's thread: progress after every chunk, so a cancel stops it promptly
            mc, noise = run_monte_carlo(
                scenario,
                model,
                samples,
                seed=seed,
                executor="serial",
                progress=options.get("progress"),
            )
        return forecast_dict(result, mc, noise)
    if key == "trades":
        from coalitionist.analyses.trades import run_trades, trades_dict

        return trades_dict(scenario, run_trades(scenario, seed=int(options.get("seed", 0))))
    if key == "coalitions":
        from coalitionist.analyses.coalitions import standalone_coalitions

        return standalone_coalitions(scenario, int(options.get("top", 5))).to_dict()
    if key == "plan":
        from coalitionist.analyses.strategy import evaluate, plan_dict, run_plan

        seed = int(options.get("seed", 0))
        samples = int(options.get("samples", 0))
        setup, plan = run_plan(scenario, seed=seed)
        evaluation = evaluate(setup, plan, samples, seed) if samples else None
        return plan_dict(setup, plan, evaluation)
    raise KeyError(key)


def options_key(options: dict[str, Any]) -> str:
    """A stable cache key for analysis options."""
    return json.dumps({k: v for k, v in sorted(options.items()) if k != "progress"}, sort_keys=True)


def cached_analysis(
    db: Session, rev: Revision, key: str, options: dict[str, Any]
) -> dict[str, Any]:
    """The analysis JSON for the revision, cached per options."""

    def compute() -> bytes:
        return json.dumps(
            analysis_json(scenario_of(rev), key, options), ensure_ascii=False
        ).encode()

    return json.loads(cached(db, rev, key, compute, options=options_key(options)))
