"""Blocked lists (``/phone/blocked_list``): numbers and prefixes the account blocks.

``phone_items`` of kind ``blocked_list`` owned by the account, ``details`` {block_type,
match_type, phone_number (E.164, or ``+`` and the digits of a prefix), country?, status,
comment}. A ``phoneNumber`` entry is a whole E.164 number (a local number needs ``country``
and gets its calling code); a ``prefix`` entry is 1-15 digits (``country`` prepends its calling
code when the prefix has no ``+``). The same number with the same block type and match type is
a duplicate (409).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...numbers import queries as nq
from ...providers import provider
from ...store import schema as t
from .. import common as c

KIND = "blocked_list"
BLOCK_TYPES = ("inbound", "outbound", "threat")
MATCH_TYPES = ("phoneNumber", "prefix")
STATUSES = ("active", "inactive")
MAX_COMMENT = 255


def view(row) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    out = {"id": row.id, "block_type": d.get("block_type"), "match_type": d.get("match_type"),
           "phone_number": d.get("phone_number"), "status": d.get("status", "active")}
    if d.get("comment"):
        out["comment"] = d["comment"]
    return out


def _missing(ctx: Context, key: str, code: int) -> ApiError:
    fallback = "Blocked number (Id: {blockedListId}) does not exist."
    if code == 300:
        fallback = "Validation Failed. " + fallback
    return c.not_found(ctx, code, fallback, status=400, blockedListId=key)


def _row(ctx: Context, code: int):  # noqa: ANN202
    key = ctx.path["blockedListId"]
    row = c.get_item(ctx.conn, ctx.account_id, KIND, key)
    if row is None:
        raise _missing(ctx, key, code)
    return row


def _number(match_type: str, raw: Any, country: str | None) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise c.invalid("phone_number", "The phone number or prefix is required.")
    if match_type == "phoneNumber":
        number, _why = nq.normalise_number(raw, country)
        if number is None:
            raise c.invalid("phone_number", f"Invalid phone number: {raw}. Give an E.164 number, or a local number "
                                            "and its country.")
        return number
    text = raw.strip().replace(" ", "").replace("-", "")
    digits = text[1:] if text.startswith("+") else text
    if not digits.isdigit():
        raise c.invalid("phone_number", f"Invalid prefix: {raw}.")
    if not text.startswith("+") and country:
        code = nq.COUNTRIES[country][0]
        if not digits.startswith(code):
            digits = code + digits
    if not 1 <= len(digits) <= 15:
        raise c.invalid("phone_number", f"Invalid prefix: {raw}.")
    return "+" + digits


def _details(ctx: Context, data: dict[str, Any], current: dict[str, Any] | None = None,
             item_id: str | None = None) -> dict[str, Any]:
    """The validated entry: ``data`` over ``current`` (PATCH). Nothing is written here."""
    cur = current or {}
    country = data.get("country")
    if country is not None:
        country = str(country).upper()
        if country not in nq.COUNTRIES:
            raise ctx.error(300, message="Invalid country.")
    block_type = data.get("block_type") or cur.get("block_type")
    if block_type not in BLOCK_TYPES:
        raise c.invalid("block_type", "The block type is inbound or outbound.")
    match_type = data.get("match_type") or cur.get("match_type")
    if match_type not in MATCH_TYPES:
        raise c.invalid("match_type", "The match type is phoneNumber or prefix.")
    if data.get("phone_number") is not None:
        number = _number(match_type, data["phone_number"], country)
    elif current is not None and (match_type != cur.get("match_type") or country is not None):
        # a changed match type or country re-reads the stored number
        number = _number(match_type, cur.get("phone_number"), None)
    else:
        number = _number(match_type, cur.get("phone_number"), country)
    status = data.get("status") or cur.get("status") or "active"
    if status not in STATUSES:
        raise c.invalid("status", "The status is active or inactive.")
    comment = data["comment"] if data.get("comment") is not None else cur.get("comment", "")
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
        raise c.invalid("comment", f"The comment can be up to {MAX_COMMENT} characters.")
    details = {"block_type": block_type, "match_type": match_type, "phone_number": number, "status": status,
               "comment": comment}
    iso = country or cur.get("country") or (nq.country_of(number) if match_type == "phoneNumber" else None)
    if iso:
        details["country"] = iso
    for other in c.items_of(ctx.conn, ctx.account_id, KIND):
        d = other.details or {}
        if other.id != item_id and (d.get("block_type"), d.get("match_type"), d.get("phone_number")) == (
                block_type, match_type, number):
            raise ApiError(409, 409, f"The {'prefix' if match_type == 'prefix' else 'phone number'} {number} is "
                                     f"already in the blocked list ({block_type}).")
    return details


@provider("GET /phone/blocked_list")
def list_blocked(ctx: Context) -> dict[str, Any]:
    it = t.phone_items
    stmt = select(it).where(it.c.account_id == ctx.account_id, it.c.owner_id == ctx.account_id, it.c.kind == KIND)
    rows, token, total, size = ctx.page(stmt, it.c.pk)
    return {"blocked_list": [view(r) for r in rows], "next_page_token": token, "page_size": size,
            "total_records": total}


@provider("POST /phone/blocked_list")
def create_blocked(ctx: Context) -> dict[str, Any]:
    data = c.body(ctx)
    for field in ("block_type", "match_type", "phone_number"):
        if data.get(field) in (None, ""):
            raise c.invalid(field, f"{field} is required.")
    return {"id": c.add_item(ctx, ctx.account_id, KIND, _details(ctx, data))}


@provider("GET /phone/blocked_list/{blockedListId}")
def get_blocked(ctx: Context) -> dict[str, Any]:
    return view(_row(ctx, 400))


@provider("PATCH /phone/blocked_list/{blockedListId}")
def update_blocked(ctx: Context) -> None:
    row = _row(ctx, 400)
    c.update_item(ctx.conn, row.id, _details(ctx, c.body(ctx), dict(row.details or {}), row.id))


@provider("DELETE /phone/blocked_list/{blockedListId}")
def delete_blocked(ctx: Context) -> None:
    row = _row(ctx, 300)
    c.delete_items(ctx.conn, ctx.account_id, KIND, [row.id])
