"""The brief as PDF, printed by WeasyPrint from the same HTML."""

from __future__ import annotations

from coalitionist.brief import Brief
from coalitionist.errors import UsageError
from coalitionist.report.html import render_html


def render_pdf(brief: Brief) -> bytes:
    """Render the HTML brief to PDF bytes (needs the ``report`` extra: WeasyPrint and Pango).

    The figures go in as ``<img>`` elements holding the same SVG (:func:`render_html`'s
    ``figures_as_images``), which WeasyPrint draws as vectors, text as text, as it draws inline SVG.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise UsageError(
            "PDF output needs WeasyPrint and its system libraries: pip install 'coalitionist[report]'"
            f" (and Pango, e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from None
    html = render_html(brief, figures_as_images=True)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
