"""Zoom Rooms under Zoom Phone: providers (HTTP glue).

A Zoom Room with a Zoom Phone license is an ``extensions`` row of type zoomRoom (its id is the
Zoom Room id and its extension id); a Zoom Room of the account without one is a ``phone_items``
row of kind ``zoom_room`` (owner = the account). See views.py and docs/phone/rooms-and-monitoring.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select, update

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import utcnow
from .. import common as c
from .. import documents as docs
from . import views as v

EXT = t.extensions
IT = t.phone_items
PN = t.phone_numbers
MAX_BATCH = 5
# "This function requires a Zoom Phone Metered, Unlimited, or Pro plan": the plan types that
# carry phone numbers (metered, unlimited, Global Select, Pro, India Pro).
NUMBER_PLANS = {100, 101, 102, 200, 201, 202, 300, 600, 3000}


# --- helpers --------------------------------------------------------------------------------------


def _missing(key: str, status: int = 404) -> ApiError:
    """The documented "Room does not exist:{roomId}." (404; 400 where the operation documents only 400,
    and where it documents the room's absence as a 400, as Add a Zoom Room does)."""
    return ApiError(status, 404, f"Room does not exist:{key}.")


def _room(ctx: Context, key: str | None = None):  # noqa: ANN202
    key = key if key is not None else ctx.path["roomId"]
    row = ctx.conn.execute(select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == v.ZOOM_ROOM,
                                             EXT.c.id == key)).first()
    if row is None:
        raise _missing(key)
    return row


def _reload(ctx: Context, room_id: str):  # noqa: ANN202
    return ctx.conn.execute(select(EXT).where(EXT.c.id == room_id)).first()


def _batch_error() -> ApiError:
    return ApiError(400, 429, "Room batch operation is limited to 5 per request.")


def _plan_types(ctx: Context, plans: Any, invalid: Any) -> list[int]:  # noqa: ANN401
    """The plan types of ``plans`` ([{"type": int}]); a type the account does not subscribe to
    answers ``invalid(type)``."""
    if not isinstance(plans, list) or not plans:
        raise c.invalid("calling_plans", "At least one calling plan is required.")
    subscribed = set(ctx.conn.execute(select(t.calling_plans.c.type)
                                      .where(t.calling_plans.c.account_id == ctx.account_id)).scalars())
    types = []
    for p in plans:
        ptype = p.get("type") if isinstance(p, dict) else None
        if not isinstance(ptype, int) or isinstance(ptype, bool) or ptype not in subscribed:
            raise invalid(ptype)
        if ptype in types:
            raise invalid(ptype)
        types.append(ptype)
    return types


def _check_available(ctx: Context, types: list[int], invalid: Any) -> None:  # noqa: ANN401
    """Every type has a free subscription (checked before the first write)."""
    ecp = t.extension_calling_plans
    for ptype in types:
        sub = ctx.conn.execute(select(t.calling_plans.c.subscribed).where(
            t.calling_plans.c.account_id == ctx.account_id, t.calling_plans.c.type == ptype)).scalar_one()
        used = ctx.conn.execute(select(func.count()).select_from(ecp).where(
            ecp.c.account_id == ctx.account_id, ecp.c.type == ptype)).scalar_one()
        if used >= sub:
            raise invalid(ptype)


def _site(ctx: Context, site_id: Any):  # noqa: ANN202, ANN401
    site = c.site_row(ctx.conn, ctx.account_id, str(site_id))
    if site is None:
        raise ApiError(400, 404, "Site does not exist.")
    return site


# --- list / add / unassigned ----------------------------------------------------------------------


@provider("GET /phone/rooms")
def list_rooms(ctx: Context) -> dict[str, Any]:
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == v.ZOOM_ROOM)
    # Zoom's reference filters by site_id and keyword (not in the documents: read when present).
    if ctx.query.get("site_id"):
        stmt = stmt.where(EXT.c.site_id == str(ctx.query["site_id"]))
    keyword = str(ctx.query.get("keyword") or "").strip()
    if keyword:
        conds = [func.lower(EXT.c.name).contains(keyword.lower())]
        if keyword.isascii() and keyword.isdigit() and len(keyword) < 16:
            conds.append(EXT.c.extension_number == int(keyword))
        stmt = stmt.where(or_(*conds))
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    return {"rooms": v.list_items(ctx.conn, rows), "next_page_token": token, "page_size": size,
            "total_records": total}


@provider("GET /phone/rooms/unassigned")
def list_unassigned_rooms(ctx: Context) -> dict[str, Any]:
    assigned = select(EXT.c.id).where(EXT.c.account_id == ctx.account_id, EXT.c.type == v.ZOOM_ROOM)
    rows = ctx.conn.execute(select(IT).where(IT.c.account_id == ctx.account_id, IT.c.owner_id == ctx.account_id,
                                             IT.c.kind == v.ROOM_ITEM, IT.c.id.not_in(assigned))
                            .order_by(IT.c.pk)).all()
    return {"rooms": [v.unassigned_item(r) for r in rows]}


@provider("POST /phone/rooms")
def add_room(ctx: Context) -> Any:  # noqa: ANN401
    body = c.body(ctx)
    room_id = str(body.get("id") or "").strip()
    if not room_id:
        raise ApiError(400, 404, "Room does not exist:.")
    item = c.get_item(ctx.conn, ctx.account_id, v.ROOM_ITEM, room_id)
    if item is None:
        raise _missing(room_id, 400)
    if c.find_extension(ctx.conn, ctx.account_id, room_id, v.ZOOM_ROOM) is not None:
        raise ApiError(400, 300, f"The Zoom Room {room_id} is already assigned to Zoom Phone.")
    site = _site(ctx, body["site_id"]) if body.get("site_id") else c.main_site(ctx.conn, ctx.account_id)
    invalid = lambda ptype: ApiError(400, 404, f"Unknown or invalid calling plan: {ptype}.")  # noqa: E731
    plans = body.get("calling_plans")
    types: list[int] = []
    if plans:
        types = _plan_types(ctx, plans, invalid)
        _check_available(ctx, types, invalid)
    d = item.details or {}
    details = {k: d[k] for k in ("location_id", "location_info", "department", "cost_center") if d.get(k)}
    c.insert_extension(ctx, kind=v.ZOOM_ROOM, name=str(d.get("display_name") or room_id),
                       site_id=site.id if site is not None else None, extension_number=None, details=details,
                       entity_id=room_id)
    room = _reload(ctx, room_id)
    if types:
        c.assign_calling_plans(ctx, room, [p for p in plans if isinstance(p, dict)])
    return None


# --- get / update / remove ------------------------------------------------------------------------


@provider("GET /phone/rooms/{roomId}")
def get_room(ctx: Context) -> dict[str, Any]:
    return v.details(ctx.conn, ctx.account_id, _room(ctx))


@provider("PATCH /phone/rooms/{roomId}")
def update_room(ctx: Context) -> None:
    room = _room(ctx)
    body = c.body(ctx)
    values: dict[str, Any] = {}
    ext_error = ApiError(400, 300, "Extension number error.")
    # 1. validate everything
    ext = body.get("extension_number")
    if ext is not None:
        if not isinstance(ext, int) or isinstance(ext, bool) or ext <= 0 or ext > 999_999_999_999:
            raise ext_error
        if ext != room.extension_number:
            taken = ctx.conn.execute(select(EXT.c.id).where(EXT.c.account_id == ctx.account_id,
                                                            EXT.c.extension_number == ext)).first()
            if taken is not None:
                raise ext_error
            values["extension_number"] = ext
    site = None
    if body.get("site_id") and body["site_id"] != room.site_id:
        site = _site(ctx, body["site_id"])
        values["site_id"] = site.id
    pol = body.get("policy")
    if isinstance(pol, dict) and pol:
        chain = [("account", ctx.account_id), ("site", site.id if site is not None else room.site_id),
                 ("extension", room.id)]
        locked = docs.locked_keys(ctx.conn, chain, "policy")
        for key in pol:
            if key in locked:
                raise ApiError(400, 400, f"Policy locked: {key}.")
    # 2. write
    c.update_extension(ctx, room, conflict=ext_error, **values)
    if site is not None:  # the room's numbers follow it
        ctx.conn.execute(update(PN).where(PN.c.assignee_id == room.id).values(site_id=site.id, updated_at=utcnow()))
    if isinstance(pol, dict) and pol:
        docs.patch(ctx.conn, ctx.account_id, room.id, "policy", pol)
    return None


@provider("DELETE /phone/rooms/{roomId}")
def remove_room(ctx: Context) -> None:
    """The room leaves Zoom Phone: its numbers are freed, its calling plans released, its policy
    dropped; it is listed as unassigned again."""
    c.delete_extension(ctx, _room(ctx))
    return None


# --- calling plans ----------------------------------------------------------------------------------


@provider("POST /phone/rooms/{roomId}/calling_plans")
def assign_room_calling_plans(ctx: Context) -> None:
    room = _room(ctx)
    plans = c.body(ctx).get("calling_plans")
    if isinstance(plans, list) and len(plans) > MAX_BATCH:
        raise _batch_error()
    invalid = lambda _ptype: ApiError(400, 300, "Plan invalid.")  # noqa: E731
    types = _plan_types(ctx, plans, invalid)
    held = {p["type"] for p in c.calling_plans_of(ctx.conn, [room.id])[room.id]}
    if set(types) & held:
        raise invalid(None)
    _check_available(ctx, types, invalid)
    c.assign_calling_plans(ctx, room, plans)
    return None


@provider("DELETE /phone/rooms/{roomId}/calling_plans/{type}")
def remove_room_calling_plan(ctx: Context) -> None:
    room = _room(ctx)
    raw = str(ctx.path["type"])
    if not raw.isascii() or not raw.isdigit() or not c.unassign_calling_plan(ctx, room.id, int(raw)):
        raise ApiError(400, 300, "Plan invalid.")
    return None


# --- phone numbers ----------------------------------------------------------------------------------


@provider("POST /phone/rooms/{roomId}/phone_numbers")
def assign_room_numbers(ctx: Context) -> dict[str, Any]:
    room = _room(ctx)
    items = c.body(ctx).get("phone_numbers")
    if isinstance(items, list) and len(items) > MAX_BATCH:
        raise _batch_error()
    missing = ApiError(400, 404, "Phone number does not exist.")
    rows = c.resolve_numbers(ctx, items, missing=missing)
    for r in rows:
        if r.allocated_product != "ZOOM_PHONE":
            raise missing
    held = {p["type"] for p in c.calling_plans_of(ctx.conn, [room.id])[room.id]}
    if not held & NUMBER_PLANS:
        raise ApiError(400, 409, "This function requires a Zoom Phone Metered, Unlimited, or Pro plan.")
    c.assign_numbers(ctx, room, rows, taken=ApiError(400, 409, "Phone number already in use."))
    return {}


@provider("DELETE /phone/rooms/{roomId}/phone_numbers/{phoneNumberId}")
def remove_room_number(ctx: Context) -> None:
    room = _room(ctx)
    key = ctx.path["phoneNumberId"]
    row = c.number_of_entity(ctx, room.id, key) or c.number_of_entity(ctx, room.id, "+" + key.lstrip("+"))
    if row is None:
        raise ApiError(400, 404, "Phone number does not exist.")
    c.unassign_numbers(ctx, room.id, [row.id])
    return None
