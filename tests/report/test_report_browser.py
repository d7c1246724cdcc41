"""Open each example's HTML brief in a real browser (Playwright driving Debian's Chromium) and look.

Checks that every section and every figure is present and visible, that no two texts of a figure overlap as
the browser actually lays them out, and saves a full-page screenshot of each brief under ``test-artifacts/``.
Needs ``/usr/bin/chromium`` (``apt-get install chromium``) and the ``playwright`` Python package (never
``playwright install``: the system browser is used); the test is skipped, saying which is missing, otherwise.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from coalitionist.brief import Brief
from coalitionist.examples import example_names
from coalitionist.report import render

EXAMPLES = tuple(example_names())

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser

# Overlap of the browser's own text boxes, in CSS pixels²: boxes include the font's full line height, so
# allow the sliver where one line's descent area meets the next line's ascent area.
TOLERANCE = 4.0

_OVERLAPS_JS = """
(svg) => {
  // The browser's box of each text element (its glyphs' line box); the lines of one multi-line label are
  // sibling <text> elements of one group and may touch each other, so only different labels are compared.
  const boxes = [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, group: t.parentNode, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; });
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = 0; j < i; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.group === b.group) continue;
    const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    if (w > 0 && h > 0) out.push([a.text, b.text, w * h]);
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is missing (apt-get install chromium)")
    if shutil.which("chromium") is None and not CHROMIUM.exists():
        pytest.skip("no browser on PATH")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing (pip install playwright)"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.mark.parametrize("name", EXAMPLES)
def test_brief_in_the_browser(
    browser: Any, briefs: dict[str, Brief], name: str, tmp_path: Path
) -> None:
    brief = briefs[name]
    page_file = tmp_path / f"{name}.html"
    doc = render(brief, "html")
    assert isinstance(doc, str)
    page_file.write_text(doc, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        assert requests == [page_file.as_uri()]  # nothing else was fetched
        for s in brief.sections:
            heading = page.locator(f"section#{s.key} h2")
            assert heading.is_visible()
            assert heading.inner_text().strip() == s.title
            for f in s.figures:
                svg = page.locator(f"figure#fig-{f.key} svg")
                assert svg.is_visible(), f.key
                box = svg.bounding_box()
                assert box is not None, f.key
                assert box["width"] > 300, f.key
                assert box["height"] > 80, f.key
                caption = page.locator(f"figure#fig-{f.key} figcaption")
                assert f.title in caption.inner_text()
                overlaps = [o for o in svg.evaluate(_OVERLAPS_JS) if o[2] > TOLERANCE]
                assert overlaps == [], (f.key, overlaps)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"brief-{name}.png"), full_page=True)
        assert (ARTIFACTS / f"brief-{name}.png").stat().st_size > 10_000
    finally:
        page.close()


HOSTILE = Path(__file__).resolve().parents[1] / "reliability" / "data" / "hostile-names.yaml"

# What a page must not hold if user text stayed text: scripts, event-handler attributes, javascript: links or
# sources, and the elements the hostile names try to inject (issue 18.5/18.7: "HTML checked in Chromium").
_ACTIVE_JS = """
() => {
  const all = [...document.querySelectorAll('*')];
  const handlers = all.flatMap(e => [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
                                                    .map(a => e.tagName + '@' + a.name));
  const js = all.flatMap(e => [...e.attributes].filter(a => /^\\s*javascript:/i.test(a.value))
                                              .map(a => e.tagName + '@' + a.name));
  return {scripts: document.querySelectorAll('script').length,
          injected: document.querySelectorAll('iframe, img[src="x"], svg[onload]').length,
          handlers, js, text: document.body.innerText};
}
"""


def _hostile_pages(tmp_path: Path) -> list[Path]:
    from markdown_it import MarkdownIt

    from coalitionist.brief import make_brief
    from coalitionist.io import load_scenario

    brief = make_brief(load_scenario(HOSTILE))
    html_doc = render(brief, "html")
    md_doc = render(brief, "markdown")
    assert isinstance(html_doc, str)
    assert isinstance(md_doc, str)
    # the Markdown as a renderer that allows raw HTML shows it (the worst case for a Markdown brief)
    md_html = MarkdownIt("commonmark", {"html": True}).enable(["table"]).render(md_doc)
    out = []
    for name, doc in (("html", html_doc), ("markdown", md_html)):
        page_file = tmp_path / f"hostile-{name}.html"
        page_file.write_text(doc, encoding="utf-8")
        out.append(page_file)
    return out


def test_hostile_names_stay_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    for page_file in _hostile_pages(tmp_path):
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        try:
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # an onerror/onload handler would have fired by now
            found = page.evaluate(_ACTIVE_JS)
            assert dialogs == [], page_file.name
            assert found["scripts"] == 0, page_file.name
            assert found["injected"] == 0, page_file.name
            assert found["handlers"] == [], page_file.name
            assert found["js"] == [], page_file.name
            # and the names are there, as the user typed them
            assert "<img src=x onerror=alert(1)>" in found["text"], page_file.name
            assert "[click](javascript:alert(2))" in found["text"], page_file.name
        finally:
            page.close()
