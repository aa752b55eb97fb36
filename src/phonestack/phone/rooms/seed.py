"""Demo data: Zoom Rooms of the account, two of them under a Zoom Phone license.

The master gets six Zoom Rooms (``phone_items`` kind ``zoom_room``); the Boardroom and the
Huddle Room join Zoom Phone (``extensions`` rows of type zoomRoom, extensions 7001/7002 or the
next free ones, a US/CA Unlimited plan each when one is free); the Boardroom gets a direct number
added to the inventory (``+1 415 555 0871``, a range reserved for fiction). The sub account gets
two Zoom Rooms, none licensed. Bulk inserts; deterministic from ``rng``.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps, utcnow
from .views import ROOM_ITEM, ZOOM_ROOM

EXT = t.extensions
PN = t.phone_numbers

# display name, location info, department, cost center, licensed (site index, extension)
MASTER_ROOMS: list[tuple[str, str, str, str, tuple[int, int] | None]] = [
    ("Boardroom", "San Francisco,California,United States", "Executive", "CC-100 Executive", (0, 7001)),
    ("Huddle Room 1", "San Francisco,California,United States", "Engineering", "CC-200 Engineering", (0, 7002)),
    ("Huddle Room 2", "San Francisco,California,United States", "Engineering", "CC-200 Engineering", None),
    ("Training Room", "Chicago,Illinois,United States", "People", "CC-310 People", None),
    ("London Meeting Room", "London,England,United Kingdom", "Sales", "CC-410 Sales", None),
    ("Town Hall", "San Francisco,California,United States", "Operations", "CC-320 Operations", None),
]
SUB_ROOMS: list[tuple[str, str, str, str, tuple[int, int] | None]] = [
    ("Sub Conference Room", "New York,New York,United States", "Operations", "CC-320 Operations", None),
    ("Sub Huddle Room", "New York,New York,United States", "Sales", "CC-410 Sales", None),
]
ROOM_NUMBER = "+14155550871"
ROOM_PLAN = 200


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    spec = MASTER_ROOMS if master else SUB_ROOMS
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    now = utcnow()
    items, rooms = [], []
    used = set(conn.execute(select(EXT.c.extension_number).where(EXT.c.account_id == account_id)).scalars())
    for name, location, department, cost_center, licensed in spec:
        rid = new_id()
        details = {"display_name": name, "location_id": f"loc-{rng.randrange(16**8):08x}",
                   "location_info": location, "department": department, "cost_center": cost_center}
        items.append({"id": rid, "account_id": account_id, "owner_id": account_id, "kind": ROOM_ITEM,
                      "details": details, "created_at": now, "updated_at": now})
        if licensed is not None and sites:
            site_idx, ext = licensed
            while ext in used:
                ext += 100
            used.add(ext)
            rooms.append({"id": rid, "account_id": account_id, "site_id": sites[min(site_idx, len(sites) - 1)].id,
                          "type": ZOOM_ROOM, "extension_number": ext, "name": name, "email": None,
                          "status": "active", "details": {k: v for k, v in details.items() if k != "display_name"},
                          "created_at": now, "updated_at": now})
    conn.execute(insert(t.phone_items), items)
    if not rooms:
        return
    conn.execute(insert(EXT), rooms)
    _seed_plans(conn, account_id, rooms)
    _seed_number(conn, account_id, rooms[0], sites)


def _seed_plans(conn: Connection, account_id: str, rooms: list[dict[str, Any]]) -> None:
    cp, ecp = t.calling_plans, t.extension_calling_plans
    sub = conn.execute(select(cp.c.subscribed).where(cp.c.account_id == account_id, cp.c.type == ROOM_PLAN)
                       ).scalar_one_or_none() or 0
    used = conn.execute(select(func.count()).select_from(ecp).where(ecp.c.account_id == account_id,
                                                                    ecp.c.type == ROOM_PLAN)).scalar_one()
    free = max(sub - used, 0)
    rows = [{"account_id": account_id, "extension_id": r["id"], "type": ROOM_PLAN, "billing_account_id": None,
             "billing_subscription_id": None, **stamps()} for r in rooms[:free]]
    if rows:
        conn.execute(insert(ecp), rows)


def _seed_number(conn: Connection, account_id: str, room: dict[str, Any], sites: list[Any]) -> None:
    if conn.execute(select(PN.c.id).where(PN.c.account_id == account_id, PN.c.number == ROOM_NUMBER)).first():
        return
    site = next((s for s in sites if s.id == room["site_id"]), None)
    now = utcnow()
    conn.execute(insert(PN).values(
        id=new_id(), account_id=account_id, number=ROOM_NUMBER, display_name=None, caller_id_name=None,
        number_type="Toll", source="Zoom", status="Normal", allocated_product="ZOOM_PHONE",
        capability=["Incoming", "Outgoing"], country_iso="US",
        location={"country": "United States", "city": "San Francisco", "state_code": "CA"},
        site_id=room["site_id"], sip_group_id=None,
        emergency_address=dict((site.details or {}).get("address") or {}) or None if site is not None else None,
        emergency_address_update_time=None, address_update_required=False, pci_pal=False,
        assignee_id=room["id"], plan_name="US/CA Included Phone Numbers", carrier_code=None, carrier_name=None,
        peering=None, created_at=now, updated_at=now,
    ))
