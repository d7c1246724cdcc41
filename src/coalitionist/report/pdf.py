"""The brief as PDF, printed by WeasyPrint from the same HTML."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from coalitionist.brief import Brief
from coalitionist.errors import UsageError
from coalitionist.report.html import render_html
from coalitionist.report.pdf_svg import simplify_for_pdf


def pdf_brief(brief: Brief) -> Brief:
    """The brief with each figure's SVG as the PDF draws it (:func:`simplify_for_pdf`: the same drawing in
    fewer, plainer nodes)."""
    sections = tuple(
        dataclasses.replace(
            s,
            figures=tuple(dataclasses.replace(f, svg=simplify_for_pdf(f.svg)) for f in s.figures),
        )
        if s.figures
        else s
        for s in brief.sections
    )
    return dataclasses.replace(brief, sections=sections)


#: ``ldconfig -p``'s ABI tag for this machine, as :mod:`ctypes.util` reads it (``_findSoname_ldconfig``).
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def _ldconfig_listing() -> bytes | None:
    """``/sbin/ldconfig -p`` (the shared-library cache), or None where there is none."""
    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        ).stdout
    except OSError:
        return None


@contextlib.contextmanager
def _libraries_from_one_listing() -> Iterator[None]:
    """While WeasyPrint is first imported (Linux): :func:`ctypes.util.find_library` answered from one
    ``ldconfig -p`` listing.

    WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through ``cffi``, trying up to six names for
    each; ``cffi`` asks ``find_library`` about every name, and on Linux each question runs ``ldconfig -p``
    and, for the names that are not there (most of them: Windows and macOS names), ``gcc`` and ``ld`` too —
    38 child processes, about 0.25 s of CPU, a twentieth of the PDF brief. Here each question is the same
    search of the same listing (the regular expression of ``ctypes.util._findSoname_ldconfig``), and a name
    the listing lacks is answered None at once, without ``gcc`` and ``ld``: WeasyPrint then tries its next
    name and, last, the plain soname (``libpango-1.0.so.0``), which ``dlopen`` finds wherever the system
    would. Should WeasyPrint fail to load that way, the caller imports it again the ordinary way.
    """
    import ctypes.util

    listing = _ldconfig_listing() if sys.platform.startswith("linux") else None
    if not listing:
        yield
        return
    import struct

    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = _ABI.get(os.uname().machine + bits, "libc6")
    cache: bytes = listing

    def find_library(name: str) -> str | None:
        found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), cache)
        return os.fsdecode(found.group(1)) if found else None

    original: Any = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _weasyprint_html() -> Any:
    """``weasyprint.HTML``, imported the first time with :func:`_libraries_from_one_listing`."""
    if "weasyprint" not in sys.modules:
        try:
            # WeasyPrint prints an installation hint before it fails to load a library: held back here
            with _libraries_from_one_listing(), contextlib.redirect_stdout(io.StringIO()):
                from weasyprint import HTML
            return HTML
        except (ImportError, OSError):
            for name in [
                m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")
            ]:
                del sys.modules[name]
    from weasyprint import HTML

    return HTML


def render_pdf(brief: Brief) -> bytes:
    """Render the HTML brief to PDF bytes (needs the ``report`` extra: WeasyPrint and Pango).

    The figures go in as ``<img>`` elements holding the figure's SVG (:func:`render_html`'s
    ``figures_as_images``) as :func:`pdf_brief` rewrites it for WeasyPrint, which draws it as vectors,
    text as text, as it draws inline SVG.
    """
    try:
        HTML = _weasyprint_html()
    except (ImportError, OSError) as exc:
        raise UsageError(
            "PDF output needs WeasyPrint and its system libraries: pip install 'coalitionist[report]'"
            f" (and Pango, e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from None
    html = render_html(pdf_brief(brief), figures_as_images=True)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
