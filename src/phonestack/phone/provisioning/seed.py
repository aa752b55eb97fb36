"""Demo data: Provision templates, firmware update rules and firmwares.

The devices seed already made two provision templates (used by the Yealink phones); the master
gets two more, with content (Poly and Cisco), and three firmware update rules, one per site;
the sub account one rule. Firmwares are a constant catalog (firmwares.py). Bulk inserts.
"""

from __future__ import annotations

import random

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow

TEMPLATES = [
    ("Poly VVX defaults", "Poly VVX: time zone, NTP, backlight",
     "tcpIpApp.sntp.address = pool.ntp.org\ntcpIpApp.sntp.gmtOffset = -18000\nup.backlight.idleIntensity = 1"),
    ("Cisco MPP defaults", "Cisco 8800/6800 multiplatform phones",
     "Time_Zone = GMT-05:00\nPrimary_NTP_Server = pool.ntp.org\nScreen_Saver_Enable = Yes"),
]
# site index, device type, model, version, restart type
RULES = [(0, "Yealink", "T54W", "96.86.0.100", 2), (1, "Poly", "VVX 450", "6.4.5.0790", 1),
         (2, "Cisco", "8851", "sip88xx.14-2-1MPP", 2)]


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    sites = conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).scalars().all()
    now = utcnow()
    rows = []
    if master:
        rows += [{"id": new_id(), "account_id": account_id, "owner_id": account_id, "kind": "provision_template",
                  "details": {"name": name, "description": desc, "content": content},
                  "created_at": now, "updated_at": now} for name, desc, content in TEMPLATES]
    rules = RULES if master else RULES[:1]
    rows += [{"id": new_id(), "account_id": account_id, "owner_id": account_id, "kind": "firmware_update_rule",
              "details": {"site_id": sites[i], "device_type": dt, "device_model": dm, "version": v,
                          "restart_type": rt}, "created_at": now, "updated_at": now}
             for i, dt, dm, v, rt in rules if i < len(sites)]
    if rows:
        conn.execute(insert(t.phone_items), rows)
