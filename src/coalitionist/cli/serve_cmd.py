"""``coalitionist serve``: the workbench web app (needs the ``web`` extra)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from coalitionist.cli.app import app
from coalitionist.cli.common import err_console
from coalitionist.errors import UsageError

#: Environment variable holding the first account's password, for scripts (``--admin-email``).
PASSWORD_ENV = "COALITIONIST_ADMIN_PASSWORD"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            help="Database URL: sqlite:///PATH or postgresql://user:pass@host/db "
            "(default: SQLite in your data directory)."
        ),
    ] = None,
    admin_email: Annotated[
        str | None,
        typer.Option(
            help=f"Create this first account (password from ${PASSWORD_ENV}, else asked)."
        ),
    ] = None,
    signup: Annotated[
        bool, typer.Option("--signup/--no-signup", help="Let visitors create accounts.")
    ] = True,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers/--no-proxy-headers",
            help="Trust X-Forwarded-Proto/For from a reverse proxy on this machine.",
        ),
    ] = False,
) -> None:
    """Start the workbench: edit scenarios in a browser, keep every revision, read the brief.

    Examples: `coalitionist serve`,
    `coalitionist serve --db postgresql://coalitionist@localhost/coalitionist --admin-email ana@example.org`
    """
    try:
        import uvicorn

        from coalitionist.web import Settings
        from coalitionist.web.app import create_app
        from coalitionist.web.auth import AccountError, create_user
    except ImportError as exc:
        raise UsageError(
            f"the workbench needs the web extra ({exc.name} is missing): pip install 'coalitionist[web]'"
        ) from None
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from coalitionist.web.models import User

    settings = Settings(db_url=db or os.environ.get("COALITIONIST_DB", ""), allow_signup=signup)
    try:
        application = create_app(settings)
    except SQLAlchemyError as exc:
        raise UsageError(
            f"--db: cannot open the database: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}"
        ) from None
    sessions = application.state.sessions
    with sessions() as s:
        accounts = s.scalar(select(func.count()).select_from(User)) or 0
        if admin_email is not None or (accounts == 0 and sys.stdin.isatty()):
            if admin_email is None:
                err_console.print("No account yet: create the first (administrator) account.")
                admin_email = typer.prompt("E-mail")
            password = os.environ.get(PASSWORD_ENV) or typer.prompt(
                f"Password for {admin_email}", hide_input=True, confirmation_prompt=True
            )
            try:
                create_user(s, admin_email, password, "")
                s.commit()
                err_console.print(f"Created the account {admin_email.strip().lower()}.")
            except AccountError as exc:
                if "exists" not in str(exc):
                    raise UsageError(f"--admin-email: {exc}") from None
                err_console.print(f"The account {admin_email.strip().lower()} exists already.")
        elif accounts == 0:
            err_console.print(
                "No account yet: the first person to sign up becomes the administrator."
            )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    err_console.print(
        f"coalitionist workbench on {url}  (database: {settings.resolved_db_url().split('@')[-1]}; Ctrl+C stops)"
    )
    typer.echo(url)
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=proxy_headers,
        forwarded_allow_ips="127.0.0.1" if proxy_headers else None,
    )
