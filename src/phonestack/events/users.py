"""The Users events for phone users: ``user.created`` (Batch add users creates the user in
phonestack) and ``user.deleted`` (the admin offboarding endpoint), shaped as Zoom's Users
events document and @zoom/rivet's ``UserCreatedEvent`` / ``UserDeletedEvent``:

    {"account_id", "operator", "operator_id", ["creation_type"], "object": {"id", "email",
     "first_name", "last_name", ["display_name"], "type"}}

``operator`` is the account owner's email and ``operator_id`` the account id (phonestack has no
owner user: its accounts API answers ``owner_id`` = the account id too). ``type`` is 1 (Basic):
phonestack does not model meeting licenses.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..store import schema as t

USER_CREATED = "user.created"
USER_DELETED = "user.deleted"
BASIC = 1


def _operator(conn: Connection, account_id: str) -> dict[str, str]:
    email = conn.execute(select(t.accounts.c.owner_email).where(t.accounts.c.id == account_id)).scalar()
    return {"operator": email or "", "operator_id": account_id}


def _object(row, *, display_name: bool) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    first, last = str(d.get("first_name") or ""), str(d.get("last_name") or "")
    if "first_name" not in d and "last_name" not in d and row.name:
        first, _, last = str(row.name).partition(" ")
    obj: dict[str, Any] = {"id": row.id, "email": row.email or "", "first_name": first, "last_name": last}
    if display_name:
        obj["display_name"] = row.name
    obj["type"] = BASIC
    return obj


def created(conn: Connection, account_id: str, row) -> tuple[str, dict[str, Any]]:  # noqa: ANN001
    """``user.created`` for the extension row of a new user."""
    return USER_CREATED, {**_operator(conn, account_id), "creation_type": "create",
                          "object": _object(row, display_name=True)}


def deleted(conn: Connection, account_id: str, row) -> tuple[str, dict[str, Any]]:  # noqa: ANN001
    """``user.deleted`` for the extension row of a user about to be deleted."""
    return USER_DELETED, {**_operator(conn, account_id), "object": _object(row, display_name=False)}
