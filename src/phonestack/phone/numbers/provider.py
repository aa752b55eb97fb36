"""The Phone API's view of the number inventory: /phone/numbers and BYOC numbers (the same rows as Number Management): providers (HTTP glue).

The Phone API sees the numbers allocated to Zoom Phone (``allocated_product = ZOOM_PHONE``);
unallocated and Contact Center numbers exist only for Number Management. See
docs/phone/numbers-slg-extensions.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ...http.context import Context
from ...http.errors import ApiError
from ...numbers import queries as q
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from ..common import body, invalid
from .views import PN, is_byoc, number_select, phone_number_by_key, phone_number_view, rows_by_keys

MAX_NUMBERS = 20  # "Up to 20 phone numbers can be removed/updated in a single request."
MAX_BYOC = 100  # as Number Management's "Add BYOC phone numbers"
EXTENSION_TYPES = {  # extension_type filter -> extensions.type values
    "user": ("user",),
    "callQueue": ("callQueue",),
    "autoReceptionist": ("autoReceptionist",),
    "commonArea": ("commonArea", "commonAreaPhone"),
    "emergencyNumberPool": ("emergencyNumberPool",),
    "companyLocation": ("companyLocation",),
    "meetingService": ("meetingService",),
}


def _missing(key: str) -> ApiError:
    """Get a phone number's documented error, used by every operation of this module."""
    return ApiError(400, 400, f"Phone number does not exist, phonenumberId:{key}")


def _site_or_error(ctx: Context, site_id: str):  # noqa: ANN202
    site = q.site(ctx.conn, ctx.account_id, site_id)
    if site is None:
        raise ApiError(400, 300, f"Site does not exist: {site_id}.")
    return site


# --- list / get -----------------------------------------------------------------------------------


@provider("GET /phone/numbers", cache=True)
def list_phone_numbers(ctx: Context) -> dict[str, Any]:
    query = ctx.query
    where = [PN.c.account_id == ctx.account_id, PN.c.allocated_product == "ZOOM_PHONE"]
    counted = PN
    kind = query.get("type") or "all"
    if kind == "assigned":
        where.append(PN.c.assignee_id.is_not(None))
    elif kind == "unassigned":
        where.append(PN.c.assignee_id.is_(None))
    elif kind == "byoc":
        where.append((PN.c.source.not_in(q.NATIVE_SOURCES)) | PN.c.carrier_code.is_not(None))
    ext_type = query.get("extension_type")
    if ext_type:
        if kind != "assigned":
            raise invalid("extension_type", "extension_type can be set only when type is assigned.")
        where.append(t.extensions.c.type.in_(EXTENSION_TYPES[ext_type]))
        counted = PN.join(t.extensions, t.extensions.c.id == PN.c.assignee_id)
    if query.get("number_type") == "tollfree":
        where.append(PN.c.number_type == "TollFree")
    elif query.get("number_type") == "toll":
        where.append(PN.c.number_type != "TollFree")
    if query.get("pending_numbers") is True:
        where.append(PN.c.status == "Pending")
    elif query.get("pending_numbers") is False:
        where.append(PN.c.status != "Pending")
    if query.get("site_id"):
        _site_or_error(ctx, query["site_id"])
        where.append(PN.c.site_id == query["site_id"])
    # Counted without the view's joins (they add columns, not rows), but the one a filter reads.
    rows, token, total, size = ctx.page(number_select().where(*where), PN.c.pk,
                                        count=lambda: select(func.count()).select_from(counted).where(*where))
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "phone_numbers": [phone_number_view(r) for r in rows]}


@provider("GET /phone/numbers/{phoneNumberId}")
def get_phone_number(ctx: Context) -> dict[str, Any]:
    key = ctx.path["phoneNumberId"]
    row = phone_number_by_key(ctx.conn, ctx.account_id, key)
    if row is None:
        raise _missing(key)
    return phone_number_view(row, detail=True)


# --- update ---------------------------------------------------------------------------------------


@provider("PATCH /phone/numbers/{phoneNumberId}")
def update_phone_number(ctx: Context) -> None:
    key = ctx.path["phoneNumberId"]
    row = phone_number_by_key(ctx.conn, ctx.account_id, key)
    if row is None:
        raise _missing(key)
    data = body(ctx)
    values: dict[str, Any] = {}
    if "display_name" in data:
        name = data["display_name"]
        if len(name) > 32:
            raise invalid("display_name", "The display name has 32 characters or fewer.")
        values["display_name"] = name or None
    if "capability" in data:
        wanted = data["capability"]
        if not wanted or any(c not in ("incoming", "outgoing") for c in wanted):
            raise ApiError(400, 300, "The value of capability is invalid. Provide a valid capability and try again.")
        if not is_byoc(row):
            raise ApiError(400, 300, "The phone number is not BYOC phone number.")
        others = [c for c in (row.capability or []) if c not in ("Incoming", "Outgoing")]
        caps = [c for c, v in (("Incoming", "incoming"), ("Outgoing", "outgoing")) if v in wanted]
        values["capability"] = caps + others
    if "sip_group_id" in data:
        if not is_byoc(row):
            raise ApiError(400, 300, "The phone number is not BYOC phone number.")
        group = q.sip_group(ctx.conn, ctx.account_id, data["sip_group_id"])
        if group is None:
            raise ApiError(400, 300, f"SIP group does not exist: {data['sip_group_id']}.")
        if group.sip_trunk_id is None or group.source_system not in ("ZOOM_PHONE", "COMMON"):
            raise ApiError(400, 300, "You cannot update it to a non-BYOC trunk group, because some BYOC numbers "
                                     "are using the SIP Group.")
        values["sip_group_id"] = group.id
    if "emergency_address_status" in data:
        status = data["emergency_address_status"]
        if status not in (1, 2):
            raise invalid("emergency_address_status", "1 (carrier update required) or 2 (confirmed).")
        if not is_byoc(row):
            raise ApiError(400, 300, "The phone number is not BYOC phone number.")
        values["address_update_required"] = status == 1
        if status == 2:
            values["emergency_address_update_time"] = utcnow()
    if values:
        values["updated_at"] = utcnow()
        ctx.conn.execute(update(PN).where(PN.c.pk == row.pk).values(**values))
    return None


def _unassigned_rows(ctx: Context, keys: list[str], verb: str) -> list[Any]:
    """The account's Zoom Phone numbers named by ``keys`` (ids or E.164), all unassigned; any
    unknown or assigned one fails the whole request."""
    if not keys:
        raise invalid("phone_numbers", "At least one phone number is required.")
    if len(keys) > MAX_NUMBERS:
        raise invalid("phone_numbers", f"Up to {MAX_NUMBERS} phone numbers can be {verb} in a single request.")
    found = rows_by_keys(ctx.conn, ctx.account_id, keys)
    rows, seen = [], set()
    for key in keys:
        row = found.get(key)
        if row is None or row.allocated_product != "ZOOM_PHONE":
            raise ApiError(400, 300, f"Phone number does not exist: {key}.")
        if row.assignee_id is not None:
            raise ApiError(400, 300, f"Phone number {row.number} is assigned; only unassigned phone numbers "
                                     f"can be {verb}.")
        if row.id not in seen:
            seen.add(row.id)
            rows.append(row)
    return rows


@provider("DELETE /phone/numbers")
def delete_unassigned_phone_numbers(ctx: Context) -> None:
    keys = [str(k) for k in ctx.query.get("phone_numbers") or []]
    rows = _unassigned_rows(ctx, keys, "deleted")
    ctx.conn.execute(delete(PN).where(PN.c.account_id == ctx.account_id, PN.c.id.in_([r.id for r in rows])))
    return None


@provider("PATCH /phone/numbers/sites/{siteId}")
def update_site_unassigned_numbers(ctx: Context) -> None:
    site = _site_or_error(ctx, ctx.path["siteId"])
    keys = body(ctx).get("phone_numbers") or []
    rows = _unassigned_rows(ctx, [str(k) for k in keys], "moved")
    ctx.conn.execute(update(PN).where(PN.c.id.in_([r.id for r in rows])).values(site_id=site.id,
                                                                                 updated_at=utcnow()))
    return None


# --- BYOC -----------------------------------------------------------------------------------------


@provider("POST /phone/byoc_numbers")
def add_byoc_phone_numbers(ctx: Context) -> dict[str, Any]:
    data = body(ctx)
    opts = q.options(ctx.conn, ctx.account_id)
    if not opts.get("byoc", False):
        raise ApiError(400, 300, "Bring Your Own Carrier (BYOC) is not enabled for this account.")
    carrier = str(data.get("carrier") or "").strip()
    if not carrier:
        raise invalid("carrier", "The carrier name is required.")
    raw = data.get("phone_numbers") or []
    if not raw:
        raise invalid("phone_numbers", "At least one phone number is required.")
    if len(raw) > MAX_BYOC:
        raise invalid("phone_numbers", f"Up to {MAX_BYOC} phone numbers can be added in a single request.")
    group = None
    if data.get("sip_group_id"):
        group = q.sip_group(ctx.conn, ctx.account_id, data["sip_group_id"])
        if group is None or group.source_system not in ("ZOOM_PHONE", "COMMON"):
            raise ApiError(400, 300, f"SIP group does not exist: {data['sip_group_id']}.")
    site_id = data.get("site_id")
    if site_id:
        _site_or_error(ctx, site_id)
    else:
        sites = ctx.conn.execute(
            t.sites.select().with_only_columns(t.sites.c.id).where(t.sites.c.account_id == ctx.account_id)
            .order_by(t.sites.c.main.desc(), t.sites.c.pk)
        ).scalars().all()
        if opts.get("multiple_sites") and len(sites) > 1:
            raise invalid("site_id", "site_id is required when multiple sites are enabled.")
        site_id = sites[0] if sites else None
    numbers: list[str] = []
    for value in raw:
        number, reason = q.normalise_number(value, None)
        if number is None or not value.startswith("+"):
            raise ApiError(400, 300, f"The phone number {value} is not in E.164 format.")
        if number in numbers:
            raise ApiError(400, 300, f"Duplicate phone number in the request: {number}.")
        numbers.append(number)
    existing = q.numbers_by_number(ctx.conn, ctx.account_id, numbers)
    if existing:
        raise ApiError(400, 300, f"Phone number already exists: {', '.join(n for n in numbers if n in existing)}.")
    rows = []
    for number in numbers:
        iso_code = q.country_of(number) or "US"
        rows.append({
            "id": new_id(), "account_id": ctx.account_id, "number": number,
            "number_type": q.guess_number_type(number),
            "source": "BYOCPremises" if group is not None else "BYOCCloud", "status": "Normal",
            "allocated_product": "ZOOM_PHONE", "capability": ["Incoming", "Outgoing"], "country_iso": iso_code,
            "location": q.location_of(number, iso_code), "site_id": site_id,
            "sip_group_id": group.id if group is not None else None, "carrier_name": carrier,
            "address_update_required": False, **stamps(),
        })
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(PN), rows)
    except IntegrityError:  # a concurrent request added one of them meanwhile
        raise ApiError(400, 300, "Phone number already exists.") from None
    return {"phone_numbers": [{"id": r["id"], "number": r["number"]} for r in rows]}
