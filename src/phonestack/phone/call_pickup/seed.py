"""Demo data: Group call pickup.

Master: "Front Desk Pickup" in the main site (three of its users and a common area, 5 s
delay, incoming-call sound on) and "Support Pickup" in the second site (two of its users,
directed call pickup). Sub: one group with one user. Extension numbers from 8001 on, skipping
used ones. The shared rng is not used.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow

EXT = t.extensions


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    sites = conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).scalars().all()
    exts = conn.execute(select(EXT.c.id, EXT.c.type, EXT.c.site_id, EXT.c.extension_number).where(
        EXT.c.account_id == account_id, EXT.c.type.in_(("user", "commonArea"))).order_by(EXT.c.pk)).all()
    if not sites or not exts:
        return
    used = set(conn.execute(select(EXT.c.extension_number).where(EXT.c.account_id == account_id)).scalars())
    numbers = (n for n in range(8001, 9000) if n not in used)
    now = utcnow()
    items: list[dict[str, Any]] = []

    def of_site(site_id: str, kind: str) -> list[Any]:
        return [e for e in exts if e.site_id == site_id and e.type == kind]

    def group(name: str, site_id: str, members: list[Any], **details: Any) -> None:
        gid = new_id()
        items.append({"id": gid, "account_id": account_id, "owner_id": account_id, "kind": "call_pickup_group",
                      "details": {"display_name": name, "site_id": site_id, "extension_number": next(numbers),
                                  "delay": 0, "directed_call_pickup": False,
                                  "play_incoming_calls_sound": {"enable": False, "ring_tone": "ringtone_1",
                                                                "duration": 0}, **details},
                      "created_at": now, "updated_at": now})
        items.extend({"id": new_id(), "account_id": account_id, "owner_id": gid, "kind": "call_pickup_member",
                      "details": {"extension_id": m.id}, "created_at": now, "updated_at": now} for m in members)

    if master:
        main_users = of_site(sites[0], "user")
        group("Front Desk Pickup", sites[0], main_users[3:6] + of_site(sites[0], "commonArea")[:1],
              description="Reception desks pick up each other's calls", delay=5, cost_center="Facilities",
              department="Reception", play_incoming_calls_sound={"enable": True, "ring_tone": "ringtone_2",
                                                                 "duration": 1})
        if len(sites) > 1:
            group("Support Pickup", sites[1], of_site(sites[1], "user")[:2], description="Support floor",
                  directed_call_pickup=True, department="Support")
    else:
        group("Office Pickup", sites[0], [e for e in exts if e.type == "user"][:1])
    conn.execute(insert(t.phone_items), items)
