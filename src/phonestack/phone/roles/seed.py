"""Demo data: phone roles (Zoom's defaults, members and targets) and Zoom user groups.

* Roles: Zoom's 8 default roles in each account. Master: the first user is the Phone Super
  Admin, two users are Site Admins (the second administers the main site), one is a Call Queue
  Admin of the first call queue, and the Recording Admin role manages the main site by default;
  sub: its first user is the Phone Super Admin.
* User groups (``phone_items`` kind ``user_group``): master "Sales team", "Support team" and
  "Engineering team" of the users whose department says so (at most 8 each); sub "All staff".
  No group policy is seeded: the users resolve their policies as before until a test or a
  client sets one.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from .provider import DEFAULT_ROLES, MEMBER, ROLE, TARGET, USER_GROUP

EXT = t.extensions

MASTER_GROUPS = [("Sales team", "Account executives and sales development", "Sales"),
                 ("Support team", "Customer support agents", "Customer Support"),
                 ("Engineering team", "Product engineering", "Engineering")]


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    now = stamps()
    users = conn.execute(select(EXT.c.id, EXT.c.details).where(EXT.c.account_id == account_id, EXT.c.type == "user")
                         .order_by(EXT.c.pk)).all()
    sites = list(conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account_id)
                              .order_by(t.sites.c.main.desc(), t.sites.c.pk)).scalars())
    queues = list(conn.execute(select(EXT.c.id).where(EXT.c.account_id == account_id, EXT.c.type == "callQueue")
                               .order_by(EXT.c.pk)).scalars())
    items: list[dict[str, Any]] = []

    def item(owner: str, kind: str, details: dict[str, Any]) -> str:
        iid = new_id()
        items.append({"id": iid, "account_id": account_id, "owner_id": owner, "kind": kind, "details": details,
                      **now})
        return iid

    roles = {rtype: item(account_id, ROLE, {"name": name, "description": desc, "is_default": True,
                                            "role_type": rtype, "privileges": privileges})
             for name, rtype, desc, privileges in DEFAULT_ROLES}
    uids = [u.id for u in users]
    if uids:
        item(roles["super_admin"], MEMBER, {"user_id": uids[0]})
    if master and len(uids) >= 4:
        item(roles["site_admin"], MEMBER, {"user_id": uids[1]})
        member = item(roles["site_admin"], MEMBER, {"user_id": uids[2]})
        if sites:
            item(member, TARGET, {"target_type": "site", "target_id": sites[0]})
        member = item(roles["callQueue_admin"], MEMBER, {"user_id": uids[3]})
        if queues:
            item(member, TARGET, {"target_type": "callQueue", "target_id": queues[0]})
    if master and sites:
        item(roles["recording_admin"], TARGET, {"target_type": "site", "target_id": sites[0]})

    if master:
        for name, desc, dept in MASTER_GROUPS:
            members = [u.id for u in users if (u.details or {}).get("department") == dept][:8]
            item(account_id, USER_GROUP, {"name": name, "description": desc, "user_ids": members})
    else:
        item(account_id, USER_GROUP, {"name": "All staff", "description": "Everyone", "user_ids": uids})
    conn.execute(insert(t.phone_items), items)
