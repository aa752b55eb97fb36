"""Demo data: Common areas: details, calling plans, phone numbers, settings, PIN, activation codes, templates.

The master gets six common areas over its sites (the Lobby the numbers seed made is kept and
completed): a calling plan each, a direct number for four of them (the Lobby's from the numbers
seed, three new inventory rows ``+1 415 555 03xx``, a range reserved for fiction), a PIN, an
activation code for two, and holiday overrides on the Front Desk. The sub account gets one.
Their desk phones come from the devices seed. Bulk inserts; deterministic from ``rng``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import iso, new_id, utcnow
from ..common import COMMON_AREA

EXT = t.extensions
PN = t.phone_numbers

# name, site index, extension number, calling plan type (GB sites get Global Select), details, numbered
MASTER_AREAS: list[tuple[str, int, int, dict[str, Any], bool]] = [
    ("Lobby", 0, 4001, {"department": "Operations", "cost_center": "CC-320 Operations",
                        "timezone": "America/Los_Angeles"}, True),
    ("Break Room", 0, 4002, {"department": "People", "cost_center": "CC-310 People",
                             "timezone": "America/Los_Angeles"}, False),
    ("Conference Room A", 0, 4003, {"department": "Operations", "cost_center": "CC-320 Operations",
                                    "timezone": "America/Los_Angeles"}, True),
    ("Conference Room B", 1, 4004, {"department": "Operations", "cost_center": "CC-320 Operations",
                                    "timezone": "Europe/London", "default_transcription_language": "en-GB"}, False),
    ("Warehouse", 2, 4005, {"department": "Operations", "cost_center": "CC-320 Operations",
                            "timezone": "America/Chicago"}, True),
    ("Front Desk", 0, 4006, {"department": "Customer Support", "cost_center": "CC-120 Support",
                             "timezone": "America/Los_Angeles"}, True),
]
SUB_AREAS: list[tuple[str, int, int, dict[str, Any], bool]] = [
    ("Sub Lobby", 0, 4001, {"department": "Operations", "timezone": "America/New_York"}, False),
]


def _number_row(account_id: str, number: str, assignee_id: str, site, now) -> dict[str, Any]:  # noqa: ANN001
    address = dict((site.details or {}).get("address") or {}) or None
    return {"id": new_id(), "account_id": account_id, "number": number, "display_name": None,
            "caller_id_name": None, "number_type": "Toll", "source": "Zoom", "status": "Normal",
            "allocated_product": "ZOOM_PHONE", "capability": ["Incoming", "Outgoing"], "country_iso": "US",
            "location": {"country": "United States", "city": "San Francisco", "state_code": "CA"},
            "site_id": site.id, "sip_group_id": None, "emergency_address": address,
            "emergency_address_update_time": None, "address_update_required": False, "pci_pal": False,
            "assignee_id": assignee_id, "plan_name": "US/CA Included Phone Numbers", "carrier_code": None,
            "carrier_name": None, "peering": None, "created_at": now, "updated_at": now}


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    if not sites:
        return
    now = utcnow()
    spec = MASTER_AREAS if master else SUB_AREAS
    existing = conn.execute(select(EXT).where(EXT.c.account_id == account_id, EXT.c.type == COMMON_AREA)
                            .order_by(EXT.c.pk)).all()
    used = set(conn.execute(select(EXT.c.extension_number).where(EXT.c.account_id == account_id)).scalars())
    areas: list[tuple[str, Any, dict[str, Any], bool]] = []  # (id, site, details, numbered)
    new_rows = []
    for i, (name, site_idx, ext, details, numbered) in enumerate(spec):
        site = sites[min(site_idx, len(sites) - 1)]
        pin = f"{rng.randint(0, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}7"
        full = {**details, "pin_code": pin}
        if i < len(existing):  # the numbers seed's common area: completed, not duplicated
            row = existing[i]
            conn.execute(update(EXT).where(EXT.c.id == row.id).values(
                name=name, site_id=site.id, details={**(row.details or {}), **full}, updated_at=now))
            areas.append((row.id, site, full, numbered))
            continue
        while ext in used:
            ext += 100
        used.add(ext)
        aid = new_id()
        new_rows.append({"id": aid, "account_id": account_id, "site_id": site.id, "type": COMMON_AREA,
                         "extension_number": ext, "name": name, "email": None, "status": "active",
                         "details": full, "created_at": now, "updated_at": now})
        areas.append((aid, site, full, numbered))
    if new_rows:
        conn.execute(insert(EXT), new_rows)
    _plans(conn, account_id, areas, now)
    _numbers(conn, account_id, areas, now)
    _codes_and_settings(conn, account_id, areas, rng, now, master)


def _plans(conn: Connection, account_id: str, areas: list[tuple[str, Any, dict[str, Any], bool]], now) -> None:  # noqa: ANN001
    cp, ecp = t.calling_plans, t.extension_calling_plans
    subscribed = dict(conn.execute(select(cp.c.type, cp.c.subscribed).where(cp.c.account_id == account_id)).all())
    used = dict(conn.execute(select(ecp.c.type, func.count()).where(ecp.c.account_id == account_id)
                             .group_by(ecp.c.type)).all())
    held = set(conn.execute(select(ecp.c.extension_id).where(ecp.c.extension_id.in_([a[0] for a in areas])))
               .scalars())
    rows = []
    for aid, site, _details, _numbered in areas:
        if aid in held:
            continue
        for ptype in ((300, 200) if site.country not in ("US", "CA") else (200, 100, 3000)):
            if used.get(ptype, 0) < subscribed.get(ptype, 0):
                used[ptype] = used.get(ptype, 0) + 1
                rows.append({"account_id": account_id, "extension_id": aid, "type": ptype, "billing_account_id": None,
                             "billing_subscription_id": None, "created_at": now, "updated_at": now})
                break
    if rows:
        conn.execute(insert(ecp), rows)


def _numbers(conn: Connection, account_id: str, areas: list[tuple[str, Any, dict[str, Any], bool]], now) -> None:  # noqa: ANN001
    have = set(conn.execute(select(PN.c.assignee_id).where(PN.c.assignee_id.in_([a[0] for a in areas]))).scalars())
    taken = set(conn.execute(select(PN.c.number).where(PN.c.account_id == account_id,
                                                       PN.c.number.like("+1415555%"))).scalars())
    rows, n = [], 300
    for aid, site, _details, numbered in areas:
        if not numbered or aid in have:
            continue
        while f"+1415555{n:04d}" in taken:
            n += 1
        number = f"+1415555{n:04d}"
        taken.add(number)
        rows.append(_number_row(account_id, number, aid, site, now))
    if rows:
        conn.execute(insert(PN), rows)


def _codes_and_settings(conn: Connection, account_id: str, areas, rng: random.Random, now,  # noqa: ANN001
                        master: bool) -> None:
    items = []
    for aid, *_rest in areas[:2]:
        code = "-".join(f"{rng.randint(0, 9999):04d}" for _ in range(4))
        items.append({"id": new_id(), "account_id": account_id, "owner_id": aid, "kind": "activation_code",
                      "details": {"activation_code": code, "expires_at": iso(now + timedelta(days=7)),
                                  "status": "used" if not items else "not_used"},
                      "created_at": now, "updated_at": now})
    if items:
        conn.execute(insert(t.phone_items), items)
    if master and len(areas) >= 6:
        front_desk = areas[5][0]
        year = now.year + 1
        conn.execute(insert(t.phone_documents), [{
            "account_id": account_id, "owner_id": front_desk, "section": "setting:holiday_hours",
            "data": {"holidays": [
                {"holiday_id": new_id(), "name": "Office closed: inventory", "from": f"{year}-01-02T00:00:00Z",
                 "to": f"{year}-01-02T23:59:00Z"},
                {"holiday_id": new_id(), "name": "Company offsite", "from": f"{year}-06-12T08:00:00Z",
                 "to": f"{year}-06-12T18:00:00Z"}]},
            "created_at": now, "updated_at": now,
        }, {
            "account_id": account_id, "owner_id": front_desk, "section": "setting:business_hours",
            "data": {"custom_hour_type": 2, "custom_hours": [
                {"weekday": d, "type": 2 if 2 <= d <= 6 else 0, "from": "07:30" if 2 <= d <= 6 else "00:00",
                 "to": "19:00" if 2 <= d <= 6 else "00:00"} for d in range(1, 8)]},
            "created_at": now, "updated_at": now,
        }])
