"""Emergency addresses and emergency service locations (batch too): providers (HTTP glue).

Addresses are ``emergency_addresses`` rows (company addresses of a site, level 0, or personal
addresses of a user, level 1); locations are ``locations`` rows (a tree through ``parent_id``,
bound to a company address, a site, an optional ELIN number and SIP group). Every write validates
the whole request before its first write; the batch is all-or-nothing. The rules and the choices
phonestack makes where Zoom's documents are silent: docs/phone/emergency.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .. import common as c
from . import locations  # noqa: F401  (registers the location providers)
from .views import COMPANY, EA, LOC, PERSONAL, address_view, clean_address, error, owners_of

EXT = t.extensions


# --- lookups -------------------------------------------------------------------------------------


def _address(ctx: Context):  # noqa: ANN202
    """The address named in the path; unknown ids and other tenants' ids answer the documented
    400 / 400 "Emergency address does not exist {emergencyAddressId}." on every operation."""
    key = ctx.path["emergencyAddressId"]
    row = ctx.conn.execute(select(EA).where(EA.c.account_id == ctx.account_id, EA.c.id == key)).first()
    if row is None:
        raise ApiError(400, 400, f"Emergency address does not exist {key}.")
    return row


def _view(ctx: Context, row, *, ext_as_string: bool = False) -> dict[str, Any]:  # noqa: ANN001
    owners = owners_of(ctx.conn, [row])
    site_ids = [row.site_id] + [o.site_id for o in owners.values()]
    return address_view(row, owners, c.site_refs(ctx.conn, site_ids), ext_as_string=ext_as_string)


def _site(ctx: Context, site_id: Any):  # noqa: ANN202
    if not isinstance(site_id, str) or c.site_row(ctx.conn, ctx.account_id, site_id) is None:
        raise error(f"Site does not exist: {site_id}.", "site_id")
    return site_id


def _scope(row_or_values) -> Any:  # noqa: ANN001
    """The rows that share a default with an address: the company addresses of its site, or the
    personal addresses of its user."""
    owner_id = row_or_values["owner_id"] if isinstance(row_or_values, dict) else row_or_values.owner_id
    site_id = row_or_values["site_id"] if isinstance(row_or_values, dict) else row_or_values.site_id
    if owner_id:
        return EA.c.owner_id == owner_id
    return and_(EA.c.owner_id.is_(None), EA.c.site_id == site_id)


def _has_default(ctx: Context, scope) -> bool:  # noqa: ANN001
    return ctx.conn.execute(
        select(EA.c.id).where(EA.c.account_id == ctx.account_id, scope, EA.c.is_default.is_(True)).limit(1)
    ).first() is not None


def _clear_default(ctx: Context, scope) -> None:  # noqa: ANN001
    ctx.conn.execute(update(EA).where(EA.c.account_id == ctx.account_id, scope, EA.c.is_default.is_(True))
                     .values(is_default=False, updated_at=utcnow()))


# --- emergency addresses ---------------------------------------------------------------------------


@provider("GET /phone/emergency_addresses")
def list_emergency_addresses(ctx: Context) -> dict[str, Any]:
    q = ctx.query
    stmt = select(EA).select_from(EA.outerjoin(EXT, EXT.c.id == EA.c.owner_id)).where(
        EA.c.account_id == ctx.account_id)
    site_id = q.get("site_id")
    if site_id:
        if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
            raise c.not_found(ctx, 400, f"Site does not exist: {site_id}", site_id=site_id)
        # a personal address belongs to its user's current site
        stmt = stmt.where(or_(and_(EA.c.owner_id.is_(None), EA.c.site_id == site_id), EXT.c.site_id == site_id))
    user_key = q.get("user_id")
    if user_key:
        user = c.find_extension(ctx.conn, ctx.account_id, user_key, c.USER)
        stmt = stmt.where(EA.c.owner_id == (user.id if user is not None else user_key))
    if q.get("level") is not None:
        stmt = stmt.where(EA.c.level == int(q["level"]))
    keyword = str(q.get("address_keyword") or "").strip().lower()
    if keyword:
        # JSON columns are matched in Python (portable across SQLite and PostgreSQL)
        ids = [r.id for r in ctx.conn.execute(stmt.with_only_columns(EA.c.id, EA.c.details))
               if any(keyword in str(v).lower() for v in (r.details or {}).values())]
        stmt = stmt.where(EA.c.id.in_(ids))
    rows, token, total, size = ctx.page(stmt, EA.c.pk)
    owners = owners_of(ctx.conn, rows)
    sites = c.site_refs(ctx.conn, [r.site_id for r in rows] + [o.site_id for o in owners.values()])
    return {"emergency_addresses": [address_view(r, owners, sites) for r in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/emergency_addresses")
def add_emergency_address(ctx: Context) -> dict[str, Any]:
    data = c.body(ctx)
    fields = clean_address(data)
    owner = None
    if data.get("user_id"):
        owner = c.find_extension(ctx.conn, ctx.account_id, str(data["user_id"]), c.USER)
        if owner is None:
            raise error(f"User does not exist: {data['user_id']}.", "user_id")
        site_id = owner.site_id
        if data.get("site_id") and data["site_id"] != site_id:
            _site(ctx, data["site_id"])
            raise error("The site of a personal emergency address is its user's site.", "site_id")
    elif data.get("site_id"):
        site_id = _site(ctx, data["site_id"])
    else:
        main = c.main_site(ctx.conn, ctx.account_id)
        if main is None:
            raise error("A site ID is required.", "site_id")
        site_id = main.id
    values: dict[str, Any] = {
        "id": new_id(), "account_id": ctx.account_id, "site_id": site_id, "owner_id": owner.id if owner else None,
        "level": PERSONAL if owner else COMPANY, "status": 1, "country": fields["country"], "details": fields,
    }
    scope = _scope(values)
    if data.get("is_default"):
        _clear_default(ctx, scope)
        values["is_default"] = True
    else:
        # the first address of a site (or of a user) is its default
        values["is_default"] = not _has_default(ctx, scope)
    ctx.conn.execute(insert(EA).values(**values, **stamps()))
    row = ctx.conn.execute(select(EA).where(EA.c.id == values["id"])).first()
    return _view(ctx, row, ext_as_string=True)


@provider("GET /phone/emergency_addresses/{emergencyAddressId}")
def get_emergency_address(ctx: Context) -> dict[str, Any]:
    return _view(ctx, _address(ctx))


@provider("PATCH /phone/emergency_addresses/{emergencyAddressId}")
def update_emergency_address(ctx: Context) -> dict[str, Any]:
    row = _address(ctx)
    data = c.body(ctx)
    merged = {**(row.details or {}), **{k: v for k, v in data.items() if k != "is_default" and v is not None}}
    fields = clean_address(merged)
    values: dict[str, Any] = {"details": fields, "country": fields["country"], "updated_at": utcnow()}
    if data.get("is_default") is True and not row.is_default:
        _clear_default(ctx, _scope(row))
        values["is_default"] = True
    elif data.get("is_default") is False and row.is_default:
        if row.owner_id is None:
            raise error("A site must keep a default emergency address: set another address as the default "
                        "instead.", "is_default")
        values["is_default"] = False
    ctx.conn.execute(update(EA).where(EA.c.id == row.id).values(**values))
    return _view(ctx, ctx.conn.execute(select(EA).where(EA.c.id == row.id)).first())


@provider("DELETE /phone/emergency_addresses/{emergencyAddressId}")
def delete_emergency_address(ctx: Context) -> None:
    row = _address(ctx)
    used = ctx.conn.execute(select(LOC.c.name).where(LOC.c.emergency_address_id == row.id)
                            .order_by(LOC.c.pk)).scalars().all()
    if used:
        raise error("The emergency address is used by emergency service locations and cannot be deleted: "
                    f"{', '.join(used)}.")
    if row.is_default and row.owner_id is None:
        raise error("The default emergency address of a site cannot be deleted: set another address as the "
                    "default first.")
    ctx.conn.execute(delete(EA).where(EA.c.id == row.id))
    if row.is_default:
        # a user's next personal address (the oldest) becomes their default
        nxt = ctx.conn.execute(select(EA.c.id).where(EA.c.owner_id == row.owner_id).order_by(EA.c.pk)
                               .limit(1)).scalar_one_or_none()
        if nxt is not None:
            ctx.conn.execute(update(EA).where(EA.c.id == nxt).values(is_default=True, updated_at=utcnow()))
    return None

