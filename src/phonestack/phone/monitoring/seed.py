"""Demo data: monitoring groups and smartphones (shared line appearances come from the users
seed's delegation).

The master gets two monitoring groups on its main site: "Support Supervisors" (type 1: two
users monitor three users and a common area; listen, whisper, barge; prompt on) and "Queue
Monitoring" (type 2: one user monitors the call queues; listen). Four smartphones: three
activated and assigned to common areas, one registered in the main site without an assignee.
The sub account gets one monitoring group without members. Bulk inserts; deterministic from ``rng``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import iso, new_id, utcnow
from .. import common as c

EXT = t.extensions
GROUP, MEMBER, SMARTPHONE = "monitoring_group", "monitor_member", "smartphone"
DEVICES = [("EC50", "Zebra TechnologiesEC50S"), ("TC52", "Zebra TechnologiesTC52"),
           ("Galaxy XCover6 Pro", "SamsungSM-G736U"), ("Pixel 8", "GooglePixel 8")]


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    site = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                        .order_by(t.sites.c.main.desc(), t.sites.c.pk).limit(1)).first()
    if site is None:
        return
    now = utcnow()
    exts: dict[str, list[Any]] = {}
    for r in conn.execute(select(EXT.c.id, EXT.c.type, EXT.c.site_id, EXT.c.status)
                          .where(EXT.c.account_id == account_id).order_by(EXT.c.pk)):
        exts.setdefault(r.type, []).append(r)
    items: list[dict[str, Any]] = []

    def item(owner: str, kind: str, details: dict[str, Any]) -> str:
        iid = new_id()
        items.append({"id": iid, "account_id": account_id, "owner_id": owner, "kind": kind, "details": details,
                      "created_at": now, "updated_at": now})
        return iid

    if not master:
        item(account_id, GROUP, {"name": "Sub Supervisors", "type": 1, "prompt": False,
                                 "monitoring_privileges": ["listen"], "site_id": site.id})
        conn.execute(insert(t.phone_items), items)
        return
    users = [u for u in exts.get(c.USER, []) if u.site_id == site.id and u.status == "active"]
    support = item(account_id, GROUP, {"name": "Support Supervisors", "type": 1, "prompt": True,
                                       "monitoring_privileges": ["listen", "whisper", "barge"], "site_id": site.id})
    # monitors: the 4th and 5th users of the main site; monitored: the 6th to 8th and a common area
    for u in users[3:5]:
        item(support, MEMBER, {"extension_id": u.id, "member_type": "monitor"})
    for u in users[5:8]:
        item(support, MEMBER, {"extension_id": u.id, "member_type": "monitored"})
    for a in exts.get(c.COMMON_AREA, [])[:1]:
        item(support, MEMBER, {"extension_id": a.id, "member_type": "monitored"})
    queues = item(account_id, GROUP, {"name": "Queue Monitoring", "type": 2, "prompt": False,
                                      "monitoring_privileges": ["listen"], "site_id": site.id})
    for u in users[3:4]:
        item(queues, MEMBER, {"extension_id": u.id, "member_type": "monitor"})
    for q in exts.get(c.CALL_QUEUE, [])[:2]:
        item(queues, MEMBER, {"extension_id": q.id, "member_type": "monitored"})
    # smartphones
    areas = exts.get(c.COMMON_AREA, [])
    for i, (name, dtype) in enumerate(DEVICES):
        assignee = areas[i] if i < 3 and i < len(areas) else None
        details: dict[str, Any] = {
            "device_name": name, "device_type": dtype, "serial_number": f"2023{rng.randrange(10**10):010d}",
            "public_ip": f"203.0.113.{rng.randrange(1, 255)}", "site_id": site.id,
        }
        if assignee is not None:
            details.update(assignee_id=assignee.id, activation_status="Activated",
                           activation_time=iso(now - timedelta(days=rng.randrange(10, 400))))
        item(account_id, SMARTPHONE, details)
    conn.execute(insert(t.phone_items), items)
