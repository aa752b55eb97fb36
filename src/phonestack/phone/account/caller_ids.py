"""Customized outbound caller ID numbers at account, site and user level.

One table, ``caller_id_numbers``: ``owner_id`` is the account id, a site id or a user id;
``phone_number_id`` is a row of the shared number inventory (deleting the number removes it,
FK CASCADE); UNIQUE(owner_id, phone_number_id). The customization id (``customize_id``) is the
row's id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from ...http.context import Context
from ...http.errors import ApiError
from ...numbers import queries as nq
from ...platform.accounts import account_options
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps
from .. import common as c
from .settings import multi_site_mode
from .views import caller_id_view

CID = t.caller_id_numbers
PN = t.phone_numbers
MAX_PER_REQUEST = 100  # phone_number_ids per add, customize_ids per delete (phonestack's limit)
BASE = "outbound_caller_id/customized_numbers"
SITE_MISSING = "Validation Failed. Site does not exist."


def caller_id_select():  # noqa: ANN201
    """caller_id_numbers with their number, the number's assignee and site: one query a page."""
    j = (
        CID.join(PN, PN.c.id == CID.c.phone_number_id)
        .outerjoin(t.extensions, t.extensions.c.id == PN.c.assignee_id)
        .outerjoin(t.sites, t.sites.c.id == PN.c.site_id)
    )
    return select(
        CID.c.pk, CID.c.id, CID.c.phone_number_id, PN.c.number, PN.c.display_name, PN.c.capability,
        PN.c.assignee_id, PN.c.site_id.label("number_site_id"), t.sites.c.name.label("site_name"),
        t.extensions.c.type.label("assignee_type"), t.extensions.c.name.label("assignee_name"),
        t.extensions.c.extension_number.label("assignee_ext"),
    ).select_from(j)


# --- owners ---------------------------------------------------------------------------------------


def _account_owner(ctx: Context, write: bool) -> str:
    """The account level cannot be managed while the account works with several sites."""
    if write and multi_site_mode(ctx):
        raise ApiError(400, 300, "Account level settings cannot be managed until disable multiple sites.")
    return ctx.account_id


def _site_owner(ctx: Context) -> str:
    site_id = ctx.path["siteId"]
    if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
        raise ApiError(400, 300, SITE_MISSING)
    if not account_options(ctx.conn, ctx.account_id).get("multiple_sites"):
        raise ApiError(400, 300, "Validation Failed. Multiple sites must be enabled to manage site-level "
                                 "customized outbound caller ID numbers.")
    return site_id


def _user_owner(ctx: Context) -> str:
    """The user by id or email: 404 1001 where the operation documents it; Remove documents no
    404, so there an unknown user is 400 300 "Invalid user id." (the documents' wording)."""
    key = ctx.path["userId"]
    if ctx.op.error(1001) is None:
        missing = ApiError(400, 300, "Invalid user id.")
    else:
        missing = c.not_found(ctx, 1001, "User does not exist:{userId}.", userId=key)
    return c.get_extension(ctx, key, c.USER, missing).id


# --- the three operations, for any owner ----------------------------------------------------------


def _list(ctx: Context, owner_id: str) -> dict[str, Any]:
    stmt = caller_id_select().where(CID.c.account_id == ctx.account_id, CID.c.owner_id == owner_id)
    rows, token, total, size = ctx.page(stmt, CID.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "customize_numbers": [caller_id_view(r) for r in rows]}


def _ids(ctx: Context, values: Any, field: str) -> list[str]:
    if isinstance(values, str):
        values = [v.strip() for v in values.split(",") if v.strip()]
    if not isinstance(values, list) or not values:
        raise c.invalid(field, "At least one id is required.")
    if len(values) > MAX_PER_REQUEST:
        raise c.invalid(field, f"At most {MAX_PER_REQUEST} ids per request.")
    for i, v in enumerate(values):
        if not isinstance(v, str) or not v:
            raise c.invalid(f"{field}[{i}]", "Invalid id.")
    return list(dict.fromkeys(values))


def _add(ctx: Context, owner_id: str) -> None:
    ids = _ids(ctx, c.body(ctx).get("phone_number_ids"), "phone_number_ids")
    found = nq.numbers_by_ids(ctx.conn, ctx.account_id, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApiError(400, 300, f"Validation Failed. Phone number does not exist: {', '.join(missing)}.",
                       [{"field": "phone_number_ids", "message": f"Phone number does not exist: {m}."}
                        for m in missing])
    other = [found[i].number for i in ids if found[i].allocated_product != "ZOOM_PHONE"]
    if other:
        raise ApiError(400, 300, "Validation Failed. Only Zoom Phone numbers can be customized outbound caller "
                                 f"ID numbers: {', '.join(other)}.")
    for _attempt in range(2):
        have = set(ctx.conn.execute(
            select(CID.c.phone_number_id).where(CID.c.owner_id == owner_id, CID.c.phone_number_id.in_(ids))
        ).scalars())
        rows = [{"id": new_id(), "account_id": ctx.account_id, "owner_id": owner_id, "phone_number_id": i,
                 **stamps()} for i in ids if i not in have]
        if not rows:
            return None
        try:
            with ctx.conn.begin_nested():
                ctx.conn.execute(insert(CID), rows)
            return None
        except IntegrityError:  # a concurrent request added one of them: read again, add the rest
            continue
    raise ApiError(409, 409, "Concurrent update of the customized numbers; try again.")


def _remove(ctx: Context, owner_id: str) -> None:
    ids = _ids(ctx, ctx.query.get("customize_ids"), "customize_ids")
    have = set(ctx.conn.execute(
        select(CID.c.id).where(CID.c.account_id == ctx.account_id, CID.c.owner_id == owner_id, CID.c.id.in_(ids))
    ).scalars())
    missing = [i for i in ids if i not in have]
    if missing:
        raise ApiError(400, 300, f"Validation Failed. Customized number does not exist: {', '.join(missing)}.",
                       [{"field": "customize_ids", "message": f"Customized number does not exist: {m}."}
                        for m in missing])
    ctx.conn.execute(delete(CID).where(CID.c.owner_id == owner_id, CID.c.id.in_(ids)))
    return None


# --- account level ------------------------------------------------------------------------------


@provider(f"GET /phone/{BASE}")
def list_account_numbers(ctx: Context) -> dict[str, Any]:
    return _list(ctx, _account_owner(ctx, write=False))


@provider(f"POST /phone/{BASE}")
def add_account_numbers(ctx: Context) -> None:
    return _add(ctx, _account_owner(ctx, write=True))


@provider(f"DELETE /phone/{BASE}")
def delete_account_numbers(ctx: Context) -> None:
    return _remove(ctx, _account_owner(ctx, write=True))


# --- site level ----------------------------------------------------------------------------------


@provider(f"GET /phone/sites/{{siteId}}/{BASE}")
def list_site_numbers(ctx: Context) -> dict[str, Any]:
    return _list(ctx, _site_owner(ctx))


@provider(f"POST /phone/sites/{{siteId}}/{BASE}")
def add_site_numbers(ctx: Context) -> None:
    return _add(ctx, _site_owner(ctx))


@provider(f"DELETE /phone/sites/{{siteId}}/{BASE}")
def remove_site_numbers(ctx: Context) -> None:
    return _remove(ctx, _site_owner(ctx))


# --- user level ----------------------------------------------------------------------------------


@provider(f"GET /phone/users/{{userId}}/{BASE}")
def list_user_numbers(ctx: Context) -> dict[str, Any]:
    return _list(ctx, _user_owner(ctx))


@provider(f"POST /phone/users/{{userId}}/{BASE}")
def add_user_numbers(ctx: Context) -> None:
    return _add(ctx, _user_owner(ctx))


@provider(f"DELETE /phone/users/{{userId}}/{BASE}")
def remove_user_numbers(ctx: Context) -> None:
    return _remove(ctx, _user_owner(ctx))
