"""Scenarios and their revisions: create, read, save with optimistic locking, restore, roles, share links.

Every save writes a new, immutable :class:`~coalitionist.web.models.Revision`. A save names the revision it
started from (``base``); it is written as ``base + 1`` only if that is the next number, in one transaction
guarded by the unique (scenario, number) constraint, so of two saves from the same base exactly one wins and
the other gets a :class:`EditConflictError` carrying both versions.
"""

from __future__ import annotations

import json
import secrets
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from coalitionist.errors import CoalitionistError
from coalitionist.io.write import scenario_data
from coalitionist.scenario.model import Scenario
from coalitionist.web.models import Membership, Revision, ScenarioRow, User, now

Role = Literal["owner", "editor", "viewer"]
ROLES: tuple[Role, ...] = ("owner", "editor", "viewer")
#: Largest id or revision number (a 32-bit signed integer, what every database's INTEGER holds).
MAX_ID = 2**31 - 1
_RANK = {"viewer": 1, "editor": 2, "owner": 3}


class NotFoundError(CoalitionistError):
    """No such scenario or revision, or the user may not see it (the two look the same)."""

    exit_code = 2


class ForbiddenError(CoalitionistError):
    """The user may see the scenario but not do this."""

    exit_code = 2


class EditConflictError(CoalitionistError):
    """A save started from revision ``base`` but revision ``head`` was saved in the meantime."""

    exit_code = 2

    def __init__(self, base: int, head: Revision, mine: dict[str, Any]) -> None:
        self.base = base
        self.head = head
        self.mine = mine
        super().__init__(
            f"revision {head.number} was saved while you edited revision {base}: "
            "your change was not saved"
        )


def role_of(db: Session, scenario_id: int, user: User | None) -> Role | None:
    """The user's role on the scenario, or ``None``."""
    if user is None:
        return None
    role = db.scalar(
        select(Membership.role).where(
            Membership.scenario_id == scenario_id, Membership.user_id == user.id
        )
    )
    return role if role in ROLES else None


def allows(role: Role | None, needed: Role) -> bool:
    """Whether ``role`` is at least ``needed`` (owner > editor > viewer)."""
    return role is not None and _RANK[role] >= _RANK[needed]


def get_scenario(
    db: Session, scenario_id: int, user: User | None, needed: Role
) -> tuple[ScenarioRow, Role]:
    """The scenario if ``user`` holds at least the ``needed`` role (else :class:`NotFoundError`/:class:`ForbiddenError`)."""
    found = None
    if user is not None and 0 < scenario_id <= MAX_ID:
        found = db.execute(  # the scenario and the user's role in one query
            select(ScenarioRow, Membership.role)
            .join(Membership, Membership.scenario_id == ScenarioRow.id)
            .where(ScenarioRow.id == scenario_id, Membership.user_id == user.id)
        ).first()
    role = found[1] if found is not None and found[1] in ROLES else None
    if found is None or role is None:
        raise NotFoundError("no such scenario (or you have no access to it)")
    if not allows(role, needed):
        raise ForbiddenError(
            f"you are a {role} of this scenario; this needs an {needed}"
            if needed == "editor"
            else f"you are a {role} of this scenario; this needs its owner"
        )
    return found[0], role


def by_share_token(db: Session, token: str) -> ScenarioRow:
    """The scenario behind a live share link."""
    if not token or len(token) > 100:
        raise NotFoundError("this share link does not exist or was revoked")
    row = db.scalar(select(ScenarioRow).where(ScenarioRow.share_token == token))
    if row is None:
        raise NotFoundError("this share link does not exist or was revoked")
    return row


def list_scenarios(db: Session, user: User) -> list[tuple[ScenarioRow, str]]:
    """The scenarios the user can see, newest change first, with the user's role."""
    rows = db.execute(
        select(ScenarioRow, Membership.role)
        .join(Membership, Membership.scenario_id == ScenarioRow.id)
        .where(Membership.user_id == user.id)
        .order_by(ScenarioRow.updated_at.desc(), ScenarioRow.id.desc())
    ).all()
    return [(r[0], r[1]) for r in rows]


def document_of(scenario: Scenario) -> dict[str, Any]:
    """The stored form of a validated scenario (the file format as plain data)."""
    return scenario_data(scenario)


def create_scenario(
    db: Session,
    user: User,
    scenario: Scenario,
    message: str = "Created",
    layout: dict[str, Any] | None = None,
) -> ScenarioRow:
    """A new scenario owned by ``user``, with revision 1."""
    row = ScenarioRow(title=scenario.title[:500], owner_id=user.id, head=1)
    db.add(row)
    db.flush()
    db.add(Membership(scenario_id=row.id, user_id=user.id, role="owner"))
    db.add(
        Revision(
            scenario_id=row.id,
            number=1,
            base=None,
            document=json.dumps(document_of(scenario), ensure_ascii=False),
            layout=json.dumps(layout or {}),
            message=message[:1000],
            author_id=user.id,
        )
    )
    db.flush()
    return row


def revision(db: Session, row: ScenarioRow, number: int | None = None) -> Revision:
    """Revision ``number`` of the scenario (default: the newest)."""
    n = row.head if number is None else number
    if not 0 < n <= MAX_ID:
        raise NotFoundError(f"revision {n} does not exist")
    rev = db.scalar(select(Revision).where(Revision.scenario_id == row.id, Revision.number == n))
    if rev is None:
        raise NotFoundError(f"revision {n} does not exist")
    return rev


def author_name(db: Session, rev: Revision) -> str:
    """The display name of the revision's author."""
    return db.scalar(select(User.display_name).where(User.id == rev.author_id)) or ""


def revisions(db: Session, row: ScenarioRow) -> list[tuple[Revision, str]]:
    """Every revision, newest first, with its author's display name."""
    rows = db.execute(
        select(Revision, User.display_name)
        .join(User, User.id == Revision.author_id)
        .where(Revision.scenario_id == row.id)
        .order_by(Revision.number.desc())
    ).all()
    return [(r[0], r[1]) for r in rows]


def save_revision(
    db: Session,
    row: ScenarioRow,
    user: User,
    scenario: Scenario,
    *,
    base: int,
    message: str,
    layout: dict[str, Any] | None = None,
) -> Revision:
    """Save ``scenario`` as the revision after ``base``, committing it, or raise :class:`EditConflictError`.

    The layout (map positions) is carried over from ``base`` when not given.
    """
    document = document_of(scenario)
    if layout is None:  # the base's layout text, as stored (only that column)
        kept = db.scalar(
            select(Revision.layout).where(Revision.scenario_id == row.id, Revision.number == base)
        )
        layout_text = kept if kept is not None else "{}"
    else:
        layout_text = json.dumps(layout)
    rev = Revision(
        scenario_id=row.id,
        number=base + 1,
        base=base,
        document=json.dumps(document, ensure_ascii=False),
        layout=layout_text,
        message=(message.strip() or "Edited")[:1000],
        author_id=user.id,
    )
    stamp = now()
    try:
        db.add(rev)
        db.flush()
        moved = db.execute(  # type: ignore[attr-defined]
            update(ScenarioRow)
            .where(ScenarioRow.id == row.id, ScenarioRow.head == base)
            .values(head=base + 1, title=scenario.title[:500], updated_at=stamp)
        ).rowcount
        if moved != 1:
            raise IntegrityError("head moved", None, Exception("head moved"))
        db.commit()
    except IntegrityError:
        db.rollback()
        fresh = db.get(ScenarioRow, row.id)
        assert fresh is not None
        db.refresh(fresh)
        raise EditConflictError(base, revision(db, fresh), document) from None
    # what the UPDATE wrote, without reading the row back
    set_committed_value(row, "head", base + 1)
    set_committed_value(row, "title", scenario.title[:500])
    set_committed_value(row, "updated_at", stamp)
    return rev


def set_member(db: Session, row: ScenarioRow, email: str, role: str) -> User:
    """Give the account with ``email`` a role on the scenario (``none`` removes it)."""
    from coalitionist.web.auth import normalise_email

    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise NotFoundError(f"no account uses {email.strip()}: ask them to sign up first")
    if user.id == row.owner_id:
        raise ForbiddenError("the scenario's owner keeps the owner role")
    current = db.get(Membership, (row.id, user.id))
    if role == "none":
        if current is not None:
            db.delete(current)
    elif role in ROLES:
        if current is None:
            db.add(Membership(scenario_id=row.id, user_id=user.id, role=role))
        else:
            current.role = role
    else:
        raise ForbiddenError(f"unknown role '{role}': use owner, editor, viewer or none")
    db.commit()
    return user


def members(db: Session, row: ScenarioRow) -> list[tuple[User, str]]:
    """Every member and role, owners first."""
    rows = db.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.scenario_id == row.id)
    ).all()
    return sorted(((r[0], r[1]) for r in rows), key=lambda ur: (-_RANK[ur[1]], ur[0].email))


def share(db: Session, row: ScenarioRow, on: bool) -> str | None:
    """Create (a fresh token each time) or revoke the read-only share link."""
    row.share_token = secrets.token_urlsafe(24) if on else None
    db.commit()
    return row.share_token


def count_revisions(db: Session, row: ScenarioRow) -> int:
    """How many revisions the scenario has."""
    return int(db.scalar(select(func.count()).where(Revision.scenario_id == row.id)) or 0)
