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
    for src, dst in (("us", "ben_ortiz"), ("ben_ortiz", "chloe_park")):
        x0, y0 = _node_point(page, src)
        x1, y1 = _node_point(page, dst)
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
        page.mouse.move(x1, y1, steps=5)
        page.mouse.up()
    page.click("#draw-mode")
    assert page.evaluate("window.coalitionistMap.edges().length") == 2
    page.fill("#map-message", "First map")
    page.click("#save-map")
    page.wait_for_selector("#map-status:has-text('saved as revision 2')")
    shot(page, "02-map")

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
    page.wait_for_selector("text=Saved as revision 4")
    shot(page, "03-positions")

    # the rule, with its live description
    page.click("nav.tabs >> text=Rule")
    page.select_option("select[name='decision.mode']", "single")
    page.select_option("select[name='decision.rules[0].kind']", "count")
    page.fill("input[name='decision.rules[0].quota']", "3")
    page.wait_for_selector("#rule-words:has-text('at least 3 of the 4 members')")
    shot(page, "04-rule")
    page.click("text=Save as revision")
    page.wait_for_selector("text=Saved as revision 5")

    # recruitment estimates, then the plan
    page.click("nav.tabs >> text=Recruitment")
    for k, (actor, p) in enumerate((("ben_ortiz", "0.7"), ("chloe_park", "0.4"))):
        page.select_option(f"select[name='recruitment.candidates[{k}].actor']", actor)
        page.fill(f"input[name='recruitment.candidates[{k}].p']", p)
        if k == 0:
            page.click("text=Add a row >> nth=0")
    page.click("text=Save as revision")
    page.wait_for_selector("text=Saved as revision 6")
    page.goto(f"{base}/s/{sid}/analysis/plan")
    assert page.locator("#sec-plan").count() == 1
    page.fill("input[name=samples]", "300")
    page.click("text=Run in the background")
    page.wait_for_selector(".job[data-status=done]", timeout=120_000)
    shot(page, "05-plan")

    # the brief and its PDF
    page.click("nav.tabs >> text=Brief")
    page.wait_for_selector("article.brief h1")
    assert page.locator(".brief-section").count() >= 3
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
    page.wait_for_selector("text=Saved as revision 7")
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
    page.goto(f"{base}/s/{sid}/diff?a=7&b=8")
    assert page.locator("ul.changes >> text=Adopt the redesign").count() >= 1  # r2 had no issue yet
    shot(page, "09-diff")
    assert dialogs == []
    assert outside == [], f"requests left the machine: {outside}"
    context.close()
