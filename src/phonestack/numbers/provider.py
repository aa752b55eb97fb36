"""Number Management API: the number inventory and everything attached to it.

All 28 operations of ``number-management-api.txt``. Every query is scoped to
``ctx.account_id`` (the account the request acts on), except the provider-exchange carrier
view, which by design lists the numbers a carrier pushed into its customers' accounts.

Writes validate the whole request before the first write: a request that fails changes
nothing (batch operations are all-or-nothing; see docs/number-management.md).
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..http.context import Context
from ..http.errors import ApiError, validation_failed
from ..providers import provider
from ..store import schema as t
from ..store.counts import account_rows, account_rows_column, account_rows_value
from ..store.fast import Prepared, RenderCache
from ..store.util import new_id, stamps, utcnow
from . import queries as q
from .views import (
    CONSENT_CAPACITY,
    CONSENT_STATUS_KEY,
    PEERING_DEFAULTS,
    campaign_summary,
    campaign_view,
    consent_in_out_bound,
    consent_status,
    consent_view,
    number_view,
    peering_attrs,
    port_order_summary,
    port_order_view,
    provider_number_view,
    sip_group_view,
    sip_trunk_view,
)

PN = t.phone_numbers
NM = "/accounts/{accountId}/number_management"
MAX_BYOC = 100
MAX_PEERING = 200
MAX_BATCH = 200
EVENT_CNAM = "number_management.peering_number_cnam_updated"
EVENT_ADDRESS = "number_management.peering_number_emergency_address_updated"
# Zoom Phone's events document has the same two events under its own names, same payload: a
# carrier may subscribe to either, so both are sent.
PHONE_TWIN = {EVENT_CNAM: "phone.peering_number_cnam_updated",
              EVENT_ADDRESS: "phone.peering_number_emergency_address_updated"}


# --- small helpers ------------------------------------------------------------------------------


def _body(ctx: Context) -> dict[str, Any]:
    return ctx.body if isinstance(ctx.body, dict) else {}


def _not_found(ctx: Context, code: int, message: str) -> ApiError:
    """The operation's documented 404 (with its code when the document gives one)."""
    for e in ctx.op.error_codes:
        if e.status == 404:
            return ApiError(404, e.code, e.message)
    return ApiError(404, code, message)


def _number_missing(ctx: Context) -> ApiError:
    """100002 "Phone number not found" (documented for the batch operations of this API)."""
    doc = ctx.op.error(100002)
    return ApiError(400, 100002, doc.message if doc else "Phone number not found")


def _invalid_field(ctx: Context, field: str, detail: str) -> ApiError:
    """999 "Invalid field" naming the field, for the operations that document 999."""
    doc = ctx.op.error(999)
    if doc is None:
        return validation_failed(field, detail)
    return ApiError(doc.status, 999, doc.message, [{"field": field, "message": detail}])


def _id_list(ctx: Context, *names: str) -> list[Any] | None:
    """A list parameter, from the query string (repeated or comma-separated) or the body."""
    for source in (ctx.query, _body(ctx)):
        for name in names:
            value = source.get(name)
            if value is None:
                continue
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list):
                raise validation_failed(name, "Invalid field: must be an array.")
            return value
    return None


def _strings(field: str, values: list[Any]) -> list[str]:
    for i, v in enumerate(values):
        if not isinstance(v, str) or not v:
            raise validation_failed(f"{field}[{i}]", "Invalid field: must be a non-empty string.")
    return list(dict.fromkeys(values))


def _enum(ctx: Context, name: str, allowed: tuple[str, ...], value: Any) -> str | None:
    """A query filter value, matched case-insensitively (``tollfree`` is ``TollFree``);
    anything else is the operation's documented 999."""
    if value is None or value == "":
        return None
    for a in allowed:
        if str(value).lower() == a.lower():
            return a
    raise _invalid_field(ctx, name, f"Invalid value: must be one of {', '.join(allowed)}.")


def _some_data_failed(ctx: Context, failures: list[dict[str, str]]) -> ApiError:
    """Error 1000 as documented: the per-number failures, in the message and in ``errors``."""
    doc = ctx.op.error(1000)
    head = "Some data failed."
    if doc and doc.message:
        head = doc.message.split("for example")[0].split("[")[0].strip() or head
    listing = orjson.dumps(failures).decode()
    return ApiError(400, 1000, f"{head} {listing}", failures)


def _insert_numbers(ctx: Context, rows: list[dict[str, Any]]) -> None:
    """Insert new numbers; one that a concurrent request added meanwhile (the unique
    constraint on account + number) fails like any existing number: 1000, nothing added."""
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(PN), rows)
    except IntegrityError:
        existing = q.numbers_by_number(ctx.conn, ctx.account_id, [r["number"] for r in rows])
        raise _some_data_failed(ctx, [
            {"phoneNumber": r["number"], "reason": "Phone Number already exists"}
            for r in rows if r["number"] in existing
        ]) from None


def _page_body(key: str, rows: list[Any], token: str, total: int, size: int) -> dict[str, Any]:
    return {"next_page_token": token, "page_size": size, "total_records": total, key: rows}


# --- phone numbers ------------------------------------------------------------------------------


# The hot read (Get a phone number): built and compiled once, run on the DBAPI cursor.
_NUMBER_BY_ID = Prepared(
    q.number_select().where(PN.c.account_id == bindparam("account_id"), PN.c.id == bindparam("number_id"))
)
# Get a phone number: the number's view cache key first (three columns, no joins), the viewed
# columns only when that key is not rendered in the cache yet (as the list's pages do).
_NUMBER_VIEW_BY_ID = Prepared(
    q.number_view_versioned_select().where(PN.c.account_id == bindparam("account_id"),
                                           PN.c.id == bindparam("number_id"))
)
_NUMBER_KEY_BY_ID = Prepared(
    q.number_view_key_select().where(PN.c.account_id == bindparam("account_id"),
                                     PN.c.id == bindparam("number_id"))
)
# Rendered numbers, memoized on their row versions (store/fast.py RenderCache: never stale).
_LIST_VIEWS = RenderCache(number_view, key_names=q.NUMBER_VIEW_KEY)
_DETAIL_VIEWS = RenderCache(partial(number_view, detail=True), key_names=q.NUMBER_VIEW_KEY)


def _numbers_page(stmt):  # noqa: ANN001, ANN202
    return (
        stmt.where(PN.c.account_id == bindparam("account_id"), PN.c.pk > bindparam("after"))
        .order_by(PN.c.pk)
        .limit(bindparam("limit"))
    )


# The unfiltered list: the page's cache keys first (one row, no joins), the viewed columns only
# when one of its numbers is not rendered in the cache yet.
_NUMBERS_PAGE = Prepared(_numbers_page(q.number_view_versioned_select()))
_NUMBERS_PAGE_KEYS = q.number_view_keys(_numbers_page(select(PN.c.pk, PN.c.id, PN.c.row_version)).subquery())
_NUMBERS_LATER_PAGE_KEYS = Prepared(_NUMBERS_PAGE_KEYS)
# The first page's keys with the inventory's total (row_counts) in the same statement.
_NUMBERS_FIRST_PAGE_KEYS = Prepared(_NUMBERS_PAGE_KEYS.add_columns(account_rows_column("phone_numbers")))


def _number_row(ctx: Context, number_id: str):  # noqa: ANN202
    return _NUMBER_BY_ID.one(ctx.conn, account_id=ctx.account_id, number_id=number_id)


@provider(f"GET {NM}/numbers", cache=True)
def list_numbers(ctx: Context) -> dict[str, Any]:
    query = ctx.query
    if not any(query.get(k) for k in query if k not in ("page_size", "next_page_token")):
        # The unfiltered inventory, the hot list: a prepared keyset read, the total from row_counts.
        views, token, total, size = ctx.fast_page(
            _NUMBERS_PAGE, "pk", count=lambda: account_rows(ctx.conn, ctx.account_id, "phone_numbers"),
            account_id=ctx.account_id, render=_LIST_VIEWS, keys=_NUMBERS_LATER_PAGE_KEYS,
            first=_NUMBERS_FIRST_PAGE_KEYS)
        return _page_body("numbers", views, token, total, size)
    where = [PN.c.account_id == ctx.account_id]

    assigned = _enum(ctx, "assigned_status", ("assigned", "unassigned"), query.get("assigned_status"))
    if assigned == "assigned":
        where.append(PN.c.assignee_id.is_not(None))
    elif assigned == "unassigned":
        where.append(PN.c.assignee_id.is_(None))
    number_type = _enum(ctx, "number_type", q.NUMBER_TYPES, query.get("number_type"))
    if number_type:
        where.append(PN.c.number_type == number_type)
    product = _enum(ctx, "allocated_product", q.PRODUCTS, query.get("allocated_product"))
    if product:
        where.append(PN.c.allocated_product == product)
    source = _enum(ctx, "number_source", q.SOURCES, query.get("number_source"))
    if source:
        where.append(PN.c.source == source)
    status = _enum(ctx, "status", q.STATUSES, query.get("status"))
    if status:
        where.append(PN.c.status == status)
    site_id = query.get("site_id")
    if site_id:
        if q.site(ctx.conn, ctx.account_id, site_id) is None:
            raise ctx.error(1002010)
        where.append(PN.c.site_id == site_id)
    if query.get("country_iso"):
        where.append(PN.c.country_iso == str(query["country_iso"]).upper())
    keyword = str(query.get("keyword") or "").strip()
    if keyword:
        digits = re.sub(r"[^\d+]", "", keyword)
        cond = PN.c.display_name.icontains(keyword, autoescape=True)
        if digits.strip("+"):
            cond = cond | PN.c.number.contains(digits, autoescape=True)
        where.append(cond)

    def count():  # noqa: ANN202 - the first page's total
        if assigned == "unassigned" and len(where) == 2:
            # The free numbers, the usual filter: the inventory (row_counts) less the assigned
            # ones (their partial index, migration 0010), not a walk of every unassigned number;
            # one statement, one snapshot.
            assigned_count = select(func.count()).select_from(PN).where(
                PN.c.account_id == ctx.account_id, PN.c.assignee_id.is_not(None)).scalar_subquery()
            return select(account_rows_value("phone_numbers") - assigned_count).params(account_id=ctx.account_id)
        # Counted on the numbers alone: the view's joins add columns, not rows.
        return select(func.count()).select_from(PN).where(*where)

    rows, token, total, size = ctx.page(q.number_view_select().where(*where), PN.c.pk, count=count)
    return _page_body("numbers", [number_view(r) for r in rows], token, total, size)


@provider(f"GET {NM}/numbers/{{phoneNumberId}}", cache=True)
def get_number(ctx: Context) -> dict[str, Any]:
    conn, number_id = ctx.conn, ctx.path["phoneNumberId"]
    keys, _ = _NUMBER_KEY_BY_ID.raw(conn, one=True, account_id=ctx.account_id, number_id=number_id)
    if not keys:
        raise _not_found(ctx, 100002, "Phone number not found")
    views = _DETAIL_VIEWS.lookup(keys)
    if views is None:
        # Not rendered yet: the full read alone makes the answer, so a write between the two
        # reads cannot mix them (a read, committed rows only: RenderCache).
        rows, decode = _NUMBER_VIEW_BY_ID.raw(conn, one=True, account_id=ctx.account_id, number_id=number_id)
        if not rows:
            raise _not_found(ctx, 100002, "Phone number not found")
        views = _DETAIL_VIEWS.render(rows, decode, _NUMBER_VIEW_BY_ID.getter(conn, _DETAIL_VIEWS.key_names))
    return views[0]


def _caller_id_name_ok(name: str) -> bool:
    return 0 < len(name) <= 15 and any(c.isalpha() for c in name)


@provider(f"PATCH {NM}/numbers/{{phoneNumberId}}")
def update_number(ctx: Context) -> None:
    row = _number_row(ctx, ctx.path["phoneNumberId"])
    if row is None:
        raise _not_found(ctx, 100002, "Phone number not found")
    body = _body(ctx)
    values: dict[str, Any] = {}
    events: list[tuple[str, dict[str, Any]]] = []

    if "display_name" in body:
        name = body["display_name"]
        if row.allocated_product == "ZOOM_CONTACT_CENTER":
            raise _invalid_field(ctx, "display_name", "The display name applies to Zoom Phone numbers only.")
        if len(name) > 32:
            raise _invalid_field(ctx, "display_name", "The display name has 32 characters or fewer.")
        values["display_name"] = name
    if "caller_id_name" in body:
        name = body["caller_id_name"]
        if not _caller_id_name_ok(name):
            raise _invalid_field(
                ctx, "caller_id_name", "The caller ID name has 15 characters or fewer and at least one letter."
            )
        if row.allocated_product == "ZOOM_CONTACT_CENTER" and not (
            row.number_type == "VirtualService" and row.country_iso in ("US", "CA")
        ):
            raise _invalid_field(
                ctx, "caller_id_name", "The Contact Center supports only US/CA Virtual Service numbers."
            )
        values["caller_id_name"] = name
        if row.carrier_code is not None and name != row.caller_id_name:
            events.append((EVENT_CNAM, {"account_id": ctx.account_id, "object": {
                "carrier_code": int(row.carrier_code), "cnam": name, "phone_numbers": [row.number]}}))
    if "sip_group_id" in body:
        if row.source not in q.BYOC_SOURCES:
            raise _invalid_field(ctx, "sip_group_id", "A SIP group applies to BYOC numbers only.")
        group = q.sip_group(ctx.conn, ctx.account_id, body["sip_group_id"])
        if group is None or not _group_serves(group, row.allocated_product):
            raise ctx.error(100001)
        values["sip_group_id"] = group.id
    if "capability" in body:
        values["capability"] = _new_capability(ctx, row, body["capability"] or {})
    if body.get("confirm_address_update") is True:
        if row.source != "BYOCPremises" and row.carrier_code is None:
            raise _invalid_field(
                ctx, "confirm_address_update", "Only BYOC-Premises and cloud-peering numbers confirm addresses."
            )
        values["address_update_required"] = False
        values["emergency_address_update_time"] = utcnow()
        if row.carrier_code is not None and row.emergency_address:
            address = {k: v for k, v in row.emergency_address.items() if k in (
                "country", "address_line1", "address_line2", "city", "zip", "state_code") and v}
            events.append((EVENT_ADDRESS, {"account_id": ctx.account_id, "object": {
                "carrier_code": int(row.carrier_code), "phone_numbers": [row.number],
                "emergency_address": address}}))

    if values:
        values["updated_at"] = utcnow()
        ctx.conn.execute(update(PN).where(PN.c.pk == row.pk).values(**values))
    for event, payload in events:
        ctx.emit(event, payload)
        ctx.emit(PHONE_TWIN[event], payload)
    return None


def _new_capability(ctx: Context, row, change: dict[str, Any]) -> list[str]:  # noqa: ANN001
    """Incoming/Outgoing can be switched on Zoom Phone numbers that are not Zoom's own
    (BYOC, third-party and cloud-peering numbers) and never both off (200001 otherwise)."""
    if not change:
        return list(row.capability or [])
    if row.allocated_product != "ZOOM_PHONE" or (row.source in q.NATIVE_SOURCES and row.carrier_code is None):
        raise ctx.error(200001)
    caps = list(row.capability or [])
    for key, cap in (("incoming", "Incoming"), ("outgoing", "Outgoing")):
        if key not in change:
            continue
        if change[key] and cap not in caps:
            caps.append(cap)
        elif not change[key] and cap in caps:
            caps.remove(cap)
    if "Incoming" not in caps and "Outgoing" not in caps:
        raise ctx.error(200001)
    order = ("Incoming", "Outgoing", "Messaging", "PCIPal", "EmergencyCalls")
    return sorted(caps, key=lambda c: order.index(c) if c in order else len(order))


@provider(f"DELETE {NM}/numbers")
def delete_numbers(ctx: Context) -> None:
    ids = _id_list(ctx, "phone_numbers")
    if not ids:
        raise validation_failed("phone_numbers", "This field is required.")
    ids = _strings("phone_numbers", ids)
    found = q.numbers_by_ids(ctx.conn, ctx.account_id, ids)
    if len(found) != len(ids):
        raise _number_missing(ctx)
    assigned = [r.number for r in found.values() if r.assignee_id is not None]
    if assigned:
        raise ApiError(
            400, 300, f"Assigned phone numbers cannot be deleted; unassign them first: {', '.join(assigned)}."
        )
    ctx.conn.execute(delete(PN).where(PN.c.account_id == ctx.account_id, PN.c.id.in_(ids)))
    return None


@provider(f"PATCH {NM}/allocation")
def allocate_numbers(ctx: Context) -> None:
    body = _body(ctx)
    product = body["allocated_product"]
    ids = _strings("numbers", body.get("numbers") or [])
    if not ids:
        raise validation_failed("numbers", "This field is required.")
    site_id = body.get("site_id")
    if site_id and q.site(ctx.conn, ctx.account_id, site_id) is None:
        raise ctx.error(1002010)
    found = q.numbers_by_ids(ctx.conn, ctx.account_id, ids)
    if len(found) != len(ids):
        raise ctx.error(100002)
    rows = [found[i] for i in ids]
    for row in rows:
        if row.assignee_id is not None and row.allocated_product != product:
            raise ctx.error(200002)
    native = [r for r in rows if r.source in q.NATIVE_SOURCES and r.allocated_product != product]
    if product != "UNALLOCATED" and len({(r.country_iso, r.plan_name) for r in native}) > 1:
        raise ApiError(
            400, 300,
            "Native numbers allocated together must belong to the same country or region and number plan.",
        )
    main_site = q.main_site_id(ctx.conn, ctx.account_id) if product == "ZOOM_PHONE" else None
    now = utcnow()
    for row in rows:
        values: dict[str, Any] = {"allocated_product": product, "updated_at": now}
        if product == "ZOOM_PHONE":
            values["site_id"] = site_id or row.site_id or main_site
        else:
            values["site_id"] = None
        ctx.conn.execute(update(PN).where(PN.c.pk == row.pk).values(**values))
    return None


def _group_serves(group, product: str) -> bool:  # noqa: ANN001
    """A SIP group of source system ``COMMON`` serves every product; others their own."""
    return group.source_system == "COMMON" or product == "UNALLOCATED" or group.source_system == product


@provider(f"POST {NM}/byoc_numbers")
def add_byoc_numbers(ctx: Context) -> None:
    body = _body(ctx)
    opts = q.options(ctx.conn, ctx.account_id)
    if not opts.get("byoc", False):
        raise ctx.error(1004)
    product = body["allocated_product"]
    raw_numbers = body.get("phone_numbers") or []
    if not raw_numbers:
        raise validation_failed("phone_numbers", "This field is required.")
    if len(raw_numbers) > MAX_BYOC:
        raise ctx.error(1003001)
    country = body.get("country_iso")
    if country is not None:
        country = str(country).upper()
        if country not in q.COUNTRIES:
            raise validation_failed("country_iso", "Invalid field: an ISO 3166 alpha-2 country code.")

    group = None
    if body.get("sip_group_id"):
        group = q.sip_group(ctx.conn, ctx.account_id, body["sip_group_id"])
        if group is None or not _group_serves(group, product):
            raise ctx.error(100001)
    elif product == "ZOOM_CONTACT_CENTER":
        raise ctx.error(100001)
    pci_pal = bool(body.get("enable_pci_pal"))
    if pci_pal and (group is None or not group.pci_pal_supported):
        raise ctx.error(200005)

    site_id = body.get("site_id")
    if site_id:
        if q.site(ctx.conn, ctx.account_id, site_id) is None:
            raise ctx.error(1002010)
    elif product == "ZOOM_PHONE":
        if opts.get("multiple_sites"):
            raise ctx.error(1002003)
        site_id = q.main_site_id(ctx.conn, ctx.account_id)
    if product != "ZOOM_PHONE":
        site_id = None

    failures: list[dict[str, str]] = []
    numbers: list[str] = []
    for raw in raw_numbers:
        number, reason = q.normalise_number(raw, country)
        if reason is None and number in numbers:
            reason = "Duplicate phone number in the request"
        if reason:
            failures.append({"phoneNumber": str(raw), "reason": reason})
        else:
            numbers.append(number)
    existing = q.numbers_by_number(ctx.conn, ctx.account_id, numbers)
    failures += [{"phoneNumber": n, "reason": "Phone Number already exists"} for n in numbers if n in existing]
    if failures:
        raise _some_data_failed(ctx, failures)

    source = "BYOCPremises" if group is not None else "BYOCCloud"
    caps = ["Incoming", "Outgoing"] + (["PCIPal"] if pci_pal else [])
    rows = []
    for number in numbers:
        iso_code = q.country_of(number) or country or "US"
        rows.append({
            "id": new_id(), "account_id": ctx.account_id, "number": number,
            "number_type": q.guess_number_type(number), "source": source, "status": "Normal",
            "allocated_product": product, "capability": caps, "country_iso": iso_code,
            "location": q.location_of(number, iso_code), "site_id": site_id,
            "sip_group_id": group.id if group is not None else None, "pci_pal": pci_pal,
            "address_update_required": False, **stamps(),
        })
    _insert_numbers(ctx, rows)
    return None


# --- plans --------------------------------------------------------------------------------------


def _product_param(ctx: Context, allowed: tuple[str, ...]) -> str:
    value = ctx.query.get("product")
    if value is None or value == "":
        raise ctx.error(1002006)
    product = _enum(ctx, "product", allowed, value)
    assert product is not None
    return product


@provider(f"GET {NM}/plan")
def list_plans(ctx: Context) -> dict[str, Any]:
    product = _product_param(ctx, ("ZOOM_PHONE", "ZOOM_CONTACT_CENTER"))
    stmt = select(t.number_plans).where(
        t.number_plans.c.account_id == ctx.account_id, t.number_plans.c.product == product
    )
    rows, token, _total, size = ctx.page(stmt, t.number_plans.c.pk)
    usage = q.plan_usage(ctx.conn, ctx.account_id)
    plans = []
    for r in rows:
        assigned = usage.get(r.name, 0)
        plans.append({
            "name": r.name, "subscribed": int(r.subscribed), "assigned": assigned,
            "available": max(int(r.subscribed) - assigned, 0), "is_unlimited": bool(r.is_unlimited),
        })
    return {"next_page_token": token, "page_size": size, "plans": plans}


# --- SMS campaigns ------------------------------------------------------------------------------


def _campaign(ctx: Context):  # noqa: ANN202
    row = ctx.conn.execute(
        select(t.sms_campaigns).where(
            t.sms_campaigns.c.account_id == ctx.account_id, t.sms_campaigns.c.id == ctx.path["smsCampaignId"]
        )
    ).first()
    if row is None:
        raise _not_found(ctx, 404, "Invalid campaign ID.")
    return row


def _campaign_numbers(ctx: Context, campaign_id: str) -> list[Any]:
    return ctx.conn.execute(
        select(PN.c.id, PN.c.number, PN.c.pk)
        .where(PN.c.account_id == ctx.account_id, PN.c.sms_campaign_id == campaign_id)
        .order_by(PN.c.pk)
    ).all()


@provider(f"GET {NM}/sms_campaigns")
def list_sms_campaigns(ctx: Context) -> dict[str, Any]:
    stmt = select(t.sms_campaigns).where(t.sms_campaigns.c.account_id == ctx.account_id)
    rows, token, total, size = ctx.page(stmt, t.sms_campaigns.c.pk)
    return _page_body("sms_campaigns", [campaign_summary(r) for r in rows], token, total, size)


@provider(f"GET {NM}/sms_campaigns/{{smsCampaignId}}")
def get_sms_campaign(ctx: Context) -> dict[str, Any]:
    row = _campaign(ctx)
    return campaign_view(row, _campaign_numbers(ctx, row.id))


@provider(f"POST {NM}/sms_campaigns/{{smsCampaignId}}/phone_numbers")
def assign_campaign_numbers(ctx: Context) -> None:
    row = _campaign(ctx)
    body = _body(ctx)
    ids = _strings("phone_number_ids", body.get("phone_number_ids") or [])
    if len(ids) > MAX_BATCH:
        raise ctx.error(1003)
    if not ids:
        raise validation_failed("phone_number_ids", "This field is required.")
    if not q.is_e164(body.get("contact_number")):
        raise validation_failed("contact_number", "Invalid field: an E.164 phone number.")
    found = q.numbers_by_ids(ctx.conn, ctx.account_id, ids)
    if len(found) != len(ids):
        raise _number_missing(ctx)
    taken = [r.number for r in found.values() if r.sms_campaign_id not in (None, row.id)]
    if taken:
        raise ApiError(400, 300, f"Phone numbers already assigned to another SMS campaign: {', '.join(taken)}.")
    new = [r for r in found.values() if r.sms_campaign_id != row.id]
    if len(_campaign_numbers(ctx, row.id)) + len(new) > int(row.capacity):
        raise ctx.error(1003004)
    if not new:
        return None
    now = utcnow()
    ctx.conn.execute(
        update(PN).where(PN.c.pk.in_([r.pk for r in new])).values(sms_campaign_id=row.id, updated_at=now)
    )
    details = dict(row.details or {})
    details["letters_of_authorization"] = [*details.get("letters_of_authorization", []), {
        "phone_number_ids": [r.id for r in new],
        "loa_authorizing_person": body["loa_authorizing_person"],
        "contact_number": body["contact_number"],
        "title": body["title"],
        "contact_emails": body.get("contact_emails"),
        "date_time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }]
    ctx.conn.execute(
        update(t.sms_campaigns).where(t.sms_campaigns.c.pk == row.pk).values(details=details, updated_at=now)
    )
    return None


@provider(f"DELETE {NM}/sms_campaigns/{{smsCampaignId}}/phone_numbers")
def unassign_campaign_numbers(ctx: Context) -> None:
    return _unassign_numbers(ctx, _campaign(ctx).id, "sms_campaign_id")


def _unassign_numbers(ctx: Context, owner_id: str, column: str) -> None:
    """Detach the listed numbers (``phone_number_ids``) from a campaign or consent policy:
    all must be the account's; the ones attached to another owner are left alone."""
    ids = _id_list(ctx, "phone_number_ids")
    if not ids:
        raise validation_failed("phone_number_ids", "This field is required.")
    ids = _strings("phone_number_ids", ids)
    if len(ids) > MAX_BATCH:
        raise ctx.error(1003)
    found = q.numbers_by_ids(ctx.conn, ctx.account_id, ids)
    if len(found) != len(ids):
        raise _number_missing(ctx)
    mine = [r.pk for r in found.values() if getattr(r, column) == owner_id]
    if mine:
        ctx.conn.execute(update(PN).where(PN.c.pk.in_(mine)).values({column: None, "updated_at": utcnow()}))
    return None


# --- SMS consent policies -----------------------------------------------------------------------

CONSENT = t.sms_consents
_IN_OUT_PARTS = {
    "opt_in_message": ("prompt", "keywords", "confirmation_message"),
    "opt_out_message": ("message", "keywords"),
    "help_message": ("message", "keywords"),
    "disclaimer": ("message", "enable"),
}


def _consent(ctx: Context):  # noqa: ANN202
    row = ctx.conn.execute(
        select(CONSENT).where(CONSENT.c.account_id == ctx.account_id, CONSENT.c.id == ctx.path["consentId"])
    ).first()
    if row is None:
        raise _not_found(ctx, 1002013, "The consent does not exist.")
    return row


def _check_consent_name(ctx: Context, name: Any, exclude: str | None = None) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _invalid_field(ctx, "consent_name", "The consent policy's name cannot be empty.")
    name = name.strip()
    if len(name) > 255:
        raise _invalid_field(ctx, "consent_name", "The consent policy's name has 255 characters or fewer.")
    stmt = select(CONSENT.c.id).where(CONSENT.c.account_id == ctx.account_id, CONSENT.c.consent_name == name)
    if exclude:
        stmt = stmt.where(CONSENT.c.id != exclude)
    if ctx.conn.execute(stmt).first() is not None:
        raise _invalid_field(ctx, "consent_name", "A consent policy with this name already exists.")
    return name


def _description(body: dict[str, Any]) -> str:
    """The description, a string (the request validator checks it too; kept here because a
    property named like the OpenAPI keyword once slipped through)."""
    value = body.get("description")
    if value is not None and not isinstance(value, str):
        raise validation_failed("description", "Invalid field: description must be string.")
    return value or ""


def _check_in_out_bound(ctx: Context, value: dict[str, Any]) -> None:
    """Each keyword list holds at least one keyword, none blank, no repeats (case-insensitive).
    Create answers 1002 "The request body format does not match", update 999 "Invalid field."."""
    for part, fields in _IN_OUT_PARTS.items():
        section = value.get(part)
        if not isinstance(section, dict) or "keywords" not in fields or section.get("keywords") is None:
            continue
        words = [w.strip() for w in section["keywords"]]
        problem = None
        if not words or any(not w for w in words):
            problem = "Keywords cannot be empty."
        elif len({w.lower() for w in words}) != len(words):
            problem = "Keywords must be unique."
        if problem:
            field = f"in_out_bound.{part}.keywords"
            doc = ctx.op.error(1002)
            if doc is not None:
                raise ApiError(doc.status, 1002, doc.message, [{"field": field, "message": problem}])
            raise _invalid_field(ctx, field, problem)


def _merge_in_out_bound(old: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in old.items()}
    for part, section in change.items():
        if isinstance(section, dict) and isinstance(out.get(part), dict):
            out[part].update(section)
        else:
            out[part] = section
    return out


@provider(f"GET {NM}/sms_consent")
def list_sms_consents(ctx: Context) -> dict[str, Any]:
    stmt = select(CONSENT).where(CONSENT.c.account_id == ctx.account_id)
    rows, token, total, size = ctx.page(stmt, CONSENT.c.pk)
    used = q.consent_usage(ctx.conn, [r.id for r in rows])
    items = [consent_view(r, used.get(r.id, 0), detail=False) for r in rows]
    return _page_body("sms_consent", items, token, total, size)


@provider(f"POST {NM}/sms_consent")
def create_sms_consent(ctx: Context) -> dict[str, Any]:
    body = _body(ctx)
    description = _description(body)
    name = _check_consent_name(ctx, body.get("consent_name"))
    in_out = body["in_out_bound"]
    _check_in_out_bound(ctx, in_out)
    stored = {k: in_out[k] for k in _IN_OUT_PARTS if k in in_out}
    stored[CONSENT_STATUS_KEY] = bool(body["status"])
    consent_id = "C-" + new_id()  # Zoom's consent ids look like "C-91H30r6xTCCpt8nNFSuhWA"
    ctx.conn.execute(insert(CONSENT).values(
        id=consent_id, account_id=ctx.account_id, consent_name=name,
        description=description, user_id=None, in_out_bound=stored, **stamps(),
    ))
    row = ctx.conn.execute(select(CONSENT).where(CONSENT.c.id == consent_id)).first()
    return consent_view(row, 0)


@provider(f"DELETE {NM}/sms_consent")
def delete_sms_consents(ctx: Context) -> None:
    ids = _id_list(ctx, "consent_ids")
    if not ids:
        raise _invalid_field(ctx, "consent_ids", "This field is required.")
    ids = _strings("consent_ids", ids)
    found = ctx.conn.execute(
        select(CONSENT.c.id).where(CONSENT.c.account_id == ctx.account_id, CONSENT.c.id.in_(ids))
    ).scalars().all()
    missing = [i for i in ids if i not in set(found)]
    if missing:
        raise _invalid_field(ctx, "consent_ids", f"The consent does not exist: {', '.join(missing)}.")
    ctx.conn.execute(
        update(PN).where(PN.c.account_id == ctx.account_id, PN.c.sms_consent_id.in_(ids)).values(sms_consent_id=None)
    )
    ctx.conn.execute(delete(CONSENT).where(CONSENT.c.account_id == ctx.account_id, CONSENT.c.id.in_(ids)))
    return None


@provider(f"GET {NM}/sms_consent/{{consentId}}")
def get_sms_consent(ctx: Context) -> dict[str, Any]:
    row = _consent(ctx)
    return consent_view(row, q.consent_usage(ctx.conn, [row.id]).get(row.id, 0))


@provider(f"PATCH {NM}/sms_consent/{{consentId}}")
def update_sms_consent(ctx: Context) -> None:
    row = _consent(ctx)
    body = _body(ctx)
    values: dict[str, Any] = {}
    if "consent_name" in body:
        values["consent_name"] = _check_consent_name(ctx, body["consent_name"], exclude=row.id)
    if "description" in body:
        values["description"] = _description(body)
    stored = dict(row.in_out_bound or {})
    if "in_out_bound" in body:
        _check_in_out_bound(ctx, body["in_out_bound"])
        merged = _merge_in_out_bound(consent_in_out_bound(stored), body["in_out_bound"])
        stored = {**merged, CONSENT_STATUS_KEY: consent_status(stored)}
    if "status" in body:
        stored[CONSENT_STATUS_KEY] = bool(body["status"])
    if stored != (row.in_out_bound or {}):
        values["in_out_bound"] = stored
    if values:
        values["updated_at"] = utcnow()
        ctx.conn.execute(update(CONSENT).where(CONSENT.c.pk == row.pk).values(**values))
    return None


@provider(f"GET {NM}/sms_consent/{{consentId}}/phone_numbers")
def list_consent_numbers(ctx: Context) -> dict[str, Any]:
    row = _consent(ctx)
    stmt = select(PN.c.pk, PN.c.id, PN.c.number, PN.c.account_id).where(
        PN.c.account_id == ctx.account_id, PN.c.sms_consent_id == row.id
    )
    rows, token, total, size = ctx.page(stmt, PN.c.pk)
    items = [{"phone_number_id": r.id, "phone_number": r.number, "account_id": r.account_id} for r in rows]
    return _page_body("sms_consent_number", items, token, total, size)


@provider(f"POST {NM}/sms_consent/{{consentId}}/phone_numbers")
def assign_consent_numbers(ctx: Context) -> None:
    row = _consent(ctx)
    ids = _strings("phone_number_ids", _body(ctx).get("phone_number_ids") or [])
    if len(ids) > MAX_BATCH:
        raise ctx.error(1003)
    if not ids:
        raise validation_failed("phone_number_ids", "This field is required.")
    found = q.numbers_by_ids(ctx.conn, ctx.account_id, ids)
    if len(found) != len(ids):
        raise _number_missing(ctx)
    taken = [r.number for r in found.values() if r.sms_consent_id not in (None, row.id)]
    if taken:
        raise ApiError(
            400, 300, f"Phone numbers already assigned to another SMS consent policy: {', '.join(taken)}."
        )
    new = [r.pk for r in found.values() if r.sms_consent_id != row.id]
    used = q.consent_usage(ctx.conn, [row.id]).get(row.id, 0)
    if used + len(new) > CONSENT_CAPACITY:
        raise ApiError(400, 300, f"An SMS consent policy takes {CONSENT_CAPACITY} phone numbers at most.")
    if new:
        ctx.conn.execute(update(PN).where(PN.c.pk.in_(new)).values(sms_consent_id=row.id, updated_at=utcnow()))
    return None


@provider(f"DELETE {NM}/sms_consent/{{consentId}}/phone_numbers")
def unassign_consent_numbers(ctx: Context) -> None:
    return _unassign_numbers(ctx, _consent(ctx).id, "sms_consent_id")


# --- ported numbers, SIP groups, SIP trunks ----------------------------------------------------


@provider(f"GET {NM}/ported_numbers/orders")
def list_port_orders(ctx: Context) -> dict[str, Any]:
    stmt = select(t.port_orders).where(t.port_orders.c.account_id == ctx.account_id)
    status = _enum(ctx, "status", q.PORT_STATUSES, ctx.query.get("status"))
    if status:
        stmt = stmt.where(t.port_orders.c.status == status)
    rows, token, total, size = ctx.page(stmt, t.port_orders.c.pk)
    return _page_body("ported_numbers", [port_order_summary(r) for r in rows], token, total, size)


@provider(f"GET {NM}/ported_numbers/orders/{{orderId}}")
def get_port_order(ctx: Context) -> dict[str, Any]:
    row = ctx.conn.execute(
        select(t.port_orders).where(
            t.port_orders.c.account_id == ctx.account_id, t.port_orders.c.order_id == ctx.path["orderId"]
        )
    ).first()
    if row is None:
        raise ctx.error(400)
    return port_order_view(row)


@provider(f"GET {NM}/sip_groups")
def list_sip_groups(ctx: Context) -> dict[str, Any]:
    product = _product_param(ctx, q.SIP_GROUP_PRODUCTS)
    j = t.sip_groups.outerjoin(t.sip_trunks, t.sip_trunks.c.id == t.sip_groups.c.sip_trunk_id)
    stmt = (
        select(t.sip_groups, t.sip_trunks.c.name.label("trunk_name"))
        .select_from(j)
        .where(t.sip_groups.c.account_id == ctx.account_id)
    )
    if product != "COMMON":
        stmt = stmt.where(t.sip_groups.c.source_system.in_((product, "COMMON")))
    else:
        stmt = stmt.where(t.sip_groups.c.source_system == "COMMON")
    rows, token, total, size = ctx.page(stmt, t.sip_groups.c.pk)
    return _page_body("sip_groups", [sip_group_view(r) for r in rows], token, total, size)


@provider(f"GET {NM}/sip_trunks")
def list_sip_trunks(ctx: Context) -> dict[str, Any]:
    stmt = select(t.sip_trunks).where(t.sip_trunks.c.account_id == ctx.account_id)
    source = ctx.query.get("source_system") or ctx.query.get("product")
    if source:
        source = _enum(ctx, "source_system", q.SIP_GROUP_PRODUCTS, source)
        stmt = stmt.where(t.sip_trunks.c.source_system.in_((source, "COMMON")))
    rows, token, total, size = ctx.page(stmt, t.sip_trunks.c.pk)
    return _page_body("byoc_sip_trunk", [sip_trunk_view(r) for r in rows], token, total, size)


# --- cloud peering (provider exchange) -----------------------------------------------------------


def _carrier(ctx: Context, *, own_only: bool = False):  # noqa: ANN202
    """The carrier a peering request acts for: the carrier code of the caller's account, or
    the ``carrier_code`` the request names. A named code must be a carrier's and, when the
    caller is a carrier itself, its own (1001 "Carrier not found" otherwise)."""
    own = q.options(ctx.conn, ctx.principal.account_id).get("carrier_code")
    given = _body(ctx).get("carrier_code", ctx.query.get("carrier_code"))
    if given is not None and own is not None and str(given) != str(own):
        raise ctx.error(1001)
    code = own if own is not None else (None if own_only else given)
    if code is None:
        raise ctx.error(1001)
    account = q.carrier_account(ctx.conn, code)
    if account is None:
        raise ctx.error(1001)
    return int(code), q.carrier_name(account)


def _peering_batch(ctx: Context, required_keys: bool) -> list[dict[str, Any]]:
    """The ``phone_numbers`` of a peering write: 1002 when empty, 1003 beyond 200."""
    body = _body(ctx)
    items = body.get("phone_numbers")
    if items is None:
        items = _id_list(ctx, "phone_numbers", "phone_number") or []
    if not isinstance(items, list) or not items:
        raise ctx.error(1002)
    if len(items) > MAX_PEERING:
        raise ctx.error(1003)
    out = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"phone_number": item}
        if not isinstance(item, dict) or (required_keys and "phone_number" not in item):
            raise validation_failed(f"phone_numbers[{i}]", "Invalid field.")
        out.append(item)
    return out


_TRUNK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _trunk_ok(ctx: Context, name: Any) -> bool:
    if not isinstance(name, str) or not _TRUNK_NAME.match(name):
        return False
    allowed = q.options(ctx.conn, ctx.principal.account_id).get("peering_sip_trunks")
    return not allowed or name in allowed


def _peering_values(item: dict[str, Any]) -> dict[str, Any]:
    keys = ("sip_trunk_name", "status", "billing_ref_id", "service_info", *PEERING_DEFAULTS)
    return {k: item[k] for k in keys if k in item and item[k] is not None}


def _peering_item_failure(ctx: Context, item: dict[str, Any], product: str | None) -> str | None:
    if "sip_trunk_name" in item and not _trunk_ok(ctx, item["sip_trunk_name"]):
        return "Invalid Sip Trunk"
    if len(str(item.get("billing_ref_id") or "")) > 36:
        return "billing_ref_id has 36 characters or fewer"
    if len(str(item.get("service_info") or "")) > 255:
        return "service_info has 255 characters or fewer"
    number_type = item.get("number_type")
    if number_type and product:
        allowed = ("VirtualService", "TollFree", "Mobile") if product == "ZOOM_CONTACT_CENTER" else (
            "Toll", "TollFree", "Mobile")
        if number_type not in allowed:
            return f"number_type {number_type} is not available for {product}"
    return None


@provider(f"GET {NM}/carrier/peering_numbers")
def list_carrier_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _carrier(ctx, own_only=True)
    stmt = (
        select(PN, t.accounts.c.name.label("customer_account_name"))
        .select_from(PN.join(t.accounts, t.accounts.c.id == PN.c.account_id))
        .where(PN.c.carrier_code == code)
    )
    if ctx.query.get("phone_number"):
        stmt = stmt.where(PN.c.number == ctx.query["phone_number"])
    if ctx.query.get("customer_account_id"):
        stmt = stmt.where(PN.c.account_id == ctx.query["customer_account_id"])
    rows, token, total, size = ctx.page(stmt, PN.c.pk)
    return {"next_page_token": token, "total_records": total, "page_size": size,
            "numbers": [provider_number_view(r) for r in rows]}


@provider(f"GET {NM}/peering_numbers")
def list_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _carrier(ctx)
    stmt = select(PN).where(PN.c.account_id == ctx.account_id, PN.c.carrier_code == code)
    if ctx.query.get("phone_number"):
        stmt = stmt.where(PN.c.number == ctx.query["phone_number"])
    rows, token, total, size = ctx.page(stmt, PN.c.pk)
    return {"next_page_token": token, "total_records": total, "page_size": size,
            "numbers": [peering_attrs(r) for r in rows]}


@provider(f"POST {NM}/peering_numbers")
def add_peering_numbers(ctx: Context) -> None:
    code, name = _carrier(ctx)
    items = _peering_batch(ctx, required_keys=True)
    product = _body(ctx).get("allocated_product") or "UNALLOCATED"
    failures: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in items:
        number = item.get("phone_number")
        reason = None
        if not q.is_e164(number):
            reason = "Invalid number"
        elif number in seen:
            reason = "Duplicate phone number in the request"
        else:
            reason = _peering_item_failure(ctx, item, product)
            if reason is None and not isinstance(item.get("sip_trunk_name"), str):
                reason = "Invalid Sip Trunk"
        seen.add(str(number))
        if reason:
            failures.append({"phoneNumber": str(number), "reason": reason})
    good = [i["phone_number"] for i in items if q.is_e164(i.get("phone_number"))]
    existing = q.numbers_by_number(ctx.conn, ctx.account_id, good)
    failed = {f["phoneNumber"] for f in failures}
    failures += [{"phoneNumber": n, "reason": "Phone Number already exists"}
                 for n in dict.fromkeys(good) if n in existing and n not in failed]
    if failures:
        raise _some_data_failed(ctx, failures)
    site_id = q.main_site_id(ctx.conn, ctx.account_id) if product == "ZOOM_PHONE" else None
    rows = []
    for item in items:
        number = item["phone_number"]
        iso_code = q.country_of(number) or "US"
        peering = {**PEERING_DEFAULTS, **_peering_values(item)}
        caps = _peering_capability(peering)
        rows.append({
            "id": new_id(), "account_id": ctx.account_id, "number": number,
            "number_type": item.get("number_type") or q.guess_number_type(number),
            "source": "ThirdPartyNumber", "status": "Normal" if peering["status"] else "Pending",
            "allocated_product": product, "capability": caps, "country_iso": iso_code,
            "location": q.location_of(number, iso_code), "site_id": site_id,
            "carrier_code": code, "carrier_name": name, "peering": peering, **stamps(),
        })
    _insert_numbers(ctx, rows)
    return None


def _peering_capability(peering: dict[str, Any]) -> list[str]:
    direction = peering.get("voice_direction", "INBOUND_AND_OUTBOUND")
    caps = []
    if direction in ("INBOUND_AND_OUTBOUND", "INBOUND_ONLY"):
        caps.append("Incoming")
    if direction in ("INBOUND_AND_OUTBOUND", "OUTBOUND_ONLY"):
        caps.append("Outgoing")
    if peering.get("message_capability") == "SUPPORTED":
        caps.append("Messaging")
    return caps


def _peering_rows(ctx: Context, code: int, items: list[dict[str, Any]]) -> tuple[dict[str, Any], list]:
    """The account's numbers of this carrier that ``items`` name, and per-number failures."""
    failures: list[dict[str, str]] = []
    numbers = [i.get("phone_number") for i in items]
    valid = [n for n in numbers if q.is_e164(n)]
    rows = {
        n: r for n, r in q.numbers_by_number(ctx.conn, ctx.account_id, valid).items() if r.carrier_code == code
    }
    for n in numbers:
        if not q.is_e164(n):
            failures.append({"phoneNumber": str(n), "reason": "Invalid number"})
        elif n not in rows:
            failures.append({"phoneNumber": n, "reason": "Phone number does not exist"})
    return rows, failures


@provider(f"PATCH {NM}/peering_numbers")
def update_peering_numbers(ctx: Context) -> None:
    code, _name = _carrier(ctx)
    items = _peering_batch(ctx, required_keys=True)
    product = _body(ctx).get("allocated_product")
    rows, failures = _peering_rows(ctx, code, items)
    for item in items:
        row = rows.get(item.get("phone_number"))
        if row is None:
            continue
        reason = _peering_item_failure(ctx, item, product or row.allocated_product)
        if reason is None and product and product != row.allocated_product:
            if row.allocated_product != "UNALLOCATED":
                reason = "allocated_product can only be updated for UNALLOCATED numbers"
            elif row.assignee_id is not None:
                reason = "allocated_product cannot be updated for an assigned number"
        if reason:
            failures.append({"phoneNumber": row.number, "reason": reason})
    if failures:
        raise _some_data_failed(ctx, failures)
    now = utcnow()
    for item in items:
        row = rows[item["phone_number"]]
        peering = {**PEERING_DEFAULTS, **(row.peering or {}), **_peering_values(item)}
        values: dict[str, Any] = {"peering": peering, "updated_at": now,
                                  "status": "Normal" if peering.get("status", True) else "Pending"}
        caps = [c for c in (row.capability or []) if c not in ("Incoming", "Outgoing", "Messaging")]
        values["capability"] = _peering_capability(peering) + caps
        if product and product != row.allocated_product:
            values["allocated_product"] = product
            values["site_id"] = q.main_site_id(ctx.conn, ctx.account_id) if product == "ZOOM_PHONE" else None
        ctx.conn.execute(update(PN).where(PN.c.pk == row.pk).values(**values))
    return None


@provider(f"DELETE {NM}/peering_numbers")
def remove_peering_numbers(ctx: Context) -> None:
    code, _name = _carrier(ctx)
    items = _peering_batch(ctx, required_keys=True)
    rows, failures = _peering_rows(ctx, code, items)
    if failures:
        raise _some_data_failed(ctx, failures)
    ctx.conn.execute(delete(PN).where(PN.c.pk.in_([r.pk for r in rows.values()])))
    return None


def peering_address_changed(ctx: Context, number_rows: list[Any], address: dict[str, Any]) -> None:
    """For other areas (emergency addresses): tell each carrier that the emergency address of
    its cloud-peering numbers changed (``number_management.peering_number_emergency_address_updated``)."""
    by_carrier: dict[int, list[str]] = {}
    for r in number_rows:
        if r.carrier_code is not None:
            by_carrier.setdefault(int(r.carrier_code), []).append(r.number)
    keep = ("country", "address_line1", "address_line2", "city", "zip", "state_code")
    clean = {k: v for k, v in (address or {}).items() if k in keep and v}
    for code, numbers in by_carrier.items():
        obj: dict[str, Any] = {"carrier_code": code, "phone_numbers": numbers}
        if clean.get("address_line1"):
            obj["emergency_address"] = clean
        ctx.emit(EVENT_ADDRESS, {"account_id": ctx.account_id, "object": obj})
        ctx.emit(PHONE_TWIN[EVENT_ADDRESS], {"account_id": ctx.account_id, "object": obj})

