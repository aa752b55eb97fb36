"""Cloud peering (provider exchange) in the Phone API: /phone/peering/numbers (the carrier's
numbers in the account the request acts on) and /phone/carrier_peering/numbers (the carrier's
numbers across all its customers).

The same rows as Number Management's peering operations (``phone_numbers`` with
``carrier_code``, ``carrier_name`` and the carrier's attributes in ``peering``, stored under
Number Management's keys), and the same rule for which carrier a request acts for: the
``carrier_code`` option of the caller's account, or the ``carrier_code`` the request names
(which must then be the caller's own when it has one, and a code some carrier account holds).

Unlike Number Management (all or nothing, error 1000), the Phone API documents partial
processing: the numbers that fail come back in ``unprocessed_numbers`` and the others are
written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ...http.context import Context
from ...http.errors import ApiError
from ...numbers import queries as nq
from ...numbers.provider import _peering_capability, _trunk_ok
from ...numbers.views import PEERING_DEFAULTS
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .. import common as c
from .views import peering_view

PN = t.phone_numbers
MAX_BATCH = 200
BILLING_REF_MAX = 32
SERVICE_INFO_MAX = 255
# The Phone API adds peering numbers for Zoom Phone (Number Management's default is UNALLOCATED).
PRODUCT = "ZOOM_PHONE"


def _unknown_carrier() -> ApiError:
    return ApiError(400, 404, "Unknown carrier.")


def _carrier(ctx: Context, *, own_only: bool = False, error: ApiError | None = None) -> tuple[int, str]:
    """(code, name) of the carrier the request acts for (see the module doc)."""
    error = error or _unknown_carrier()
    own = nq.options(ctx.conn, ctx.principal.account_id).get("carrier_code")
    given = c.body(ctx).get("carrier_code", ctx.query.get("carrier_code"))
    if given is not None and own is not None and str(given) != str(own):
        raise error
    code = own if own is not None else (None if own_only else given)
    if code is None:
        raise error
    account = nq.carrier_account(ctx.conn, code)
    if account is None:
        raise error
    return int(code), nq.carrier_name(account)


def _batch(ctx: Context) -> list[dict[str, Any]]:
    items = c.body(ctx).get("phone_numbers")
    if not isinstance(items, list) or not items:
        raise c.invalid("phone_numbers", "At least one phone number is required.")
    if len(items) > MAX_BATCH:
        raise ApiError(400, 300, "Validation Failed. Batch adding phone numbers is limited to 200 per request.")
    return [i if isinstance(i, dict) else {"phone_number": i} for i in items]


def _item_failure(ctx: Context, item: dict[str, Any], new: bool) -> str | None:
    """Why one number of a write cannot be processed (None: it can)."""
    if new or "sip_trunk_name" in item:
        if not _trunk_ok(ctx, item.get("sip_trunk_name")):
            return "Invalid Sip Trunk"
    if new or "status" in item:
        if item.get("status") not in (0, 1) or isinstance(item.get("status"), bool):
            return "Invalid status"
    if len(str(item.get("billing_reference_id") or "")) > BILLING_REF_MAX:
        return f"billing_reference_id has {BILLING_REF_MAX} characters or fewer"
    if len(str(item.get("service_info") or "")) > SERVICE_INFO_MAX:
        return f"service_info has {SERVICE_INFO_MAX} characters or fewer"
    return None


def _attrs(item: dict[str, Any]) -> dict[str, Any]:
    """The item's attributes under Number Management's ``peering`` keys."""
    out: dict[str, Any] = {}
    if "sip_trunk_name" in item:
        out["sip_trunk_name"] = item["sip_trunk_name"]
    if "status" in item:
        out["status"] = bool(item["status"])
    if item.get("billing_reference_id") is not None:
        out["billing_ref_id"] = str(item["billing_reference_id"])
    if item.get("service_info") is not None:
        out["service_info"] = str(item["service_info"])
    return out


def _unprocessed(failures: list[tuple[str, str]]) -> dict[str, Any]:
    return {"unprocessed_numbers": [{"phone_number": n, "failure_reason": r} for n, r in failures]}


# --- lists ---------------------------------------------------------------------------------------


@provider("GET /phone/peering/numbers")
def list_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _carrier(ctx, error=c.invalid("carrier_code", "Unknown carrier."))
    stmt = select(PN).where(PN.c.account_id == ctx.account_id, PN.c.carrier_code == code)
    if ctx.query.get("phone_number"):
        stmt = stmt.where(PN.c.number == ctx.query["phone_number"])
    rows, token, total, _size = ctx.page(stmt, PN.c.pk)
    return {"next_page_token": token, "total_records": total, "numbers": [peering_view(r) for r in rows]}


@provider("GET /phone/carrier_peering/numbers")
def list_carrier_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _carrier(ctx, own_only=True)
    stmt = (
        select(PN, t.accounts.c.name.label("customer_account_name"))
        .select_from(PN.join(t.accounts, t.accounts.c.id == PN.c.account_id))
        .where(PN.c.carrier_code == code)
    )
    if ctx.query.get("phone_number"):
        stmt = stmt.where(PN.c.number == ctx.query["phone_number"])
    rows, token, total, _size = ctx.page(stmt, PN.c.pk)
    return {"next_page_token": token, "total_records": total,
            "numbers": [peering_view(r, customer=True) for r in rows]}


# --- writes (partial: failures in unprocessed_numbers) -------------------------------------------


@provider("POST /phone/peering/numbers")
def add_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, name = _carrier(ctx)
    items = _batch(ctx)
    failures: list[tuple[str, str]] = []
    good: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        number = item.get("phone_number")
        reason = None
        if not nq.is_e164(number):
            reason = "Invalid number"
        elif number in seen:
            reason = "Duplicate phone number in the request"
        else:
            reason = _item_failure(ctx, item, new=True)
        if reason:
            failures.append((str(number), reason))
        else:
            good.append(item)
        seen.add(str(number))
    existing = nq.numbers_by_number(ctx.conn, ctx.account_id, [i["phone_number"] for i in good])
    site_id = nq.main_site_id(ctx.conn, ctx.account_id)
    rows = []
    for item in good:
        number = item["phone_number"]
        if number in existing:
            failures.append((number, "Phone Number already exists"))
            continue
        iso_code = nq.country_of(number) or "US"
        peering = {**PEERING_DEFAULTS, **_attrs(item)}
        rows.append({
            "id": new_id(), "account_id": ctx.account_id, "number": number,
            "number_type": nq.guess_number_type(number), "source": "ThirdPartyNumber",
            "status": "Normal" if peering["status"] else "Pending", "allocated_product": PRODUCT,
            "capability": _peering_capability(peering), "country_iso": iso_code,
            "location": nq.location_of(number, iso_code), "site_id": site_id,
            "carrier_code": code, "carrier_name": name, "peering": peering, **stamps(),
        })
    for row in rows:  # one by one: a number a concurrent request added fails alone
        try:
            with ctx.conn.begin_nested():
                ctx.conn.execute(insert(PN).values(**row))
        except IntegrityError:
            failures.append((row["number"], "Phone Number already exists"))
    return _unprocessed(failures)


def _carrier_rows(ctx: Context, code: int, items: list[dict[str, Any]]):  # noqa: ANN202
    """The account's numbers of this carrier that ``items`` name, and the per-number failures."""
    numbers = [i.get("phone_number") for i in items]
    rows = {n: r for n, r in nq.numbers_by_number(
        ctx.conn, ctx.account_id, [n for n in numbers if nq.is_e164(n)]).items() if r.carrier_code == code}
    failures = []
    for n in numbers:
        if not nq.is_e164(n):
            failures.append((str(n), "Invalid number"))
        elif n not in rows:
            failures.append((n, "Number not exist."))
    return rows, failures


@provider("PATCH /phone/peering/numbers")
def update_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _carrier(ctx)
    items = _batch(ctx)
    rows, failures = _carrier_rows(ctx, code, items)
    now = utcnow()
    for item in items:
        row = rows.get(item.get("phone_number"))
        if row is None:
            continue
        reason = _item_failure(ctx, item, new=False)
        if reason:
            failures.append((row.number, reason))
            continue
        peering = {**PEERING_DEFAULTS, **(row.peering or {}), **_attrs(item)}
        caps = [x for x in (row.capability or []) if x not in ("Incoming", "Outgoing", "Messaging")]
        ctx.conn.execute(update(PN).where(PN.c.pk == row.pk).values(
            peering=peering, status="Normal" if peering.get("status", True) else "Pending",
            capability=_peering_capability(peering) + caps, updated_at=now,
        ))
    return _unprocessed(failures)


@provider("DELETE /phone/peering/numbers")
def remove_peering_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _carrier(ctx)
    items = _batch(ctx)
    rows, failures = _carrier_rows(ctx, code, items)
    if rows:
        ctx.conn.execute(delete(PN).where(PN.c.pk.in_([r.pk for r in rows.values()])))
    return _unprocessed(failures)
