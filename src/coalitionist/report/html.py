"""The brief as one self-contained HTML file (inline CSS and SVG; no scripts, no network)."""

from __future__ import annotations

import base64
import re
from datetime import date

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from coalitionist import __version__
from coalitionist.brief import Brief


def svg_data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,…``: an SVG document as the ``src`` of an ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


#: A command the brief tells the reader to run, as the text and Markdown briefs write it: `coalitionist …` or
#: `--option …` between backticks (after escaping, so the span holds no markup of its own).
_COMMAND = re.compile(r"`((?:coalitionist |--)[^`<>&]*)`")


def prose(text: object) -> Markup:
    """A sentence of the brief as HTML: escaped, with the commands it quotes set as ``<code>``.

    Examples
    --------
    >>> str(prose("run `coalitionist analyze FILE --robustness 200` for <more>"))
    'run <code>coalitionist analyze FILE --robustness 200</code> for &lt;more&gt;'
    >>> str(prose("Bob`s `<b>` stays text"))
    'Bob`s `&lt;b&gt;` stays text'
    """
    return Markup(_COMMAND.sub(r"<code>\1</code>", str(escape(str(text)))))


_env = Environment(
    loader=PackageLoader("coalitionist.report", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["svg_data_uri"] = svg_data_uri
_env.filters["prose"] = prose


def render_html(brief: Brief, *, figures_as_images: bool = False) -> str:
    """Render the brief with ``templates/brief.html.j2``.

    The figures are inline ``<svg>`` elements (their text stays text, searchable and styled by the page);
    with ``figures_as_images`` each is an ``<img>`` whose ``src`` is the same SVG as a data URI. The PDF is
    printed from the latter: WeasyPrint then styles the figures' thousands of elements once, in its SVG
    renderer, instead of also cascading the page's CSS over each of them (about a fifth of the PDF's time
    on the Gulf War brief); the pages come out the same.
    """
    template = _env.get_template("brief.html.j2")
    return template.render(
        brief=brief,
        version=__version__,
        today=date.today().isoformat(),
        figures_as_images=figures_as_images,
    )
