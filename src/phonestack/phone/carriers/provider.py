"""Carrier reseller numbers and directory backup routing rules: providers (HTTP glue).

Carrier reseller numbers
    A carrier reseller is an account with the option ``carrier_code`` (as for Number
    Management's provider exchange). Its numbers are ``phone_numbers`` rows with that
    ``carrier_code`` in the reseller's own account (its pool: ``unassigned``, or ``returned``
    when a sub account gave it back) and in its sub accounts (``assigned``, with
    ``sub_account_id``/``sub_account_name``). ``status``: ``active`` is a usable number
    (``Normal``), ``inactive`` a number that cannot be assigned yet (``Pending``).

Directory backup routing rules
    ``phone_items`` of kind ``routing_rule`` owned by the account: ``details`` {name,
    number_pattern, translation, type, sip_group_id, site_id, order}. ``order`` is 1..n over the
    account's rules (1 = applied first); inserting at an order moves the rules in between.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...numbers import queries as nq
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .. import common as c

PN = t.phone_numbers
ACCOUNTS = t.accounts
MAX_BATCH = 200
RETURNED = "reseller_returned"  # key of phone_numbers.peering: a sub account gave the number back


# --- carrier reseller numbers ---------------------------------------------------------------------


def _reseller(ctx: Context) -> tuple[int, str]:
    """(carrier code, carrier name) of the caller's account, or the documented 400."""
    opts = nq.options(ctx.conn, ctx.account_id)
    code = opts.get("carrier_code")
    if code is None or not str(code).isdigit():
        raise ApiError(400, 400, "This account is not a Carrier Reseller.")
    account = ctx.conn.execute(select(ACCOUNTS.c.name, ACCOUNTS.c.options).where(
        ACCOUNTS.c.id == ctx.account_id)).first()
    return int(code), nq.carrier_name(account)


def _accounts(ctx: Context) -> dict[str, str]:
    """{account id: name} of the reseller and its sub accounts."""
    rows = ctx.conn.execute(select(ACCOUNTS.c.id, ACCOUNTS.c.name).where(
        (ACCOUNTS.c.id == ctx.account_id) | (ACCOUNTS.c.parent_id == ctx.account_id))).all()
    return {r.id: r.name for r in rows}


def _reseller_numbers(ctx: Context, code: int, accounts: dict[str, str]):  # noqa: ANN202
    return select(PN).where(PN.c.carrier_code == code, PN.c.account_id.in_(list(accounts)))


def _batch_too_large(ctx: Context) -> ApiError:
    doc = ctx.op.error(429)
    return ApiError(400, 429, doc.message if doc else "Phone number batch operation is limited to 200 per request.")


def reseller_view(row, code: int, accounts: dict[str, str], own: str) -> dict[str, Any]:  # noqa: ANN001
    in_sub = row.account_id != own
    returned = bool((row.peering or {}).get(RETURNED))
    return {
        "phone_number": row.number,
        "carrier_code": code,
        "country_iso_code": row.country_iso,
        "status": "active" if row.status == "Normal" else "inactive",
        "assigned_status": "assigned" if in_sub else ("returned" if returned else "unassigned"),
        "sub_account_id": row.account_id if in_sub else None,
        "sub_account_name": accounts.get(row.account_id) if in_sub else None,
    }


@provider("GET /phone/carrier_reseller/numbers")
def list_reseller_numbers(ctx: Context) -> dict[str, Any]:
    code, _name = _reseller(ctx)
    accounts = _accounts(ctx)
    rows, token, total, size = ctx.page(_reseller_numbers(ctx, code, accounts), PN.c.pk)
    return {"carrier_reseller_numbers": [reseller_view(r, code, accounts, ctx.account_id) for r in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


def _invalid(message: str) -> ApiError:
    return ApiError(400, 300, message)


@provider("POST /phone/carrier_reseller/numbers")
def create_reseller_numbers(ctx: Context) -> Response:
    """Add numbers to the reseller's pool (inactive unless ``status`` says active). All or
    nothing: the first invalid item answers the documented 300 with the number named."""
    code, name = _reseller(ctx)
    items = ctx.body if isinstance(ctx.body, list) else []
    if not items:
        raise _invalid("Invalid phone number.")
    if len(items) > MAX_BATCH:
        raise _batch_too_large(ctx)
    accounts = _accounts(ctx)
    seen: set[str] = set()
    for item in items:
        number = item.get("phone_number") if isinstance(item, dict) else None
        if not nq.is_e164(number):
            raise _invalid(f"Invalid phone number: {number}.")
        if item.get("status") not in (None, "active", "inactive"):
            raise _invalid(f"Invalid phone number status: {item.get('status')}.")
        if nq.country_of(number) is None:
            raise _invalid(f"Unable to recognize country: {number}.")
        if number in seen:
            raise _invalid(f"Phone number already exists: {number}.")
        seen.add(number)
    taken = ctx.conn.execute(select(PN.c.number).where(
        PN.c.number.in_(list(seen)), (PN.c.account_id.in_(list(accounts))) | (PN.c.carrier_code == code))).first()
    if taken is not None:
        raise _invalid(f"Phone number already exists: {taken.number}.")
    site_id = nq.main_site_id(ctx.conn, ctx.account_id)
    rows = []
    for item in items:
        number = item["phone_number"]
        iso_code = nq.country_of(number) or "US"
        rows.append({
            "id": new_id(), "account_id": ctx.account_id, "number": number,
            "number_type": nq.guess_number_type(number), "source": "ThirdPartyNumber",
            "status": "Normal" if item.get("status") == "active" else "Pending", "allocated_product": "ZOOM_PHONE",
            "capability": ["Incoming", "Outgoing"], "country_iso": iso_code,
            "location": nq.location_of(number, iso_code), "site_id": site_id,
            "carrier_code": code, "carrier_name": name, "peering": None, **stamps(),
        })
    try:
        with ctx.conn.begin_nested():
            ctx.conn.execute(insert(PN), rows)
    except IntegrityError:  # added meanwhile by a concurrent request
        raise _invalid("Phone number already exists.") from None
    return Response(201, None)


def _named_numbers(ctx: Context, code: int, numbers: list[str]) -> list[Any]:
    accounts = _accounts(ctx)
    rows = ctx.conn.execute(_reseller_numbers(ctx, code, accounts).where(PN.c.number.in_(numbers))).all()
    found = {r.number for r in rows}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ApiError(400, 400, f"Phone number does not exists: {missing[0]}.")
    return rows


@provider("PATCH /phone/carrier_reseller/numbers")
def activate_reseller_numbers(ctx: Context) -> None:
    code, _name = _reseller(ctx)
    numbers = ctx.body if isinstance(ctx.body, list) else []
    if not numbers:
        raise _invalid("Invalid phone number.")
    if len(numbers) > MAX_BATCH:
        raise _batch_too_large(ctx)
    for n in numbers:
        if not nq.is_e164(n):
            raise _invalid(f"Invalid phone number: {n}.")
    rows = _named_numbers(ctx, code, list(dict.fromkeys(numbers)))
    pending = [r.pk for r in rows if r.status != "Normal"]
    if pending:
        ctx.conn.execute(update(PN).where(PN.c.pk.in_(pending)).values(status="Normal", updated_at=utcnow()))
    return None


@provider("DELETE /phone/carrier_reseller/numbers/{number}")
def delete_reseller_number(ctx: Context) -> None:
    """A number of the pool is deleted (its assignee, campaign and caller-ID uses go with it); a
    number a sub account holds is taken back into the pool (``returned``, unassigned, keeping
    its status)."""
    code, _name = _reseller(ctx)
    raw = ctx.path["number"].strip()
    number = raw if raw.startswith("+") else "+" + raw
    row = _named_numbers(ctx, code, [number])[0]
    ctx.conn.execute(delete(PN).where(PN.c.pk == row.pk))
    held = ctx.conn.execute(select(PN.c.pk).where(PN.c.account_id == ctx.account_id, PN.c.number == row.number))
    if row.account_id != ctx.account_id and held.first() is None:
        ctx.conn.execute(insert(PN).values(
            id=row.id, account_id=ctx.account_id, number=row.number, number_type=row.number_type,
            source=row.source, status=row.status, allocated_product="ZOOM_PHONE", capability=list(row.capability or []),
            country_iso=row.country_iso, location=row.location, site_id=nq.main_site_id(ctx.conn, ctx.account_id),
            carrier_code=row.carrier_code, carrier_name=row.carrier_name,
            peering={**(row.peering or {}), RETURNED: True}, **stamps()))
    return None


# --- directory backup routing rules ---------------------------------------------------------------

RULE = "routing_rule"
TYPES = ("other_sites", "pstn", "sip_group")
MAX_TEXT = 255


def _rules(ctx: Context) -> list[Any]:
    """The account's rules in their order (``order``, then creation)."""
    rows = c.items_of(ctx.conn, ctx.account_id, RULE)
    return sorted(rows, key=lambda r: (int((r.details or {}).get("order") or 10**6), r.pk))


def _renumber(ctx: Context, rows: list[Any]) -> None:
    for i, r in enumerate(rows, start=1):
        if (r.details or {}).get("order") != i:
            c.update_item(ctx.conn, r.id, {**(r.details or {}), "order": i})


def _rule_view(ctx: Context, item, order: int, groups: dict[str, str]) -> dict[str, Any]:  # noqa: ANN001
    d = item.details or {}
    path: dict[str, Any] = {"type": d.get("type", "pstn")}
    if d.get("type") == "sip_group" and d.get("sip_group_id"):
        gid = d["sip_group_id"]
        path["sip_group"] = {"id": gid, "name": groups.get(gid, "")}
    out: dict[str, Any] = {"routing_rule_id": item.id, "name": d.get("name", ""),
                           "number_pattern": d.get("number_pattern", ""), "order": order, "routing_path": path}
    if d.get("translation"):
        out["translation"] = d["translation"]
    if d.get("site_id"):
        out["site_id"] = d["site_id"]
    return out


def _groups(ctx: Context) -> dict[str, str]:
    g = t.sip_groups
    return dict(ctx.conn.execute(select(g.c.id, g.c.display_name).where(g.c.account_id == ctx.account_id)).all())


def _site_exists(ctx: Context, site_id: str) -> bool:
    return c.site_row(ctx.conn, ctx.account_id, site_id) is not None


def _live(ctx: Context, rows: list[Any]) -> list[Any]:
    """Rules whose site still exists (a deleted site takes its rules with it)."""
    sites = {r.id for r in ctx.conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == ctx.account_id))}
    return [r for r in rows if not (r.details or {}).get("site_id") or r.details["site_id"] in sites]


def _param(ctx: Context, name: str) -> Any:
    """A query parameter the contract does not list yet (query, else JSON body)."""
    return ctx.query.get(name) if name in ctx.query else c.body(ctx).get(name)


@provider("GET /phone/routing_rules")
def list_routing_rules(ctx: Context) -> list[dict[str, Any]]:
    """The account's rules in order; ``site_id`` (query, else JSON body) keeps one site's."""
    rows = _live(ctx, _rules(ctx))
    groups = _groups(ctx)
    out = [_rule_view(ctx, r, i, groups) for i, r in enumerate(rows, start=1)]
    site_id = _param(ctx, "site_id")
    if site_id:
        out = [r for r in out if r.get("site_id") == site_id]
    return out


def _rule_error(message: str, code: int = 300) -> ApiError:
    return ApiError(400, code, message)


def _check_text(body: dict[str, Any], key: str, label: str, *, required: bool) -> str | None:
    if key not in body or body[key] is None:
        if required:
            raise _rule_error(f"{label} cannot be null." if key != "name" else "Routing rule name cannot be blank.")
        return None
    value = str(body[key])
    if key == "name" and not value.strip():
        raise _rule_error("Routing rule name cannot be blank.")
    if key == "number_pattern" and not value.strip():
        raise _rule_error("Number Pattern cannot be null.")
    if len(value) > MAX_TEXT:
        raise _rule_error(f"{label} length can be up to {MAX_TEXT} characters.")
    return value


def _check_pattern(ctx: Context, pattern: str, exclude: str | None) -> None:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        raise ApiError(400, 300, "Validation Failed.",
                       [{"field": "number_pattern", "message": "Not a valid regular expression."}]) from None
    for r in _live(ctx, _rules(ctx)):
        if r.id != exclude and (r.details or {}).get("number_pattern") == pattern:
            raise _rule_error(f"Number Pattern ({pattern}) already exists.")


def _check_path(ctx: Context, rule_type: Any, sip_group_id: Any) -> None:
    if rule_type is None:
        raise _rule_error("Type cannot be null.")
    if rule_type not in TYPES:
        raise _rule_error("Type does not exist.")
    if rule_type == "sip_group":
        if not sip_group_id:
            raise _rule_error("SIP Group cannot be null.")
        if nq.sip_group(ctx.conn, ctx.account_id, str(sip_group_id)) is None:
            raise _rule_error("SIP Group does not exist.", 404)


@provider("POST /phone/routing_rules")
def add_routing_rule(ctx: Context) -> Response:
    body = c.body(ctx)
    name = _check_text(body, "name", "Routing rule name", required=True)
    pattern = _check_text(body, "number_pattern", "Number Pattern", required=True)
    translation = _check_text(body, "translation", "Translation", required=False)
    _check_path(ctx, body.get("type"), body.get("sip_group_id"))
    site_id = body.get("site_id") or None
    if site_id and not _site_exists(ctx, str(site_id)):
        raise _rule_error("Site does not exist.", 404)
    assert pattern is not None and name is not None
    _check_pattern(ctx, pattern, None)
    rows = _rules(ctx)
    details = {"name": name.strip(), "number_pattern": pattern, "translation": translation or "",
               "type": body["type"], "sip_group_id": body.get("sip_group_id") if body["type"] == "sip_group" else None,
               "site_id": site_id, "order": len(rows) + 1}
    rule_id = c.add_item(ctx, ctx.account_id, RULE, details)
    return Response(201, {"routing_rule_id": rule_id, "name": details["name"]})


def _rule(ctx: Context, error: ApiError):  # noqa: ANN202
    item = c.get_item(ctx.conn, ctx.account_id, RULE, ctx.path["routingRuleId"])
    if item is None or not _live(ctx, [item]):
        raise error
    return item


@provider("GET /phone/routing_rules/{routingRuleId}")
def get_routing_rule(ctx: Context) -> dict[str, Any]:
    # The contract documents no not-found error here: 404 with the delete's message.
    item = _rule(ctx, ApiError(404, 404, "Routing rule does not exist."))
    rows = _live(ctx, _rules(ctx))
    order = next(i for i, r in enumerate(rows, start=1) if r.id == item.id)
    return _rule_view(ctx, item, order, _groups(ctx))


@provider("PATCH /phone/routing_rules/{routingRuleId}")
def update_routing_rule(ctx: Context) -> None:
    item = _rule(ctx, _rule_error("Routing rule does not exist.", 404))
    body = c.body(ctx)
    d = dict(item.details or {})
    if "name" in body:
        d["name"] = (_check_text(body, "name", "Routing rule name", required=True) or "").strip()
    if "number_pattern" in body:
        d["number_pattern"] = _check_text(body, "number_pattern", "Number Pattern", required=True)
        _check_pattern(ctx, d["number_pattern"], item.id)
    if "translation" in body:
        d["translation"] = _check_text(body, "translation", "Translation", required=False) or ""
    if "type" in body or "sip_group_id" in body:
        rule_type = body.get("type", d.get("type"))
        group = body.get("sip_group_id", d.get("sip_group_id") if rule_type == "sip_group" else None)
        _check_path(ctx, rule_type, group)
        d["type"] = rule_type
        d["sip_group_id"] = group if rule_type == "sip_group" else None
    rows = _live(ctx, _rules(ctx))
    if "order" in body:
        order = body["order"]
        if not isinstance(order, int) or isinstance(order, bool) or order < 1:
            raise ApiError(400, 300, "Validation Failed.",
                           [{"field": "order", "message": "The order is a positive integer."}])
        others = [r for r in rows if r.id != item.id]
        at = min(order, len(others) + 1) - 1
        rows = [*others[:at], item, *others[at:]]
    c.update_item(ctx.conn, item.id, d)
    fresh = {r.id: r for r in _rules(ctx)}
    _renumber(ctx, [fresh[r.id] for r in rows if r.id in fresh])
    return None


@provider("DELETE /phone/routing_rules/{routingRuleId}")
def delete_routing_rule(ctx: Context) -> None:
    item = _rule(ctx, _rule_error("Routing rule does not exist.", 404))
    c.delete_items(ctx.conn, ctx.account_id, RULE, [item.id])
    _renumber(ctx, _live(ctx, _rules(ctx)))
    return None
