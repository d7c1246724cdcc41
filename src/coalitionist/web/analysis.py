"""The analyses of one revision, computed by the library and cached per revision and options.

Nothing here computes a number: the brief comes from :func:`coalitionist.brief.make_brief` and
:func:`coalitionist.report.render`; each analysis page's JSON is the command line's ``--json`` shape, from
the same ``analyses`` bridge functions the CLI calls.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coalitionist.errors import CoalitionistError
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


def has(db: Session, rev: Revision, kind: str, options: str = "") -> bool:
    """Whether a result is cached (without reading it)."""
    return bool(
        db.scalar(
            select(
                exists().where(
                    CachedResult.revision_id == rev.id,
                    CachedResult.kind == kind,
                    CachedResult.options == options,
                )
            )
        )
    )


def keep(
    db: Session,
    rev: Revision,
    kind: str,
    content: bytes,
    *,
    options: str = "",
    media_type: str = "application/json",
) -> None:
    """Store a computed result (a concurrent identical one already stored wins)."""
    cached(db, rev, kind, lambda: content, options=options, media_type=media_type)


class Pages:
    """Rendered pages (HTML fragments) of revisions, in memory, least recently used dropped first.

    A revision never changes, so a page rendered for (revision, variant) stays right; the key carries the
    revision's row id and creation time so that a row id reused after a deletion is never mistaken for the
    old one. The database keeps a copy (kind ``page.…``) for other processes and restarts.
    """

    def __init__(self, max_bytes: int = 64 * 2**20) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(rev: Revision, kind: str, variant: str) -> tuple[Any, ...]:
        """The cache key of a rendered page."""
        return (rev.id, rev.scenario_id, rev.number, str(rev.created_at), kind, variant)

    def get(self, db: Session, rev: Revision, kind: str, variant: str) -> str | None:
        """The page if rendered before (memory first, then the database)."""
        k = self.key(rev, kind, variant)
        with self._lock:
            hit = self._items.get(k)
            if hit is not None:
                self._items.move_to_end(k)
                return hit
        stored = peek(db, rev, kind, variant)
        if stored is None:
            return None
        text = stored.decode("utf-8")
        self._remember(k, text)
        return text

    def put(self, db: Session, rev: Revision, kind: str, variant: str, text: str) -> None:
        """Keep a rendered page."""
        keep(db, rev, kind, text.encode("utf-8"), options=variant, media_type="text/html")
        self._remember(self.key(rev, kind, variant), text)

    def _remember(self, k: tuple[Any, ...], text: str) -> None:
        with self._lock:
            if k in self._items:
                return
            self._items[k] = text
            self._size += len(text)
            while self._size > self.max_bytes and len(self._items) > 1:
                _, old = self._items.popitem(last=False)
                self._size -= len(old)


#: What the brief job stores, in order, after the brief itself: the downloads (``render`` formats).
BRIEF_FILES = ("json", "html", "markdown", "pdf")


def brief_steps() -> int:
    """Steps of the brief job: the analyses with their figures, then each download format."""
    return 1 + len(BRIEF_FILES)


def compute_brief(
    db: Session,
    rev: Revision,
    progress: Callable[[int, int], None],
    step: Callable[[str], None] = lambda _s: None,
    checkpoint: Callable[[str], None] | None = None,
) -> None:
    """The brief job: run :func:`coalitionist.report.make_brief` once and store the brief (its
    ``to_dict()``) and every download (``render`` in each of :data:`BRIEF_FILES`) for the revision.

    ``progress(done, total)`` before the analyses and after each step; ``checkpoint`` is passed to
    ``make_brief``, which calls it before each analysis, between robustness draws and before each figure.
    An exception from either (the job cancelled) stops the work there: nothing is stored before the brief
    is complete, and a download already stored is kept.
    """
    from coalitionist.report import make_brief, render

    total = brief_steps()
    progress(0, total)
    step("running the analyses and drawing the figures")
    brief = make_brief(scenario_of(rev), checkpoint=checkpoint)
    keep(db, rev, "brief", json.dumps(brief.to_dict(), ensure_ascii=False).encode())
    progress(1, total)
    for k, fmt in enumerate(BRIEF_FILES):
        if not has(db, rev, f"brief.{fmt}"):
            step("drawing the PDF" if fmt == "pdf" else f"writing the {fmt} download")
            out = render(brief, fmt)
            keep(
                db,
                rev,
                f"brief.{fmt}",
                out if isinstance(out, bytes) else out.encode("utf-8"),
                media_type=MEDIA.get(fmt, "application/json"),
            )
        progress(2 + k, total)


MEDIA = {"pdf": "application/pdf", "html": "text/html", "markdown": "text/markdown"}


def brief_dict(db: Session, rev: Revision) -> dict[str, Any] | None:
    """The brief of the revision as plain data (``Brief.to_dict()``, figures included), if computed (the
    brief job computes it: :func:`compute_brief`)."""
    data = peek(db, rev, "brief")
    return None if data is None else json.loads(data)


def brief_file(db: Session, rev: Revision, fmt: str) -> bytes | None:
    """The brief rendered by :func:`coalitionist.report.render` (``pdf``, ``html``, ``markdown``,
    ``json``), if the brief job has stored it."""
    return peek(db, rev, f"brief.{fmt}")


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
        out = forecast_dict(result, mc, noise)
        try:  # the forecast as the decision rule can produce it, as `coalitionist forecast --json` has it
            from coalitionist.analyses.outcome import forecast_under_rule

            out["under_rule"] = forecast_under_rule(
                scenario, model, seed=seed, result=result
            ).to_dict()
        except CoalitionistError:
            pass  # (no rule to apply: the command line leaves the key out too)
        return out
    if key == "trades":
        from coalitionist.analyses.trades import brief_no_deal, run_trades, trades_dict

        point = brief_no_deal(scenario)  # the brief's one forecast, as in the brief
        traded = run_trades(scenario, seed=int(options.get("seed", 0)), no_deal=point)
        return {**trades_dict(scenario, traded), "no_deal_point": point}
    if key == "coalitions":
        from coalitionist.analyses.coalitions import standalone_coalitions

        return standalone_coalitions(scenario, int(options.get("top", 5))).to_dict()
    if key == "plan":
        from coalitionist.analyses.strategy import evaluate, plan_dict, run_plan

        seed = int(options.get("seed", 0))
        samples = int(options.get("samples", 0))
        setup, plan = run_plan(scenario, seed=seed)
        # on the sample engine in the job's thread, reporting after every chunk: the job's progress bar
        # moves and a cancel stops the run mid-way (the reporter raises at the next chunk)
        evaluation = (
            evaluate(setup, plan, samples, seed, progress=options.get("progress"))
            if samples
            else None
        )
        return plan_dict(setup, plan, evaluation)
    raise KeyError(key)


def options_key(options: dict[str, Any]) -> str:
    """A stable cache key for analysis options."""
    return json.dumps({k: v for k, v in sorted(options.items()) if k != "progress"}, sort_keys=True)
