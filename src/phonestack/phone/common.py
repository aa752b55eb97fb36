"""What several phone families share: entity lookup, number assignment, calling plans, members.

Every assignable entity (user, call queue, auto receptionist, common area, shared line group,
...) is an ``extensions`` row: its ``id`` is also its extension id. A phone number has one
assignee (``phone_numbers.assignee_id``); assignment is a conditional UPDATE (``WHERE
assignee_id IS NULL``), so two concurrent requests cannot both take a number. The documented
error of the calling operation is passed in by the provider (the documents give each operation
its own codes and messages).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ..http.context import Context
from ..http.errors import ApiError
from ..store import schema as t
from ..store.fast import Prepared
from ..store.util import new_id, stamps, utcnow

EXT = t.extensions
PN = t.phone_numbers

# The entity kinds of the extensions table, as the API names them.
USER = "user"
CALL_QUEUE = "callQueue"
AUTO_RECEPTIONIST = "autoReceptionist"
COMMON_AREA = "commonArea"
SHARED_LINE_GROUP = "sharedLineGroup"

# Zoom Phone calling plans phonestack knows (type -> name). Zoom's reference lists more; an
# account subscribes to some of them (table calling_plans) and assigns them to extensions.
CALLING_PLAN_NAMES: dict[int, str] = {
    1: "Zoom Phone Basic",
    100: "US/CA Metered Calling Plan",
    101: "AU/NZ Metered Calling Plan",
    102: "GB/IE Metered Calling Plan",
    200: "US/CA Unlimited Calling Plan",
    201: "AU/NZ Unlimited Calling Plan",
    202: "GB/IE Unlimited Calling Plan",
    300: "Global Select",
    400: "International Calling Add-On",
    600: "Zoom Phone India Pro",
    3000: "Zoom Phone Pro",
    3001: "Zoom Phone Power Pack",
}


def body(ctx: Context) -> dict[str, Any]:
    return ctx.body if isinstance(ctx.body, dict) else {}


def invalid(field: str, message: str, code: int = 300) -> ApiError:
    """400 "Validation Failed." with the field that failed (Zoom's form for bad input)."""
    return ApiError(400, code, "Validation Failed.", [{"field": field, "message": message}])


# --- entities ------------------------------------------------------------------------------------


def find_extension(conn: Connection, account_id: str, key: str, kind: str | Iterable[str] | None = None):  # noqa: ANN201
    """The extension row named by id (or, for users, email or extension number), or None."""
    kinds = () if kind is None else (kind,) if isinstance(kind, str) else tuple(kind)
    params: dict[str, Any] = {f"kind{i}": k for i, k in enumerate(kinds)}
    if "@" in key:
        by = "email"
    elif key.isascii() and key.isdigit() and len(key) < 16:  # "³".isdigit() is True, int() refuses it
        by, params["number"] = "number", int(key)
    else:
        by = "id"
    return _find_extension_stmt(len(kinds), by).one(conn, account_id=account_id, key=key, **params)


@functools.cache
def _find_extension_stmt(kinds: int, by: str) -> Prepared:
    """find_extension's select for ``kinds`` entity kinds, by id or also by email or extension
    number, built once: the lookup runs in nearly every Phone API call, and building the
    statement cost more than running it."""
    q = select(EXT).where(EXT.c.account_id == bindparam("account_id"))
    if kinds:
        q = q.where(EXT.c.type.in_([bindparam(f"kind{i}") for i in range(kinds)]))
    cond = EXT.c.id == bindparam("key")
    if by == "email":
        cond = or_(cond, EXT.c.email == bindparam("key"))
    elif by == "number":
        cond = or_(cond, EXT.c.extension_number == bindparam("number"))
    return Prepared(q.where(cond).limit(1))


def get_extension(ctx: Context, key: str, kind: str | Iterable[str] | None, not_found: ApiError):  # noqa: ANN201
    row = find_extension(ctx.conn, ctx.account_id, key, kind)
    if row is None:
        raise not_found
    return row


def not_found(ctx: Context, code: int, fallback: str, status: int = 404, **fmt: str) -> ApiError:
    """The operation's documented error ``code`` with its {placeholders} filled, else
    ``fallback``. Use for "does not exist" answers."""
    doc = ctx.op.error(code)
    message = doc.message if doc is not None else fallback
    for k, v in fmt.items():
        message = message.replace("{" + k + "}", v)
    return ApiError(doc.status if doc is not None else status, code, message)


def next_extension_number(conn: Connection, account_id: str, start: int = 1000) -> int:
    """The lowest free extension number >= start (assigned inside the write transaction; the
    UNIQUE(account_id, extension_number) constraint settles a race)."""
    used = conn.execute(
        select(EXT.c.extension_number).where(EXT.c.account_id == account_id, EXT.c.extension_number >= start)
        .order_by(EXT.c.extension_number)
    ).scalars()
    n = start
    for u in used:
        if u > n:
            break
        if u == n:
            n += 1
    return n


def insert_extension(ctx: Context, *, kind: str, name: str, site_id: str | None, extension_number: int | None,
                     details: dict[str, Any], email: str | None = None, status: str = "active",
                     conflict: ApiError | None = None, entity_id: str | None = None) -> str:
    """Insert an extension; a taken extension number (or email) answers ``conflict``
    (default: 409 "Extension number ... is already in use")."""
    eid = entity_id or new_id()
    chosen = extension_number is None
    if chosen:
        extension_number = next_extension_number(ctx.conn, ctx.account_id)
    for _ in range(10):
        try:
            with ctx.conn.begin_nested():
                ctx.conn.execute(insert(EXT).values(
                    id=eid, account_id=ctx.account_id, site_id=site_id, type=kind, extension_number=extension_number,
                    name=name, email=email, status=status, details=details, **stamps(),
                ))
            return eid
        except IntegrityError:
            # A number phonestack chose was taken meanwhile by a concurrent request (PostgreSQL, READ
            # COMMITTED: the next statement sees it): choose again. Otherwise the conflict is the caller's.
            again = next_extension_number(ctx.conn, ctx.account_id) if chosen else extension_number
            if again == extension_number:
                break
            extension_number = again
    raise conflict or ApiError(409, 409, f"Extension number {extension_number} is already in use in this account.")


def update_extension(ctx: Context, row, *, conflict: ApiError | None = None, **values: Any) -> None:  # noqa: ANN001
    """Update columns of an extension row (``details`` merged by the caller)."""
    if not values:
        return
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(update(EXT).where(EXT.c.id == row.id).values(updated_at=utcnow(), **values))
    except IntegrityError:
        raise conflict or ApiError(
            409, 409, f"Extension number {values.get('extension_number')} is already in use in this account."
        ) from None


def delete_extension(ctx: Context, row) -> None:  # noqa: ANN001
    """Delete an entity: its numbers are freed (FK SET NULL), memberships, calling plans and
    device assignments go (FK CASCADE), and its documents and items are purged."""
    purge_owner(ctx.conn, row.id)
    ctx.conn.execute(delete(EXT).where(EXT.c.id == row.id))


def purge_owner(conn: Connection, owner_id: str) -> None:
    """Remove what is attached by owner id without a foreign key (documents, items, caller IDs)."""
    for tbl in (t.phone_documents, t.phone_items, t.caller_id_numbers):
        conn.execute(delete(tbl).where(tbl.c.owner_id == owner_id))


# --- sites ---------------------------------------------------------------------------------------


def site_row(conn: Connection, account_id: str, site_id: str):  # noqa: ANN201
    return conn.execute(
        select(t.sites).where(t.sites.c.account_id == account_id, t.sites.c.id == site_id)
    ).first()


def main_site(conn: Connection, account_id: str):  # noqa: ANN201
    return conn.execute(
        select(t.sites).where(t.sites.c.account_id == account_id).order_by(t.sites.c.main.desc(), t.sites.c.pk)
        .limit(1)
    ).first()


def site_refs(conn: Connection, site_ids: Iterable[str | None]) -> dict[str, dict[str, str]]:
    """{site_id: {"id", "name"}} for the nested ``site`` objects of responses."""
    ids = {s for s in site_ids if s}
    if not ids:
        return {}
    rows = conn.execute(select(t.sites.c.id, t.sites.c.name).where(t.sites.c.id.in_(ids)))
    return {r.id: {"id": r.id, "name": r.name} for r in rows}


# --- phone numbers -------------------------------------------------------------------------------


def numbers_of(conn: Connection, assignee_ids: Iterable[str]) -> dict[str, list[dict[str, str]]]:
    """{assignee_id: [{"id", "number"}, ...]} in assignment order, for nested ``phone_numbers``."""
    ids = list(set(assignee_ids))
    out: dict[str, list[dict[str, str]]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(PN.c.id, PN.c.number, PN.c.assignee_id).where(PN.c.assignee_id.in_(ids)).order_by(PN.c.pk)
    )
    for r in rows:
        out[r.assignee_id].append({"id": r.id, "number": r.number})
    return out


def resolve_numbers(ctx: Context, items: Any, *, missing: ApiError | None = None,
                    field: str = "phone_numbers", max_items: int | None = None,
                    too_many: ApiError | None = None, empty: ApiError | None = None) -> list[Any]:
    """The account's phone_numbers rows named by ``items``: objects with ``id`` or ``number``,
    or plain strings (a number or an id). Unknown ones answer ``missing``."""
    if not isinstance(items, list) or not items:
        raise empty or invalid(field, "At least one phone number is required.")
    if max_items is not None and len(items) > max_items:
        raise too_many or invalid(field, f"At most {max_items} phone numbers per request.")
    keys: list[str] = []
    for i, item in enumerate(items):
        key = item.get("id") or item.get("number") if isinstance(item, dict) else item
        if not isinstance(key, str) or not key:
            raise invalid(f"{field}[{i}]", "Give the phone number's id or number.")
        keys.append(key)
    if len(keys) == 1:  # the usual case, without the cost of building an IN (...) statement
        rows = _NUMBER_BY_KEY.all(ctx.conn, account_id=ctx.account_id, key=keys[0])
    else:
        rows = ctx.conn.execute(
            select(PN).where(PN.c.account_id == ctx.account_id, or_(PN.c.id.in_(keys), PN.c.number.in_(keys)))
        ).all()
    found: dict[str, Any] = {}
    for r in rows:
        found[r.id] = r
        found[r.number] = r
    out, seen = [], set()
    for key in keys:
        row = found.get(key) or (found.get("+" + key) if not key.startswith("+") else None)
        if row is None:
            raise missing or ApiError(404, 1001, f"Phone number does not exist: {key}.")
        if row.id not in seen:
            seen.add(row.id)
            out.append(row)
    return out


def assign_numbers(ctx: Context, entity, rows: list[Any], *, taken: ApiError | None = None,  # noqa: ANN001
                   move_site: bool = True) -> list[dict[str, str]]:
    """Assign the numbers ``rows`` to ``entity`` (an extensions row). A number held by another
    assignee answers ``taken`` and nothing changes; one already held by ``entity`` is kept.
    The numbers follow the entity's site. Returns [{"id", "number"}]."""
    for r in rows:
        if r.assignee_id not in (None, entity.id):
            raise taken or ApiError(
                409, 409, f"Phone number {r.number} is already assigned to another extension."
            )
        if r.status != "Normal":
            raise ApiError(400, 300, f"Phone number {r.number} is pending and cannot be assigned yet.")
    values: dict[str, Any] = {"assignee_id": entity.id, "updated_at": utcnow()}
    if move_site and entity.site_id:
        values["site_id"] = entity.site_id
    ids = [r.id for r in rows if r.assignee_id is None]
    if len(ids) == 1:
        # Conditional: a number taken meanwhile by a concurrent request fails this one whole.
        params = {f"new_{k}": v for k, v in values.items()}
        n = ctx.conn.execute(_ASSIGN_ONE["site_id" in values], {**params, "number_id": ids[0]}).rowcount
    elif ids:
        n = ctx.conn.execute(
            update(PN).where(PN.c.id.in_(ids), PN.c.assignee_id.is_(None)).values(**values)
        ).rowcount
    if ids:
        if n != len(ids):
            raise taken or ApiError(409, 409, "Phone number is already assigned to another extension.")
    return [{"id": r.id, "number": r.number} for r in rows]


def unassign_numbers(ctx: Context, entity_id: str, number_ids: Iterable[str] | None = None) -> int:
    """Free ``entity_id``'s numbers (all, or those of ``number_ids``). Returns how many."""
    ids = list(number_ids) if number_ids is not None else None
    if ids is not None and len(ids) == 1:
        return ctx.conn.execute(_UNASSIGN_ONE, {"holder": entity_id, "number_id": ids[0], "now": utcnow()}).rowcount
    q = update(PN).where(PN.c.assignee_id == entity_id)
    if ids is not None:
        q = q.where(PN.c.id.in_(ids))
    return ctx.conn.execute(q.values(assignee_id=None, updated_at=utcnow())).rowcount


def number_of_entity(ctx: Context, entity_id: str, key: str):  # noqa: ANN201
    """One of ``entity_id``'s numbers by id or number, or None."""
    return _NUMBER_OF_ENTITY.one(ctx.conn, holder=entity_id, key=key)


# The one-number forms of the statements above, built once: building an UPDATE with an IN (...)
# list cost ~120 us a call on SQLite, running the prebuilt equality form ~16 us.
_NUMBER_BY_KEY = Prepared(select(PN).where(
    PN.c.account_id == bindparam("account_id"), or_(PN.c.id == bindparam("key"), PN.c.number == bindparam("key"))))
_NUMBER_OF_ENTITY = Prepared(select(PN).where(
    PN.c.assignee_id == bindparam("holder"), or_(PN.c.id == bindparam("key"), PN.c.number == bindparam("key"))
).limit(1))
_ASSIGN_ONE = {  # by whether the number moves to the assignee's site
    moves: update(PN).where(PN.c.id == bindparam("number_id"), PN.c.assignee_id.is_(None)).values(
        {k: bindparam(f"new_{k}") for k in ("assignee_id", "updated_at", *(("site_id",) if moves else ()))})
    for moves in (False, True)
}
_UNASSIGN_ONE = update(PN).where(PN.c.assignee_id == bindparam("holder"), PN.c.id == bindparam("number_id")).values(
    assignee_id=None, updated_at=bindparam("now"))


# --- calling plans -------------------------------------------------------------------------------


def calling_plans_of(conn: Connection, extension_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """{extension_id: [{"type", "name", "billing_account_id"...}]} for nested ``calling_plans``."""
    ids = list(set(extension_ids))
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    ecp = t.extension_calling_plans
    names = dict(conn.execute(select(t.calling_plans.c.type, t.calling_plans.c.name).where(
        t.calling_plans.c.account_id == conn.execute(
            select(EXT.c.account_id).where(EXT.c.id == ids[0])).scalar_one_or_none()
    )).all())
    for r in conn.execute(select(ecp).where(ecp.c.extension_id.in_(ids)).order_by(ecp.c.pk)):
        plan: dict[str, Any] = {"type": r.type, "name": names.get(r.type) or CALLING_PLAN_NAMES.get(r.type, "")}
        if r.billing_account_id:
            plan["billing_account_id"] = r.billing_account_id
        if r.billing_subscription_id:
            plan["billing_subscription_id"] = r.billing_subscription_id
        out[r.extension_id].append(plan)
    return out


def plan_usage(conn: Connection, account_id: str) -> list[dict[str, Any]]:
    """The account's calling plans with subscribed / assigned / available, by type."""
    ecp = t.extension_calling_plans
    used = dict(conn.execute(
        select(ecp.c.type, func.count()).where(ecp.c.account_id == account_id).group_by(ecp.c.type)
    ).all())
    out = []
    for r in conn.execute(select(t.calling_plans).where(t.calling_plans.c.account_id == account_id)
                          .order_by(t.calling_plans.c.type)):
        n = int(used.get(r.type, 0))
        out.append({"type": r.type, "name": r.name, "subscribed": r.subscribed, "assigned": n,
                    "available": max(r.subscribed - n, 0), **(r.details or {})})
    return out


def assign_calling_plans(ctx: Context, entity, plans: Any, *, field: str = "calling_plans") -> list[int]:  # noqa: ANN001
    """Give ``entity`` the calling plans ``plans`` ([{"type": int, "billing_account_id"?}]).

    Each type must be subscribed by the account with one available; a type the entity already
    holds is an error. The subscription row is locked (PostgreSQL FOR UPDATE; SQLite writes are
    serialised) so two concurrent assignments cannot both take the last plan."""
    if not isinstance(plans, list) or not plans:
        raise invalid(field, "At least one calling plan is required.")
    ecp = t.extension_calling_plans
    types: list[int] = []
    for i, p in enumerate(plans):
        ptype = p.get("type") if isinstance(p, dict) else p
        if isinstance(ptype, str) and ptype.isdigit():
            ptype = int(ptype)
        if not isinstance(ptype, int) or isinstance(ptype, bool):
            raise invalid(f"{field}[{i}].type", "The calling plan type is required.")
        sub = ctx.conn.execute(
            select(t.calling_plans).where(t.calling_plans.c.account_id == ctx.account_id,
                                          t.calling_plans.c.type == ptype).with_for_update()
        ).first()
        if sub is None:
            raise ApiError(400, 300, f"The account has no subscription for calling plan type {ptype}.")
        used = ctx.conn.execute(
            select(func.count()).select_from(ecp).where(ecp.c.account_id == ctx.account_id, ecp.c.type == ptype)
        ).scalar_one()
        if used >= sub.subscribed:
            raise ApiError(400, 300, f"No calling plan of type {ptype} ({sub.name}) is available.")
        try:
            with ctx.conn.begin_nested():
                ctx.conn.execute(insert(ecp).values(
                    account_id=ctx.account_id, extension_id=entity.id, type=ptype,
                    billing_account_id=p.get("billing_account_id") if isinstance(p, dict) else None,
                    billing_subscription_id=p.get("billing_subscription_id") if isinstance(p, dict) else None,
                    **stamps(),
                ))
        except IntegrityError:
            raise ApiError(400, 300, f"Calling plan type {ptype} is already assigned.") from None
        types.append(ptype)
    return types


def unassign_calling_plan(ctx: Context, entity_id: str, plan_type: int) -> bool:
    ecp = t.extension_calling_plans
    n = ctx.conn.execute(delete(ecp).where(ecp.c.extension_id == entity_id, ecp.c.type == plan_type)).rowcount
    return n > 0


# --- members -------------------------------------------------------------------------------------


def members_of(conn: Connection, container_id: str, role: str = "member") -> list[Any]:
    """The member extensions of a container in the order they were added (with the link's
    ``details`` as ``member_details``)."""
    m = t.phone_members
    return conn.execute(
        select(EXT, m.c.details.label("member_details"), m.c.pk.label("member_pk"))
        .join(m, m.c.member_id == EXT.c.id)
        .where(m.c.container_id == container_id, m.c.role == role).order_by(m.c.pk)
    ).all()


def add_members(ctx: Context, container, member_rows: list[Any], role: str = "member",  # noqa: ANN001
                details: dict[str, dict[str, Any]] | None = None) -> int:
    """Add members (extensions rows); ones already there are left as they are. Returns how many
    were added."""
    m = t.phone_members
    have = set(ctx.conn.execute(
        select(m.c.member_id).where(m.c.container_id == container.id, m.c.role == role)
    ).scalars())
    rows = [
        {"account_id": ctx.account_id, "container_id": container.id, "member_id": r.id, "role": role,
         "details": (details or {}).get(r.id, {}), **stamps()}
        for r in member_rows if r.id not in have
    ]
    if rows:
        ctx.conn.execute(insert(m), rows)
    return len(rows)


def remove_members(ctx: Context, container_id: str, member_ids: Iterable[str] | None = None,
                   role: str = "member") -> int:
    m = t.phone_members
    q = delete(m).where(m.c.container_id == container_id, m.c.role == role)
    if member_ids is not None:
        q = q.where(m.c.member_id.in_(list(member_ids)))
    return ctx.conn.execute(q).rowcount


# --- owned items (phone_items) ------------------------------------------------------------------


def items_of(conn: Connection, owner_id: str, kind: str) -> list[Any]:
    it = t.phone_items
    return conn.execute(select(it).where(it.c.owner_id == owner_id, it.c.kind == kind).order_by(it.c.pk)).all()


def add_item(ctx: Context, owner_id: str, kind: str, details: dict[str, Any], item_id: str | None = None) -> str:
    iid = item_id or new_id()
    ctx.conn.execute(insert(t.phone_items).values(
        id=iid, account_id=ctx.account_id, owner_id=owner_id, kind=kind, details=details, **stamps()
    ))
    return iid


def get_item(conn: Connection, owner_id: str, kind: str, item_id: str):  # noqa: ANN201
    it = t.phone_items
    return conn.execute(
        select(it).where(it.c.owner_id == owner_id, it.c.kind == kind, it.c.id == item_id)
    ).first()


def update_item(conn: Connection, item_id: str, details: dict[str, Any]) -> None:
    conn.execute(update(t.phone_items).where(t.phone_items.c.id == item_id).values(details=details,
                                                                                    updated_at=utcnow()))


def delete_items(conn: Connection, owner_id: str, kind: str, item_ids: Iterable[str] | None = None) -> int:
    it = t.phone_items
    q = delete(it).where(it.c.owner_id == owner_id, it.c.kind == kind)
    if item_ids is not None:
        q = q.where(it.c.id.in_(list(item_ids)))
    return conn.execute(q).rowcount
