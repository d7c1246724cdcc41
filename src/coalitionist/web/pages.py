"""The server-rendered pages (Jinja2 + htmx): sign-in, scenarios, editing tables, map, history, analyses."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import UploadFile

from coalitionist.examples import example_names, example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.describe import describe_decision
from coalitionist.scenario.errors import ScenarioValidationError
from coalitionist.scenario.model import Scenario
from coalitionist.web import analysis, exchange, forms, store
from coalitionist.web.auth import (
    SESSION_COOKIE,
    AccountError,
    authenticate,
    create_user,
    end_session,
    new_session,
)
from coalitionist.web.deps import Ctx, CtxDep, set_session_cookie
from coalitionist.web.diff import diff_documents, rule_sentences
from coalitionist.web.jobs import Job
from coalitionist.web.models import Revision, ScenarioRow

router = APIRouter(include_in_schema=False)
MODEL_NAMES = ("mean", "median", "bdm", "smp")
PART_TITLES = {
    "settings": "Scenario",
    "actors": "Actors",
    "issues": "Issues",
    "positions": "Positions",
    "ties": "Ties",
    "rule": "Decision rule",
    "recruitment": "Recruitment",
}


def page(ctx: Ctx, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """Render a page (autoescaped) with the user and the CSRF token."""
    html = ctx.request.app.state.templates.get_template(template).render(
        user=ctx.user, csrf=ctx.csrf, path=ctx.request.url.path, status=status, **values
    )
    return ctx.apply_cookie(HTMLResponse(html, status_code=status))  # type: ignore[return-value]


def redirect(url: str) -> RedirectResponse:
    """See-other redirect (after a POST)."""
    return RedirectResponse(url, status_code=303)


def need_user(ctx: Ctx) -> RedirectResponse | None:
    """A redirect to the sign-in page when nobody is signed in."""
    if ctx.user is None:
        return redirect("/login?next=" + quote(ctx.request.url.path))
    return None


async def form_of(request: Request) -> dict[str, str]:
    """The posted form's text fields."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _doc(rev: Revision) -> dict[str, Any]:
    return json.loads(rev.document)


def _base(form: dict[str, str], row: ScenarioRow) -> int:
    text = form.get("base_revision", "")
    return int(text) if text.isdigit() else row.head


# -- accounts ------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(ctx: CtxDep) -> Response:
    if ctx.user is None:
        ctx.ensure_session()
        return page(ctx, "welcome.html", allow_signup=ctx.request.app.state.settings.allow_signup)
    return page(
        ctx,
        "home.html",
        scenarios=store.list_scenarios(ctx.db, ctx.user),
        examples=example_names(),
        formats=exchange.IMPORT_FORMATS,
        error="",
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(ctx: CtxDep, next: str = "/") -> Response:
    ctx.ensure_session()
    return page(ctx, "login.html", error="", email="", next=_safe_next(next))


def _safe_next(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else "/"


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, ctx: CtxDep) -> Response:
    form = await form_of(request)
    email, password = form.get("email", ""), form.get("password", "")
    limiter = request.app.state.login_limiter
    key = f"{request.client.host if request.client else '?'}|{email.strip().lower()}"
    wait = limiter.blocked(key)
    if wait:
        return page(
            ctx,
            "login.html",
            status=429,
            error=f"Too many failed attempts: try again in {int(wait) + 1} seconds.",
            email=email,
            next=_safe_next(form.get("next", "/")),
        )
    user = authenticate(ctx.db, email, password)
    if user is None:
        limiter.fail(key)
        return page(
            ctx,
            "login.html",
            status=401,
            error="Wrong e-mail or password.",
            email=email,
            next=_safe_next(form.get("next", "/")),
        )
    limiter.reset(key)
    return _start_session(ctx, user.id, _safe_next(form.get("next", "/")))


def _start_session(ctx: Ctx, user_id: int, to: str) -> Response:
    end_session(ctx.db, ctx.request.cookies.get(SESSION_COOKIE))
    token, _ = new_session(ctx.db, user_id, ctx.request.app.state.settings.session_days)
    ctx.db.commit()
    response = redirect(to)
    set_session_cookie(ctx.request, response, token)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_form(ctx: CtxDep) -> Response:
    ctx.ensure_session()
    if not ctx.request.app.state.settings.allow_signup:
        return page(
            ctx,
            "error.html",
            status=403,
            message="Sign-up is closed here: ask the administrator for an account.",
        )
    return page(ctx, "signup.html", error="", email="", name="")


@router.post("/signup", response_class=HTMLResponse)
async def signup(request: Request, ctx: CtxDep) -> Response:
    if not request.app.state.settings.allow_signup:
        return page(ctx, "error.html", status=403, message="Sign-up is closed here.")
    form = await form_of(request)
    try:
        user = create_user(
            ctx.db, form.get("email", ""), form.get("password", ""), form.get("name", "")
        )
        ctx.db.commit()
    except AccountError as exc:
        ctx.db.rollback()
        return page(
            ctx,
            "signup.html",
            status=400,
            error=exc.format_message(),
            email=form.get("email", ""),
            name=form.get("name", ""),
        )
    return _start_session(ctx, user.id, "/")


@router.post("/logout")
def logout(ctx: CtxDep) -> Response:
    end_session(ctx.db, ctx.request.cookies.get(SESSION_COOKIE))
    ctx.db.commit()
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- scenarios -----------------------------------------------------------------------------------------


@router.post("/new")
async def new_scenario(request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    assert ctx.user is not None
    form = await request.form()
    example = form.get("example")
    upload = form.get("file")
    try:
        if isinstance(example, str) and example:
            if example not in example_names():
                raise store.NotFoundError(f"no example named {example}")
            scenario = load_scenario(example_path(example))
            message = f"Created from the example {example}"
        elif isinstance(upload, UploadFile) and upload.filename:
            fmt = form.get("format")
            scenario = exchange.import_upload(
                upload.filename, await upload.read(), fmt if isinstance(fmt, str) else "auto"
            )
            message = f"Imported from {upload.filename}"
        else:
            title = form.get("title")
            title = title.strip() if isinstance(title, str) else ""
            scenario = Scenario.from_data(
                {
                    "title": title or "Untitled scenario",
                    "actors": [{"id": "us", "name": "Us"}],
                    "focal": "us",
                }
            )
            message = "Created"
    except ScenarioValidationError as exc:
        return page(
            ctx,
            "home.html",
            status=400,
            scenarios=store.list_scenarios(ctx.db, ctx.user),
            examples=example_names(),
            formats=exchange.IMPORT_FORMATS,
            error=exc.format_message(),
        )
    row = store.create_scenario(ctx.db, ctx.user, scenario, message)
    ctx.db.commit()
    return redirect(f"/s/{row.id}")


def _load(
    ctx: Ctx, sid: int, needed: store.Role, rev: int | None = None
) -> tuple[ScenarioRow, str, Revision]:
    row, role = store.get_scenario(ctx.db, sid, ctx.user, needed)
    return row, role, store.revision(ctx.db, row, rev)


def _common(row: ScenarioRow, role: str, rev: Revision, tab: str) -> dict[str, Any]:
    return {
        "row": row,
        "role": role,
        "rev": rev,
        "tab": tab,
        "can_edit": role in ("owner", "editor"),
    }


@router.get("/s/{sid}", response_class=HTMLResponse)
def overview(sid: int, ctx: CtxDep, rev: int | None = None) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    scenario = analysis.scenario_of(revision)
    return page(
        ctx,
        "overview.html",
        **_common(row, role, revision, "overview"),
        scenario=scenario,
        decision=describe_decision(scenario),
        history=store.revisions(ctx.db, row)[:5],
        exports=exchange.EXPORT_FORMATS,
        formats=exchange.IMPORT_FORMATS,
        error="",
    )


@router.get("/s/{sid}/edit/{part}", response_class=HTMLResponse)
def edit_form(sid: int, part: str, ctx: CtxDep, saved: int = 0) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    if part not in forms.PARTS:
        raise store.NotFoundError(f"no table called {part}")
    row, role, rev = _load(ctx, sid, "viewer")
    return _edit_page(ctx, row, role, rev, part, _doc(rev), {}, 200, saved=bool(saved))


def _edit_page(
    ctx: Ctx,
    row: ScenarioRow,
    role: str,
    rev: Revision,
    part: str,
    doc: dict[str, Any],
    errors: dict[str, str],
    status: int,
    message: str = "",
    saved: bool = False,
) -> HTMLResponse:
    scenario = None
    try:
        scenario = Scenario.from_data(doc)
        decision = describe_decision(scenario)
    except ScenarioValidationError:
        decision = ""
    return page(
        ctx,
        "edit.html",
        status=status,
        **_common(row, role, rev, part),
        part=part,
        part_title=PART_TITLES[part],
        doc=doc,
        errors=errors,
        other_errors={k: v for k, v in errors.items() if not _shown(part, k)},
        decision=decision,
        scenario=scenario,
        fmt=forms.fmt_value,
        tie_types=forms.TIE_TYPES,
        rule_kinds=forms.RULE_KINDS,
        message=message,
        saved=saved,
        base=rev.number,
    )


def _shown(part: str, key: str) -> bool:
    if part == "rule":  # the rule editor shows a problem beside each rule's inputs
        return bool(forms.RULE_PROBLEM.match(key))
    prefix = {
        "settings": ("title", "description", "focal", "references"),
        "actors": ("actors",),
        "issues": ("issues",),
        "positions": ("positions",),
        "ties": ("relationships",),
        "rule": ("decision",),
        "recruitment": ("recruitment",),
    }[part]
    return key.startswith(prefix)


@router.post("/s/{sid}/edit/{part}", response_class=HTMLResponse)
async def edit_save(sid: int, part: str, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    assert ctx.user is not None
    if part not in forms.PARTS:
        raise store.NotFoundError(f"no table called {part}")
    row, role = store.get_scenario(ctx.db, sid, ctx.user, "editor")
    form = await form_of(request)
    base = _base(form, row)
    base_rev = store.revision(ctx.db, row, min(base, row.head))
    try:
        doc = forms.apply_form(part, _doc(base_rev), form)
    except forms.FormError as exc:
        return _edit_page(
            ctx, row, role, base_rev, part, _doc(base_rev), {exc.field: exc.message}, 400
        )
    scenario, errors = forms.validate(doc)
    if form.get("preview") == "1" or form.get("add_part"):  # re-render the form only: nothing saved
        return _edit_page(ctx, row, role, base_rev, part, doc, errors, 200)
    if scenario is None:
        return _edit_page(ctx, row, role, base_rev, part, doc, errors, 400)
    try:
        store.save_revision(
            ctx.db,
            row,
            ctx.user,
            scenario,
            base=base,
            message=form.get("message", "") or f"Edited {PART_TITLES[part].lower()}",
        )
    except store.EditConflictError as exc:
        return _conflict_page(ctx, row, role, exc, part)
    return redirect(f"/s/{sid}/edit/{part}?saved=1")


def _conflict_page(
    ctx: Ctx, row: ScenarioRow, role: str, exc: store.EditConflictError, part: str
) -> HTMLResponse:
    base_rev = store.revision(ctx.db, row, exc.base)
    base_doc, theirs = _doc(base_rev), _doc(exc.head)
    return page(
        ctx,
        "conflict.html",
        status=409,
        **_common(row, role, exc.head, part),
        base=exc.base,
        head=exc.head,
        theirs_changes=diff_documents(base_doc, theirs, _rules(base_doc, theirs)),
        mine_changes=diff_documents(base_doc, exc.mine, _rules(base_doc, exc.mine)),
        mine_json=json.dumps(exc.mine, ensure_ascii=False),
        part=part,
    )


def _rules(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, str]:
    return rule_sentences(a, b)


@router.post("/s/{sid}/keep-mine", response_class=HTMLResponse)
async def keep_mine(sid: int, request: Request, ctx: CtxDep) -> Response:
    """After a conflict: save my version on top of the newest revision, knowingly."""
    if (r := need_user(ctx)) is not None:
        return r
    assert ctx.user is not None
    row, role = store.get_scenario(ctx.db, sid, ctx.user, "editor")
    form = await form_of(request)
    try:
        doc = json.loads(form.get("document", ""))
    except json.JSONDecodeError:
        raise store.NotFoundError("the saved version was lost: edit again") from None
    scenario, _errors = forms.validate(doc if isinstance(doc, dict) else {})
    if scenario is None:
        raise store.NotFoundError("the saved version is not valid any more: edit again")
    try:
        store.save_revision(
            ctx.db,
            row,
            ctx.user,
            scenario,
            base=_base(form, row),
            message=form.get("message", "") or "Kept my version after a conflict",
        )
    except store.EditConflictError as exc:
        return _conflict_page(ctx, row, role, exc, "settings")
    return redirect(f"/s/{sid}/history")


@router.post("/s/{sid}/rule/describe", response_class=HTMLResponse)
async def rule_describe(sid: int, request: Request, ctx: CtxDep) -> Response:
    """The rule being edited, in words (htmx fragment, nothing saved)."""
    if (r := need_user(ctx)) is not None:
        return r
    _row, _role, rev = _load(ctx, sid, "viewer")
    form = await form_of(request)
    try:
        doc = forms.apply_form("rule", _doc(rev), form)
    except forms.FormError as exc:
        return page(ctx, "rule_words.html", words="", problems={exc.field: exc.message})
    scenario, errors = forms.validate(doc)
    words = describe_decision(scenario) if scenario is not None else ""
    return page(ctx, "rule_words.html", words=words, problems=errors)


# -- the map -------------------------------------------------------------------------------------------


@router.get("/s/{sid}/map", response_class=HTMLResponse)
def map_page(sid: int, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, rev = _load(ctx, sid, "viewer")
    return page(
        ctx,
        "map.html",
        **_common(row, role, rev, "map"),
        graph=map_data(rev),
        tie_types=forms.TIE_TYPES,
    )


def map_data(rev: Revision) -> dict[str, Any]:
    """Nodes, edges and saved positions for the map (sent as JSON, never as markup)."""
    doc = _doc(rev)
    layout = json.loads(rev.layout or "{}")
    nodes = [
        {
            "id": a["id"],
            "name": a.get("name") or a["id"],
            "veto": bool(a.get("veto")),
            "focal": a["id"] == doc.get("focal"),
            "position": layout.get(a["id"]),
        }
        for a in doc.get("actors", [])
    ]
    edges = [
        {
            "index": i,
            "source": t["source"],
            "target": t["target"],
            "type": t.get("type", "influence"),
            "sign": t.get("sign"),
            "weight": t.get("weight", 1),
            "note": t.get("note", ""),
        }
        for i, t in enumerate(doc.get("relationships", []))
    ]
    return {"revision": rev.number, "nodes": nodes, "edges": edges}


# -- history -------------------------------------------------------------------------------------------


@router.get("/s/{sid}/history", response_class=HTMLResponse)
def history(sid: int, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, rev = _load(ctx, sid, "viewer")
    return page(
        ctx,
        "history.html",
        **_common(row, role, rev, "history"),
        history=store.revisions(ctx.db, row),
    )


@router.get("/s/{sid}/diff", response_class=HTMLResponse)
def diff_page(sid: int, ctx: CtxDep, a: int = 0, b: int = 0) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, head = _load(ctx, sid, "viewer")
    ra = store.revision(ctx.db, row, a or max(1, head.number - 1))
    rb = store.revision(ctx.db, row, b or head.number)
    da, db_ = _doc(ra), _doc(rb)
    return page(
        ctx,
        "diff.html",
        **_common(row, role, head, "history"),
        a=ra,
        b=rb,
        changes=diff_documents(da, db_, _rules(da, db_)),
        numbers=[r.number for r, _ in store.revisions(ctx.db, row)],
    )


@router.post("/s/{sid}/restore/{number}")
async def restore(sid: int, number: int, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    assert ctx.user is not None
    row, role = store.get_scenario(ctx.db, sid, ctx.user, "editor")
    old = store.revision(ctx.db, row, number)
    form = await form_of(request)
    scenario = analysis.scenario_of(old)
    try:
        store.save_revision(
            ctx.db,
            row,
            ctx.user,
            scenario,
            base=_base(form, row),
            message=f"Restored revision {number}",
            layout=json.loads(old.layout or "{}"),
        )
    except store.EditConflictError as exc:
        return _conflict_page(ctx, row, role, exc, "settings")
    return redirect(f"/s/{sid}/history")


# -- analyses ------------------------------------------------------------------------------------------


@router.get("/s/{sid}/brief", response_class=HTMLResponse)
def brief_page(sid: int, ctx: CtxDep, rev: int | None = None) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    return _brief(ctx, row, role, revision, f"/s/{sid}")


#: Replaced, per request, by the download links in a cached brief page (cannot come from user text, which
#: is escaped: ``<`` never reaches the page raw).
_DOWNLOADS = "<!--downloads-->"


def _brief(ctx: Ctx, row: ScenarioRow, role: str, revision: Revision, prefix: str) -> HTMLResponse:
    """The brief page: its body rendered once per revision and link prefix and kept (memory and database);
    before the brief job has stored the brief, a progress page (the job started if it is not running)."""
    pages: analysis.Pages = ctx.request.app.state.pages
    body = pages.get(ctx.db, revision, "page.brief", prefix)
    if body is None:
        try:
            brief = analysis.brief_dict(ctx.db, revision)
        except ScenarioValidationError as exc:  # an old revision the model no longer accepts
            return page(ctx, "error.html", status=422, message=exc.format_message())
        if brief is None:
            return _pending(ctx, row, role, revision, prefix, "The brief")
        figures: dict[str, str] = {}

        def figure_src(section: str, index: int, svg: str) -> str:
            name = f"{section}-{index}"
            figures[name] = svg
            return f"{prefix}/figure/{revision.number}/{name}.svg"

        body = ctx.request.app.state.templates.get_template("_brief_body.html").render(
            row=row,
            rev=revision,
            role=role,
            brief=brief,
            prefix=prefix,
            analyses=analysis.ANALYSES,
            figure_src=figure_src,
            downloads=Markup(_DOWNLOADS),
        )
        for name, svg in figures.items():  # each figure its own cacheable image
            if not analysis.has(ctx.db, revision, f"figure.{name}"):
                analysis.keep(
                    ctx.db, revision, f"figure.{name}", svg.encode(), media_type="image/svg+xml"
                )
        pages.put(ctx.db, revision, "page.brief", prefix, body)
    downloads = _downloads_html(ctx, row, revision, prefix, role)
    return page(
        ctx,
        "brief.html",
        **_common(row, role, revision, "brief"),
        body=Markup(body.replace(_DOWNLOADS, downloads, 1)),
        prefix=prefix,
    )


def _downloads_html(ctx: Ctx, row: ScenarioRow, revision: Revision, prefix: str, role: str) -> str:
    ready = analysis.has(ctx.db, revision, "brief.pdf")
    job = None if ready else _brief_job(ctx, row, revision, again=False)
    return str(
        ctx.request.app.state.templates.get_template("_downloads.html").render(
            prefix=prefix, rev=revision, role=role, ready=ready, job=job
        )
    )


def _brief_job(ctx: Ctx, row: ScenarioRow, revision: Revision, *, again: bool) -> Job:
    from coalitionist.web.api import submit_job

    return submit_job(ctx.request, row, revision, "brief", {}, again=again)


def _pending(
    ctx: Ctx,
    row: ScenarioRow,
    role: str,
    revision: Revision,
    prefix: str,
    what: str,
    file: str = "",
) -> HTMLResponse:
    """A page that waits for the brief job (progress bar, cancel, reloads itself when what it waits for
    is stored)."""
    job = _brief_job(ctx, row, revision, again=role == "shared")
    return page(
        ctx,
        "brief_pending.html",
        status=202,
        **_common(row, role, revision, "brief"),
        job=job,
        what=what,
        prefix=prefix,
        file=file,
    )


def _progress(
    ctx: Ctx,
    row: ScenarioRow,
    role: str,
    revision: Revision,
    prefix: str,
    file: str = "",
    again: bool = False,
) -> Response:
    """The brief job's progress (htmx fragment, polled); asks the page to reload once what it waits for —
    the brief, or one download ``file`` — is stored."""
    need = f"brief.{file}" if file in analysis.BRIEF_FILES else "brief"
    if analysis.has(ctx.db, revision, need):
        response = Response("", media_type="text/html")
        response.headers["HX-Refresh"] = "true"
        return response
    job = _brief_job(ctx, row, revision, again=again)
    return page(ctx, "_progress.html", job=job, prefix=prefix, rev=revision, role=role, file=file)


@router.get("/s/{sid}/brief/progress", response_class=HTMLResponse)
def brief_progress(sid: int, ctx: CtxDep, rev: int | None = None, file: str = "") -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    return _progress(ctx, row, role, revision, f"/s/{sid}", file)


@router.post("/s/{sid}/brief/run", response_class=HTMLResponse)
def brief_run(sid: int, ctx: CtxDep, rev: int | None = None, file: str = "") -> Response:
    """Start the brief job again (after a cancel or a failure)."""
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    return _progress(ctx, row, role, revision, f"/s/{sid}", file, again=True)


@router.post("/s/{sid}/brief/cancel", response_class=HTMLResponse)
def brief_cancel(
    sid: int, request: Request, ctx: CtxDep, rev: int | None = None, file: str = ""
) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    job = request.app.state.jobs.latest(
        (row.id, revision.number, "brief", analysis.options_key({}))
    )
    if job is not None:
        request.app.state.jobs.cancel(job.id)
    return _progress(ctx, row, role, revision, f"/s/{sid}", file)


@router.get("/s/{sid}/brief/downloads", response_class=HTMLResponse)
def brief_downloads(sid: int, ctx: CtxDep, rev: int | None = None) -> Response:
    """The download links (htmx fragment, polled while the PDF is being drawn)."""
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    return HTMLResponse(_downloads_html(ctx, row, revision, f"/s/{sid}", role))


def svg_uri(svg: str) -> str:
    """A figure as a ``data:`` URI for an ``<img>`` (an image cannot run script)."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def figure_uri(_section: str, _index: int, svg: str) -> str:
    """``figure_src`` for pages rendered on each view: the figure inline, as a ``data:`` URI."""
    return svg_uri(svg)


_FIGURE_NAME = re.compile(r"^[a-z_]{1,40}-\d{1,3}$")


def _figure(ctx: Ctx, revision: Revision, name: str) -> Response:
    """One figure of a revision's brief, stored when its page was first rendered; immutable, so the browser
    keeps it. As an image it cannot run script; opened on its own, the sandbox policy keeps it inert too."""
    content = (
        analysis.peek(ctx.db, revision, f"figure.{name}") if _FIGURE_NAME.match(name) else None
    )
    if content is None:
        raise store.NotFoundError("no such figure")
    return Response(
        content,
        media_type="image/svg+xml",
        headers={
            "Cache-Control": "private, max-age=31536000, immutable",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        },
    )


@router.get("/s/{sid}/figure/{number}/{name}.svg")
def figure(sid: int, number: int, name: str, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    _row, _role, revision = _load(ctx, sid, "viewer", number)
    return _figure(ctx, revision, name)


@router.get("/s/{sid}/brief.{fmt}")
def brief_download(sid: int, fmt: str, ctx: CtxDep, rev: int | None = None) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, revision = _load(ctx, sid, "viewer", rev)
    return _download(ctx, row, role, revision, fmt, f"/s/{sid}")


def _download(
    ctx: Ctx, row: ScenarioRow, role: str, revision: Revision, fmt: str, prefix: str
) -> Response:
    kinds = {
        "pdf": "application/pdf",
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "json": "application/json",
    }
    if fmt not in kinds:
        raise store.NotFoundError(f"no brief format {fmt}")
    content = analysis.brief_file(ctx.db, revision, {"md": "markdown"}.get(fmt, fmt))
    if content is None:
        file = {"md": "markdown"}.get(fmt, fmt)
        return _pending(ctx, row, role, revision, prefix, f"The brief ({fmt.upper()})", file)
    name = f"brief-{row.id}-r{revision.number}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if (
        fmt == "html"
    ):  # the self-contained brief has inline styles only; keep it from running anything
        headers["Content-Security-Policy"] = (
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    return Response(content, media_type=kinds[fmt], headers=headers)


@router.get("/s/{sid}/analysis/{key}", response_class=HTMLResponse)
def analysis_page(sid: int, key: str, ctx: CtxDep, rev: int | None = None) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    if key not in analysis.ANALYSES:
        raise store.NotFoundError(f"no analysis called {key}")
    row, role, revision = _load(ctx, sid, "viewer", rev)
    brief = analysis.brief_dict(ctx.db, revision)
    if brief is None:
        return _pending(ctx, row, role, revision, f"/s/{sid}", "The analyses")
    title, section_key, command = analysis.ANALYSES[key]
    sections = brief["sections"]
    section = sections.get(section_key) or sections.get(key) or sections.get("strategy")
    if key != "plan" and section is sections.get("strategy"):
        section = sections.get(section_key)
    return page(
        ctx,
        "analysis.html",
        **_common(row, role, revision, "brief"),
        key=key,
        title=title,
        section=section,
        command=command,
        analyses=analysis.ANALYSES,
        figure_src=figure_uri,
        job=None,
    )


@router.get("/s/{sid}/compare", response_class=HTMLResponse)
def compare(sid: int, ctx: CtxDep, a: int = 0, b: int = 0) -> Response:
    """Two revisions' briefs side by side ("current vs future")."""
    if (r := need_user(ctx)) is not None:
        return r
    row, role, head = _load(ctx, sid, "viewer")
    ra = store.revision(ctx.db, row, a or max(1, head.number - 1))
    rb = store.revision(ctx.db, row, b or head.number)
    da, db_ = _doc(ra), _doc(rb)
    brief_a, brief_b = analysis.brief_dict(ctx.db, ra), analysis.brief_dict(ctx.db, rb)
    if brief_a is None or brief_b is None:
        missing = ra if brief_a is None else rb
        if brief_a is None and brief_b is None:
            _brief_job(ctx, row, rb, again=False)  # both queued; the page waits for the first
        return _pending(
            ctx, row, role, missing, f"/s/{sid}", f"The brief of revision {missing.number}"
        )
    return page(
        ctx,
        "compare.html",
        **_common(row, role, head, "history"),
        a=ra,
        b=rb,
        brief_a=brief_a,
        brief_b=brief_b,
        changes=diff_documents(da, db_, _rules(da, db_)),
        numbers=[r.number for r, _ in store.revisions(ctx.db, row)],
        figure_src=figure_uri,
    )


# -- jobs ----------------------------------------------------------------------------------------------


@router.post("/s/{sid}/jobs", response_class=HTMLResponse)
async def start_job(sid: int, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    form = await form_of(request)
    number = form.get("revision", "")
    row, _role, rev = _load(ctx, sid, "viewer", int(number) if number.isdigit() else None)
    from coalitionist.web.api import submit_job

    kind = form.get("kind", "forecast")
    if kind not in ("forecast", "plan"):
        raise store.NotFoundError(f"no background run called {kind}")
    samples = form.get("samples", "1000")
    job = submit_job(
        request,
        row,
        rev,
        kind,
        {
            "samples": int(samples) if samples.isdigit() else 1000,
            "seed": 0,
            "model": form.get("model", "") if form.get("model", "") in MODEL_NAMES else "",
        },
    )
    return page(ctx, "job.html", job=job, row=row)


@router.get("/s/{sid}/jobs/{job_id}", response_class=HTMLResponse)
def job_status(sid: int, job_id: str, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, _role, _rev = _load(ctx, sid, "viewer")
    job = request.app.state.jobs.get(job_id)
    if job is None or job.scenario_id != row.id:
        raise store.NotFoundError("no such job")
    result = None
    if job.status == "done":
        result = analysis.peek(
            ctx.db,
            store.revision(ctx.db, row, job.revision),
            job.kind,
            analysis.options_key(job.options),
        )
    return page(ctx, "job.html", job=job, row=row, result=json.loads(result) if result else None)


@router.post("/s/{sid}/jobs/{job_id}/cancel", response_class=HTMLResponse)
def job_cancel(sid: int, job_id: str, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, _role, _rev = _load(ctx, sid, "viewer")
    job = request.app.state.jobs.get(job_id)
    if job is None or job.scenario_id != row.id:
        raise store.NotFoundError("no such job")
    request.app.state.jobs.cancel(job_id)
    return page(ctx, "job.html", job=job, row=row, result=None)


# -- sharing, members, import/export -------------------------------------------------------------------


@router.get("/s/{sid}/members", response_class=HTMLResponse)
def members_page(sid: int, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role, rev = _load(ctx, sid, "viewer")
    return page(
        ctx,
        "members.html",
        **_common(row, role, rev, "members"),
        members=store.members(ctx.db, row),
        error="",
        share_url=str(ctx.request.base_url).rstrip("/") + f"/share/{row.share_token}"
        if row.share_token
        else "",
    )


@router.post("/s/{sid}/members", response_class=HTMLResponse)
async def members_save(sid: int, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, role = store.get_scenario(ctx.db, sid, ctx.user, "owner")
    form = await form_of(request)
    try:
        store.set_member(ctx.db, row, form.get("email", ""), form.get("role", "viewer"))
    except (store.NotFoundError, store.ForbiddenError) as exc:
        rev = store.revision(ctx.db, row)
        return page(
            ctx,
            "members.html",
            status=400,
            **_common(row, role, rev, "members"),
            members=store.members(ctx.db, row),
            error=exc.format_message(),
            share_url="",
        )
    return redirect(f"/s/{sid}/members")


@router.post("/s/{sid}/share")
async def share(sid: int, request: Request, ctx: CtxDep) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, _role = store.get_scenario(ctx.db, sid, ctx.user, "owner")
    form = await form_of(request)
    store.share(ctx.db, row, form.get("action") != "revoke")
    return redirect(f"/s/{sid}/members")


@router.get("/share/{token}", response_class=HTMLResponse)
def shared(token: str, ctx: CtxDep) -> Response:
    row = store.by_share_token(ctx.db, token)
    rev = store.revision(ctx.db, row)
    return _brief(ctx, row, "shared", rev, f"/share/{token}")


@router.get("/share/{token}/brief/progress", response_class=HTMLResponse)
def shared_progress(token: str, ctx: CtxDep, file: str = "") -> Response:
    row = store.by_share_token(ctx.db, token)
    rev = store.revision(ctx.db, row)
    return _progress(ctx, row, "shared", rev, f"/share/{token}", file, again=True)


@router.get("/share/{token}/brief/downloads", response_class=HTMLResponse)
def shared_downloads(token: str, ctx: CtxDep) -> Response:
    row = store.by_share_token(ctx.db, token)
    rev = store.revision(ctx.db, row)
    return HTMLResponse(_downloads_html(ctx, row, rev, f"/share/{token}", "shared"))


@router.get("/share/{token}/figure/{number}/{name}.svg")
def shared_figure(token: str, number: int, name: str, ctx: CtxDep) -> Response:
    row = store.by_share_token(ctx.db, token)
    if number != row.head:  # a share link shows the newest revision only
        raise store.NotFoundError("no such figure")
    return _figure(ctx, store.revision(ctx.db, row), name)


@router.get("/share/{token}/brief.{fmt}")
def shared_download(token: str, fmt: str, ctx: CtxDep) -> Response:
    row = store.by_share_token(ctx.db, token)
    return _download(ctx, row, "shared", store.revision(ctx.db, row), fmt, f"/share/{token}")


@router.get("/s/{sid}/export/{fmt}")
def export(sid: int, fmt: str, ctx: CtxDep, rev: int | None = None) -> Response:
    if (r := need_user(ctx)) is not None:
        return r
    row, _role, revision = _load(ctx, sid, "viewer", rev)
    if fmt not in exchange.EXPORT_FORMATS:
        raise store.NotFoundError(f"no export format {fmt}")
    media, suffix = exchange.EXPORT_FORMATS[fmt]
    content = exchange.export(analysis.scenario_of(revision), fmt)
    name = f"scenario-{row.id}-r{revision.number}.{suffix}"
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/s/{sid}/import", response_class=HTMLResponse)
async def import_revision(sid: int, request: Request, ctx: CtxDep) -> Response:
    """Replace the scenario by an uploaded file, as a new revision."""
    if (r := need_user(ctx)) is not None:
        return r
    assert ctx.user is not None
    row, role = store.get_scenario(ctx.db, sid, ctx.user, "editor")
    form = await request.form()
    upload = form.get("file")
    fmt = form.get("format")
    base_text = form.get("base_revision")
    base = int(base_text) if isinstance(base_text, str) and base_text.isdigit() else row.head
    rev = store.revision(ctx.db, row)
    if not isinstance(upload, UploadFile) or not upload.filename:
        scenario = analysis.scenario_of(rev)
        return page(
            ctx,
            "overview.html",
            status=400,
            **_common(row, role, rev, "overview"),
            scenario=scenario,
            decision=describe_decision(scenario),
            history=store.revisions(ctx.db, row)[:5],
            exports=exchange.EXPORT_FORMATS,
            formats=exchange.IMPORT_FORMATS,
            error="Choose a file to import.",
        )
    try:
        scenario = exchange.import_upload(
            upload.filename, await upload.read(), fmt if isinstance(fmt, str) else "auto"
        )
    except ScenarioValidationError as exc:
        current = analysis.scenario_of(rev)
        return page(
            ctx,
            "overview.html",
            status=400,
            **_common(row, role, rev, "overview"),
            scenario=current,
            decision=describe_decision(current),
            history=store.revisions(ctx.db, row)[:5],
            exports=exchange.EXPORT_FORMATS,
            formats=exchange.IMPORT_FORMATS,
            error=exc.format_message(),
        )
    try:
        store.save_revision(
            ctx.db, row, ctx.user, scenario, base=base, message=f"Imported {upload.filename}"
        )
    except store.EditConflictError as exc:
        return _conflict_page(ctx, row, role, exc, "settings")
    return redirect(f"/s/{sid}")
