"""Demo data: Desk phones: devices, assignment to users and common areas, line keys, provisioning.

The master gets 20 desk phones (Yealink, Poly, Cisco): one per common area (the Front Desk
phone also serves a user of its site), 12 for users (one shared by two users of a site, with
its line keys ordered), two unassigned in stock; about half are online. Two provision
templates (``phone_items`` kind ``provision_template``, owner = the account) are used by the
Yealink phones. The sub account gets two phones. Bulk inserts; deterministic from ``rng``.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow
from ..common import COMMON_AREA, USER

EXT = t.extensions
# brand, model, MAC prefix (the vendor's OUI), firmware
MODELS = [
    ("Yealink", "T54W", "805ec0", "96.86.0.70"), ("Yealink", "T57W", "805ec0", "96.86.0.70"),
    ("Yealink", "T46U", "249ad8", "108.86.0.45"), ("Yealink", "T33G", "249ad8", "124.86.0.40"),
    ("Poly", "VVX 450", "64167f", "6.4.3.5156"), ("Poly", "VVX 250", "64167f", "6.4.3.5156"),
    ("Poly", "Edge E220", "0004f2", "8.1.2.1011"), ("Poly", "CCX 400", "0004f2", "8.1.2.1011"),
    ("Cisco", "8851", "0c1167", "sip88xx.14-1-1MPP"), ("Cisco", "6841", "0c1167", "sip68xx.12-0-1MPP"),
]
TEMPLATES = [("Yealink default", "Yealink T5x/T4x defaults: NTP, time zone, backlight"),
             ("Lobby phones", "Locked-down keys for common area phones")]


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    sites = conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).scalars().all()
    if not sites:
        return
    now = utcnow()
    exts = conn.execute(select(EXT.c.id, EXT.c.type, EXT.c.name, EXT.c.site_id).where(
        EXT.c.account_id == account_id, EXT.c.type.in_((USER, COMMON_AREA))).order_by(EXT.c.pk)).all()
    areas = [e for e in exts if e.type == COMMON_AREA]
    users = [e for e in exts if e.type == USER]
    macs = set(conn.execute(select(t.devices.c.mac_address).where(t.devices.c.account_id == account_id)).scalars())

    templates = [new_id() for _ in TEMPLATES]
    conn.execute(insert(t.phone_items), [
        {"id": templates[i], "account_id": account_id, "owner_id": account_id, "kind": "provision_template",
         "details": {"name": name, "description": desc}, "created_at": now, "updated_at": now}
        for i, (name, desc) in enumerate(TEMPLATES)
    ])

    devices: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []

    def device(name: str, assignees: list[Any], site_id: str, online: bool) -> str:
        brand, model, oui, firmware = rng.choice(MODELS)
        while True:
            mac = oui + "".join(rng.choice("0123456789abcdef") for _ in range(6))
            if mac not in macs:
                macs.add(mac)
                break
        details: dict[str, Any] = {"brand": brand, "model": model, "firmware_version": firmware}
        if brand == "Yealink":
            details["provision_template_id"] = templates[0] if not any(a.type == COMMON_AREA for a in assignees) \
                else templates[1]
        if online:
            details["private_ip"] = f"192.168.{rng.randint(10, 30)}.{rng.randint(2, 250)}"
            details["public_ip"] = f"203.0.113.{rng.randint(2, 250)}"
        did = new_id()
        devices.append({"id": did, "account_id": account_id, "site_id": site_id, "display_name": name,
                        "mac_address": mac, "device_type": f"{brand} {model}", "status": "online" if online else
                        "offline", "details": details, "created_at": now, "updated_at": now})
        for a in assignees:
            links.append({"account_id": account_id, "device_id": did, "extension_id": a.id, "details": {},
                          "created_at": now, "updated_at": now})
        return did

    n_users = 12 if master else 1
    for i, a in enumerate(areas):
        extra = []
        if a.name == "Front Desk":
            extra = [u for u in users if u.site_id == a.site_id][:1]
        device(f"{a.name} Phone", [a, *extra], a.site_id or sites[0], online=i % 3 != 2)
    picked = users[:n_users]
    shared_done = False
    line_keys: list[dict[str, Any]] = []
    for u in picked:
        partner = None
        if not shared_done and master:
            partner = next((p for p in users[n_users:] if p.site_id == u.site_id), None)
        assignees = [u] if partner is None else [u, partner]
        did = device(f"{u.name}'s Phone", assignees, u.site_id or sites[0], online=rng.random() < 0.5)
        if partner is not None:
            shared_done = True
            line_keys = [
                {"id": new_id(), "account_id": account_id, "owner_id": did, "kind": "device_line_key",
                 "details": {"extension_id": partner.id, "index": 1}, "created_at": now, "updated_at": now},
                {"id": new_id(), "account_id": account_id, "owner_id": did, "kind": "device_line_key",
                 "details": {"extension_id": u.id, "index": 2}, "created_at": now, "updated_at": now},
            ]
    for k in range(2 if master else 1):
        device(f"Spare Phone {k + 1}", [], sites[min(k, len(sites) - 1)], online=False)
    conn.execute(insert(t.devices), devices)
    if links:
        conn.execute(insert(t.device_assignments), links)
    if line_keys:
        conn.execute(insert(t.phone_items), line_keys)
