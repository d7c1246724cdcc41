"""The JSON API: the same scenarios, revisions, roles and analyses as the pages (OpenAPI at
``/openapi.json``). Analysis results are the command line's ``--json`` objects."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from coalitionist.scenario.errors import ScenarioValidationError, format_path
from coalitionist.scenario.model import Scenario
from coalitionist.web import analysis, forms, store
from coalitionist.web.auth import SESSION_COOKIE, authenticate, end_session, new_session
from coalitionist.web.deps import Ctx, CtxDep, set_session_cookie, signed_in
from coalitionist.web.diff import diff_documents, rule_sentences
from coalitionist.web.jobs import Job, Reporter
from coalitionist.web.models import Revision, ScenarioRow

router = APIRouter(prefix="/api", tags=["api"])
#: Scenario ids and revision numbers as path parameters (32-bit, positive).
Sid = Annotated[int, Path(ge=1, le=store.MAX_ID)]
Num = Annotated[int, Path(ge=1, le=store.MAX_ID)]
QNum = Annotated[int, Query(ge=1, le=store.MAX_ID)]


class SessionInfo(BaseModel):
    """Who is signed in, and the CSRF token to send as ``X-CSRF-Token``."""

    user: str | None
    csrf_token: str


class Credentials(BaseModel):
    """E-mail and password."""

    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class ScenarioSummary(BaseModel):
    """A scenario in a list."""

    id: int
    title: str
    role: str
    head: int


class RevisionInfo(BaseModel):
    """One revision's metadata."""

    number: Num
    base: int | None
    author: str
    message: str
    created_at: str


class RevisionOut(RevisionInfo):
    """A revision with its scenario document (the file format) and map layout."""

    document: dict[str, Any]
    layout: dict[str, Any]


class NewScenario(BaseModel):
    """A scenario document (the file format) to create a scenario from."""

    document: dict[str, Any]
    message: str = Field(default="Created", max_length=1000)


class NewRevision(BaseModel):
    """A new revision: the whole document, the revision it was edited from, and why."""

    base_revision: int = Field(ge=1, le=2**31 - 1)
    document: dict[str, Any]
    message: str = Field(default="", max_length=1000)
    layout: dict[str, Any] | None = None


class MapEdit(BaseModel):
    """The actors and ties as drawn on the map, with node positions."""

    base_revision: int = Field(ge=1, le=2**31 - 1)
    nodes: list[dict[str, Any]] = Field(max_length=5000)
    edges: list[dict[str, Any]] = Field(max_length=20000)
    layout: dict[str, Any] = Field(default_factory=dict)
    message: str = Field(default="", max_length=1000)


class Member(BaseModel):
    """A role to give an account on a scenario (``none`` removes it)."""

    email: str = Field(max_length=320)
    role: str = Field(pattern="^(owner|editor|viewer|none)$")


class JobRequest(BaseModel):
    """A background run: a Monte Carlo forecast or plan evaluation."""

    kind: str = Field(pattern="^(forecast|plan)$")
    model: str = Field(default="", pattern="^(|mean|median|bdm|smp)$")
    samples: int = Field(default=1000, ge=1, le=200_000)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    revision: int | None = Field(default=None, ge=1, le=2**31 - 1)


def _problems(exc: ScenarioValidationError) -> JSONResponse:
    return JSONResponse(
        {
            "detail": "the scenario is not valid",
            "problems": [
                {"path": format_path(p.path), "message": p.message, "line": p.line}
                for p in exc.problems
            ],
        },
        status_code=422,
    )


def _info(rev: Revision, author: str) -> dict[str, Any]:
    return {
        "number": rev.number,
        "base": rev.base,
        "author": author,
        "message": rev.message,
        "created_at": rev.created_at.isoformat(),
    }


def _conflict(exc: store.EditConflictError) -> JSONResponse:
    return JSONResponse(
        {
            "detail": exc.format_message(),
            "base_revision": exc.base,
            "head_revision": exc.head.number,
            "theirs": json.loads(exc.head.document),
            "mine": exc.mine,
        },
        status_code=409,
    )


@router.get("/session", response_model=SessionInfo)
def session_info(ctx: CtxDep) -> Response:
    """The current session (started if there is none) and its CSRF token."""
    ctx.ensure_session()
    body = {"user": ctx.user.email if ctx.user else None, "csrf_token": ctx.csrf}
    return ctx.apply_cookie(JSONResponse(body))


@router.post("/session", response_model=SessionInfo, responses={401: {}, 429: {}})
def sign_in(creds: Credentials, request: Request, ctx: CtxDep) -> Response:
    """Sign in (rate-limited per address and e-mail)."""
    limiter = request.app.state.login_limiter
    key = f"{request.client.host if request.client else '?'}|{creds.email.strip().lower()}"
    if limiter.blocked(key):
        raise HTTPException(429, "too many failed attempts: wait and try again")
    user = authenticate(ctx.db, creds.email, creds.password)
    if user is None:
        limiter.fail(key)
        raise HTTPException(401, "wrong e-mail or password")
    limiter.reset(key)
    end_session(ctx.db, request.cookies.get(SESSION_COOKIE))
    token, row = new_session(ctx.db, user.id, request.app.state.settings.session_days)
    ctx.db.commit()
    response = JSONResponse({"user": user.email, "csrf_token": row.csrf_token})
    set_session_cookie(request, response, token)
    return response


@router.get("/scenarios", response_model=list[ScenarioSummary], responses={401: {}})
def list_scenarios(ctx: CtxDep) -> list[dict[str, Any]]:
    """The scenarios you can see."""
    user = signed_in(ctx)
    return [
        {"id": r.id, "title": r.title, "role": role, "head": r.head}
        for r, role in store.list_scenarios(ctx.db, user)
    ]


@router.post(
    "/scenarios", response_model=ScenarioSummary, status_code=201, responses={401: {}, 422: {}}
)
def create(body: NewScenario, ctx: CtxDep) -> Any:
    """Create a scenario from a document (validated like ``coalitionist validate``)."""
    user = signed_in(ctx)
    try:
        scenario = Scenario.from_data(body.document, source="document")
    except ScenarioValidationError as exc:
        return _problems(exc)
    row = store.create_scenario(ctx.db, user, scenario, body.message or "Created")
    ctx.db.commit()
    return {"id": row.id, "title": row.title, "role": "owner", "head": row.head}


def _row(ctx: Ctx, sid: Sid, needed: store.Role) -> ScenarioRow:
    signed_in(ctx)
    row, _ = store.get_scenario(ctx.db, sid, ctx.user, needed)
    return row


def _revision_out(ctx: Ctx, row: ScenarioRow, number: int | None) -> Response:
    """A revision as ``RevisionOut``: the stored document and layout texts are spliced into the JSON as they
    are (they were written by ``json.dumps``), not parsed and re-encoded on every read."""
    rev = store.revision(ctx.db, row, number)
    author = store.author_name(ctx.db, rev)
    head = json.dumps(_info(rev, author), ensure_ascii=False)[:-1]
    body = f'{head}, "document": {rev.document}, "layout": {rev.layout or "{}"}}}'
    return Response(body.encode("utf-8"), media_type="application/json")


@router.get("/scenarios/{sid}", response_model=RevisionOut, responses={401: {}, 404: {}})
def get_scenario(sid: Sid, ctx: CtxDep) -> Response:
    """The newest revision of a scenario."""
    return _revision_out(ctx, _row(ctx, sid, "viewer"), None)


@router.get(
    "/scenarios/{sid}/revisions", response_model=list[RevisionInfo], responses={401: {}, 404: {}}
)
def list_revisions(sid: Sid, ctx: CtxDep) -> list[dict[str, Any]]:
    """Every revision, newest first."""
    row = _row(ctx, sid, "viewer")
    return [_info(r, a) for r, a in store.revisions(ctx.db, row)]


@router.post(
    "/scenarios/{sid}/revisions",
    response_model=RevisionInfo,
    status_code=201,
    responses={401: {}, 403: {}, 404: {}, 409: {}, 422: {}},
)
def save(sid: Sid, body: NewRevision, ctx: CtxDep) -> Any:
    """Save a new revision from ``base_revision``; 409 with both versions if someone saved in between."""
    user = signed_in(ctx)
    row = _row(ctx, sid, "editor")
    try:
        scenario = Scenario.from_data(body.document, source="document")
    except ScenarioValidationError as exc:
        return _problems(exc)
    if body.base_revision > row.head:
        raise HTTPException(
            422, f"base_revision {body.base_revision} does not exist yet (newest: {row.head})"
        )
    try:
        rev = store.save_revision(
            ctx.db,
            row,
            user,
            scenario,
            base=body.base_revision,
            message=body.message,
            layout=body.layout,
        )
    except store.EditConflictError as exc:
        return _conflict(exc)
    return _info(rev, user.display_name)


@router.post(
    "/scenarios/{sid}/map",
    response_model=RevisionInfo,
    status_code=201,
    responses={401: {}, 403: {}, 404: {}, 409: {}, 422: {}},
)
def save_map(sid: Sid, body: MapEdit, ctx: CtxDep) -> Any:
    """Save the actors and ties drawn on the map, and where the nodes are."""
    user = signed_in(ctx)
    row = _row(ctx, sid, "editor")
    if body.base_revision > row.head:
        raise HTTPException(
            422, f"base_revision {body.base_revision} does not exist yet (newest: {row.head})"
        )
    base = store.revision(ctx.db, row, body.base_revision)
    doc = forms.apply_map(json.loads(base.document), body.nodes, body.edges)
    try:
        scenario = Scenario.from_data(doc, source="map")
    except ScenarioValidationError as exc:
        return _problems(exc)
    layout = {
        str(k): {"x": float(v["x"]), "y": float(v["y"])}
        for k, v in body.layout.items()
        if isinstance(v, dict)
        and isinstance(v.get("x"), int | float)
        and isinstance(v.get("y"), int | float)
    }
    try:
        rev = store.save_revision(
            ctx.db,
            row,
            user,
            scenario,
            base=body.base_revision,
            message=body.message or "Edited the map",
            layout=layout,
        )
    except store.EditConflictError as exc:
        return _conflict(exc)
    return _info(rev, user.display_name)


@router.get(
    "/scenarios/{sid}/revisions/{number}", response_model=RevisionOut, responses={401: {}, 404: {}}
)
def get_revision(sid: Sid, number: Num, ctx: CtxDep) -> Response:
    """One revision."""
    return _revision_out(ctx, _row(ctx, sid, "viewer"), number)


@router.get("/scenarios/{sid}/diff", responses={401: {}, 404: {}})
def diff(sid: Sid, a: QNum, b: QNum, ctx: CtxDep) -> list[dict[str, str]]:
    """What changed from revision ``a`` to ``b``, in names, one entry per field."""
    row = _row(ctx, sid, "viewer")
    da = json.loads(store.revision(ctx.db, row, a).document)
    db_ = json.loads(store.revision(ctx.db, row, b).document)
    return [
        {
            "part": c.part,
            "subject": c.subject,
            "field": c.field,
            "before": c.before,
            "after": c.after,
            "sentence": c.sentence,
        }
        for c in diff_documents(da, db_, rule_sentences(da, db_))
    ]


@router.get(
    "/scenarios/{sid}/revisions/{number}/brief", responses={202: {}, 401: {}, 404: {}, 422: {}}
)
def brief(sid: Sid, number: Num, request: Request, ctx: CtxDep) -> Any:
    """The brief of a revision (``coalitionist analyze FILE --json``), cached; 202 with the background job
    computing it (poll ``GET /api/jobs/{id}``) until it is."""
    row = _row(ctx, sid, "viewer")
    rev = store.revision(ctx.db, row, number)
    content = analysis.brief_file(ctx.db, rev, "json")
    if content is None:
        return _accepted(submit_job(request, row, rev, "brief", {}))
    return Response(content, media_type="application/json")


@router.get(
    "/scenarios/{sid}/revisions/{number}/analyses/{key}",
    responses={202: {}, 401: {}, 404: {}},
)
def analysis_result(sid: Sid, number: Num, key: str, request: Request, ctx: CtxDep) -> Any:
    """One analysis of a revision: the JSON of the CLI command (``power``, ``influence``, ``forecast``,
    ``trades``, ``coalitions``, ``plan``) with default options, cached; 202 with the background job
    computing it until it is."""
    row = _row(ctx, sid, "viewer")
    if key not in analysis.ANALYSES:
        raise store.NotFoundError(f"no analysis called {key}: use {', '.join(analysis.ANALYSES)}")
    rev = store.revision(ctx.db, row, number)
    content = analysis.peek(ctx.db, rev, key, analysis.options_key({}))
    if content is None:
        return _accepted(submit_job(request, row, rev, key, {}))
    return Response(content, media_type="application/json")


@router.post("/scenarios/{sid}/members", responses={401: {}, 403: {}, 404: {}})
def set_member(sid: Sid, body: Member, ctx: CtxDep) -> dict[str, str]:
    """Give an account a role (owners only)."""
    row = _row(ctx, sid, "owner")
    user = store.set_member(ctx.db, row, body.email, body.role)
    return {"email": user.email, "role": body.role}


def submit_job(
    request: Request,
    row: ScenarioRow,
    rev: Revision,
    kind: str,
    options: dict[str, Any],
    *,
    again: bool = True,
) -> Job:
    """Start an analysis of the revision in the background (or find the one already running); its result
    is cached with the revision and options.

    ``kind`` is ``brief`` (the whole brief and its downloads: :func:`analysis.compute_brief`) or an analysis
    key; ``forecast`` and ``plan`` with ``samples`` run their Monte Carlo on the sample engine.
    """
    if kind != "brief" and kind not in analysis.ANALYSES:
        raise store.NotFoundError(f"no background run called {kind}")
    if kind in ("forecast", "plan") and options.get("samples"):
        options = {
            "samples": int(options.get("samples", 1000)),
            "seed": int(options.get("seed", 0)),
            **(
                {"model": str(options["model"])}
                if kind == "forecast" and options.get("model")
                else {}
            ),
        }
    else:
        options = {}
    key = analysis.options_key(options)
    sessions = request.app.state.sessions
    rev_id = rev.id

    def work(progress: Reporter) -> None:
        with sessions() as db:
            r = db.get(Revision, rev_id)
            assert r is not None
            if kind == "brief":
                analysis.compute_brief(db, r, progress, progress.step, progress.checkpoint)
                return
            progress.step("running" if not options else f"{options['samples']} samples")

            def compute() -> bytes:
                data = analysis.analysis_json(
                    analysis.scenario_of(r), kind, {**options, "progress": progress}
                )
                return json.dumps(data, ensure_ascii=False).encode()

            analysis.cached(db, r, kind, compute, options=key)

    return request.app.state.jobs.submit(
        row.id, rev.number, kind, options, work, key=(row.id, rev.number, kind, key), again=again
    )


def _accepted(job: Job) -> JSONResponse:
    """202: the result is being computed; poll the job."""
    return JSONResponse(
        {"detail": "being computed: poll the job", "job": job.to_dict()},
        status_code=202,
        headers={"Location": f"/api/jobs/{job.id}"},
    )


@router.post("/scenarios/{sid}/jobs", status_code=202, responses={401: {}, 404: {}})
def start_job(sid: Sid, body: JobRequest, request: Request, ctx: CtxDep) -> dict[str, Any]:
    """Start a long analysis; poll ``GET /api/jobs/{id}``."""
    row = _row(ctx, sid, "viewer")
    rev = store.revision(ctx.db, row, body.revision)
    job = submit_job(
        request,
        row,
        rev,
        body.kind,
        {"samples": body.samples, "seed": body.seed, "model": body.model},
    )
    return job.to_dict()


def _job(request: Request, ctx: Ctx, job_id: str) -> Any:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise store.NotFoundError("no such job")
    _row(ctx, job.scenario_id, "viewer")
    return job


@router.get("/jobs/{job_id}", responses={401: {}, 404: {}})
def job_status(job_id: str, request: Request, ctx: CtxDep) -> dict[str, Any]:
    """Progress of a job, and its result once done."""
    job = _job(request, ctx, job_id)
    out = job.to_dict()
    if job.status == "done" and job.kind != "brief":  # (the brief: GET its URL)
        row = _row(ctx, job.scenario_id, "viewer")
        content = analysis.peek(
            ctx.db,
            store.revision(ctx.db, row, job.revision),
            job.kind,
            analysis.options_key(job.options),
        )
        out["result"] = json.loads(content) if content else None
    return out


@router.post("/jobs/{job_id}/cancel", responses={401: {}, 404: {}})
def job_cancel(job_id: str, request: Request, ctx: CtxDep) -> dict[str, Any]:
    """Cancel a job (it stops at its next progress report)."""
    job = _job(request, ctx, job_id)
    request.app.state.jobs.cancel(job.id)
    return job.to_dict()
