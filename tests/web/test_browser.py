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
from collections.abc import Iterator
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


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


@pytest.fixture
def server(db_url: str) -> Iterator[str]:
    """``coalitionist serve`` on a free loopback port, stopped afterwards."""
    port = _free_port()
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


#: The point on the tie source→target (rendered coordinates, on the line between the two actors) farthest
#: from every other tie and actor: where a user would click to pick that tie.
_CLEAR_POINT = """([source, target]) => {
  const cy = window.coalitionistMap;
  const e = cy.edges(`[source = "${source}"][target = "${target}"]`);
  const a = e.source().renderedPosition(), b = e.target().renderedPosition();
  const segs = cy.edges().filter(x => x.id() !== e.id())
    .map(x => [x.source().renderedPosition(), x.target().renderedPosition()]);
  const nodes = cy.nodes().map(n => n.renderedPosition());
  const dseg = (p, [u, v]) => {
    const dx = v.x - u.x, dy = v.y - u.y, L = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((p.x - u.x) * dx + (p.y - u.y) * dy) / L));
    return Math.hypot(p.x - u.x - t * dx, p.y - u.y - t * dy);
  };
  let best = null, far = -1;
  for (let k = 2; k <= 8; k++) {
    const t = k / 10, p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
    const d = Math.min(...segs.map(s => dseg(p, s)), ...nodes.map(n => Math.hypot(p.x - n.x, p.y - n.y)));
    if (d > far) { far = d; best = p; }
  }
  return best;
}"""


#: The id of the actor farthest from every other (on screen), and not beside the map's edge.
_CLEAREST_NODE = """() => {
  const cy = window.coalitionistMap, ns = cy.nodes();
  let best = null, far = -1;
  ns.forEach(n => {
    const p = n.renderedPosition();
    const d = Math.min(...ns.filter(m => m.id() !== n.id()).map(m => {
      const q = m.renderedPosition(); return Math.hypot(p.x - q.x, p.y - q.y); }));
    if (d > far && p.x + 100 < cy.width() && p.y + 80 < cy.height()) { far = d; best = n.id(); }
  });
  return best;
}"""


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
    page.click("#relayout")
    page.wait_for_timeout(500)
    page.wait_for_function(  # the layout animates; a drag during it is undone by the next frame
        "() => !window.coalitionistMap.nodes().some(n => n.animated())", timeout=60_000
    )
    page.wait_for_timeout(500)
    page.evaluate(
        "window.coalitionistMap.fit(window.coalitionistMap.$('#us, #ben_ortiz, #chloe_park'), 120)"
    )
    node = page.evaluate(_CLEAREST_NODE)  # the actor a user can grab without touching another
    before = page.evaluate(f"window.coalitionistMap.getElementById({node!r}).position()")
    for _ in range(
        3
    ):  # a person tries again when a drag does not take (a busy machine drops frames)
        x, y = _node_point(page, node)
        page.mouse.move(x, y)
        page.mouse.down()
        page.wait_for_timeout(150)
        for k in range(1, 11):
            page.mouse.move(x + 8 * k, y + 6 * k)
            page.wait_for_timeout(30)
        page.mouse.up()
        page.wait_for_timeout(200)
        moved = page.evaluate(f"window.coalitionistMap.getElementById({node!r}).position()")
        if abs(moved["x"] - before["x"]) > 5 or abs(moved["y"] - before["y"]) > 5:
            break
    assert abs(moved["x"] - before["x"]) > 5 or abs(moved["y"] - before["y"]) > 5, (before, moved)
    drawn = page.evaluate(
        "window.coalitionistMap.edges().map(e => [e.data('source'), e.data('target')])"
    )
    tie = drawn[-1]
    for _ in range(3):
        mid = page.evaluate(_CLEAR_POINT, tie)
        box = page.locator("#cy").bounding_box()
        page.mouse.click(box["x"] + mid["x"], box["y"] + mid["y"])
        page.wait_for_timeout(200)
        if page.evaluate("window.coalitionistMap.$('edge:selected').length") == 1:
            break
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
    page.wait_for_selector("input[name='decision.rules[0].quota']")
    page.fill(
        "input[name='decision.rules[0].quota']", "3"
    )  # (clears the threshold the new part had)
    page.uncheck("input[name='decision.rules[0].strict']")
    page.click("text=Add a part")
    page.wait_for_selector("select[name='decision.rules[1].kind']")
    page.select_option("select[name='decision.rules[1].kind']", "veto")
    page.wait_for_selector("input[name='decision.rules[1].holders']")
    page.fill("input[name='decision.rules[1].holders']", "us")
    page.wait_for_selector("#rule-words:has-text('at least 3 of the 4 members')")
    page.wait_for_selector("#rule-words:has-text('holds a veto')")
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
