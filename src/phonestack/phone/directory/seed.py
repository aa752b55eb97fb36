"""Demo data: External contacts, private directory and dial-by-name directory.

The master gets five external contacts (one routed through a SIP group) and a private
directory of eight members (users of each site, a common area, a call queue) with varied
searchability; the sub account one contact and two members. The sites seed fills the main
site's dial-by-name directory. Bulk inserts; deterministic from ``rng``.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow
from ..common import CALL_QUEUE, COMMON_AREA, USER

EXT = t.extensions
CONTACTS = [
    ("Acme Facilities", "facilities@acme.example.com", "Building maintenance hotline", ["+12025550143"], True),
    ("Legacy PBX Reception", "", "Reception on the old PBX", [], False),
    ("Northwind Legal", "legal@northwind.example.com", "Outside counsel", ["+442079460321", "+442079460322"],
     False),
    ("Contoso IT Helpdesk", "helpdesk@contoso.example.com", "Managed IT provider", ["+15125550187"], True),
    ("Fabrikam Warehouse", "", "Shipping and receiving", ["+13125550110"], False),
]
SEARCHABLE = ("everybody", "admins_only", "nobody")


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    now = utcnow()
    exts = conn.execute(select(EXT.c.id, EXT.c.type, EXT.c.site_id, EXT.c.extension_number).where(
        EXT.c.account_id == account_id).order_by(EXT.c.pk)).all()
    used = {e.extension_number for e in exts}
    group = conn.execute(select(t.sip_groups.c.display_name).where(t.sip_groups.c.account_id == account_id)
                         .order_by(t.sip_groups.c.pk).limit(1)).scalar_one_or_none()
    rows: list[dict[str, Any]] = []

    def item(kind: str, details: dict[str, Any]) -> None:
        rows.append({"id": new_id(), "account_id": account_id, "owner_id": account_id, "kind": kind,
                     "details": details, "created_at": now, "updated_at": now})

    ext_no = 880100
    for i, (name, email, desc, numbers, recorded) in enumerate(CONTACTS if master else CONTACTS[:1]):
        while ext_no in used:
            ext_no += 1
        used.add(ext_no)
        d: dict[str, Any] = {"id": f"ext_contact_{i + 1:02d}", "name": name, "email": email, "description": desc,
                             "extension_number": str(ext_no), "phone_numbers": numbers,
                             "auto_call_recorded": recorded, "enable_internal_extension": i == 1}
        if i == 1 and group:
            d["routing_path"] = group
        item("external_contact", d)
        ext_no += rng.randint(1, 9)

    users = [e for e in exts if e.type == USER]
    members = users[:6] if master else users[:2]
    members += [e for e in exts if e.type == COMMON_AREA][:1 if master else 0]
    members += [e for e in exts if e.type == CALL_QUEUE][:1 if master else 0]
    if master:  # users of the other sites too
        sites = {e.site_id for e in members}
        members += [e for e in users if e.site_id not in sites][:2]
    for e in members:
        item("private_directory_member", {"extension_id": e.id, "searchable_on_web_portal": rng.choice(SEARCHABLE)})
    if rows:
        conn.execute(insert(t.phone_items), rows)
