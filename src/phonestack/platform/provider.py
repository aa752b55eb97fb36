"""The sub-account operations a master account needs (Accounts section of the SIP Connected
Audio index): list, create, get and disassociate its sub accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..http.context import Context
from ..http.errors import ApiError
from ..providers import provider
from ..store import schema as t
from ..store.util import iso
from .accounts import create_account, disassociate

A = t.accounts


def _view(row, detail: bool = False) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "id": row.id,
        "account_name": row.name,
        "owner_email": row.owner_email,
        "account_type": row.plan.capitalize(),
        "account_number": str(row.pk),
        "created_at": iso(row.created_at),
    }
    if detail:
        options = row.options or {}
        out["options"] = {"sip_connected_audio": bool(options.get("sip_connected_audio")),
                          "pay_mode": options.get("pay_mode", "master")}
    return out


def _master_only(ctx: Context, what: str) -> None:
    if not ctx.principal.is_master:
        raise ApiError(403, 200, f"Only a master account can {what} sub accounts.")


@provider("GET /accounts")
def list_sub_accounts(ctx: Context) -> dict[str, Any]:
    _master_only(ctx, "list")
    stmt = select(A).where(A.c.parent_id == ctx.principal.account_id, A.c.status == "active")
    rows, token, total, size = ctx.page(stmt, A.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "accounts": [_view(r) for r in rows]}


@provider("POST /accounts")
def create_sub_account(ctx: Context) -> dict[str, Any]:
    _master_only(ctx, "create")
    body = ctx.body
    email = body["email"].strip().lower()
    taken = ctx.conn.execute(select(A.c.id).where(A.c.owner_email == email)).first()
    if taken is not None:
        raise ApiError(409, 1005, f"Email {email} is already in use.")
    name = body.get("account_name") or f"{body['first_name']} {body['last_name']}"
    options = {k: v for k, v in (body.get("options") or {}).items() if k in ("pay_mode", "sip_connected_audio")}
    account_id = create_account(ctx.conn, name, parent_id=ctx.principal.account_id, owner_email=email,
                                options=options)
    row = ctx.conn.execute(select(A).where(A.c.id == account_id)).one()
    return {"id": row.id, "owner_id": row.id, "owner_email": row.owner_email, "created_at": iso(row.created_at),
            "account_number": str(row.pk)}


@provider("GET /accounts/{accountId}")
def get_sub_account(ctx: Context) -> dict[str, Any]:
    # ctx.account_id is already resolved: the caller's own account or one of its active subs
    row = ctx.conn.execute(select(A).where(A.c.id == ctx.account_id)).one()
    return _view(row, detail=True)


@provider("DELETE /accounts/{accountId}")
def disassociate_sub_account(ctx: Context) -> None:
    if ctx.account_id == ctx.principal.account_id:
        raise ctx.error(300, message="An account cannot disassociate itself.")
    disassociate(ctx.conn, ctx.account_id)
    ctx.server.tokens.forget()
    return None
