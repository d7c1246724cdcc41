"""The workbench: a web face of coalitionist for teams (``coalitionist serve``).

A FastAPI application, server-rendered with Jinja2 and htmx, with a Cytoscape.js influence map. Like the
command line it is a face only: every number comes from the library (``coalitionist.io``,
``coalitionist.brief.make_brief``, ``coalitionist.report.render`` and the ``analyses`` bridges). It stores
scenarios as immutable revisions in SQLite (default) or PostgreSQL, through SQLAlchemy and Alembic.

Install with ``pip install 'coalitionist[web]'``; see ``docs/howto/workbench.md``.
"""

from __future__ import annotations

from coalitionist.web.config import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """The ASGI application (imported lazily so ``coalitionist.web.config`` stays light)."""
    from coalitionist.web.app import create_app as _create

    return _create(settings)
