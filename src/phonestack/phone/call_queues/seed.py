"""Demo data: Call queues: details, members and managers, phone numbers, policies.

The master gets four queues over its sites: the Number Management seed's "Sales Queue" and
"Support Queue" (which already hold a number) and a new "Billing Queue" and "Reception Queue"
with a new number each (+1 415 555 02xx); each has 3-8 user members (drawn from the users seeded
before, fewer if there are fewer) of which the first is also its manager, and one shared
voicemail access member. The sub account's "Sub Help Desk" gets its users as members.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow

EXT = t.extensions
PN = t.phone_numbers

# name, site index, extension number wanted, details
MASTER_QUEUES: list[tuple[str, int, int, dict[str, Any]]] = [
    ("Sales Queue", 0, 2001, {"description": "Inbound sales calls", "department": "Sales", "cost_center": "CC-100"}),
    ("Support Queue", 2, 2002, {"description": "Customer support line", "department": "Support",
                                "cost_center": "CC-200"}),
    ("Billing Queue", 0, 2003, {"description": "Invoices and payments", "department": "Finance",
                                "cost_center": "CC-300"}),
    ("Reception Queue", 1, 2004, {"description": "Front desk of the London office", "department": "Operations",
                                  "cost_center": "CC-400", "timezone": "Europe/London", "audio_prompt_language":
                                  "en-GB", "default_transcription_language": "en-GB"}),
]
SUB_QUEUES: list[tuple[str, int, int, dict[str, Any]]] = [
    ("Sub Help Desk", 0, 2001, {"description": "Help desk", "department": "IT"}),
]


def new_number(rng: random.Random, account_id: str, assignee_id: str, site, taken: set[str], now,  # noqa: ANN001
               base: int = 200) -> dict[str, Any]:
    """A Zoom number of ``site`` (+1 415 555 0xxx) assigned to ``assignee_id``."""
    n = base + rng.randint(0, 99)
    while f"+1415555{n:04d}" in taken:
        n += 1
    number = f"+1415555{n:04d}"
    taken.add(number)
    address = dict((site.details or {}).get("address") or {}) or None
    location: dict[str, Any] = {"country": "United States", "city": "San Francisco", "state_code": "CA"}
    return {"id": new_id(), "account_id": account_id, "number": number, "display_name": None,
            "caller_id_name": None, "number_type": "Toll", "source": "Zoom", "status": "Normal",
            "allocated_product": "ZOOM_PHONE", "capability": ["Incoming", "Outgoing"], "country_iso": "US",
            "location": location, "site_id": site.id, "sip_group_id": None, "emergency_address": address,
            "emergency_address_update_time": None, "address_update_required": False, "pci_pal": False,
            "assignee_id": assignee_id, "plan_name": "US/CA Included Phone Numbers", "carrier_code": None,
            "carrier_name": None, "peering": None, "created_at": now, "updated_at": now}


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    now = utcnow()
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    if not sites:
        return
    existing = {r.name: r for r in conn.execute(
        select(EXT).where(EXT.c.account_id == account_id, EXT.c.type == "callQueue")).all()}
    used_ext = set(conn.execute(select(EXT.c.extension_number).where(EXT.c.account_id == account_id)).scalars())
    users = list(conn.execute(select(EXT.c.id).where(EXT.c.account_id == account_id, EXT.c.type == "user")
                              .order_by(EXT.c.pk)).scalars())
    held = set(conn.execute(select(PN.c.assignee_id).where(PN.c.account_id == account_id,
                                                            PN.c.assignee_id.is_not(None))).scalars())
    taken = set(conn.execute(select(PN.c.number).where(PN.c.account_id == account_id)).scalars())

    new_queues, members, numbers, items = [], [], [], []
    for name, site_idx, ext, details in (MASTER_QUEUES if master else SUB_QUEUES):
        site = sites[min(site_idx, len(sites) - 1)]
        row = existing.get(name)
        if row is None:
            while ext in used_ext:
                ext += 10
            used_ext.add(ext)
            qid = new_id()
            new_queues.append({"id": qid, "account_id": account_id, "site_id": site.id, "type": "callQueue",
                               "extension_number": ext, "name": name, "email": None, "status": "active",
                               "details": details, "created_at": now, "updated_at": now})
        else:
            qid = row.id
            conn.execute(update(EXT).where(EXT.c.id == qid).values(details={**(row.details or {}), **details}))
        if qid not in held:
            numbers.append(new_number(rng, account_id, qid, site, taken, now, 200 if master else 300))
        if users:
            k = min(len(users), rng.randint(3, 8) if master else len(users))
            chosen = rng.sample(users, k)
            members += [{"account_id": account_id, "container_id": qid, "member_id": u, "role": "member",
                         "details": {"receive_call": i != 2}, "created_at": now, "updated_at": now}
                        for i, u in enumerate(chosen)]
            if master:
                members.append({"account_id": account_id, "container_id": qid, "member_id": chosen[0],
                                "role": "manager", "details": {}, "created_at": now, "updated_at": now})
                items.append({"id": new_id(), "account_id": account_id, "owner_id": qid,
                              "kind": "cq_voicemail_access", "created_at": now, "updated_at": now,
                              "details": {"access_user_id": chosen[-1], "access_user_type": "user",
                                          "allow_download": True, "allow_delete": False, "allow_sharing": False}})
    if new_queues:
        conn.execute(insert(EXT), new_queues)
    if numbers:
        conn.execute(insert(PN), numbers)
    if members:
        conn.execute(insert(t.phone_members), members)
    if items:
        conn.execute(insert(t.phone_items), items)
