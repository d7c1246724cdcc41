"""The brief as one self-contained HTML file (inline CSS and SVG; no scripts, no network)."""

from __future__ import annotations

from datetime import date

from jinja2 import Environment, PackageLoader, select_autoescape

from coalitionist import __version__
from coalitionist.brief import Brief

_env = Environment(
    loader=PackageLoader("coalitionist.report", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(brief: Brief) -> str:
    """Render the brief with ``templates/brief.html.j2``."""
    template = _env.get_template("brief.html.j2")
    return template.render(brief=brief, version=__version__, today=date.today().isoformat())
