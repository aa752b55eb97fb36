"""Account-level phone configuration: account settings, setting templates, customized outbound caller ID (account, site, user), peering and carrier-peering numbers, plans, calling plans, billing accounts, ported numbers, SIP groups and trunks: providers (HTTP glue).

This module holds the read-only inventory operations (plans, billing accounts, ported numbers,
SIP groups and trunks: the rows Number Management stores, in the Phone API's vocabulary);
the other sub-resources have a module each, imported here so that they register. See
docs/phone/account.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...numbers import queries as nq
from ...numbers.views import port_order_summary, port_order_view
from ...providers import provider
from ...store import schema as t
from .. import common as c
from . import caller_ids, peering, settings, templates  # noqa: F401  (they register providers)
from .views import sip_group_view, sip_trunk_view

BA = t.billing_accounts


# --- billing accounts ---------------------------------------------------------------------------


def billing_names(ctx: Context) -> dict[str, str]:
    return dict(ctx.conn.execute(select(BA.c.id, BA.c.name).where(BA.c.account_id == ctx.account_id)).all())


@provider("GET /phone/billing_accounts")
def list_billing_accounts(ctx: Context) -> dict[str, Any]:
    rows = ctx.conn.execute(select(BA.c.id, BA.c.name).where(BA.c.account_id == ctx.account_id).order_by(BA.c.pk))
    return {"billing_accounts": [{"id": r.id, "name": r.name} for r in rows]}


@provider("GET /phone/billing_accounts/{billingAccountId}")
def get_billing_account(ctx: Context) -> dict[str, Any]:
    key = ctx.path["billingAccountId"]
    row = ctx.conn.execute(select(BA.c.id, BA.c.name).where(BA.c.account_id == ctx.account_id, BA.c.id == key)).first()
    if row is None:
        raise c.not_found(ctx, 400, f"Billing account does not exist: {key}.", status=400, billingAccountId=key)
    return {"id": row.id, "name": row.name}


# --- calling plans and plan information --------------------------------------------------------


def _calling_plans(ctx: Context, with_billing_account: bool) -> list[dict[str, Any]]:
    """common.plan_usage (subscribed / assigned / available per type) with the billing account
    and subscription a plan is billed under (calling_plans.details), when it has one."""
    names = billing_names(ctx) if with_billing_account else {}
    out = []
    for p in c.plan_usage(ctx.conn, ctx.account_id):
        plan = {k: p[k] for k in ("type", "name", "subscribed", "assigned", "available")}
        if with_billing_account and p.get("billing_account_id"):
            plan["billing_account_id"] = p["billing_account_id"]
            plan["billing_account_name"] = names.get(p["billing_account_id"], "")
        for key in ("billing_subscription_id", "billing_subscription_name"):
            if p.get(key):
                plan[key] = str(p[key])
        out.append(plan)
    return out


@provider("GET /phone/calling_plans")
def list_calling_plans(ctx: Context) -> dict[str, Any]:
    return {"calling_plans": _calling_plans(ctx, with_billing_account=True)}


@provider("GET /phone/plans")
def list_plan_information(ctx: Context) -> dict[str, Any]:
    """Calling plans, and the Zoom Phone number plans of Number Management (number_plans; a
    plan's assigned = the account's numbers billed under it, as Number Management counts)."""
    usage = nq.plan_usage(ctx.conn, ctx.account_id)
    rows = ctx.conn.execute(
        select(t.number_plans).where(t.number_plans.c.account_id == ctx.account_id,
                                     t.number_plans.c.product == "ZOOM_PHONE").order_by(t.number_plans.c.pk)
    )
    numbers = []
    for r in rows:
        assigned = usage.get(r.name, 0)
        numbers.append({"name": r.name, "subscribed": int(r.subscribed), "assigned": assigned,
                        "available": max(int(r.subscribed) - assigned, 0)})
    return {"calling_plans": _calling_plans(ctx, with_billing_account=False), "phone_numbers": numbers}


# --- ported numbers -----------------------------------------------------------------------------

PO = t.port_orders


@provider("GET /phone/ported_numbers/orders")
def list_ported_numbers(ctx: Context) -> dict[str, Any]:
    stmt = select(PO).where(PO.c.account_id == ctx.account_id)
    rows, token, total, size = ctx.page(stmt, PO.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "ported_numbers": [port_order_summary(r) for r in rows]}


@provider("GET /phone/ported_numbers/orders/{orderId}")
def get_ported_numbers(ctx: Context) -> dict[str, Any]:
    row = ctx.conn.execute(
        select(PO).where(PO.c.account_id == ctx.account_id, PO.c.order_id == ctx.path["orderId"])
    ).first()
    if row is None:
        raise ctx.error(400)
    return port_order_view(row)


# --- SIP groups and BYOC SIP trunks ------------------------------------------------------------

# The Phone API shows what serves Zoom Phone: its own groups and trunks and the COMMON ones
# (Number Management's product=ZOOM_PHONE view).
PHONE_SOURCES = ("ZOOM_PHONE", "COMMON")


@provider("GET /phone/sip_groups")
def list_sip_groups(ctx: Context) -> dict[str, Any]:
    j = t.sip_groups.outerjoin(t.sip_trunks, t.sip_trunks.c.id == t.sip_groups.c.sip_trunk_id)
    stmt = (
        select(t.sip_groups, t.sip_trunks.c.name.label("trunk_name")).select_from(j)
        .where(t.sip_groups.c.account_id == ctx.account_id, t.sip_groups.c.source_system.in_(PHONE_SOURCES))
    )
    rows, token, _total, size = ctx.page(stmt, t.sip_groups.c.pk)
    return {"next_page_token": token, "page_size": size, "sip_groups": [sip_group_view(r) for r in rows]}


@provider("GET /phone/sip_trunk/trunks")
def list_byoc_sip_trunks(ctx: Context) -> dict[str, Any]:
    stmt = select(t.sip_trunks).where(t.sip_trunks.c.account_id == ctx.account_id,
                                      t.sip_trunks.c.source_system.in_(PHONE_SOURCES))
    rows, token, _total, size = ctx.page(stmt, t.sip_trunks.c.pk)
    return {"next_page_token": token, "page_size": size, "byoc_sip_trunk": [sip_trunk_view(r) for r in rows]}
