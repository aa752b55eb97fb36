"""Accounts (a master with sub accounts) and their Server-to-Server OAuth apps."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from .. import spec
from ..http.auth import hash_secret
from ..store import schema as t
from ..store.util import new_id, stamps

DEFAULT_OPTIONS: dict[str, Any] = {
    "zoom_phone": True,
    "number_management": True,
    "byoc": True,
    "multiple_sites": True,
    "sip_connected_audio": False,
    "carrier_code": None,  # set for provider-exchange (cloud peering) partner accounts
}


def all_scopes(master: bool = True) -> list[str]:
    """Every scope the contract names; sub accounts cannot hold the ``:master`` ones."""
    scopes: set[str] = set()
    for op in spec.operations().values():
        scopes.update(op.scopes)
    if not master:
        scopes = {s for s in scopes if not s.endswith(":master")}
    return sorted(scopes)


def create_account(
    conn: Connection,
    name: str,
    *,
    parent_id: str | None = None,
    plan: str = "business",
    options: dict[str, Any] | None = None,
    account_id: str | None = None,
    owner_email: str = "",
) -> str:
    account_id = account_id or new_id()
    conn.execute(
        insert(t.accounts).values(
            id=account_id,
            parent_id=parent_id,
            name=name,
            owner_email=owner_email,
            plan=plan,
            options={**DEFAULT_OPTIONS, **(options or {})},
            status="active",
            **stamps(),
        )
    )
    return account_id


def create_app(
    conn: Connection,
    account_id: str,
    name: str,
    *,
    scopes: list[str] | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> dict[str, str]:
    """Returns the app's id, client id and client secret (the secret is only ever shown here)."""
    parent = conn.execute(select(t.accounts.c.parent_id).where(t.accounts.c.id == account_id)).first()
    if parent is None:
        raise ValueError(f"no account {account_id}")
    if scopes is None:
        scopes = all_scopes(master=parent.parent_id is None)
    client_id = client_id or secrets.token_urlsafe(16).replace("-", "x").replace("_", "y")[:22]
    client_secret = client_secret or secrets.token_urlsafe(24)
    app_id = new_id()
    conn.execute(
        insert(t.apps).values(
            id=app_id,
            account_id=account_id,
            name=name,
            client_id=client_id,
            client_secret_hash=hash_secret(client_secret),
            scopes=" ".join(scopes),
            **stamps(),
        )
    )
    return {"app_id": app_id, "client_id": client_id, "client_secret": client_secret, "account_id": account_id}


def account_options(conn: Connection, account_id: str) -> dict[str, Any]:
    row = conn.execute(select(t.accounts.c.options).where(t.accounts.c.id == account_id)).first()
    return {**DEFAULT_OPTIONS, **(row.options if row else {})}


def disassociate(conn: Connection, account_id: str) -> None:
    """Detach a sub account from its master: its tokens stop working (auth reads the status)
    and its master can no longer name it (account resolution only sees active subs)."""
    from ..store.util import utcnow

    conn.execute(
        update(t.accounts).where(t.accounts.c.id == account_id).values(status="disassociated", updated_at=utcnow())
    )
