"""Zoom Rooms under Zoom Phone: the documented shapes, filled from the ``extensions`` row of type
zoomRoom and what is attached to it (numbers, calling plans, policy, emergency address).

A Zoom Room of the account is a ``phone_items`` row of kind ``zoom_room`` (owner = the account;
details: display_name, location_id, location_info, department, cost_center). Adding it to Zoom
Phone creates the ``extensions`` row with the same id; removing it deletes that row (its numbers
are freed, its calling plans released) and the room reads as unassigned again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...store import schema as t
from .. import common as c
from .. import documents as docs
from ..common_areas import views as cav

EXT = t.extensions
IT = t.phone_items
ZOOM_ROOM = "zoomRoom"  # extensions.type of a room with a Zoom Phone license
ROOM_ITEM = "zoom_room"  # phone_items.kind of a Zoom Room of the account

# The policy keys of a Zoom Room (Get a Zoom Room under Zoom Phone license), unlocked defaults.
POLICY_DEFAULTS: dict[str, Any] = {
    "international_calling": {"enable": False},
    "select_outbound_caller_id": {"enable": False},
}
LOCK_LEVELS = {"account": "account", "site": "site"}


def chain(account_id: str, row) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [("account", account_id), ("site", row.site_id), ("extension", row.id)]


def policy(conn: Connection, account_id: str, row) -> dict[str, Any]:  # noqa: ANN001
    doc = docs.resolve(conn, chain(account_id, row), "policy", POLICY_DEFAULTS)
    out: dict[str, Any] = {}
    for key in POLICY_DEFAULTS:
        value = doc.get(key) or {}
        item: dict[str, Any] = {"enable": bool(value.get("enable", False))}
        if value.get("locked_by") in LOCK_LEVELS:
            item["locked_by"] = LOCK_LEVELS[value["locked_by"]]
        out[key] = item
    return out


def plans_of(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Calling plans with the billing account's name and the subscription's name when known."""
    plans = cav.plans_of(conn, ids)
    subs: dict[str, str] = {}
    if ids:
        acct = conn.execute(select(EXT.c.account_id).where(EXT.c.id == ids[0])).scalar_one_or_none()
        for r in conn.execute(select(t.calling_plans.c.details).where(t.calling_plans.c.account_id == acct)):
            d = r.details or {}
            if d.get("billing_subscription_id") and d.get("billing_subscription_name"):
                subs[d["billing_subscription_id"]] = d["billing_subscription_name"]
    for ps in plans.values():
        for p in ps:
            if p.get("billing_subscription_id") in subs:
                p["billing_subscription_name"] = subs[p["billing_subscription_id"]]
    return plans


def list_items(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    ids = [r.id for r in rows]
    plans = plans_of(conn, ids)
    numbers = c.numbers_of(conn, ids)
    sites = c.site_refs(conn, [r.site_id for r in rows])
    out = []
    for r in rows:
        item: dict[str, Any] = {"id": r.id, "extension_id": r.id, "name": r.name, "calling_plans": plans[r.id],
                                "phone_numbers": numbers[r.id]}
        if r.extension_number is not None:
            item["extension_number"] = int(r.extension_number)
        if r.site_id in sites:
            item["site"] = sites[r.site_id]
        out.append(item)
    return out


def details(conn: Connection, account_id: str, row) -> dict[str, Any]:  # noqa: ANN001
    out = list_items(conn, [row])[0]
    out["policy"] = policy(conn, account_id, row)
    address = cav.emergency_address(conn, account_id, row)
    if address is not None:
        address.pop("status", None)
        out["emergency_address"] = address
    return out


def unassigned_item(row) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    item: dict[str, Any] = {"id": row.id, "display_name": d.get("display_name") or ""}
    for key in ("location_id", "location_info", "department", "cost_center"):
        if d.get(key):
            item[key] = str(d[key])
    return item
