"""Demo data: Shared line groups: details, members, phone numbers, policies.

The master gets "Front Office" (three users of the main site) and "Executive Assistants"
(the next two), each with a new Zoom number of the main site as its primary number; the sub
account a "Reception" group with one user. Members are users of the main site that are in no
other shared line group (the users seed runs before this one; with only the Number Management
fallback users there are fewer members).
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow

EXT = t.extensions
# name, description, extension number wanted, members, with a number
MASTER_GROUPS = [
    ("Front Office", "Reception desk line shared by the front office team", 5101, 3, True),
    ("Executive Assistants", "Shared line of the executive assistants", 5102, 2, True),
]
SUB_GROUPS = [("Reception", "Reception line", 5101, 1, False)]


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    now = utcnow()
    site = conn.execute(
        select(t.sites).where(t.sites.c.account_id == account_id).order_by(t.sites.c.main.desc(), t.sites.c.pk)
        .limit(1)
    ).first()
    if site is None:
        return
    used_ext = set(conn.execute(select(EXT.c.extension_number).where(EXT.c.account_id == account_id)).scalars())
    in_groups = set(conn.execute(
        select(t.phone_members.c.member_id).join(EXT, EXT.c.id == t.phone_members.c.container_id)
        .where(t.phone_members.c.account_id == account_id, EXT.c.type == "sharedLineGroup")
    ).scalars())
    users = [u for u in conn.execute(
        select(EXT.c.id).where(EXT.c.account_id == account_id, EXT.c.type == "user", EXT.c.site_id == site.id)
        .order_by(EXT.c.pk)
    ).scalars() if u not in in_groups]
    taken_numbers = set(conn.execute(
        select(t.phone_numbers.c.number).where(t.phone_numbers.c.account_id == account_id)).scalars())
    prefix = str((site.details or {}).get("prefix") or "+1408")
    address = dict((site.details or {}).get("address") or {}) or None

    groups, members, numbers, items = [], [], [], []
    for name, description, ext, n_members, with_number in (MASTER_GROUPS if master else SUB_GROUPS):
        while ext in used_ext:
            ext += 10
        used_ext.add(ext)
        gid = new_id()
        groups.append({"id": gid, "account_id": account_id, "site_id": site.id, "type": "sharedLineGroup",
                       "extension_number": ext, "name": name, "email": None, "status": "active",
                       "details": {"description": description, "timezone": "America/Los_Angeles",
                                   "department": "Operations" if master else "", "allow_privacy": True},
                       "created_at": now, "updated_at": now})
        chosen, users = users[:n_members], users[n_members:]
        members += [{"account_id": account_id, "container_id": gid, "member_id": u, "role": "member",
                     "details": {}, "created_at": now, "updated_at": now} for u in chosen]
        if chosen and master:
            items.append({"id": new_id(), "account_id": account_id, "owner_id": gid, "kind": "slg_voicemail_access",
                          "details": {"access_user_id": chosen[0], "access_user_type": "user",
                                      "allow_download": True, "allow_delete": False, "allow_sharing": False},
                          "created_at": now, "updated_at": now})
        if with_number:
            numbers.append(_number(rng, account_id, gid, site, prefix, address, taken_numbers, now))
    conn.execute(insert(EXT), groups)
    if members:
        conn.execute(insert(t.phone_members), members)
    if numbers:
        conn.execute(insert(t.phone_numbers), numbers)
    if items:
        conn.execute(insert(t.phone_items), items)


def _number(rng: random.Random, account_id: str, gid: str, site, prefix: str,  # noqa: ANN001
            address: dict[str, Any] | None, taken: set[str], now) -> dict[str, Any]:  # noqa: ANN001
    while True:
        digits = 11 if prefix.startswith("+1") else 12
        number = prefix + "".join(str(rng.randint(2 if i == 0 else 0, 9)) for i in range(digits - len(prefix) + 1))
        if number not in taken:
            taken.add(number)
            break
    caps = ["Incoming", "Outgoing"] + (["EmergencyCalls"] if address else [])
    city = (address or {}).get("city")
    location = {"country": "United States" if site.country == "US" else site.country}
    if city:
        location["city"] = city
    return {"id": new_id(), "account_id": account_id, "number": number, "display_name": None,
            "caller_id_name": None, "number_type": "Toll", "source": "Zoom", "status": "Normal",
            "allocated_product": "ZOOM_PHONE", "capability": caps, "country_iso": site.country,
            "location": location, "site_id": site.id, "sip_group_id": None, "emergency_address": address,
            "emergency_address_update_time": None, "address_update_required": False, "pci_pal": False,
            "assignee_id": gid, "plan_name": "US/CA Included Phone Numbers" if site.country in ("US", "CA") else None,
            "carrier_code": None, "carrier_name": None, "peering": None, "created_at": now, "updated_at": now}
