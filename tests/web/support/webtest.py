"""Helpers for the workbench tests: a browser-like client and a form reader."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import httpx
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def csrf_of(html: str) -> str:
    """The CSRF token a page carries."""
    m = re.search(r'name="csrf-token" content="([^"]*)"', html)
    return m.group(1) if m else ""


class Browser:
    """A TestClient that remembers the page's CSRF token, like a browser tab."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def get(self, url: str, **kw: Any) -> httpx.Response:
        r = self.client.get(url, **kw)
        if "text/html" in r.headers.get("content-type", "") and 'name="csrf-token"' in r.text:
            token = csrf_of(r.text)
            if token:
                self.csrf = token
        return r

    def post(self, url: str, data: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, **kw)

    def api(self, method: str, url: str, **kw: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf, **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def signup(self, email: str, name: str = "") -> None:
        self.get("/signup")
        r = self.post(
            "/signup", {"email": email, "password": PASSWORD, "name": name}, follow_redirects=False
        )
        assert r.status_code == 303, r.text
        self.get("/")

    def wait_job(self, job: dict[str, Any], timeout: float = 600) -> dict[str, Any]:
        """Poll a background job until it ends; its last status."""
        import time

        deadline = time.monotonic() + timeout
        status = job
        while status["status"] not in ("done", "failed", "cancelled"):
            assert time.monotonic() < deadline, f"job still {status['status']} after {timeout} s"
            time.sleep(0.05)
            status = self.api("GET", f"/api/jobs/{job['id']}").json()
        return status

    def api_result(self, url: str) -> httpx.Response:
        """GET an API result that may be computed in the background first (202 + job): wait, then GET."""
        r = self.api("GET", url)
        if r.status_code == 202:
            assert self.wait_job(r.json()["job"])["status"] == "done"
            r = self.api("GET", url)
        return r

    def wait_brief(self, sid: int, rev: int = 1) -> None:
        """Wait for the brief job of a revision (the brief and every download stored)."""
        r = self.api("GET", f"/api/scenarios/{sid}/revisions/{rev}/brief")
        if r.status_code == 202:
            status = self.wait_job(r.json()["job"])
            assert status["status"] == "done", status

    def new_from_example(self, example: str = "gulf-war-1990") -> int:
        r = self.post("/new", {"example": example}, follow_redirects=False)
        assert r.status_code == 303, r.text
        sid = int(r.headers["location"].rsplit("/", 1)[1])
        self.get(f"/s/{sid}")
        return sid


class _FormParser(HTMLParser):
    """The fields of one form as a browser would submit them (checked boxes, selected options)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.fields[name] = "on"
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "select" and name and "disabled" not in a:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            self.option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    option: list[Any] | None = None

    def _close_option(self) -> None:
        if self.option is None or self.select is None:
            return
        value, selected, text = self.option
        value = text.strip() if value is None else value
        if self.first_option is None:
            self.first_option = value
            self.fields.setdefault(self.select, value)
        if selected:
            self.fields[self.select] = value
        self.option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._close_option()
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option[2] += data
        if self.textarea:
            self.fields[self.textarea] += data


def form_fields(html: str, form_id: str = "edit-form") -> dict[str, str]:
    """What a browser would post from the form ``form_id`` of a page."""
    p = _FormParser(form_id)
    p.feed(html)
    return p.fields
