"""The workbench driven in Debian's Chromium by Playwright, as a user would: sign up, create a scenario,
add actors and ties on the map, set the rule, run the plan, read the brief and download the PDF, edit in
two sessions and get the conflict, restore an old revision; XSS payloads in names fire no dialog.
Screenshots are kept under ``test-artifacts/web/``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"browser tests: {CHROMIUM} is not installed (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


@pytest.fixture
def server(db_url: str, free_port: Callable[[], int]) -> Iterator[str]:
    """``coalitionist serve`` on a free loopback port, stopped afterwards."""
    port = free_port()
    exe = Path(sys.executable).with_name("coalitionist")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--db", db_url],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        try:
            yield b
        finally:
            b.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _guard(page, dialogs: list[str], outside: list[str], base: str) -> None:
    def on_dialog(d) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)

    def check(request) -> None:
        if not request.url.startswith((base, "data:", "blob:", "about:")):
            outside.append(request.url)

    page.on("request", check)


def _node_point(page, node_id: str) -> tuple[float, float]:
    box = page.locator("#cy").bounding_box()
    pos = page.evaluate(f"window.coalitionistMap.getElementById({node_id!r}).renderedPosition()")
    return box["x"] + pos["x"], box["y"] + pos["y"]


#: True once the map is idle: no element and no viewport animating, and two frames drawn since (Cytoscape
#: renders in requestAnimationFrame, so a click before that is tested against what is not yet on screen).
_IDLE = """() => new Promise(done => {
  const cy = window.coalitionistMap;
  if (cy.animated() || cy.elements().some(e => e.animated())) { done(false); return; }
  requestAnimationFrame(() => requestAnimationFrame(() =>
    done(!cy.animated() && !cy.elements().some(e => e.animated()))));
})"""


def _idle(page) -> None:
    """Wait until the map is idle (see ``_IDLE``; ``evaluate`` awaits its promise, ``wait_for_function``
    would take the promise itself for a yes)."""
    deadline = time.monotonic() + 60
    while not page.evaluate(_IDLE):
        assert time.monotonic() < deadline, _map_failure(
            page, "fail-busy", "the map never came to rest"
        )
        page.wait_for_timeout(100)


#: What Cytoscape itself hits at a rendered point (the same test it runs on a click), as an element id or
#: null, or "outside" when the point is not on the canvas.
_HIT = """([x, y]) => {
  const cy = window.coalitionistMap, pan = cy.pan(), z = cy.zoom();
  if (x < 2 || y < 2 || x > cy.width() - 2 || y > cy.height() - 2) { return "outside"; }
  const hit = cy.renderer().findNearestElement((x - pan.x) / z, (y - pan.y) / z, true, false);
  return hit ? hit.id() : null;
}"""

#: A point on the tie source→target as it is drawn (between the points where the line leaves and enters the
#: two actors) where Cytoscape's own hit test finds that tie and nothing above it, the one farthest from any
#: point where it does not (the middle of the tie's longest clear stretch): where a user would click it.
_TIE_POINT = """([source, target]) => {
  const cy = window.coalitionistMap, pan = cy.pan(), z = cy.zoom();
  const e = cy.edges(`[source = "${source}"][target = "${target}"]`);
  const a = e.renderedSourceEndpoint(), b = e.renderedTargetEndpoint();
  const n = 60, ok = [];
  for (let k = 0; k <= n; k++) {
    const p = {x: a.x + k / n * (b.x - a.x), y: a.y + k / n * (b.y - a.y)};
    const inside = p.x > 2 && p.y > 2 && p.x < cy.width() - 2 && p.y < cy.height() - 2;
    const hit = inside && cy.renderer().findNearestElement((p.x - pan.x) / z, (p.y - pan.y) / z, true, false);
    ok.push(hit && hit.id() === e.id() ? p : null);
  }
  let best = null, far = 0;
  ok.forEach((p, k) => {
    if (!p) { return; }
    let d = 1;
    while (k - d >= 0 && k + d <= n && ok[k - d] && ok[k + d]) { d++; }
    if (d > far) { far = d; best = p; }
  });
  return best;
}"""

#: The id of the actor farthest from every other (on screen), well inside the map, that Cytoscape's hit
#: test finds at its own centre (no other actor drawn over it): the one a user can grab without touching
#: another.
_CLEAREST_NODE = """() => {
  const cy = window.coalitionistMap, ns = cy.nodes(), pan = cy.pan(), z = cy.zoom();
  let best = null, far = -1;
  ns.forEach(n => {
    const p = n.renderedPosition();
    if (p.x < 60 || p.y < 60 || p.x + 100 > cy.width() || p.y + 80 > cy.height()) { return; }
    const hit = cy.renderer().findNearestElement((p.x - pan.x) / z, (p.y - pan.y) / z, true, false);
    if (!hit || hit.id() !== n.id()) { return; }
    const d = Math.min(...ns.filter(m => m.id() !== n.id()).map(m => {
      const q = m.renderedPosition(); return Math.hypot(p.x - q.x, p.y - q.y); }));
    if (d > far) { far = d; best = n.id(); }
  });
  return best;
}"""

#: Keeps the map's last events (layout, viewport, grab/drag/free, tap, select) with their times, for the
#: failure message: what moved, and when, is the first question when a click did not land.
_RECORD = """() => {
  const cy = window.coalitionistMap, log = window.mapEvents = [];
  const add = s => { log.push(Math.round(performance.now()) + " " + s); if (log.length > 60) { log.shift(); } };
  const at = p => p ? " @" + Math.round(p.x) + "," + Math.round(p.y) : "";
  cy.on("grab drag free dragfree tapstart tap select unselect dbltap", e =>
    add(e.type + " " + (e.target === cy ? "map" : e.target.id()) + at(e.renderedPosition)));
  cy.on("layoutstart layoutstop", e => add(e.type));
  cy.on("viewport", () => add("viewport zoom " + cy.zoom().toFixed(3) + at(cy.pan())));
}"""

#: Everything needed to see why a click on the map did not do what it should: the viewport, every actor's
#: and tie's rendered geometry, what is selected and animating.
_MAP_STATE = """() => {
  const cy = window.coalitionistMap, r = v => Math.round(v * 10) / 10;
  const pt = p => [r(p.x), r(p.y)];
  return {
    size: [cy.width(), cy.height()], zoom: r(cy.zoom() * 1000) / 1000, pan: pt(cy.pan()),
    animated: cy.animated() || cy.elements().some(e => e.animated()),
    nodes: cy.nodes().map(n => [n.id(), pt(n.renderedPosition()), r(n.renderedWidth())]),
    edges: cy.edges().map(e => [e.id(), e.data('source'), e.data('target'),
      pt(e.renderedSourceEndpoint()), pt(e.renderedTargetEndpoint())]),
    selected: cy.$(':selected').map(x => x.id()), events: window.mapEvents || [],
  };
}"""


def _map_failure(page, name: str, what: str) -> str:
    """A screenshot under the artefacts and a message with the map's state, for an assertion."""
    shot(page, name)
    return f"{what}; screenshot {ARTIFACTS / (name + '.png')}; map: {page.evaluate(_MAP_STATE)}"


def test_a_user_session_from_sign_up_to_restore(server, browser) -> None:
    base = server
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    _guard(page, dialogs, outside, base)

    # sign up, create a scenario
    page.goto(base + "/signup")
    page.fill("input[name=name]", "Ana Ruiz")
    page.fill("input[name=email]", "ana@example.org")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")
    page.fill("input[name=title]", "Clinic program redesign")
    page.click("text=Create blank scenario")
    page.wait_for_url("**/s/*")
    sid = page.url.rstrip("/").rsplit("/", 1)[1]
    shot(page, "01-new-scenario")

    # the map: add actors, draw ties, save
    page.click("nav.tabs >> text=Map")
    page.wait_for_function("() => window.coalitionistMap !== undefined")
    for name in ("Ben Ortiz", "Chloe Park", XSS):
        page.fill("#new-actor", name)
        page.press("#new-actor", "Enter")
    assert page.evaluate("window.coalitionistMap.nodes().length") == 4
    page.click("#fit")
    page.click("#draw-mode")
    for src, dst in (("us", "ben_ortiz"), ("ben_ortiz", "chloe_park"), ("chloe_park", "us")):
        x0, y0 = _node_point(page, src)
        x1, y1 = _node_point(page, dst)
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
        page.mouse.move(x1, y1, steps=5)
        page.mouse.up()
    page.click("#draw-mode")
    assert page.evaluate("window.coalitionistMap.edges().length") == 3
    page.fill("#map-message", "First map")
    page.click("#save-map")
    page.wait_for_selector("#map-status:has-text('saved as revision 2')")
    shot(page, "02-map")

    # move a node by hand and delete a tie (select it, press Delete): both saved, the position kept
    page.reload()
    page.wait_for_function("() => window.coalitionistMap !== undefined")
    # new actors start near the middle: spread them out, then zoom in on the three plain ones, as a user
    # would (the long XSS name makes "Fit" zoom far out)
    page.evaluate(_RECORD)
    page.click("#relayout")
    _idle(page)  # the layout animates; a drag during it is undone by the next frame
    page.evaluate(  # (a statement: returning the Cytoscape core would make Playwright serialise it)
        "() => { const cy = window.coalitionistMap; cy.fit(cy.$('#us, #ben_ortiz, #chloe_park'), 120); }"
    )
    _idle(page)
    node = page.evaluate(_CLEAREST_NODE)  # the actor a user can grab without touching another
    assert node, _map_failure(page, "fail-no-actor-to-grab", "no actor can be grabbed alone")
    before = page.evaluate(f"window.coalitionistMap.getElementById({node!r}).position()")
    page.evaluate(  # Cytoscape says when a drag ends ("dragfree"): the position is final from then on
        "() => { window.dragFreed = null; "
        "window.coalitionistMap.one('dragfree', 'node', e => { window.dragFreed = e.target.id(); }); }"
    )
    x, y = _node_point(page, node)
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x + 8 * k, y + 6 * k)
    page.mouse.up()
    try:
        page.wait_for_function("() => window.dragFreed !== null", timeout=10_000)
    except sync_api.TimeoutError:
        raise AssertionError(
            _map_failure(page, "fail-drag", f"dragging {node} from {(x, y)} never ended a drag")
        ) from None
    _idle(page)
    moved = page.evaluate(f"window.coalitionistMap.getElementById({node!r}).position()")
    assert page.evaluate("window.dragFreed") == node, _map_failure(
        page,
        "fail-drag",
        f"dragging {node} from {(x, y)} moved {page.evaluate('window.dragFreed')}",
    )
    assert abs(moved["x"] - before["x"]) > 5 or abs(moved["y"] - before["y"]) > 5, (before, moved)
    drawn = page.evaluate(
        "window.coalitionistMap.edges().map(e => [e.data('source'), e.data('target')])"
    )
    tie = drawn[-1]
    mid = page.evaluate(_TIE_POINT, tie)
    assert mid, _map_failure(page, "fail-no-tie-point", f"no point of the tie {tie} can be clicked")
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + mid["x"], box["y"] + mid["y"])
    try:
        page.wait_for_function(
            "() => window.coalitionistMap.$('edge:selected').length === 1", timeout=10_000
        )
    except sync_api.TimeoutError:
        hit = page.evaluate(_HIT, [mid["x"], mid["y"]])
        raise AssertionError(
            _map_failure(page, "fail-tie-click", f"clicking the tie {tie} at {mid} (hits {hit})")
        ) from None
    page.wait_for_selector("#edge-form:not([hidden])")
    chosen = page.evaluate(
        "(() => { const e = window.coalitionistMap.$('edge:selected'); "
        "return [e.data('source'), e.data('target')]; })()"
    )
    assert chosen == tie
    page.keyboard.press("Delete")
    assert page.evaluate("window.coalitionistMap.edges().length") == 2
    page.fill("#map-message", "Moved an actor, dropped a tie")
    page.click("#save-map")
    page.wait_for_selector("#map-status:has-text('saved as revision 3')")
    saved = page.request.get(f"{base}/api/scenarios/{sid}").json()
    ties = {(t["source"], t["target"]) for t in saved["document"]["relationships"]}
    assert ties == {tuple(t) for t in drawn[:-1]}
    assert abs(saved["layout"][node]["x"] - moved["x"]) < 0.1
    assert abs(saved["layout"][node]["y"] - moved["y"]) < 0.1
    page.reload()  # drawn where it was saved
    page.wait_for_function("() => window.coalitionistMap !== undefined")
    again = page.evaluate(f"window.coalitionistMap.getElementById({node!r}).position()")
    assert abs(again["x"] - moved["x"]) < 0.1
    assert abs(again["y"] - moved["y"]) < 0.1
    shot(page, "02b-map-moved")

    # the positions grid, pasted from a spreadsheet
    page.click("nav.tabs >> text=Issues")
    page.fill("input[name='issues[0].id']", "redesign")
    page.fill("input[name='issues[0].name']", "Adopt the redesign")
    page.click("text=Save as revision")
    page.click("nav.tabs >> text=Positions")
    first = page.locator("input[name='positions.us.redesign.position']")
    first.focus()
    page.evaluate(
        """() => { const dt = new DataTransfer(); dt.setData('text/plain', '90\\t0.9\\n70\\t0.5\\n40\\t0.6\\n20\\t0.3');
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true})); }"""
    )
    assert page.input_value("input[name='positions.chloe_park.redesign.position']") == "40"
    page.click("text=Save as revision")
    page.wait_for_selector("text=Saved as revision 5")
    shot(page, "03-positions")

    # the rule, combined from parts, with its live description
    page.click("nav.tabs >> text=Rule")
    page.select_option("select[name='decision.kind']", "all_of")
    page.wait_for_selector("select[name='decision.rules[0].kind']")
    page.select_option("select[name='decision.rules[0].kind']", "count")
    # the part is drawn anew as a count (a weighted vote has a quota field too: typing into it before the
    # redraw lands would be typing into the form the redraw replaces)
    page.wait_for_selector("#rule-editor [data-path='decision.rules[0]'][data-kind='count']")
    page.fill(
        "input[name='decision.rules[0].quota']", "3"
    )  # (clears the threshold the new part had)
    page.uncheck("input[name='decision.rules[0].strict']")
    page.click("text=Add a part")
    page.wait_for_selector("select[name='decision.rules[1].kind']")
    page.select_option("select[name='decision.rules[1].kind']", "veto")
    page.wait_for_selector("input[name='decision.rules[1].holders']")
    # the redraw says what is wrong with the new part; filling it in takes the problem away at once
    problem = "#rule-editor [data-path='decision.rules[1]'] > .field-error"
    assert "needs holders" in page.inner_text(problem)
    page.fill("input[name='decision.rules[1].holders']", "us")
    assert page.locator(problem).count() == 0
    for words in ("at least 3 of the 4 members", "holds a veto"):
        try:
            page.wait_for_selector(f"#rule-words:has-text({words!r})")
        except sync_api.TimeoutError:
            shot(page, "fail-rule-words")
            raise AssertionError(
                f"the rule in words never said {words!r}: it says "
                f"{page.inner_text('#rule-words')!r}; the form: {page.inner_text('#rule-editor')!r}"
            ) from None
    shot(page, "04-rule")
    page.click("text=Save as revision")
    page.wait_for_selector("text=Saved as revision 6")
    rule = page.request.get(f"{base}/api/scenarios/{sid}").json()["document"]["decision"]
    assert rule == {
        "kind": "all_of",
        "rules": [{"kind": "count", "quota": 3}, {"kind": "veto", "holders": ["us"]}],
    }

    # recruitment estimates, then the plan
    page.click("nav.tabs >> text=Recruitment")
    for k, (actor, p) in enumerate((("ben_ortiz", "0.7"), ("chloe_park", "0.4"))):
        page.select_option(f"select[name='recruitment.candidates[{k}].actor']", actor)
        page.fill(f"input[name='recruitment.candidates[{k}].p']", p)
        if k == 0:
            page.click("text=Add a row >> nth=0")
    page.click("text=Save as revision")
    page.wait_for_selector("text=Saved as revision 7")
    # the analyses of a new revision run in the background: a progress page first, then the page itself
    page.goto(f"{base}/s/{sid}/analysis/plan")
    if page.locator("#brief-job").count():
        shot(page, "05a-computing")
    page.wait_for_selector("#sec-plan", timeout=600_000)
    page.fill("input[name=samples]", "300")
    page.click("text=Run in the background")
    page.wait_for_selector(".job[data-status=done]", timeout=120_000)
    shot(page, "05-plan")

    # the brief and its PDF
    page.click("nav.tabs >> text=Brief")
    page.wait_for_selector("article.brief h1", timeout=600_000)
    assert page.locator(".brief-section").count() >= 3
    page.wait_for_selector("#pdf-link", timeout=600_000)  # the PDF is drawn by the same job, last
    page.wait_for_load_state("networkidle")
    assert page.evaluate(
        "Array.from(document.querySelectorAll('figure img')).every(i => i.complete && i.naturalWidth > 0)"
    )
    shot(page, "06-brief")
    with page.expect_download() as dl:
        page.click("#pdf-link")
    pdf = Path(dl.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")

    # XSS in a name: visit every page that shows it
    for url in ("/map", "/edit/actors", "/brief", "/history", ""):
        page.goto(f"{base}/s/{sid}{url}")
        page.wait_for_load_state("networkidle")
    assert dialogs == []

    # two sessions edit the same revision: the second save gets the conflict
    other = context.new_page()
    _guard(other, dialogs, outside, base)
    page.goto(f"{base}/s/{sid}/edit/settings")
    other.goto(f"{base}/s/{sid}/edit/settings")
    page.fill("textarea[name=description]", "Pilot in one clinic first.")
    page.click("text=Save as revision")
    page.wait_for_selector("text=Saved as revision 8")
    other.fill("textarea[name=description]", "Roll out everywhere.")
    other.click("text=Save as revision")
    other.wait_for_selector("text=someone else saved first")
    assert other.locator("text=Pilot in one clinic first.").count() >= 1
    assert other.locator("text=Roll out everywhere.").count() >= 1
    shot(other, "07-conflict")

    # restore an old revision
    page.goto(f"{base}/s/{sid}/history")
    page.click("text=restore r2")
    page.wait_for_selector("text=Restored revision 2")
    shot(page, "08-history")
    page.goto(f"{base}/s/{sid}/diff?a=8&b=9")
    assert page.locator("ul.changes >> text=Adopt the redesign").count() >= 1  # r2 had no issue yet
    shot(page, "09-diff")
    assert dialogs == []
    assert outside == [], f"requests left the machine: {outside}"
    context.close()
